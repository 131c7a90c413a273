// The contact-centre events an agent raises on the selected contact (for the demo; a real
// contact centre sends them through the integration API): park, enquiry, alternate,
// conference, transfer to another agent, requeue, drop. Co-browsing follows the contact.
import { api, ApiError, type ContactView } from '../api';
import { el } from '../dom';

export function contactActions(contact: ContactView, changed: (c: ContactView) => void): HTMLElement {
  const error = el('span', { class: 'error', role: 'alert' });
  const buttons: HTMLButtonElement[] = [];
  const raise = async (type: string, to?: string) => {
    error.textContent = '';
    try {
      changed(await api.contactEvent(contact.id, type, to));
    } catch (e) {
      error.textContent = e instanceof ApiError ? e.message : String(e);
    }
  };
  for (const [type, label] of [['park', 'Park'], ['unpark', 'Unpark'], ['enquiry', 'Enquiry'], ['alternate', 'Alternate'], ['conference', 'Conference'], ['requeue', 'Requeue']]) {
    const b = el('button', { type: 'button', class: 'secondary' }, label);
    b.addEventListener('click', () => void raise(type));
    buttons.push(b);
  }
  const to = el('input', { 'aria-label': 'Transfer to agent', placeholder: 'agent username', size: '12' });
  const transfer = el('button', { type: 'button', class: 'secondary' }, 'Transfer');
  transfer.addEventListener('click', () => void raise('transfer', to.value.trim()));
  const drop = el('button', { type: 'button', class: 'danger' }, 'Drop contact');
  drop.addEventListener('click', () => void raise('drop'));
  const ended = contact.state === 'ended';
  for (const b of [...buttons, transfer, drop]) b.disabled = ended;
  to.disabled = ended;
  return el('div', { class: 'contact-actions', role: 'group', 'aria-label': 'Contact' }, ...buttons, to, transfer, drop, error);
}
