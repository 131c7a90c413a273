// Admin: agents, their display names and their rights. Add an agent; rename (saved on
// change) and tick or untick rights (saved at once). Customers see the display name.
import { api, ApiError } from '../api';
import { el } from '../dom';
import { t } from '../texts';

const RIGHTS = ['cobrowse', 'remote-control', 'admin'];
/** A right as the console calls it. */
const rightName = (r: string): string => ({ cobrowse: t('cobrowse'), 'remote-control': t('remote-control'), admin: t('admin') } as Record<string, string>)[r] ?? r;

export function agentsSection(): HTMLElement {
  const list = el('tbody');
  const error = el('p', { class: 'error', role: 'alert' });
  const say = (e: unknown) => (error.textContent = e instanceof ApiError ? e.message : String(e));

  async function load(): Promise<void> {
    const agents = await api.agents();
    list.replaceChildren(
      ...agents.map((a) => {
        const boxes = RIGHTS.map((r) => {
          const box = el('input', { type: 'checkbox', 'aria-label': t('{right} for {agent}', { right: rightName(r), agent: a.username }) });
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
        const name = el('input', { 'aria-label': t('Display name of {agent}', { agent: a.username }), value: a.display_name, maxlength: '80' });
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
  const form = el('form', { class: 'inline-form', 'aria-label': t('Add agent') },
    el('label', {}, t('New agent'), username), el('label', {}, t('Display name'), displayName), el('label', {}, t('Initial password'), password),
    ...rightBoxes.map(([r, b]) => el('label', { class: 'check' }, b, rightName(r))),
    el('button', { type: 'submit' }, t('Add agent')));
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
  return el('section', { 'aria-label': t('Agents') }, el('h2', {}, t('Agents and rights')),
    el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, t('Agent')), el('th', {}, t('Display name')), ...RIGHTS.map((r) => el('th', {}, rightName(r))))), list), form, error);
}
