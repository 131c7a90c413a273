// Admin: the host applications (a CRM, a contact-centre desktop) whose pages may frame the
// embedded agent view (/embed/): one origin per line, which the server makes the embed page's
// `frame-ancestors` and the only origins embed tokens are minted for. Each line is checked here
// first, so the admin reads which line is wrong and why before anything is sent; the server
// checks again and its refusal is shown the same way. Saved, the list comes back as browsers
// write origins (lower case, default port dropped).
import { api, ApiError } from '../api';
import { el } from '../dom';
import { t } from '../texts';

/** As many as the server keeps (`MAX_EMBED_ORIGINS`). */
const MAX_ORIGINS = 20;

/** Why `typed` (line `n`) is not an origin, or null when it is one. */
export function originProblem(typed: string, n: number): string | null {
  let url: URL;
  try {
    url = new URL(typed);
  } catch {
    return t('Line {n}: “{typed}” is not an address; write it with https://, e.g. https://crm.example.com.', { n, typed });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return t('Line {n}: “{typed}” must start with https:// (or http://), e.g. https://crm.example.com.', { n, typed });
  if (url.username || url.password) return t('Line {n}: “{typed}” has a user name in it; an origin is the scheme, host and port only, e.g. https://crm.example.com.', { n, typed });
  if (url.pathname !== '/' || url.search || url.hash || /[?#]/.test(typed)) return t('Line {n}: “{typed}” has a path, query or fragment; an origin is the scheme, host and port only, e.g. https://crm.example.com.', { n, typed });
  return null;
}

export function embedOriginsSection(): HTMLElement {
  const error = el('p', { class: 'error', role: 'alert', id: 'embed-origins-error' });
  const saved = el('p', { class: 'saved', role: 'status' });
  const origins = el('textarea', { rows: '3', name: 'embed_origins', 'aria-describedby': 'embed-origins-hint embed-origins-error', spellcheck: 'false' });
  const hint = el('p', { class: 'hint', id: 'embed-origins-hint' }, t('The origins of the applications that may show the agent view in a frame (/embed/), one per line, e.g. https://crm.example.com; at most {max}. Empty: no application may.', { max: MAX_ORIGINS }));
  // Disabled until the saved list is shown, so its arrival never overwrites what was typed.
  const fields = el('fieldset', { class: 'plain', disabled: '' },
    el('label', {}, t('Applications that may embed the agent view (origins, one per line)'), origins), hint,
    el('button', { type: 'submit' }, t('Save embed origins')));
  const form = el('form', { class: 'settings-form', 'aria-label': t('Embedding') }, fields, saved, error);

  const refuse = (message: string) => {
    error.textContent = message;
    origins.setAttribute('aria-invalid', 'true');
    origins.focus();
  };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    saved.textContent = '';
    origins.removeAttribute('aria-invalid');
    const lines = origins.value.split('\n').map((l) => l.trim());
    const typed = lines.filter(Boolean);
    if (typed.length > MAX_ORIGINS) return refuse(t('At most {max} origins; there are {n}.', { max: MAX_ORIGINS, n: typed.length }));
    const problem = lines.map((l, i) => (l ? originProblem(l, i + 1) : null)).find(Boolean);
    if (problem) return refuse(problem);
    try {
      // As browsers write them (the server's schema takes lower-case schemes only).
      const s = await api.setEmbedOrigins(typed.map((t) => new URL(t).origin));
      origins.value = s.origins.join('\n');
      saved.textContent = s.origins.length ? t('Saved. These applications may embed the agent view now.') : t('Saved. No application may embed the agent view.');
    } catch (err) {
      refuse(err instanceof ApiError ? err.message : String(err));
    }
  });
  void api.embedOrigins().then((s) => {
    origins.value = s.origins.join('\n');
    fields.disabled = false;
  }, (e) => (error.textContent = String(e)));
  return el('section', { 'aria-label': t('Embedding') }, el('h2', {}, t('Embedding')), form);
}
