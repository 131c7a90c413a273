// The Link Menu: a pull tab on the left of the workspace that opens a panel with two tabs,
// "Page Links" and "Favourites", and minimises again. It works without a session (to manage
// favourites); while co-browsing, clicking a link sends it to the customer's browser.
import { api, type Api } from '../api';
import { el } from '../dom';
import { createFavourites } from './favourites';
import { readPageLinks, renderPageLinks } from './pagelinks';
import { t } from '../texts';

export interface LinkMenu {
  element: HTMLElement;
  /** Where links go (the live session), or null when not co-browsing. */
  setSession(session: { send(url: string): void; document(): Document | null } | null): void;
  /** The customer's page changed: re-read its links if they are on show. */
  pageChanged(): void;
}

/** `calls`: the console's (cookie) or the embedded view's (token). */
export function createLinkMenu(calls: Api = api): LinkMenu {
  const tab = el('button', { type: 'button', class: 'pull-tab', 'aria-expanded': 'false', 'aria-controls': 'link-menu' }, t('Link Menu'));
  const pageTab = el('button', { type: 'button', role: 'tab', id: 'tab-page-links', 'aria-selected': 'true', 'aria-controls': 'panel-page-links' }, t('Page Links'));
  const favTab = el('button', { type: 'button', role: 'tab', id: 'tab-favourites', 'aria-selected': 'false', 'aria-controls': 'panel-favourites' }, t('Favourites'));
  const links = el('ul', { 'aria-label': t('Page links') });
  const pagePanel = el('div', { role: 'tabpanel', id: 'panel-page-links', 'aria-labelledby': 'tab-page-links' }, links);
  const favourites = createFavourites(calls);
  const favPanel = el('div', { role: 'tabpanel', id: 'panel-favourites', 'aria-labelledby': 'tab-favourites', hidden: '' }, favourites.element);
  const minimise = el('button', { type: 'button', class: 'secondary', 'aria-label': t('Minimise Link Menu') }, '‹');
  const panel = el('aside', { id: 'link-menu', class: 'link-menu', 'aria-label': t('Link Menu'), hidden: '' },
    el('div', { class: 'menu-head' }, el('div', { role: 'tablist', 'aria-label': t('Link Menu') }, pageTab, favTab), minimise), pagePanel, favPanel);
  const element = el('div', { class: 'link-menu-wrap' }, tab, panel);

  let session: { send(url: string): void; document(): Document | null } | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function open(show: boolean): void {
    panel.hidden = !show;
    tab.hidden = show;
    tab.setAttribute('aria-expanded', String(show));
    if (show) refresh();
  }
  function select(page: boolean): void {
    pageTab.setAttribute('aria-selected', String(page));
    favTab.setAttribute('aria-selected', String(!page));
    pagePanel.hidden = !page;
    favPanel.hidden = page;
    if (page) refresh();
  }
  function refresh(): void {
    renderPageLinks(links, readPageLinks(session?.document() ?? null), session ? (url) => session?.send(url) : null);
  }
  tab.addEventListener('click', () => open(true));
  minimise.addEventListener('click', () => open(false));
  pageTab.addEventListener('click', () => select(true));
  favTab.addEventListener('click', () => select(false));
  refresh();

  return {
    element,
    setSession(s) {
      const changed = !!s !== !!session;
      session = s;
      favourites.setSender(s ? (url) => session?.send(url) : null);
      if (changed) refresh();
    },
    pageChanged() {
      if (panel.hidden || pagePanel.hidden) return;
      clearTimeout(timer);
      timer = setTimeout(refresh, 250);
    },
  };
}
