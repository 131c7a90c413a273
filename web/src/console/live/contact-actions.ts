// The contact-centre events an agent raises on the selected contact (for the demo; a real
// contact centre sends them through the integration API): park, enquiry, alternate,
// conference, transfer to another agent, requeue, drop. Co-browsing follows the contact.
// The bar says where the call stands (talking, parked, in enquiry…) and offers only the
// events that make sense from there, as the server's phase machine allows them; dropping
// the contact asks first, in a modal dialog.
import { api, ApiError, type ContactPhase, type ContactView } from '../api';
import { el } from '../dom';
import { t } from '../texts';

const phaseText = (): Record<ContactPhase, string> => ({
  talking: t('In call'),
  parked: t('Parked'),
  enquiry: t('In enquiry (customer on hold)'),
  alternate: t('Alternating (back with the customer)'),
  conference: t('In conference'),
});

/** What each phase offers: [event type, button label]. */
const offers = (): Record<ContactPhase, [string, string][]> => ({
  talking: [['park', t('Park')], ['enquiry', t('Enquiry')]],
  parked: [['unpark', t('Unpark')]],
  enquiry: [['alternate', t('Alternate')], ['conference', t('Conference')], ['unpark', t('Back to customer')]],
  alternate: [['alternate', t('Alternate')], ['conference', t('Conference')], ['unpark', t('Back to customer')]],
  conference: [['unpark', t('Back to customer')]],
});

export function contactActions(contact: ContactView, changed: (c: ContactView) => void): HTMLElement {
  const error = el('span', { class: 'error', role: 'alert' });
  const ended = contact.state === 'ended';
  const phase = el('strong', { class: 'phase', 'data-phase': ended ? 'ended' : contact.phase },
    ended ? t('Ended') : phaseText()[contact.phase] ?? contact.phase);
  const group = el('div', { class: 'contact-actions', role: 'group', 'aria-label': t('Contact') }, phase);
  if (ended) return group;

  const raise = async (type: string, to?: string) => {
    error.textContent = '';
    try {
      changed(await api.contactEvent(contact.id, type, to));
    } catch (e) {
      error.textContent = e instanceof ApiError ? e.message : String(e);
    }
  };
  for (const [type, label] of offers()[contact.phase] ?? []) {
    const b = el('button', { type: 'button', class: 'secondary' }, label);
    b.addEventListener('click', () => void raise(type));
    group.append(b);
  }
  const to = el('input', { 'aria-label': t('Transfer to agent'), placeholder: t('agent username'), size: '12' });
  const transfer = el('button', { type: 'button', class: 'secondary' }, t('Transfer'));
  transfer.addEventListener('click', () => void raise('transfer', to.value.trim()));
  const requeue = el('button', { type: 'button', class: 'secondary' }, t('Requeue'));
  requeue.addEventListener('click', () => void raise('requeue'));
  const drop = el('button', { type: 'button', class: 'danger' }, t('Drop contact'));
  drop.addEventListener('click', () => confirmDrop(contact.customer, () => void raise('drop')));
  group.append(to, transfer, requeue, drop, error);
  return group;
}

/** "Drop the contact with NAME?" in a modal dialog; `yes` runs only on "Drop contact". */
function confirmDrop(customer: string, yes: () => void): void {
  const keep = el('button', { type: 'button', class: 'secondary' }, t('Keep contact'));
  const drop = el('button', { type: 'button', class: 'danger' }, t('Drop contact'));
  const dialog = el('dialog', { class: 'confirm-dialog', 'aria-labelledby': 'drop-title', 'aria-describedby': 'drop-body' },
    el('h2', { id: 'drop-title' }, t('Drop this contact?')),
    el('p', { id: 'drop-body' }, t('The contact with {customer} ends for good, and co-browsing with it.', { customer })),
    el('div', { class: 'dialog-actions' }, keep, drop));
  const close = () => {
    dialog.close();
    dialog.remove();
  };
  keep.addEventListener('click', close);
  dialog.addEventListener('cancel', () => dialog.remove());
  drop.addEventListener('click', () => {
    close();
    yes();
  });
  document.body.append(dialog);
  dialog.showModal();
  keep.focus();
}
