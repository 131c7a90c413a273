// "Favourites": the company's links and the agent's own. Clicking a name sends the link while
// co-browsing. "Edit" enters editing mode: every favourite's Name and URL are editable in place,
// "New Favourite" adds a row with "Name" and "URL", deleting asks first, and "Finish editing"
// saves every change at once — a filled-in new row included, no separate Add. A half-filled row
// or a refusal from the server is named in an alert, nothing is lost, and editing goes on.
import { api, ApiError, type Api, type Favourite, type Favourites } from '../api';
import { el } from '../dom';
import { createFavouriteRows, type FavouriteRows } from './favourite-rows';
import { t } from '../texts';

export interface FavouritesView {
  element: HTMLElement;
  setSender(send: ((url: string) => void) | null): void;
}

export function createFavourites(calls: Api = api): FavouritesView {
  const element = el('div', { class: 'favourites' });
  let data: Favourites = { mine: [], company: [] };
  let editing: FavouriteRows | null = null;
  let send: ((url: string) => void) | null = null;
  /** Editing starts from the saved list: until it has loaded, saving would replace it with nothing. */
  let loaded = false;
  const error = el('p', { class: 'error', role: 'alert', id: 'favourites-error' });

  function linkButton(f: Favourite): HTMLElement {
    const b = el('button', { type: 'button', class: 'link', title: f.url }, el('span', { class: 'link-text' }, f.name), el('span', { class: 'link-url' }, f.url));
    if (send) b.addEventListener('click', () => send?.(f.url));
    else b.disabled = true;
    return el('li', {}, b);
  }

  function render(focusEdit = false): void {
    const edit = el('button', { type: 'button', class: 'secondary' }, t('Edit'));
    edit.disabled = !loaded;
    edit.addEventListener('click', startEditing);
    const parts: HTMLElement[] = [];
    if (data.company.length) parts.push(el('h3', {}, t('Company')), el('ul', { 'aria-label': t('Company favourites') }, ...data.company.map(linkButton)));
    parts.push(el('h3', {}, t('Mine')), el('ul', { 'aria-label': t('My favourites') }, ...(data.mine.length ? data.mine.map(linkButton) : [el('li', { class: 'empty' }, t('No favourites yet.'))])));
    element.replaceChildren(el('div', { class: 'menu-actions' }, edit), ...parts, error);
    if (focusEdit) edit.focus();
  }

  function startEditing(): void {
    error.textContent = '';
    const rows = createFavouriteRows(data.mine, { list: t(t('My favourites')), item: t('favourite') }, error);
    editing = rows;
    const newFav = el('button', { type: 'button', class: 'secondary' }, t('New Favourite'));
    newFav.addEventListener('click', () => rows.addNew());
    const finish = el('button', { type: 'button' }, t('Finish editing'));
    finish.addEventListener('click', () => void finishEditing(rows, finish));
    // The last row deleted: the keyboard lands on "New Favourite", not on the page's top.
    rows.element.addEventListener('emptied', () => newFav.focus());
    element.replaceChildren(el('div', { class: 'menu-actions' }, newFav, finish), rows.element, error);
    if (data.mine.length) rows.focusFirst();
    else rows.addNew();
  }

  async function finishEditing(rows: FavouriteRows, finish: HTMLButtonElement): Promise<void> {
    error.textContent = '';
    const collected = rows.collect();
    if ('error' in collected) {
      error.textContent = collected.error;
      return;
    }
    finish.disabled = true;
    try {
      data = await calls.saveFavourites(collected.favourites);
      editing = null;
      render(true);
    } catch (e) {
      const message = e instanceof ApiError ? e.message : t('Could not save: {why}', { why: String(e) });
      error.textContent = message;
      rows.refused(message);
    } finally {
      finish.disabled = false;
    }
  }

  void calls.favourites().then((f) => {
    data = f;
    loaded = true;
    if (!editing) render();
  }, (e) => (error.textContent = t('Could not load favourites: {why}', { why: String(e) })));
  render();
  return {
    element,
    setSender(s) {
      // Buttons read `send` when clicked; re-render only when sending becomes (un)available,
      // so a button the agent is about to click is not replaced under the pointer, and never
      // while editing (the rows hold what the agent is typing).
      const changed = !!s !== !!send;
      send = s;
      if (changed && !editing) render();
    },
  };
}
