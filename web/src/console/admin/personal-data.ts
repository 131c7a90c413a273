// Admin: personal data. How many days each kind of data is kept (empty keeps it; the server
// applies the limits every hour), whether customers' IP addresses are stored at all, and erasing
// one customer's data on request (their contact id, as the contact list and the API show it).
import { api, ApiError, type PrivacySettings } from '../api';
import { el } from '../dom';
import { t } from '../texts';

const kinds = (): [keyof PrivacySettings, string][] => [
  ['contact_days', t('Keep ended contacts (days)')],
  ['session_days', t('Keep finished sessions (days)')],
  ['chat_days', t('Keep chat messages (days)')],
  ['audit_days', t('Keep audit entries (days)')],
];

export function personalDataSection(): HTMLElement {
  const error = el('p', { class: 'error', role: 'alert' });
  const saved = el('p', { class: 'saved', role: 'status' });
  const KINDS = kinds();
  const days = new Map(KINDS.map(([k]) => [k, el('input', { type: 'number', min: '0', step: '1', name: k, placeholder: t('keep') })]));
  const discard = el('input', { type: 'checkbox', name: 'discard_client_addresses' });
  // Nothing can be typed or saved before the saved values are shown: the answer would otherwise
  // overwrite what the admin typed meanwhile, and Save would store the overwritten values.
  const fields = el('fieldset', { class: 'plain', disabled: '' },
    ...KINDS.map(([k, label]) => el('label', {}, label, days.get(k)!)),
    el('label', { class: 'check' }, discard, t('Discard customers’ IP addresses')),
    el('button', { type: 'submit' }, t('Save personal-data settings')));
  const form = el('form', { class: 'settings-form', 'aria-label': t('Personal data settings') }, fields, saved, error);

  const contact = el('input', { name: 'erase-contact', autocomplete: 'off' });
  const erased = el('p', { class: 'saved', role: 'status' });
  const eraseError = el('p', { class: 'error', role: 'alert' });
  const erase = el('form', { class: 'settings-form', 'aria-label': t('Erase a customer') },
    el('label', {}, t('Contact id'), contact),
    el('button', { type: 'submit', class: 'danger' }, t('Erase personal data')), erased, eraseError);

  function show(p: PrivacySettings): void {
    for (const [k, input] of days) input.value = p[k] === null ? '' : String(p[k]);
    discard.checked = p.discard_client_addresses;
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    saved.textContent = '';
    const value = (k: keyof PrivacySettings) => {
      const text = days.get(k)!.value.trim();
      return text === '' ? null : Number(text);
    };
    try {
      show(await api.setPrivacy({
        contact_days: value('contact_days'), session_days: value('session_days'),
        chat_days: value('chat_days'), audit_days: value('audit_days'),
        discard_client_addresses: discard.checked,
      }));
      saved.textContent = t('Saved. Older data goes at the next hourly pass.');
    } catch (err) {
      error.textContent = err instanceof ApiError ? err.message : String(err);
    }
  });

  erase.addEventListener('submit', async (e) => {
    e.preventDefault();
    erased.textContent = '';
    eraseError.textContent = '';
    const id = contact.value.trim();
    if (!id) return;
    try {
      const r = await api.erasePersonalData(id);
      erased.textContent = (r.visitor ? t('Erased: the contact, {sessions} sessions, {chat} chat messages, the customer’s browser record. The audit log records it.', { sessions: r.sessions, chat: r.chat_lines }) : t('Erased: the contact, {sessions} sessions, {chat} chat messages. The audit log records it.', { sessions: r.sessions, chat: r.chat_lines }));
      contact.value = '';
    } catch (err) {
      eraseError.textContent = err instanceof ApiError && err.status === 404 ? t('No contact {id}.', { id }) : err instanceof ApiError ? err.message : String(err);
    }
  });

  void api.privacy().then((p) => {
    show(p);
    fields.disabled = false;
  }).catch((e) => (error.textContent = String(e)));
  return el('section', { 'aria-label': t('Personal data') }, el('h2', {}, t('Personal data')), form, erase);
}
