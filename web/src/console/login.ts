// The sign-in view: "Username", "Password", "Sign in". A wrong password is said in plain words.
import { api, ApiError, type Me } from './api';
import { el } from './dom';

export function showLogin(root: HTMLElement, onSignedIn: (me: Me) => void): void {
  const username = el('input', { name: 'username', autocomplete: 'username', required: '' });
  const password = el('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: '' });
  const error = el('p', { class: 'error', role: 'alert' });
  const form = el(
    'form',
    { class: 'login', 'aria-label': 'Sign in' },
    el('h2', {}, 'Sign in'),
    el('label', {}, 'Username', username),
    el('label', {}, 'Password', password),
    el('button', { type: 'submit' }, 'Sign in'),
    error,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    try {
      onSignedIn(await api.login(username.value, password.value));
    } catch (err) {
      error.textContent = err instanceof ApiError && err.status === 401 ? 'Wrong username or password.' : `Could not sign in: ${err}`;
    }
  });
  root.replaceChildren(form);
  username.focus();
}
