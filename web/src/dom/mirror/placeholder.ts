// What the agent sees in place of a frame whose document the customer's page cannot read — a
// third-party iframe (a map, a video player, an ad) on another origin without the SDK: a labelled
// box of the frame's own size instead of a blank hole. The mirror never loads the frame's
// address itself (the agent's browser must not fetch what the customer's page points at), so the
// label names only the host the customer's frame shows. The box is the mirror's own UI: no id
// names it, and a document that arrives for the frame later (a frame stitched in by its own
// SDK, or a same-origin one that loaded) replaces it.
import { ATTR_UI } from '../format';

/** The label a placeholder shows for a frame whose address was `src` ('' or null: none). */
export function placeholderLabel(src: string | null): string {
  let host = '';
  try { host = src ? new URL(src).host : ''; } catch { host = ''; }
  return host ? `Content from ${host} is not shared` : 'Embedded content is not shared';
}

/** Fill the (empty) document of the mirrored frame `frame` with its placeholder. */
export function framePlaceholder(frame: Element): void {
  let doc: Document | null = null;
  try { doc = (frame as HTMLIFrameElement).contentDocument; } catch { doc = null; }
  if (!doc) return;
  if (!doc.documentElement) doc.appendChild(doc.createElement('html'));
  let body = doc.body;
  if (!body) body = (doc.documentElement as HTMLElement).appendChild(doc.createElement('body'));
  if (body.firstChild !== null) return;
  body.setAttribute('style', 'margin:0;height:100vh;');
  const box = doc.createElement('div');
  box.setAttribute(ATTR_UI, '');
  box.setAttribute('role', 'note');
  box.setAttribute('style', 'box-sizing:border-box;height:100%;display:flex;align-items:center;justify-content:center;' +
    'text-align:center;padding:8px;border:2px dashed #9aa0a6;background:#f1f3f4;color:#3c4043;font:13px system-ui,sans-serif;');
  box.textContent = placeholderLabel(frame.getAttribute('data-tandem-src'));
  body.appendChild(box);
}
