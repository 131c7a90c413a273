// Serialisation: a live node and its subtree → a `NodeT` tree, numbering every node on the way
// (pre-order, as format.ts defines). This is the snapshot's hot path (≥ 1,500 nodes/ms), so it
// walks with firstChild/nextSibling, reads attributes by name, keeps per-node work to a few
// property reads, and only looks at the site's policy selectors through WeakSets filled once
// per root (privacy.ts). Tag-specific work (form state, stylesheets, frames, blocked boxes) is
// found through one table lookup.
import {
  ATTR_BLOCK, ATTR_MASK, ATTR_UI, ATTR_UNMASK, Kind, NS_HTML, NS_MATHML, NS_SVG, impliedNamespace,
  type Attrs, type Child, type DocT, type ElementT, type NodeT, type ShadowT,
} from '../format';
import { attrKind, attrValue, isHandler } from './attrs';
import { formState } from './inputs';
import { blockBox, collectPolicy, isSecretInput, maskText } from './privacy';
import { TextMode, type CaptureState, type Tagged } from './state';
import { linkRules, styleRules } from './styles';
import { absoluteCss, urlBase } from './urls';
import { NodeType } from '../node-type';

/** Whether the current slice is out of time (the clock is read every 256 nodes); once late,
 * serialisation defers what is left to the next slice (see `pending` in state.ts). */
export function late(s: CaptureState): boolean {
  if (s.late) return true;
  if (--s.tick > 0) return false;
  s.tick = 256;
  return (s.late = performance.now() > s.deadline);
}

/** Start a slice of `ms` milliseconds (Infinity: never defer). */
export function beginSlice(s: CaptureState, ms: number): void {
  s.deadline = performance.now() + ms;
  s.tick = 256;
  s.late = false;
}


const OPAQUE = 1, STYLE = 2, LINK = 3, FORM = 4, FRAME = 5, EMBED = 6, CANVAS = 7;

const TAGS: Record<string, number> = Object.assign(Object.create(null), {
  script: OPAQUE, noscript: OPAQUE, style: STYLE, link: LINK,
  input: FORM, textarea: FORM, select: FORM, video: FORM, audio: FORM,
  iframe: FRAME, frame: FRAME, object: EMBED, embed: EMBED, applet: EMBED, canvas: CANVAS,
});

function nsCode(ns: string | null): string {
  return ns === NS_SVG ? 's' : ns === NS_MATHML ? 'm' : ns === NS_HTML ? 'h' : ns === null ? '' : ns;
}

/** Serialise `node` (a child of an element named `parentName` in `parentNs`), or null when it
 * is not captured at all (SDK widgets, processing instructions). */
export function serializeNode(s: CaptureState, node: Node, parentNs: string, parentName: string, mode: TextMode): NodeT | null {
  switch (node.nodeType) {
    case NodeType.Element:
      return serializeElement(s, node as Element, parentNs, parentName, mode);
    case NodeType.Text:
    case NodeType.CData: {
      (node as unknown as Tagged)[s.id] = s.nextId++;
      const data = (node as Text).data;
      if (mode === TextMode.Plain) return data;
      if (mode === TextMode.Css) return absoluteCss(s.url, data);
      return maskText(data);
    }
    case NodeType.Comment:
      (node as unknown as Tagged)[s.id] = s.nextId++;
      return 0;
    case NodeType.Doctype: {
      (node as unknown as Tagged)[s.id] = s.nextId++;
      const dt = node as DocumentType;
      return [Kind.Doctype, dt.name, dt.publicId, dt.systemId];
    }
  }
  return null;
}

function serializeElement(s: CaptureState, el: Element, parentNs: string, parentName: string, mode: TextMode): NodeT | null {
  const name = el.localName;
  let blocked = false;
  let mask = false;
  let unmask = false;
  let names: string[] | null = null;
  if (el.hasAttributes()) {
    names = el.getAttributeNames();
    for (let i = 0; i < names.length; i++) {
      const n = names[i];
      if (n.length > 12 && n.charCodeAt(0) === 100 && n.charCodeAt(5) === 116 && n.startsWith('data-tandem-')) {
        if (n === ATTR_UI) return null;
        if (n === ATTR_MASK) mask = true; else if (n === ATTR_BLOCK) blocked = true; else if (n === ATTR_UNMASK) unmask = true;
      }
    }
  }
  if (s.policy) {
    if (s.polBlock.has(el)) blocked = true;
    if (s.polMask.has(el)) mask = true;
    if (s.polUnmask.has(el)) unmask = true;
  }
  if (mask) { mode = TextMode.Masked; s.maskRoots.add(el); s.maskRootCount++; }
  if (unmask) { s.unmaskRoots.add(el); if (mode === TextMode.Private) mode = TextMode.Plain; }
  const kind = TAGS[name];
  const secret = kind === FORM && name !== 'video' && name !== 'audio' && isSecretInput(s, el);
  // A select or textarea secret by nature is a masked region of its own: options, text and all.
  if (secret && name !== 'input') { mode = TextMode.Masked; s.maskRootCount++; }
  const masked = mode === TextMode.Masked || mode === TextMode.Private;

  (el as unknown as Tagged)[s.id] = s.nextId++;
  const ns = el.namespaceURI;
  const implied = parentNs === NS_HTML && name !== 'svg' && name !== 'math' ? NS_HTML : impliedNamespace(parentNs, parentName, name);
  const tag = ns === implied ? name : nsCode(ns) + ' ' + name;

  if (blocked || kind === EMBED) {
    s.blocked.add(el);
    s.opaque.add(el);
    const [w, h, display] = blockBox(el);
    return [Kind.Block, tag, w, h, display];
  }

  let attrs: Attrs | 0 = 0;
  if (names !== null) {
    const list: string[] = [];
    for (let i = 0; i < names.length; i++) {
      const n = names[i];
      if (isHandler(n)) continue;
      const v = el.getAttribute(n);
      if (v === null) continue;
      const k = attrKind(n);
      if (k === undefined && !masked) { list.push(n, v); continue; }
      const out = attrValue(s, el, n, v, k, masked, secret);
      if (out !== null) list.push(n, out);
    }
    if (list.length !== 0) attrs = list;
  }
  const out: ElementT = [tag, attrs];
  if (kind === OPAQUE) {
    s.opaque.add(el);
    return out;
  }

  const sr = el.shadowRoot;
  if (sr !== null) out.push(serializeShadow(s, sr, ns ?? '', name, mode));
  if (kind === FRAME) {
    const doc = frameDocument(el);
    if (doc !== null) out.push(serializeDoc(s, doc, mode));
  }
  const childMode = kind === STYLE ? TextMode.Css : mode;
  const childNs = ns ?? '';
  // Form controls and styles are sent whole: their extras describe all their children.
  const deferrable = kind !== FORM && kind !== STYLE;
  for (let c = el.firstChild; c !== null; c = c.nextSibling) {
    if (deferrable && late(s)) { s.pending.push(el); break; }
    const t = serializeNode(s, c, childNs, name, childMode);
    if (t !== null) out.push(t);
  }

  if (kind === FORM) {
    const state = formState(s, el, masked, true);
    if (state !== null) out.push([Kind.State, state]);
  } else if (kind === STYLE) {
    const rules = styleRules(s, el as HTMLStyleElement);
    if (rules !== null) out.push([Kind.Sheet, rules]);
  } else if (kind === LINK) {
    const rules = linkRules(s, el as HTMLLinkElement);
    if (rules !== null) out.push([Kind.Sheet, rules]);
  } else if (kind === CANVAS) {
    if (!masked) s.canvases.add(el as HTMLCanvasElement);
  }
  return out;
}

/** An open shadow root, as `[Kind.Shadow, ...children]`; starts observing it. */
export function serializeShadow(s: CaptureState, root: ShadowRoot, hostNs: string, hostName: string, mode: TextMode): ShadowT {
  (root as unknown as Tagged)[s.id] = s.nextId++;
  s.attachRoot(root);
  if (s.policy) collectPolicy(s, root);
  const out: ShadowT = [Kind.Shadow];
  for (let c = root.firstChild; c !== null; c = c.nextSibling) {
    if (late(s)) { s.pending.push(root); break; }
    const t = serializeNode(s, c, hostNs, hostName, mode);
    if (t !== null) out.push(t);
  }
  return out;
}

/** A document (the top one or a same-origin frame's), as `[Kind.Doc, ...children]`. */
export function serializeDoc(s: CaptureState, doc: Document, mode: TextMode): DocT {
  const base = s.url, baseDoc = s.baseDoc;
  useBase(s, doc);
  s.attachRoot(doc);
  if (s.policy) collectPolicy(s, doc);
  (doc as unknown as Tagged)[s.id] = s.nextId++;
  const out: DocT = [Kind.Doc];
  for (let c = doc.firstChild; c !== null; c = c.nextSibling) {
    if (late(s)) { s.pending.push(doc); break; }
    const t = serializeNode(s, c, NS_HTML, '#document', mode);
    if (t !== null) out.push(t as Child);
  }
  s.url = base;
  s.baseDoc = baseDoc;
  return out;
}

/** The document shown by a frame element if this window may read it (same origin). */
export function frameDocument(el: Element): Document | null {
  try {
    return (el as HTMLIFrameElement).contentDocument;
  } catch {
    return null;
  }
}

/** Resolve URLs against `doc`'s base from now on (frames have their own). The base is read
 * once per document per flush (`baseDoc` is reset when a flush starts). */
export function useBase(s: CaptureState, doc: Document | null): void {
  if (doc === null || doc === s.baseDoc) return;
  s.baseDoc = doc;
  const href = doc.baseURI;
  if (href !== s.url.href) s.url = urlBase(href, s.urlPolicy);
}
