// The "Accept co-browsing?" dialog with "Yes" and "No". Modal: it keeps focus until answered.
import type { Texts } from '../options';
import { h, type Ui } from './ui';

export interface ConsentDialog {
  remove(): void;
}

export function askConsent(ui: Ui, texts: Texts, agent: string, answer: (accept: boolean) => void): ConsentDialog {
  const doc = ui.root.ownerDocument;
  const title = h(doc, 'h2', { id: 'tandem-consent-title' }, texts.consentTitle);
  const body = h(doc, 'p', { id: 'tandem-consent-body' }, texts.consentBody.replace('{agent}', agent || 'Your agent'));
  const no = h(doc, 'button', { type: 'button', class: 'secondary' }, texts.no);
  const yes = h(doc, 'button', { type: 'button' }, texts.yes);
  const dialog = h(
    doc,
    'div',
    { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'tandem-consent-title', 'aria-describedby': 'tandem-consent-body', class: 'dialog' },
    title,
    body,
    h(doc, 'div', { class: 'actions' }, no, yes),
  );
  const backdrop = h(doc, 'div', { class: 'backdrop' }, dialog);
  const done = (accept: boolean) => {
    backdrop.remove();
    answer(accept);
  };
  yes.addEventListener('click', () => done(true));
  no.addEventListener('click', () => done(false));
  dialog.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') done(false);
    if (e.key === 'Tab') {
      e.preventDefault();
      (ui.root.activeElement === yes ? no : yes).focus();
    }
  });
  ui.root.append(backdrop);
  yes.focus();
  return { remove: () => backdrop.remove() };
}
