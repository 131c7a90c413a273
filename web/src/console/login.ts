// The sign-in view: "Sign in with <provider>" when the company's identity provider is set up
// (a plain link: the server sends the browser there and back), and "Username", "Password",
// "Sign in" unless password sign-in is switched off. A refused sign-in is said in plain words,
// also one the server sent back from the provider as `?sso_error=CODE`.
import { api, ApiError, type Me, type SignInOptions } from './api';
import { el } from './dom';
import { t } from './texts';

/** What each single sign-on refusal means to the person who tried. */
const ssoErrors = (): Record<string, string> => ({
  state: t('That sign-in had expired or was started in another browser. Please try again.'),
  token: t('The answer from your identity provider could not be trusted, so you are not signed in. Please try again, or tell your IT team.'),
  provider: t('Your identity provider could not be reached. Please try again in a moment.'),
  denied: t('The sign-in was cancelled at your identity provider.'),
  no_rights: t('Your account has no access to Tandem. Ask your IT team to add you to the agents’ group.'),
  name_taken: t('Another Tandem agent already has your username. Ask a Tandem admin for help.'),
  no_name: t('Your identity provider did not say who you are (no username or e-mail). Tell your IT team.'),
  busy: t('Too many sign-ins are under way right now. Please try again in a few minutes.'),
});

/** The refusal the server sent back, once: it is taken out of the address bar. */
function ssoError(): string {
  const url = new URL(location.href);
  const code = url.searchParams.get('sso_error');
  if (code === null) return '';
  url.searchParams.delete('sso_error');
  history.replaceState(null, '', url.pathname + url.search + url.hash);
  return ssoErrors()[code] ?? t('Could not sign in with your identity provider.');
}

export async function showLogin(root: HTMLElement, onSignedIn: (me: Me) => void): Promise<void> {
  const options: SignInOptions = await api.signInOptions().catch(() => ({ provider: null, local_passwords: true }));
  const error = el('p', { class: 'error', role: 'alert' });
  const sso = options.provider === null
    ? []
    : [el('a', { class: 'sso', href: '/api/sso/start' }, t('Sign in with {provider}', { provider: options.provider }))];
  if (!options.local_passwords) {
    root.replaceChildren(el('section', { class: 'login', 'aria-label': t('Sign in') }, el('h2', {}, t('Sign in')), ...sso, error));
    error.textContent = ssoError();
    return;
  }
  const username = el('input', { name: 'username', autocomplete: 'username', required: '' });
  const password = el('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: '' });
  const form = el(
    'form',
    { class: 'login', 'aria-label': t('Sign in') },
    el('h2', {}, t('Sign in')),
    ...sso,
    ...(sso.length ? [el('p', { class: 'or' }, t('or with your Tandem password'))] : []),
    el('label', {}, t('Username'), username),
    el('label', {}, t('Password'), password),
    el('button', { type: 'submit' }, t('Sign in')),
    error,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    try {
      onSignedIn(await api.login(username.value, password.value));
    } catch (err) {
      error.textContent = err instanceof ApiError && err.status === 401 ? t('Wrong username or password.') : t('Could not sign in: {why}', { why: String(err) });
    }
  });
  root.replaceChildren(form);
  error.textContent = ssoError();
  username.focus();
}
