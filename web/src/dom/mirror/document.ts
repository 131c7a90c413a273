// The mirrored documents themselves: starting one afresh with the customer's compat mode, the
// mirror's own rules, and the listeners on the top mirrored window — the agent's scrolling
// (told apart from scrolling we applied by comparing with the last position we set) and a
// guard that keeps clicks on links and submits from going anywhere, one that keeps media
// silent (media.ts), and one that tells of images that did not load (handover.ts).
import type { DoctypeT } from '../format';
import { imageFailed } from './handover';
import { keepSilent } from './media';
import { doctypeHtml } from './sanitize';
import type { MirrorState } from './state';
import { FOCUS_RING } from './ui';
import { NodeType } from '../node-type';

const UA_RULES = 'noscript{display:none!important}' + FOCUS_RING;

/** Empty `doc` with the customer's doctype parsed in (the only way to get quirks or limited-
 * quirks mode right), then no children at all: the builder appends the real ones. Returns the
 * parsed doctype node, for the builder to put back in its place. */
export function resetDocument(m: MirrorState, doc: Document, doctype: DoctypeT | undefined): DocumentType | null {
  doc.open();
  if (doctype) doc.write(doctypeHtml(String(doctype[1]), String(doctype[2] ?? ''), String(doctype[3] ?? '')));
  doc.close();
  const parsed = doc.doctype;
  while (doc.firstChild) doc.removeChild(doc.firstChild);
  installUaSheet(m, doc);
  return parsed;
}

/** The mirror's own rules, adopted first so customer sheets adopted later come after them. */
export function installUaSheet(m: MirrorState, doc: Document): void {
  const view = doc.defaultView as (Window & typeof globalThis) | null;
  if (!view) return;
  try {
    const sheet = new view.CSSStyleSheet();
    sheet.replaceSync(UA_RULES);
    doc.adoptedStyleSheets = [sheet];
    m.uaSheets.set(doc, sheet);
  } catch { /* no constructable sheets: <noscript> may show, nothing unsafe */ }
}

/** Scroll a mirrored window where the customer's is, remembering where we put it. */
export function scrollWindow(m: MirrorState, doc: Document, x: number, y: number): void {
  const view = doc.defaultView;
  if (!view) return;
  view.scrollTo({ left: x, top: y, behavior: 'instant' as ScrollBehavior });
  m.applied.set(doc, { x: view.scrollX, y: view.scrollY, wantX: x, wantY: y });
}

/** Scroll a mirrored element where the customer's is; if it cannot get there yet (its content
 * is still loading), it is tried again after each batch. */
export function scrollElement(m: MirrorState, el: Element, x: number, y: number): void {
  el.scrollLeft = x;
  el.scrollTop = y;
  if (Math.abs(el.scrollLeft - x) > 1 || Math.abs(el.scrollTop - y) > 1) m.shortScrolls.set(el, { x, y });
  else m.shortScrolls.delete(el);
}

/** Windows and elements that could not reach the customer's position: try again. */
export function retryScrolls(m: MirrorState): void {
  for (const [doc, a] of m.applied) {
    if (!doc.defaultView) { m.applied.delete(doc); continue; }
    if (Math.abs(a.x - a.wantX) > 1 || Math.abs(a.y - a.wantY) > 1) scrollWindow(m, doc, a.wantX, a.wantY);
  }
  for (const [el, want] of m.shortScrolls) {
    if (!el.isConnected) m.shortScrolls.delete(el);
    else scrollElement(m, el, want.x, want.y);
  }
}

const GUARDED = ['click', 'auxclick', 'submit', 'dragstart'];
const MEDIA = ['play', 'volumechange'];

/** Listen on the top mirrored document and window; returns the teardown. */
export function listen(m: MirrorState, doc: Document): () => void {
  const view = doc.defaultView;
  const onScroll = () => {
    if (!view) return;
    const last = m.applied.get(doc);
    const x = view.scrollX, y = view.scrollY;
    if (last && Math.abs(last.x - x) <= 1 && Math.abs(last.y - y) <= 1) return;
    m.hooks.onAgentScroll?.(x, y);
  };
  const guard = (e: Event) => {
    const t = e.target as Element | null;
    if (e.type === 'submit' || (t && t.nodeType === NodeType.Element && t.closest && t.closest('a, area, form button, form input'))) {
      e.preventDefault();
    }
  };
  const silent = (e: Event) => keepSilent(m, e.target);
  const failed = (e: Event) => imageFailed(m, e.target);
  view?.addEventListener('scroll', onScroll, { passive: true });
  for (const type of GUARDED) doc.addEventListener(type, guard, true);
  // Media events do not bubble; capture-phase listeners hear them all the same.
  for (const type of MEDIA) doc.addEventListener(type, silent, true);
  doc.addEventListener('error', failed, true);
  return () => {
    doc.removeEventListener('error', failed, true);
    view?.removeEventListener('scroll', onScroll);
    for (const type of GUARDED) doc.removeEventListener(type, guard, true);
    for (const type of MEDIA) doc.removeEventListener(type, silent, true);
  };
}
