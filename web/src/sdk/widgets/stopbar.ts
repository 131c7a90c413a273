// While the page is shared: a bar at the bottom with a live dot and "Stop co-browsing", so
// the customer always knows and can end it at once.
import type { Texts } from '../options';
import { h, type Ui } from './ui';

export interface StopBar {
  remove(): void;
  focus(): void;
}

export function showStopBar(ui: Ui, texts: Texts, onStop: () => void): StopBar {
  const doc = ui.root.ownerDocument;
  const stop = h(doc, 'button', { type: 'button' }, texts.stop);
  const bar = h(doc, 'div', { class: 'stopbar', role: 'region', 'aria-label': 'Co-browsing' }, h(doc, 'span', {}, h(doc, 'span', { class: 'dot' }), 'Sharing this page'), stop);
  stop.addEventListener('click', onStop);
  ui.root.append(bar);
  return { remove: () => bar.remove(), focus: () => stop.focus() };
}

/** A short notice at the bottom that fades by itself. */
export function showNotice(ui: Ui, text: string, ms = 4000): void {
  const note = h(ui.root.ownerDocument, 'div', { class: 'notice', role: 'status' }, text);
  ui.root.append(note);
  setTimeout(() => note.remove(), ms);
}
