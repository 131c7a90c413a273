// Admin: the audit log — filter by actor, kind, contact or session and time; export what the
// filter shows as CSV or JSON.
import { api, ApiError, type AuditEvent } from '../api';
import { el } from '../dom';
import { t } from '../texts';

export function auditSection(): HTMLElement {
  const actor = el('input', { name: 'actor' });
  const kind = el('input', { name: 'kind', placeholder: t('e.g. consent_given') });
  const contact = el('input', { name: 'contact_id' });
  const from = el('input', { name: 'from', type: 'datetime-local' });
  const to = el('input', { name: 'to', type: 'datetime-local' });
  const rows = el('tbody');
  const error = el('p', { class: 'error', role: 'alert' });
  const csv = el('a', { class: 'button secondary', download: 'tandem-audit.csv' }, t('Export CSV'));
  const json = el('a', { class: 'button secondary', download: 'tandem-audit.json' }, t('Export JSON'));

  function query(): string {
    const q = new URLSearchParams();
    if (actor.value.trim()) q.set('actor', actor.value.trim());
    if (kind.value.trim()) q.set('kind', kind.value.trim());
    if (contact.value.trim()) q.set('contact_id', contact.value.trim());
    if (from.value) q.set('from', String(new Date(from.value).getTime()));
    if (to.value) q.set('to', String(new Date(to.value).getTime()));
    return q.toString();
  }

  async function load(): Promise<void> {
    error.textContent = '';
    const q = query();
    csv.href = `/api/audit?${q}${q ? '&' : ''}format=csv`;
    json.href = `/api/audit?${q}${q ? '&' : ''}format=json`;
    try {
      const events: AuditEvent[] = await api.audit(q);
      rows.replaceChildren(...events.slice(-500).reverse().map((e) =>
        el('tr', {}, el('td', {}, new Date(e.at).toLocaleString()), el('td', {}, e.actor), el('td', {}, e.kind),
          el('td', { class: 'mono' }, (e.contact_id ?? '').slice(0, 8)), el('td', { class: 'mono' }, (e.session_id ?? '').slice(0, 8)), el('td', {}, e.detail))));
    } catch (e) {
      error.textContent = e instanceof ApiError ? e.message : String(e);
    }
  }

  const form = el('form', { class: 'inline-form', 'aria-label': t('Audit filter') },
    el('label', {}, t('Actor'), actor), el('label', {}, t('Event'), kind), el('label', {}, t('Contact'), contact),
    el('label', {}, t('From'), from), el('label', {}, t('To'), to), el('button', { type: 'submit' }, t('Filter')), csv, json);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void load();
  });
  void load();
  return el('section', { 'aria-label': t('Audit log') }, el('h2', {}, t('Audit log')), form, error,
    el('table', { 'aria-label': t('Audit events') }, el('thead', {}, el('tr', {}, ...[t('When'), t(t('Actor')), t(t('Event')), t(t('Contact')), t('Session'), t('Detail')].map((h) => el('th', {}, h)))), rows));
}
