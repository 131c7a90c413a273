// "Favourites": the company's links and the agent's own. Clicking a name sends the link while
// co-browsing. "Edit" enters editing mode: names become editable in place, "New Favourite"
// adds a row with "Name" and "URL", deleting asks first, and "Finish editing" saves every
// change at once (the server checks each entry; on a refusal nothing is lost and editing goes on).
import { api, ApiError, type Favourite, type Favourites } from '../api';
import { el } from '../dom';

export interface FavouritesView {
  element: HTMLElement;
  setSender(send: ((url: string) => void) | null): void;
}

export function createFavourites(): FavouritesView {
  const element = el('div', { class: 'favourites' });
  let data: Favourites = { mine: [], company: [] };
  let editing: Favourite[] | null = null;
  let send: ((url: string) => void) | null = null;
  const error = el('p', { class: 'error', role: 'alert' });

  function linkButton(f: Favourite): HTMLElement {
    const b = el('button', { type: 'button', class: 'link', title: f.url }, el('span', { class: 'link-text' }, f.name), el('span', { class: 'link-url' }, f.url));
    if (send) b.addEventListener('click', () => send?.(f.url));
    else b.disabled = true;
    return el('li', {}, b);
  }

  function render(): void {
    if (editing) return renderEditing(editing);
    const edit = el('button', { type: 'button', class: 'secondary' }, 'Edit');
    edit.addEventListener('click', () => {
      editing = data.mine.map((f) => ({ ...f }));
      error.textContent = '';
      render();
    });
    const parts: HTMLElement[] = [];
    if (data.company.length) parts.push(el('h3', {}, 'Company'), el('ul', { 'aria-label': 'Company favourites' }, ...data.company.map(linkButton)));
    parts.push(el('h3', {}, 'Mine'), el('ul', { 'aria-label': 'My favourites' }, ...(data.mine.length ? data.mine.map(linkButton) : [el('li', { class: 'empty' }, 'No favourites yet.')])));
    element.replaceChildren(el('div', { class: 'menu-actions' }, edit), ...parts, error);
  }

  function renderEditing(list: Favourite[]): void {
    const rows = list.map((f, i) => {
      const name = el('input', { 'aria-label': `Name of favourite ${i + 1}`, value: f.name });
      name.addEventListener('input', () => (f.name = name.value));
      const del = el('button', { type: 'button', class: 'secondary', 'aria-label': `Delete ${f.name}` }, 'Delete');
      del.addEventListener('click', () => confirmDelete(row, f, () => {
        list.splice(list.indexOf(f), 1);
        render();
      }));
      const row = el('li', { class: 'fav-edit' }, name, el('span', { class: 'link-url' }, f.url), del);
      return row;
    });
    const newName = el('input', { name: 'fav-name' });
    const newUrl = el('input', { name: 'fav-url', type: 'url', placeholder: 'https://' });
    const add = el('button', { type: 'submit' }, 'Add');
    const form = el('form', { class: 'fav-new', hidden: '', 'aria-label': 'New favourite' }, el('label', {}, 'Name', newName), el('label', {}, 'URL', newUrl), add);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      list.push({ name: newName.value, url: newUrl.value });
      render();
    });
    const newFav = el('button', { type: 'button', class: 'secondary' }, 'New Favourite');
    newFav.addEventListener('click', () => {
      form.hidden = false;
      newName.focus();
    });
    const finish = el('button', { type: 'button' }, 'Finish editing');
    finish.addEventListener('click', async () => {
      error.textContent = '';
      try {
        data = await api.saveFavourites(list);
        editing = null;
        render();
      } catch (e) {
        error.textContent = e instanceof ApiError ? e.message : `Could not save: ${e}`;
      }
    });
    element.replaceChildren(el('div', { class: 'menu-actions' }, newFav, finish), form, el('ul', { 'aria-label': 'My favourites' }, ...rows), error);
  }

  function confirmDelete(row: HTMLElement, f: Favourite, done: () => void): void {
    const yes = el('button', { type: 'button', class: 'danger' }, 'Delete');
    const no = el('button', { type: 'button', class: 'secondary' }, 'Keep');
    const box = el('div', { role: 'alertdialog', 'aria-label': `Delete ${f.name}?`, class: 'confirm' }, el('span', {}, `Delete “${f.name}”?`), yes, no);
    yes.addEventListener('click', done);
    no.addEventListener('click', () => box.remove());
    row.append(box);
    yes.focus();
  }

  void api.favourites().then((f) => {
    data = f;
    render();
  }, (e) => (error.textContent = `Could not load favourites: ${e}`));
  render();
  return {
    element,
    setSender(s) {
      // Buttons read `send` when clicked; re-render only when sending becomes (un)available,
      // so a button the agent is about to click is not replaced under the pointer.
      const changed = !!s !== !!send;
      send = s;
      if (changed) render();
    },
  };
}
