// The customer stays in charge of remote control: while the agent controls, a bar above the
// "Stop co-browsing" one says so, with "Take back control"; when the site asks first (or
// after taking control back), the dialog "Allow remote control?" with "Allow" and "Deny"
// comes before anything happens.
import type { ControlTexts as Texts } from '../control/texts';
import { h, type Ui } from './ui';

export interface Removable {
  remove(): void;
}

const CSS = `.controlbar { position: fixed; left: 50%; bottom: 64px; transform: translateX(-50%); z-index: 2147483646; display: flex;
  align-items: center; gap: 12px; background: #b91c1c; color: #fff; border-radius: 999px; padding: 6px 6px 6px 16px;
  box-shadow: 0 6px 20px rgba(0,0,0,.3); }
.controlbar button { background: #fff; color: #b91c1c; border-radius: 999px; }`;

export function showControlBar(ui: Ui, texts: Texts, agent: string, onTakeBack: () => void): Removable {
  const doc = ui.root.ownerDocument;
  const back = h(doc, 'button', { type: 'button' }, texts.takeBack);
  const bar = h(doc, 'div', { class: 'controlbar', role: 'region', 'aria-label': 'Remote control' },
    h(doc, 'style', {}, CSS), h(doc, 'span', {}, texts.controlling.replace('{agent}', agent || texts.agentName)), back);
  back.addEventListener('click', onTakeBack);
  ui.root.append(bar);
  return bar;
}

export function askControl(ui: Ui, texts: Texts, agent: string, answer: (allowed: boolean) => void): Removable {
  const doc = ui.root.ownerDocument;
  const deny = h(doc, 'button', { type: 'button', class: 'secondary' }, texts.deny);
  const allow = h(doc, 'button', { type: 'button' }, texts.allow);
  const backdrop = h(doc, 'div', { class: 'backdrop' },
    h(doc, 'div', { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'tandem-control-title', class: 'dialog' },
      h(doc, 'h2', { id: 'tandem-control-title' }, texts.askControlTitle),
      h(doc, 'p', {}, texts.askControlBody.replace('{agent}', agent || texts.agentName)),
      h(doc, 'div', { class: 'actions' }, deny, allow)));
  const done = (allowed: boolean) => {
    backdrop.remove();
    answer(allowed);
  };
  allow.addEventListener('click', () => done(true));
  deny.addEventListener('click', () => done(false));
  backdrop.addEventListener('keydown', (e) => e.key === 'Escape' && done(false));
  ui.root.append(backdrop);
  deny.focus();
  return backdrop;
}
