// Building mirrored nodes from wire trees (format.ts), numbering them exactly as capture did.
// Trees are built detached and inserted once; what needs a connected node — a frame's
// document, CSSOM rules of a <style>, form state that depends on sibling options — is queued
// as `post` work and run by the caller after insertion. Every element goes through
// sanitize.ts, so nothing here decides what is safe.
import {
  Kind, NS_CODES, NS_HTML, NS_XLINK, NS_XML, NS_XMLNS, impliedNamespace,
  type BlockT, type Child, type DocT, type ElementT, type FormState, type NodeT,
} from '../format';
import { resetDocument } from './document';
import { handedRoute } from './handover';
import { applyMedia } from './media';
import { framePlaceholder } from './placeholder';
import { ATTR_WAS, Make, boxTag, fixAnchor, fixFrame, fixLink, localOf, makeOf, safeAttr, type AssetRoute } from './sanitize';
import { sheetCss } from './ui';
import type { MirrorState } from './state';
import { NodeType } from '../node-type';

/** The next id to hand out while building one tree. */
export interface Cursor {
  next: number;
  /** The doctype the document was reset with, used for the tree's doctype entry. */
  doctype?: DocumentType | null;
}
export type Post = Array<() => void>;

export const ATTR_BLOCKED = 'data-tandem-blocked';
/** On a mirrored frame whose customer document came from srcdoc: never in quirks mode. */
export const ATTR_NO_QUIRKS = 'data-tandem-no-quirks';

function register(m: MirrorState, node: Node, id: number): void {
  m.nodes.set(id, node);
  m.ids.set(node, id);
}

/** Ids a tree occupies (for parts built later, like a frame's document). */
export function countIds(t: Child): number {
  if (typeof t === 'string' || t === 0) return 1;
  const head = t[0];
  if (head === Kind.State || head === Kind.Sheet) return 0;
  if (head === Kind.Doctype || head === Kind.Block) return 1;
  let n = 1;
  for (let i = typeof head === 'string' ? 2 : 1; i < t.length; i++) n += countIds(t[i] as Child);
  return n;
}

/** Namespace and local name of a wire tag in the context of its parent. */
export function parseTag(tag: string, parentNs: string, parentName: string): [ns: string, name: string] {
  const sp = tag.indexOf(' ');
  if (sp < 0) return [impliedNamespace(parentNs, parentName, tag), tag];
  const code = tag.slice(0, sp);
  return [NS_CODES[code] ?? code, tag.slice(sp + 1)];
}

function parsedElement(doc: Document, name: string): Element | null {
  if (!/^[a-zA-Z][^\s/>\0]*$/.test(name)) return null;
  const t = doc.createElement('template');
  t.innerHTML = '<' + name + '>';
  const el = t.content.firstChild;
  return el && el.nodeType === NodeType.Element ? doc.adoptNode(el as Element) : null;
}

/** createElement that never throws: names the DOM API rejects but the parser accepts (they
 * exist in real pages) go through an inert template; anything else becomes a <span>. */
export function createElement(doc: Document, ns: string, name: string): Element {
  try {
    return ns === NS_HTML ? doc.createElement(name) : doc.createElementNS(ns === '' ? null : ns, name);
  } catch {
    return parsedElement(doc, name) ?? doc.createElement('span');
  }
}

/** Set a (sanitised) attribute; namespaced names on foreign elements get their namespace. A
 * refused value removes what the attribute held before (never a mirror-owned one, nor anything
 * on a frame, whose sandbox is the mirror's), so a
 * later change cannot leave a stale rel, name or href behind. */
export function setAttr(el: Element, lname: string, name: string, value: string, route?: AssetRoute | null): void {
  const safe = safeAttr(lname, name, value, route);
  if (safe === null) {
    if (makeOf(lname) !== Make.Frame && !name.toLowerCase().startsWith('data-tandem-')) {
      try { el.removeAttribute(name); } catch { /* not a name */ }
    }
    return;
  }
  const [n, v] = safe;
  // A <meta name> is kept inert or not by its value: drop the other form of it.
  if (lname === 'meta' && name.toLowerCase() === 'name') el.removeAttribute(n === 'name' ? 'data-tandem-name' : 'name');
  try {
    if (el.namespaceURI !== NS_HTML) {
      const colon = n.indexOf(':');
      const prefix = colon > 0 ? n.slice(0, colon) : n;
      const ns = prefix === 'xlink' ? NS_XLINK : prefix === 'xml' ? NS_XML : prefix === 'xmlns' ? NS_XMLNS : null;
      if (ns !== null && (colon > 0 || n === 'xmlns')) { el.setAttributeNS(ns, n, v); return; }
    }
    el.setAttribute(n, v);
  } catch { /* a name the DOM rejects (the parser accepts more): drop it */ }
}

export function removeAttr(el: Element, lname: string, name: string): void {
  const mapped = safeAttr(lname, name, '');
  if (mapped !== null) el.removeAttribute(mapped[0]);
  if (lname === 'meta' && name.toLowerCase() === 'name') el.removeAttribute('data-tandem-name');
}

/** A customer's stylesheet <link> the mirror holds as a <style> with its rules (capture read them). */
export function isInlinedLink(el: Element): boolean {
  return el.localName === 'style' && el.getAttribute(ATTR_WAS) === 'link';
}

/** Whether attribute ops may touch this element (placeholders and boxes keep their own; an
 * inlined stylesheet link takes them as a link would). */
export function isSubstitute(el: Element): boolean {
  return (el.hasAttribute(ATTR_WAS) && !isInlinedLink(el)) || el.hasAttribute(ATTR_BLOCKED);
}

/** Apply form state (see `FormState`). */
export function applyState(m: MirrorState, el: Element, state: FormState): void {
  try {
    switch (el.localName) {
      case 'input': {
        const input = el as HTMLInputElement;
        if (input.type === 'checkbox' || input.type === 'radio') input.checked = !!state;
        else if (typeof state === 'string' && input.type !== 'file') input.value = state;
        break;
      }
      case 'textarea':
        if (typeof state === 'string') (el as HTMLTextAreaElement).value = state;
        break;
      case 'video':
      case 'audio':
        applyMedia(m, el as HTMLMediaElement, state);
        break;
      case 'select': {
        const select = el as HTMLSelectElement;
        if (Array.isArray(state)) {
          for (let i = 0; i < select.options.length; i++) select.options[i].selected = state.indexOf(i) >= 0;
        } else if (typeof state === 'number') {
          select.selectedIndex = state;
        }
        break;
      }
    }
  } catch { /* a state this browser refuses */ }
}

/** Replace every rule of a connected <style>'s sheet (rules that do not parse here are kept as
 * empty placeholders so later rule indexes still line up with the customer's). */
export function replaceRules(sheet: CSSStyleSheet, rules: string[], route?: AssetRoute | null): void {
  while (sheet.cssRules.length !== 0) sheet.deleteRule(sheet.cssRules.length - 1);
  for (let i = 0; i < rules.length; i++) insertRule(sheet, rules[i], i, route);
}

export function insertRule(sheet: CSSStyleSheet, rule: string, index: number, route?: AssetRoute | null): void {
  const at = Math.max(0, Math.min(index, sheet.cssRules.length));
  try {
    sheet.insertRule(sheetCss(rule, route), at);
  } catch {
    try { sheet.insertRule('@media not all {}', at); } catch { /* give up on this one */ }
  }
}

function buildBlock(doc: Document, t: BlockT, parentNs: string, parentName: string): Element {
  const [ns, name] = parseTag(t[1], parentNs, parentName);
  const tag = boxTag(name);
  const el = createElement(doc, tag === name ? ns : NS_HTML, tag);
  let display = typeof t[4] === 'string' && /^[a-z -]+$/.test(t[4]) ? t[4] : 'block';
  if (display === 'inline') display = 'inline-block';
  const w = Number.isFinite(t[2]) ? t[2] : 0;
  const h = Number.isFinite(t[3]) ? t[3] : 0;
  el.setAttribute(ATTR_BLOCKED, '');
  if (tag !== name) el.setAttribute(ATTR_WAS, name);
  el.setAttribute('style', `display:${display};width:${w}px;height:${h}px;box-sizing:border-box;` +
    'background:repeating-linear-gradient(45deg,#e3e3e3 0 8px,#d2d2d2 8px 16px);');
  return el;
}

/** A sized, inert stand-in for plugin content (<object>, <embed>…). */
function buildBox(doc: Document, t: ElementT, name: string): Element {
  const el = doc.createElement('span');
  el.setAttribute(ATTR_WAS, name);
  const attrs = t[1];
  let w = '', h = '';
  if (attrs !== 0) {
    for (let i = 0; i < attrs.length; i += 2) {
      const n = attrs[i], v = attrs[i + 1];
      if (n === 'width') w = v; else if (n === 'height') h = v; else if (n === 'class' || n === 'id') setAttr(el, 'span', n, v);
    }
  }
  const px = (v: string) => (/^\d+(\.\d+)?$/.test(v) ? v + 'px' : /^\d+(\.\d+)?%$/.test(v) ? v : '');
  el.setAttribute('style', `display:inline-block;width:${px(w) || '300px'};height:${px(h) || '150px'};`);
  return el;
}

/** Build one node (and its subtree) from the wire. */
export function buildNode(m: MirrorState, doc: Document, t: NodeT, parentNs: string, parentName: string, cur: Cursor, post: Post, inStyle: boolean): Node {
  if (typeof t === 'string') {
    const text = doc.createTextNode(inStyle ? sheetCss(t, m.assets) : t);
    register(m, text, cur.next++);
    return text;
  }
  if (t === 0) {
    const c = doc.createComment('');
    register(m, c, cur.next++);
    return c;
  }
  const head = t[0];
  if (typeof head === 'string') return buildElement(m, doc, t as ElementT, parentNs, parentName, cur, post);
  if (head === Kind.Block) {
    const el = buildBlock(doc, t as BlockT, parentNs, parentName);
    register(m, el, cur.next++);
    return el;
  }
  if (head === Kind.Doctype) {
    let dt: DocumentType;
    if (cur.doctype) {
      dt = cur.doctype;
      cur.doctype = null;
    } else try {
      dt = doc.implementation.createDocumentType(String(t[1]) || 'html', String(t[2] ?? ''), String(t[3] ?? ''));
    } catch {
      dt = doc.implementation.createDocumentType('html', '', '');
    }
    register(m, dt, cur.next++);
    return dt;
  }
  // A shadow root or document where an ordinary node was expected: keep the numbering, insert
  // an empty comment in its place.
  const c = doc.createComment('');
  register(m, c, cur.next);
  cur.next += countIds(t as Child);
  return c;
}

function buildElement(m: MirrorState, doc: Document, t: ElementT, parentNs: string, parentName: string, cur: Cursor, post: Post): Element {
  const [ns, name] = parseTag(t[0], parentNs, parentName);
  const lname = localOf(name);
  const id = cur.next++;
  const make = makeOf(name);
  if (make === Make.Placeholder || make === Make.Box) {
    let el: Element;
    if (make === Make.Box) {
      el = buildBox(doc, t, lname);
    } else {
      el = doc.createElement('template');
      el.setAttribute(ATTR_WAS, name.toLowerCase());
      // A <script> or <base> keeps its attributes, inert on the template under data-tandem- names
      // (what would be refused on any element is refused here too).
      const attrs = t[1];
      if (lname.length === name.length && attrs !== 0 && Array.isArray(attrs)) {
        for (let i = 0; i + 1 < attrs.length; i += 2) {
          const safe = safeAttr(lname, String(attrs[i]), String(attrs[i + 1]));
          if (safe === null) continue;
          const n = safe[0].startsWith('data-tandem-') ? safe[0] : 'data-tandem-' + safe[0].toLowerCase();
          try { el.setAttribute(n, safe[1]); } catch { /* a name the DOM rejects */ }
        }
      }
    }
    register(m, el, id);
    for (let i = 2; i < t.length; i++) cur.next += countIds(t[i] as Child);
    return el;
  }
  let sheet: string[] | null = null;
  for (let i = 2; i < t.length; i++) {
    const k = t[i];
    if (Array.isArray(k) && k[0] === Kind.Sheet) sheet = k[1] as string[];
  }
  // A stylesheet link whose rules capture read (same origin or CORS) is built as a <style> with
  // them: the rules as the customer's browser parsed them, with no fetch the agent's side might
  // fail (a private or query-addressed sheet: addresses leave without their query), and CSSOM
  // ops apply at once. It says it was a link, and takes the link's attributes (href inert).
  const linkAsStyle = lname === 'link' && sheet !== null;
  const el = linkAsStyle ? doc.createElement('style') : createElement(doc, ns, name);
  if (linkAsStyle) el.setAttribute(ATTR_WAS, 'link');
  register(m, el, id);
  const attrs = t[1];
  if (attrs !== 0 && Array.isArray(attrs)) {
    const route = handedRoute(m);
    for (let i = 0; i + 1 < attrs.length; i += 2) setAttr(el, lname, String(attrs[i]), String(attrs[i + 1]), route);
  }
  if (make === Make.Frame) {
    fixFrame(el);
    if (attrs !== 0 && Array.isArray(attrs) && attrs.indexOf('srcdoc') % 2 === 0) el.setAttribute(ATTR_NO_QUIRKS, '');
  }
  else if (lname === 'a' || lname === 'area') fixAnchor(el);
  else if (lname === 'link' && !linkAsStyle) fixLink(el, m.assets);
  if (linkAsStyle) el.textContent = (sheet as string[]).map((r) => sheetCss(r, m.assets)).join('\n');

  const inStyle = lname === 'style';
  const childNs = el.namespaceURI ?? '';
  // A frame sent without its document (another origin's): a labelled box until one arrives.
  if (make === Make.Frame && !t.some((k, i) => i > 1 && Array.isArray(k) && k[0] === Kind.Doc)) post.push(() => framePlaceholder(el));
  for (let i = 2; i < t.length; i++) {
    const k = t[i] as Child;
    if (Array.isArray(k)) {
      const kind = k[0];
      if (kind === Kind.Shadow) {
        buildShadow(m, doc, el, k as Child[], cur, post);
        continue;
      }
      if (kind === Kind.Doc) {
        const start = cur.next;
        cur.next += countIds(k);
        post.push(() => buildFrameDocument(m, el, k as DocT, start));
        continue;
      }
      if (kind === Kind.State) {
        const state = k[1] as FormState;
        if (typeof state === 'string') m.values.set(el, state);
        post.push(() => applyState(m, el, state));
        continue;
      }
      if (kind === Kind.Sheet) {
        if (!linkAsStyle) {
          const rules = k[1] as string[];
          post.push(() => {
            const s = (el as HTMLStyleElement).sheet;
            if (s) replaceRules(s, rules, m.assets);
          });
        }
        continue;
      }
    }
    el.appendChild(buildNode(m, doc, k as NodeT, childNs, name, cur, post, inStyle));
  }
  if ((lname === 'input' || lname === 'textarea') && !m.values.has(el)) {
    // The value capture last saw, which its next Edit is relative to.
    post.push(() => { if (!m.values.has(el)) m.values.set(el, (el as HTMLInputElement).value); });
  }
  return el;
}

/** Attach (or reuse) the open shadow root of `host` and build `[Kind.Shadow, ...children]`. */
export function buildShadow(m: MirrorState, doc: Document, host: Element, t: Child[], cur: Cursor, post: Post): void {
  let root: ShadowRoot | DocumentFragment;
  try {
    root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
    while (root.firstChild) root.removeChild(root.firstChild);
  } catch {
    root = doc.createDocumentFragment(); // cannot host a shadow root here: build into a sink
  }
  register(m, root, cur.next++);
  const ns = host.namespaceURI ?? '';
  for (let i = 1; i < t.length; i++) {
    const k = t[i];
    if (Array.isArray(k) && (k[0] === Kind.State || k[0] === Kind.Sheet)) continue;
    root.appendChild(buildNode(m, doc, k as NodeT, ns, host.localName, cur, post, false));
  }
}

/** Build a frame's document once the frame element is connected (before that it has none). */
export function buildFrameDocument(m: MirrorState, frame: Element, t: DocT, start: number): void {
  let doc: Document | null = null;
  try { doc = (frame as HTMLIFrameElement).contentDocument; } catch { doc = null; }
  if (doc === null) return;
  buildDocument(m, doc, t, { next: start });
}

/** Rebuild `doc` from scratch as `[Kind.Doc, ...children]`: fresh document (right compat mode
 * from the doctype), then the children, then post work. */
export function buildDocument(m: MirrorState, doc: Document, t: DocT, cur: Cursor): void {
  let doctype: Child | undefined;
  for (let i = 1; i < t.length; i++) {
    const k = t[i];
    if (Array.isArray(k) && k[0] === Kind.Doctype) { doctype = k; break; }
  }
  let frame: Element | null = null;
  try { frame = doc.defaultView?.frameElement ?? null; } catch { frame = null; }
  if (frame) m.frameDocs.set(frame, doc);
  const mode = doctype ?? (frame?.hasAttribute(ATTR_NO_QUIRKS) ? [Kind.Doctype, 'html', '', ''] : undefined);
  cur.doctype = resetDocument(m, doc, mode as [Kind.Doctype, string, string, string] | undefined);
  register(m, doc, cur.next++);
  const post: Post = [];
  for (let i = 1; i < t.length; i++) {
    const k = t[i];
    if (Array.isArray(k) && (k[0] === Kind.State || k[0] === Kind.Sheet)) continue;
    doc.appendChild(buildNode(m, doc, k as NodeT, NS_HTML, '#document', cur, post, false));
  }
  for (const p of post) p();
}
