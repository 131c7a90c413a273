// Admin: proactive invitations — the company's rules (page address pattern, time on page, idle
// time, or only when the site calls `Tandem.invite()`; chat or callback; the words shown), the
// presence switch (agents see who is on the site and invite them), and how often each rule's
// invitation was shown, accepted and declined. Saved whole; the server names a refused field.
import type { InvitationRule } from '../../protocol';
import { api, ApiError, type InvitationsView } from '../api';
import { el } from '../dom';
import { t } from '../texts';

interface Row {
  rule: InvitationRule;
  element: HTMLElement;
  read(): InvitationRule;
}

function ruleRow(rule: InvitationRule, n: number, remove: (row: Row) => void): Row {
  const name = el('input', { value: rule.name, 'aria-label': t('Rule {n} name', { n }) });
  const page = el('input', { value: rule.page, placeholder: '/checkout*', 'aria-label': t('Rule {n} page address', { n }) });
  const seconds = el('input', { type: 'number', min: '0', max: '3600', value: String(rule.seconds_on_page), 'aria-label': t('Rule {n} seconds on page', { n }) });
  const idle = el('input', { type: 'number', min: '0', max: '3600', value: String(rule.idle_seconds), 'aria-label': t('Rule {n} idle seconds', { n }) });
  const manual = el('input', { type: 'checkbox', 'aria-label': t('Rule {n} only when the site calls Tandem.invite()', { n }) });
  manual.checked = rule.manual;
  const offer = el('select', { 'aria-label': t('Rule {n} offer', { n }) }, el('option', { value: 'chat' }, t('Chat')), el('option', { value: 'callback' }, t('Callback')));
  offer.value = rule.offer || 'chat';
  const text = el('input', { value: rule.text, 'aria-label': t('Rule {n} invitation text', { n }) });
  const del = el('button', { type: 'button', class: 'secondary' }, t('Remove rule {n}', { n }));
  const element = el('tr', {}, ...[name, page, seconds, idle, manual, offer, text, del].map((c) => el('td', {}, c)));
  const row: Row = {
    rule,
    element,
    read: () => ({
      id: rule.id,
      name: name.value.trim(),
      page: page.value.trim(),
      seconds_on_page: Number(seconds.value) || 0,
      idle_seconds: Number(idle.value) || 0,
      manual: manual.checked,
      offer: offer.value,
      text: text.value.trim(),
    }),
  };
  del.addEventListener('click', () => remove(row));
  return row;
}

export function invitationsSection(): HTMLElement {
  const error = el('p', { class: 'error', role: 'alert' });
  const saved = el('p', { class: 'saved', role: 'status' });
  const body = el('tbody', {});
  const presence = el('input', { type: 'checkbox', name: 'presence' });
  const counts = el('tbody', {});
  let rows: Row[] = [];

  const draw = () => body.replaceChildren(...rows.map((r) => r.element));
  const remove = (row: Row) => {
    rows = rows.filter((r) => r !== row);
    draw();
    add.focus();
  };
  function show(v: InvitationsView): void {
    rows = v.invitations.rules.map((r, i) => ruleRow(r, i + 1, remove));
    presence.checked = v.invitations.presence;
    draw();
    const names = new Map(v.invitations.rules.map((r) => [r.id, r.name]));
    counts.replaceChildren(...v.counts.map((c) => el('tr', {}, ...[names.get(c.rule) ?? (c.rule === 'agent' ? t('Sent by agents') : c.rule === 'site' ? t('The site’s Tandem.invite()') : c.rule), c.shown, c.accepted, c.declined].map((x) => el('td', {}, String(x))))));
  }

  const add = el('button', { type: 'button', class: 'secondary' }, t('Add rule'));
  add.addEventListener('click', () => {
    const row = ruleRow({ id: '', name: '', page: '', seconds_on_page: 10, idle_seconds: 0, manual: false, offer: 'chat', text: '' }, rows.length + 1, remove);
    rows.push(row);
    draw();
    (row.element.querySelector('input') as HTMLInputElement).focus();
  });
  const save = el('button', { type: 'button' }, t('Save invitations'));
  save.addEventListener('click', async () => {
    error.textContent = saved.textContent = '';
    try {
      show(await api.setInvitations({ rules: rows.map((r) => r.read()), presence: presence.checked }));
      saved.textContent = t('Saved. Pages use the new rules within seconds.');
    } catch (e) {
      error.textContent = e instanceof ApiError ? e.message : String(e);
    }
  });
  add.disabled = save.disabled = true;
  void api.invitations().then((v) => {
    show(v);
    add.disabled = save.disabled = false;
  }, (e) => (error.textContent = t('Could not load the invitations: {why}', { why: String(e) })));
  const head = (...cols: string[]) => el('thead', {}, el('tr', {}, ...cols.map((c) => el('th', {}, c))));
  return el('section', { 'aria-label': t('Invitations') }, el('h2', {}, t('Invitations')),
    el('table', { 'aria-label': t('Invitation rules') }, head(t('Name'), t('Page address'), t('Seconds on page'), t('Idle seconds'), t('Only Tandem.invite()'), t('Offer'), t('Text'), ''), body),
    el('div', { class: 'menu-actions' }, add),
    el('label', { class: 'check' }, presence, t('Show agents the visitors on the site (presence)')),
    el('div', { class: 'menu-actions' }, save), saved, error,
    el('table', { 'aria-label': t('Invitations counted') }, head(t('Rule'), t('Shown'), t('Accepted'), t('Declined')), counts));
}
