// "Page Links": every link on the customer's current page that can be co-browsed (http or
// https), with its text and absolute URL, read from the mirrored document.
import { el } from '../dom';
import { t } from '../texts';

export interface PageLink {
  text: string;
  url: string;
}

/** The mirror keeps each link's absolute URL; links are neutralised there, so look at both. */
export function readPageLinks(doc: Document | null): PageLink[] {
  if (!doc) return [];
  const seen = new Set<string>();
  const out: PageLink[] = [];
  for (const a of doc.querySelectorAll('a')) {
    const raw = a.getAttribute('data-tandem-href') ?? a.getAttribute('href') ?? '';
    let url: string;
    try {
      const u = new URL(raw);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') continue;
      url = u.href;
    } catch {
      continue;
    }
    const text = (a.textContent ?? '').replace(/\s+/g, ' ').trim() || a.getAttribute('aria-label') || a.getAttribute('title') || url;
    const key = `${text}\n${url}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ text, url });
  }
  return out;
}

export function renderPageLinks(list: HTMLElement, links: PageLink[], send: ((url: string) => void) | null): void {
  if (!links.length) {
    list.replaceChildren(el('li', { class: 'empty' }, send ? t('No links on this page.') : t('Links appear here while co-browsing.')));
    return;
  }
  list.replaceChildren(
    ...links.map((l) => {
      const b = el('button', { type: 'button', class: 'link', title: l.url }, el('span', { class: 'link-text' }, l.text), el('span', { class: 'link-url' }, l.url));
      if (send) b.addEventListener('click', () => send(l.url));
      else b.disabled = true;
      return el('li', {}, b);
    }),
  );
}
