// The SDK's own UI lives in one open shadow root on a host element marked `data-tandem-ui`:
// the page's CSS cannot reach in, ours cannot leak out, and the capture skips the host so the
// agent never sees the customer's co-browsing widgets.
export interface Ui {
  root: ShadowRoot;
  /** The bottom-right column that holds the launcher buttons, with any open panel above them. */
  dock: HTMLElement;
  remove(): void;
}

const CSS = `
:host { all: initial; }
[hidden] { display: none !important; }
* { box-sizing: border-box; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
button { cursor: pointer; border: 0; border-radius: 8px; padding: 8px 14px; font-weight: 600;
  background: var(--tandem-color); color: #fff; }
button:focus-visible, input:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
button.secondary { background: #e5e7eb; color: #111827; }
.dock { position: fixed; right: 20px; bottom: 20px; z-index: 2147483646; display: flex; flex-direction: column; align-items: flex-end; gap: 8px; }
.launcher { box-shadow: 0 4px 14px rgba(0,0,0,.2); order: 3; }
.help-chat { background: #fff; color: var(--tandem-color); order: 1; }
.help-call { background: #fff; color: var(--tandem-color); order: 2; }
.panel.help { width: 300px; }
.stack { display: grid; gap: 8px; }
.stack label { display: grid; gap: 4px; font-weight: 600; }
.stack input, .stack textarea { padding: 7px 9px; border: 1px solid #9ca3af; border-radius: 8px; font-size: 14px; letter-spacing: normal; }
.row { display: flex; gap: 6px; } .row input { flex: 1; min-width: 0; }
.log { list-style: none; margin: 0; padding: 0; max-height: 200px; overflow: auto; display: grid; gap: 4px; }
.log li { padding: 4px 8px; border-radius: 8px; background: #f3f4f6; } .log li.agent { background: #dbeafe; }
.panel { order: 0; width: 260px; background: #fff; color: #111827;
  border-radius: 12px; padding: 14px; box-shadow: 0 10px 30px rgba(0,0,0,.25); display: grid; gap: 8px; }
.panel label { display: grid; gap: 4px; font-weight: 600; }
.panel input { padding: 8px 10px; border: 1px solid #9ca3af; border-radius: 8px; font-size: 18px; letter-spacing: 4px; }
.alert { color: #b91c1c; min-height: 1em; margin: 0; }
.backdrop { position: fixed; inset: 0; z-index: 2147483647; background: rgba(17,24,39,.45); display: grid; place-items: center; }
.dialog { background: #fff; color: #111827; border-radius: 14px; padding: 20px 22px; width: min(420px, 90vw);
  box-shadow: 0 20px 50px rgba(0,0,0,.3); display: grid; gap: 12px; }
.dialog h2 { margin: 0; font-size: 18px; font-weight: 700; }
.dialog p { margin: 0; }
.actions { display: flex; gap: 10px; justify-content: flex-end; }
.stopbar { position: fixed; left: 50%; bottom: 12px; transform: translateX(-50%); z-index: 2147483646;
  display: flex; align-items: center; gap: 12px; background: #111827; color: #fff; border-radius: 999px;
  padding: 6px 6px 6px 16px; box-shadow: 0 6px 20px rgba(0,0,0,.3); }
.stopbar .dot { width: 10px; height: 10px; border-radius: 50%; background: #ef4444; display: inline-block; margin-right: 6px; }
.stopbar button { background: #ef4444; border-radius: 999px; }
.notice { position: fixed; left: 50%; bottom: 12px; transform: translateX(-50%); z-index: 2147483646; background: #111827;
  color: #fff; border-radius: 999px; padding: 8px 16px; }
`;

export function createUi(doc: Document, color: string): Ui {
  const host = doc.createElement('div');
  host.setAttribute('data-tandem-ui', '');
  const root = host.attachShadow({ mode: 'open' });
  const style = doc.createElement('style');
  style.textContent = CSS;
  root.appendChild(style);
  host.style.setProperty('--tandem-color', color);
  const dock = doc.createElement('div');
  dock.className = 'dock';
  root.appendChild(dock);
  (doc.body ?? doc.documentElement).appendChild(host);
  return { root, dock, remove: () => host.remove() };
}

/** Small DOM builder for widget markup: `h('button', { class: 'x' }, 'Text')`. */
export function h(doc: Document, tag: string, attrs: Record<string, string>, ...children: (Node | string)[]): HTMLElement {
  const el = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) el.append(c);
  return el;
}
