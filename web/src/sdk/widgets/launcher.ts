// The "Co-browsing code" panel: the "Code" textbox and "Start", opened by the dock's
// "Co-browsing code" button (dock.ts) above it. A refused code is announced in a role=alert
// element. Part of the core, not of the launcher bundle: a visitor who never opens it does not
// download it, and the first press of the button brings the core, which opens the panel (the
// core is fetched ahead as soon as the pointer reaches the button, page.ts).
import type { Texts } from '../options';
import { h, type Ui } from './ui';

export interface Launcher {
  /** Opens the panel, or closes it when open. */
  toggle(): void;
  refuse(message: string): void;
  /** Closes the panel and clears what was typed. */
  reset(): void;
  /** Takes the panel and the button away. */
  remove(): void;
}

export function createLauncher(ui: Ui, button: HTMLElement, texts: Texts, onCode: (code: string) => void): Launcher {
  const doc = ui.root.ownerDocument;
  const input = h(doc, 'input', { type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code' }) as HTMLInputElement;
  const label = h(doc, 'label', {}, texts.codeLabel, input);
  const alert = h(doc, 'p', { role: 'alert', class: 'alert' });
  const start = h(doc, 'button', { type: 'submit' }, texts.start);
  const panel = h(doc, 'form', { class: 'panel', hidden: '' }, label, start, alert);
  panel.setAttribute('aria-label', texts.launcher);

  function show(open: boolean): void {
    panel.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    if (open) input.focus();
  }
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
  button.before(panel);

  return {
    toggle: () => show(panel.hidden),
    refuse(message) {
      alert.textContent = message;
      input.select();
    },
    reset() {
      input.value = '';
      alert.textContent = '';
      show(false);
    },
    remove() {
      button.remove();
      panel.remove();
    },
  };
}
