// The customer's hover and focus, as the agent sees them. The mirror cannot make its elements
// :hover or :focus, so stylesheets are rewritten on their way in — `:hover` becomes
// `[data-tandem-hover]`, likewise :focus, :focus-visible, :focus-within — and the Ui op puts
// those attributes where the customer's pointer and focus are, on the element and (as the
// pseudo-classes do) its ancestors across shadow roots and frames. The agent's own pointer no
// longer triggers hover styles the customer does not see. (Rules of stylesheets the mirror
// loads by URL, cross-origin ones, cannot be rewritten: they keep plain :hover.)
import { closePicker, openPicker } from './picker';
import { safeCss, type AssetRoute } from './sanitize';
import type { MirrorState } from './state';
import { NodeType } from '../node-type';

export const ATTR_HOVER = 'data-tandem-hover';
export const ATTR_FOCUS = 'data-tandem-focus';
export const ATTR_FOCUS_VISIBLE = 'data-tandem-focus-visible';
export const ATTR_FOCUS_WITHIN = 'data-tandem-focus-within';

/** The mirror's own rule for a visible focus: the browser's ring, under any rule of the page. */
export const FOCUS_RING = `:where([${ATTR_FOCUS_VISIBLE}]){outline:-webkit-focus-ring-color auto 1px}`;

// Not after `(hover` or `(any-hover`: `@media (hover:hover)` is a media feature, not a selector.
const PSEUDO = /(?<!\(\s*(?:any-)?hover\s*):(hover|focus-visible|focus-within|focus)(?![\w-])/g;

/** Stylesheet text as the mirror uses it: made safe (sanitize.ts), pseudo-classes rewritten. */
export function sheetCss(css: string, route?: AssetRoute | null): string {
  const safe = safeCss(css, route);
  return safe.indexOf(':hover') < 0 && safe.indexOf(':focus') < 0 ? safe : safe.replace(PSEUDO, '[data-tandem-$1]');
}

/** The parent in the flat tree: across a shadow root to its host, out of a frame to its element. */
function up(n: Node): Node | null {
  if (n.nodeType === NodeType.Fragment) return (n as ShadowRoot).host ?? null;
  if (n.nodeType === NodeType.Document) {
    try { return (n as Document).defaultView?.frameElement ?? null; } catch { return null; }
  }
  return n.parentNode;
}

function mark(m: MirrorState, el: Node | null, attr: string, chain: boolean): void {
  for (let n = el; n !== null; n = chain ? up(n) : null) {
    if (n.nodeType !== NodeType.Element) continue;
    (n as Element).setAttribute(attr, '');
    m.uiMarks.push([n as Element, attr]);
  }
}

/** Apply a Ui op: the hovered element and the focused one (0: none), whether focus shows, and
 * whether the focused control's picker is open (picker.ts). */
export function applyUi(m: MirrorState, hoverId: number, focusId: number, visible: number, open: number): void {
  for (const [el, attr] of m.uiMarks) el.removeAttribute(attr);
  m.uiMarks.length = 0;
  mark(m, m.nodes.get(hoverId) ?? null, ATTR_HOVER, true);
  const focus = m.nodes.get(focusId) ?? null;
  mark(m, focus, ATTR_FOCUS, false);
  mark(m, focus, ATTR_FOCUS_WITHIN, true);
  if (visible) mark(m, focus, ATTR_FOCUS_VISIBLE, false);
  if (m.picker !== null) closePicker(m.picker.ownerDocument);
  m.picker = open && focus !== null && focus.nodeType === NodeType.Element ? focus as Element : null;
  drawPicker(m);
}

/** Draw the open picker again (at the end of each batch: the options or value may have changed). */
export function drawPicker(m: MirrorState): void {
  const el = m.picker;
  if (el === null) return;
  if (!el.isConnected) { closePicker(el.ownerDocument); m.picker = null; return; }
  openPicker(el);
}
