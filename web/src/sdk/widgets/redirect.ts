// "You are about to be redirected. OK?" with "OK" and "Cancel": asked before the agent's link
// takes the customer outside the company's domains.
import type { Texts } from '../options';
import { h, type Ui } from './ui';

export function askRedirect(ui: Ui, texts: Texts, url: string, answer: (ok: boolean) => void): void {
  const doc = ui.root.ownerDocument;
  const title = h(doc, 'h2', { id: 'tandem-redirect-title' }, texts.redirectTitle);
  const where = h(doc, 'p', { id: 'tandem-redirect-url' }, url);
  const cancel = h(doc, 'button', { type: 'button', class: 'secondary' }, texts.cancel);
  const ok = h(doc, 'button', { type: 'button' }, texts.ok);
  const dialog = h(
    doc,
    'div',
    { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'tandem-redirect-title', 'aria-describedby': 'tandem-redirect-url', class: 'dialog' },
    title,
    where,
    h(doc, 'div', { class: 'actions' }, cancel, ok),
  );
  const backdrop = h(doc, 'div', { class: 'backdrop' }, dialog);
  const done = (accepted: boolean) => {
    backdrop.remove();
    answer(accepted);
  };
  ok.addEventListener('click', () => done(true));
  cancel.addEventListener('click', () => done(false));
  dialog.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') done(false);
  });
  ui.root.append(backdrop);
  ok.focus();
}
