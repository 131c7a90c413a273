// The "Accept co-browsing?" dialog with "Yes" and "No". Modal: Tab and Shift+Tab stay inside
// until it is answered, Escape says No, and focus then goes back where it was (if still there).
import type { Texts } from '../options';
import { h, type Ui } from './ui';

export interface ConsentDialog {
  remove(): void;
}

/** `answer` gets the customer's choice and the words they were shown (for the audit log). */
export function askConsent(ui: Ui, texts: Texts, agent: string, answer: (accept: boolean, shown: string) => void): ConsentDialog {
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
  let before = doc.activeElement;
  while (before?.shadowRoot?.activeElement) before = before.shadowRoot.activeElement;
  const done = (accept: boolean) => {
    backdrop.remove();
    if (before?.isConnected) (before as HTMLElement).focus?.();
    answer(accept, `${title.textContent} ${body.textContent}`);
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
