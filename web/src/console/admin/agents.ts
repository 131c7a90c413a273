// Admin: agents, their display names and their rights. Add an agent; rename (saved on
// change) and tick or untick rights (saved at once). Customers see the display name.
import { api, ApiError } from '../api';
import { el } from '../dom';

const RIGHTS = ['cobrowse', 'remote-control', 'admin'];

export function agentsSection(): HTMLElement {
  const list = el('tbody');
  const error = el('p', { class: 'error', role: 'alert' });
  const say = (e: unknown) => (error.textContent = e instanceof ApiError ? e.message : String(e));

  async function load(): Promise<void> {
    const agents = await api.agents();
    list.replaceChildren(
      ...agents.map((a) => {
        const boxes = RIGHTS.map((r) => {
          const box = el('input', { type: 'checkbox', 'aria-label': `${r} for ${a.username}` });
          box.checked = a.rights.includes(r);
          box.addEventListener('change', async () => {
            error.textContent = '';
            const rights = RIGHTS.filter((x) => (x === r ? box.checked : a.rights.includes(x)));
            try {
              a.rights = (await api.setRights(a.username, rights)).rights;
            } catch (e) {
              box.checked = !box.checked;
              say(e);
            }
          });
          return el('td', {}, box);
        });
        const name = el('input', { 'aria-label': `Display name of ${a.username}`, value: a.display_name, maxlength: '80' });
        name.addEventListener('change', async () => {
          error.textContent = '';
          try {
            name.value = (await api.setDisplayName(a.username, name.value)).display_name;
          } catch (e) {
            say(e);
          }
        });
        return el('tr', {}, el('td', {}, a.username), el('td', {}, name), ...boxes);
      }),
    );
  }

  const username = el('input', { name: 'new-username', autocomplete: 'off' });
  const displayName = el('input', { name: 'new-display-name', autocomplete: 'off', maxlength: '80' });
  const password = el('input', { name: 'new-password', type: 'password', autocomplete: 'new-password' });
  const rightBoxes = RIGHTS.map((r) => {
    const b = el('input', { type: 'checkbox', name: r });
    b.checked = r === 'cobrowse';
    return [r, b] as const;
  });
  const form = el('form', { class: 'inline-form', 'aria-label': 'Add agent' },
    el('label', {}, 'New agent', username), el('label', {}, 'Display name', displayName), el('label', {}, 'Initial password', password),
    ...rightBoxes.map(([r, b]) => el('label', { class: 'check' }, b, r)),
    el('button', { type: 'submit' }, 'Add agent'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    try {
      await api.addAgent(username.value.trim(), password.value, rightBoxes.filter(([, b]) => b.checked).map(([r]) => r), displayName.value);
      username.value = '';
      displayName.value = '';
      password.value = '';
      await load();
    } catch (err) {
      say(err);
    }
  });
  void load().catch(say);
  return el('section', { 'aria-label': 'Agents' }, el('h2', {}, 'Agents and rights'),
    el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'Agent'), el('th', {}, 'Display name'), ...RIGHTS.map((r) => el('th', {}, r)))), list), form, error);
}
