// The "Co-browsing code" launcher: a button at the bottom right that opens a small panel with
// the "Code" textbox and "Start". A refused code is announced in a role=alert element.
import type { DockTexts } from './dock';
import { h, type Ui } from './ui';

export interface Launcher {
  refuse(message: string): void;
  /** Closes the panel and clears what was typed. */
  reset(): void;
  remove(): void;
}

export function createLauncher(ui: Ui, texts: DockTexts, onCode: (code: string) => void, onOpen?: () => void): Launcher {
  const doc = ui.root.ownerDocument;
  const button = h(doc, 'button', { class: 'launcher', type: 'button', 'aria-expanded': 'false' }, texts.launcher);
  const input = h(doc, 'input', { type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code' }) as HTMLInputElement;
  const label = h(doc, 'label', {}, texts.codeLabel, input);
  const alert = h(doc, 'p', { role: 'alert', class: 'alert' });
  const start = h(doc, 'button', { type: 'submit' }, texts.start);
  const panel = h(doc, 'form', { class: 'panel', hidden: '' }, label, start, alert);
  panel.setAttribute('aria-label', texts.launcher);

  function toggle(open: boolean): void {
    panel.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    if (open) {
      input.focus();
      onOpen?.();
    }
  }
  button.addEventListener('click', () => toggle(panel.hidden));
  panel.addEventListener('submit', (e) => {
    e.preventDefault();
    // Typed as the console shows it ("382 630") or with a dash: only the digits count.
    const code = input.value.replace(/[\s-]/g, '');
    alert.textContent = '';
    if (!/^\d{6}$/.test(code)) {
      alert.textContent = 'Please type the 6-digit code your agent gave you.';
      return;
    }
    onCode(code);
  });
  ui.dock.append(panel, button);

  return {
    refuse(message) {
      alert.textContent = message;
      input.select();
    },
    reset() {
      input.value = '';
      alert.textContent = '';
      toggle(false);
    },
    remove() {
      button.remove();
      panel.remove();
    },
  };
}
