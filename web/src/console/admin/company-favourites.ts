// Admin: the company's favourites, offered to every agent in the Link Menu. Edited as a list of
// name and URL rows and saved whole (the server checks every entry; a refusal loses nothing).
import { api, ApiError, type Favourite } from '../api';
import { el } from '../dom';

export function companyFavouritesSection(): HTMLElement {
  const rows = el('ul', { class: 'fav-rows', 'aria-label': 'Company favourites' });
  const error = el('p', { class: 'error', role: 'alert' });
  const saved = el('p', { class: 'saved', role: 'status' });
  let list: Favourite[] = [];

  function render(): void {
    rows.replaceChildren(...list.map((f, i) => {
      const name = el('input', { 'aria-label': `Company favourite ${i + 1} name`, value: f.name });
      const url = el('input', { 'aria-label': `Company favourite ${i + 1} URL`, value: f.url });
      name.addEventListener('input', () => (f.name = name.value));
      url.addEventListener('input', () => (f.url = url.value));
      const del = el('button', { type: 'button', class: 'secondary' }, 'Remove');
      del.addEventListener('click', () => {
        list.splice(i, 1);
        render();
      });
      return el('li', {}, name, url, del);
    }));
  }
  const add = el('button', { type: 'button', class: 'secondary' }, 'Add company favourite');
  add.addEventListener('click', () => {
    list.push({ name: '', url: 'https://' });
    render();
  });
  const save = el('button', { type: 'button' }, 'Save company favourites');
  save.addEventListener('click', async () => {
    error.textContent = '';
    saved.textContent = '';
    try {
      list = (await api.saveCompanyFavourites(list)).company;
      render();
      saved.textContent = 'Saved.';
    } catch (e) {
      error.textContent = e instanceof ApiError ? e.message : String(e);
    }
  });
  void api.favourites().then((f) => {
    list = f.company;
    render();
  });
  return el('section', { 'aria-label': 'Company favourites' }, el('h2', {}, 'Company favourites'), rows, el('div', { class: 'menu-actions' }, add, save), saved, error);
}
