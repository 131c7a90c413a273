// Admin: the company's favourites, offered to every agent in the Link Menu. The same rows as the
// agent's own favourites (Name and URL in place, delete asks first), saved whole: the server
// checks every entry, and a half-filled row or a refusal is named while nothing is lost.
import { api, ApiError } from '../api';
import { el } from '../dom';
import { createFavouriteRows, type FavouriteRows } from '../linkmenu/favourite-rows';
import { t } from '../texts';

export function companyFavouritesSection(): HTMLElement {
  const error = el('p', { class: 'error', role: 'alert', id: 'company-favourites-error' });
  const saved = el('p', { class: 'saved', role: 'status' });
  const holder = el('div', {});
  let rows: FavouriteRows | null = null;

  function show(list: Parameters<typeof createFavouriteRows>[0]): void {
    rows = createFavouriteRows(list, { list: t(t('Company favourites')), item: t('company favourite') }, error);
    rows.element.addEventListener('emptied', () => add.focus());
    holder.replaceChildren(rows.element);
  }
  const add = el('button', { type: 'button', class: 'secondary' }, t('Add company favourite'));
  add.addEventListener('click', () => rows?.addNew());
  const save = el('button', { type: 'button' }, t('Save company favourites'));
  save.addEventListener('click', async () => {
    error.textContent = '';
    saved.textContent = '';
    if (!rows) return;
    const collected = rows.collect();
    if ('error' in collected) {
      error.textContent = collected.error;
      return;
    }
    try {
      show((await api.saveCompanyFavourites(collected.favourites)).company);
      saved.textContent = t('Saved.');
    } catch (e) {
      const message = e instanceof ApiError ? e.message : String(e);
      error.textContent = message;
      rows.refused(message);
    }
  });
  // Until the list is loaded there is nothing to add to: typing into a list that the load then
  // replaced would be lost.
  add.disabled = save.disabled = true;
  void api.favourites().then((f) => {
    show(f.company);
    add.disabled = save.disabled = false;
  }, (e) => (error.textContent = t('Could not load the company’s favourites: {why}', { why: String(e) })));
  return el('section', { 'aria-label': t('Company favourites') }, el('h2', {}, t('Company favourites')), holder, el('div', { class: 'menu-actions' }, add, save), saved, error);
}
