// The SDK's own UI lives in one open shadow root on a host element marked `data-tandem-ui`:
// the page's CSS cannot reach in, ours cannot leak out, and the capture skips the host so the
// agent never sees the customer's co-browsing widgets. Every page gets the dock's styles
// (ui.css); the core adds those of its widgets (`addStyles`).
import CSS from './ui.css';

export interface Ui {
  root: ShadowRoot;
  /** The bottom-right column that holds the launcher buttons, with any open panel above them. */
  dock: HTMLElement;
  remove(): void;
}

export function createUi(doc: Document, color: string): Ui {
  const host = doc.createElement('div');
  host.setAttribute('data-tandem-ui', '');
  const root = host.attachShadow({ mode: 'open' });
  addStyles(root, CSS);
  host.style.setProperty('--tandem-color', color);
  const dock = doc.createElement('div');
  dock.className = 'dock';
  root.appendChild(dock);
  (doc.body ?? doc.documentElement).appendChild(host);
  return { root, dock, remove: () => host.remove() };
}

/** Adds a stylesheet to the widgets' shadow root: a constructed one, which a site's
 * Content-Security-Policy without `'unsafe-inline'` styles does not block (README); a `<style>`
 * where browsers cannot construct one. */
export function addStyles(root: ShadowRoot, css: string): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } catch {
    const style = root.ownerDocument.createElement('style');
    style.textContent = css;
    root.appendChild(style);
  }
}

/** Small DOM builder for widget markup: `h('button', { class: 'x' }, 'Text')`. */
export function h(doc: Document, tag: string, attrs: Record<string, string>, ...children: (Node | string)[]): HTMLElement {
  const el = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) el.append(c);
  return el;
}
