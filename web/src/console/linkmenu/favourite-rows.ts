// The editable list of favourites shared by the Link Menu (the agent's own) and the admin view
// (the company's): one row per favourite with its Name and URL in place, a new row for "New
// Favourite", and a Delete that asks first. Nothing typed is dropped: `collect()` returns every
// row that has anything in it, or names the first half-filled row (and focuses it) so the caller
// keeps editing; a refusal from the server is shown on the row it names. Rows write into the
// model as the agent types, so a re-render never loses a keystroke.
import type { Favourite } from '../api';
import { el } from '../dom';
import { t } from '../texts';

export interface FavouriteRows {
  /** The `<ul>` of rows. */
  element: HTMLElement;
  /** Focuses an empty new row, adding one when there is none. */
  addNew(): void;
  /** The favourites to save, in order; an untouched new row is left out. */
  collect(): { favourites: Favourite[] } | { error: string };
  /** The server refused the save with `message` ("favourite N …"): show it on that row. */
  refused(message: string): void;
  /** Focuses the first field (entering editing mode). */
  focusFirst(): void;
}

export interface RowWords {
  /** The list's accessible name, e.g. "My favourites". */
  list: string;
  /** What one entry is called in labels, e.g. "favourite" → "Name of favourite 2". */
  item: string;
}

interface Row extends Favourite {
  /** Added in this editing round and not yet given a number in the labels. */
  fresh: boolean;
}

interface RowFields {
  name: HTMLInputElement;
  url: HTMLInputElement;
}

const MAX_NAME = 100;
const MAX_URL = 2048;

export function createFavouriteRows(initial: Favourite[], words: RowWords, error: HTMLElement): FavouriteRows {
  const rows: Row[] = initial.map((f) => ({ ...f, fresh: false }));
  const element = el('ul', { class: 'fav-rows', 'aria-label': words.list });
  let fields = new Map<Row, RowFields>();
  /** The rows sent in the last save, in the server's numbering (1-based index − 1). */
  let sent: Row[] = [];

  const isEmpty = (r: Row) => !r.name.trim() && !r.url.trim();

  function render(): void {
    fields = new Map();
    element.replaceChildren(...rows.map((r, i) => renderRow(r, i + 1)));
  }

  function renderRow(r: Row, n: number): HTMLElement {
    const which = r.fresh ? t('New {item}', { item: words.item }) : `${cap(words.item)} ${n}`;
    const name = el('input', { 'aria-label': r.fresh ? t('Name') : t('Name of {item} {n}', { item: words.item, n }), maxlength: String(MAX_NAME), autocomplete: 'off' });
    const url = el('input', { 'aria-label': r.fresh ? t('URL') : t('URL of {item} {n}', { item: words.item, n }), type: 'url', inputmode: 'url', maxlength: String(MAX_URL), placeholder: 'https://', autocomplete: 'off' });
    name.value = r.name;
    url.value = r.url;
    name.addEventListener('input', () => {
      r.name = name.value;
      clearInvalid(name);
    });
    url.addEventListener('input', () => {
      r.url = url.value;
      clearInvalid(url);
    });
    const delName = () => t('Delete {name}', { name: r.name.trim() || t('unnamed {item}', { item: words.item }) });
    const del = el('button', { type: 'button', class: 'secondary', 'aria-label': delName() }, t('Delete'));
    name.addEventListener('input', () => del.setAttribute('aria-label', delName()));
    const row = el('div', { class: 'fav-edit', role: 'group', 'aria-label': which },
      el('span', { class: 'fav-field', 'aria-hidden': 'true' }, t('Name')), name,
      el('span', { class: 'fav-field', 'aria-hidden': 'true' }, t('URL')), url, del);
    del.addEventListener('click', () => confirmDelete(row, r, del));
    fields.set(r, { name, url });
    return el('li', {}, row);
  }

  function confirmDelete(row: HTMLElement, r: Row, del: HTMLButtonElement): void {
    if (row.querySelector('.confirm')) return;
    const label = r.name.trim() || t('unnamed {item}', { item: words.item });
    const yes = el('button', { type: 'button', class: 'danger' }, t('Delete'));
    const no = el('button', { type: 'button', class: 'secondary' }, t('Keep'));
    const box = el('div', { role: 'alertdialog', 'aria-label': t('Delete {name}?', { name: label }), class: 'confirm' }, el('span', {}, t('Delete “{name}”?', { name: label })), yes, no);
    const keep = () => {
      box.remove();
      del.focus();
    };
    yes.addEventListener('click', () => {
      const at = rows.indexOf(r);
      rows.splice(at, 1);
      render();
      const next = rows[Math.min(at, rows.length - 1)];
      if (next) fields.get(next)?.name.focus();
      else element.dispatchEvent(new CustomEvent('emptied', { bubbles: true }));
    });
    no.addEventListener('click', keep);
    box.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        keep();
      }
    });
    row.append(box);
    yes.focus();
  }

  function markInvalid(input: HTMLInputElement, message: string): { error: string } {
    input.setAttribute('aria-invalid', 'true');
    if (error.id) input.setAttribute('aria-describedby', error.id);
    input.focus();
    return { error: message };
  }

  function clearInvalid(input: HTMLInputElement): void {
    input.removeAttribute('aria-invalid');
    input.removeAttribute('aria-describedby');
  }

  render();
  return {
    element,
    addNew() {
      const empty = rows.find((r) => r.fresh && isEmpty(r));
      if (!empty) {
        // The earlier new rows keep what was typed and take their numbers, so the one now
        // being filled is the only one called "Name" and "URL".
        for (const r of rows) r.fresh = false;
        rows.push({ name: '', url: '', fresh: true });
        render();
      }
      const target = fields.get(empty ?? rows[rows.length - 1]);
      target?.name.scrollIntoView({ block: 'nearest' });
      target?.name.focus();
    },
    collect() {
      const out: Favourite[] = [];
      sent = [];
      for (const [i, r] of rows.entries()) {
        if (r.fresh && isEmpty(r)) continue;
        const f = fields.get(r);
        const which = r.name.trim() ? `“${r.name.trim()}”` : r.fresh ? t('The new {item}', { item: words.item }) : `${cap(words.item)} ${i + 1}`;
        if (!r.name.trim() && f) return markInvalid(f.name, t('{which} needs a name.', { which }));
        if (!r.url.trim() && f) return markInvalid(f.url, t('{which} needs a URL.', { which }));
        const url = withScheme(r.url.trim());
        if (url !== r.url) {
          // "shop.example.com/hours" is what people type: show the address that will be saved.
          r.url = url;
          if (f) f.url.value = url;
        }
        out.push({ ...(r.id ? { id: r.id } : {}), name: r.name.trim(), url });
        sent.push(r);
      }
      return { favourites: out };
    },
    refused(message) {
      // The schema check says "favourites.I.name: …" or "favourites.I.url: …" (I from 0); the
      // handler's own checks say "favourite N: a name …" or "favourite N (Name): <the URL's fault>".
      const checked = /^favourites\.(\d+)\.(name|url|id)\b/.exec(message);
      const n = checked ? null : /^favourite (\d+)(:)?/i.exec(message);
      const index = checked ? Number(checked[1]) : n ? Number(n[1]) - 1 : -1;
      const r = sent[index];
      const f = r && fields.get(r);
      if (!f) return;
      if (checked) markInvalid(checked[2] === 'name' ? f.name : f.url, message);
      else if (n) markInvalid(n[2] ? f.name : f.url, message);
    },
    focusFirst() {
      const first = rows[0];
      if (first) fields.get(first)?.name.focus();
    },
  };
}

/** Adds `https://` to an address typed without a scheme ("www.example.com/x"). */
export function withScheme(url: string): string {
  if (!url || /^[a-z][a-z0-9+.-]*:\/\//i.test(url) || /^[a-z][a-z0-9+.-]*:(?!\d)/i.test(url)) return url;
  return `https://${url}`;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
