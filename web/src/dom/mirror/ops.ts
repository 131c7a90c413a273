// Applying one incremental op to the mirrored documents. Each handler checks what it is given
// (ids known, node types right) and reports a gap through `fail` instead of guessing; the
// caller then stops applying until a fresh snapshot arrives.
import {
  Kind, NS_HTML, OpCode,
  type AddOp, type AttrOp, type Child, type DocT, type FormState, type NodeT, type Op,
} from '../format';
import {
  applyState, buildDocument, buildNode, buildShadow, countIds, insertRule, isInlinedLink, isSubstitute, removeAttr,
  replaceRules, setAttr, type Cursor, type Post,
} from './build';
import { beginCheck } from './checksum';
import { resetDocument, retryScrolls, scrollElement, scrollWindow } from './document';
import { applyFrame } from './frames';
import { applyAsset, handedRoute } from './handover';
import { framePlaceholder } from './placeholder';
import { fixLink, localOf } from './sanitize';
import { fail, type MirrorState } from './state';
import { applyUi, drawPicker, sheetCss } from './ui';
import { NodeType } from '../node-type';

/** Forget `root` and every mirrored node under it (shadow roots and frame documents too). */
export function forgetSubtree(m: MirrorState, root: Node): void {
  const stack: Node[] = [root];
  while (stack.length !== 0) {
    const n = stack.pop() as Node;
    const id = m.ids.get(n);
    if (id !== undefined) {
      m.ids.delete(n);
      if (m.nodes.get(id) === n) m.nodes.delete(id);
    }
    if (n.nodeType === NodeType.Element) {
      const el = n as Element;
      if (el.shadowRoot) stack.push(el.shadowRoot);
      if (el.localName === 'iframe' || el.localName === 'frame') {
        const doc = m.frameDocs.get(el);
        if (doc) stack.push(doc);
      }
    }
    for (let c = n.firstChild; c !== null; c = c.nextSibling) stack.push(c);
  }
}

function docOf(node: Node): Document {
  return node.nodeType === NodeType.Document ? node as Document : node.ownerDocument as Document;
}

function add(m: MirrorState, op: AddOp): void {
  const parent = m.nodes.get(op[1]);
  if (!parent) return fail(m, `add: unknown parent ${op[1]}`);
  let before: Node | null = null;
  if (op[2] !== 0) {
    before = m.nodes.get(op[2]) ?? null;
    if (before === null || before.parentNode !== parent) return fail(m, `add: bad anchor ${op[2]} under ${op[1]}`);
  }
  const cur: Cursor = { next: op[3] };
  const doc = docOf(parent);
  const post: Post = [];
  for (let i = 4; i < op.length; i++) {
    const t = op[i] as NodeT;
    if (Array.isArray(t) && t[0] === Kind.Shadow) {
      if (parent.nodeType !== NodeType.Element) return fail(m, 'add: shadow root on a non-element');
      const host = parent as Element;
      if (host.shadowRoot) forgetSubtree(m, host.shadowRoot);
      buildShadow(m, doc, host, t as Child[], cur, post);
      continue;
    }
    if (Array.isArray(t) && t[0] === Kind.Doc) {
      const frame = parent as HTMLIFrameElement;
      let inner: Document | null = null;
      try { inner = frame.contentDocument; } catch { inner = null; }
      if (inner === null) { cur.next += countIds(t); continue; }
      forgetSubtree(m, inner);
      if (t.length === 1) {
        // No document the customer's page can read (another origin's): the placeholder.
        cur.next++;
        m.frameDocs.delete(frame);
        resetDocument(m, inner, undefined);
        framePlaceholder(frame);
        continue;
      }
      buildDocument(m, inner, t as DocT, cur);
      continue;
    }
    const [ns, name] = parent.nodeType === NodeType.Element
      ? [(parent as Element).namespaceURI ?? '', (parent as Element).localName]
      : parent.nodeType === NodeType.Fragment && (parent as ShadowRoot).host
        ? [(parent as ShadowRoot).host.namespaceURI ?? '', (parent as ShadowRoot).host.localName]
        : [NS_HTML, '#document'];
    const node = buildNode(m, doc, t, ns, name, cur, post, name === 'style');
    parent.insertBefore(node, before);
  }
  for (const p of post) p();
}

function remove(m: MirrorState, op: Op): void {
  for (let i = 1; i < op.length; i++) {
    const node = m.nodes.get(op[i] as number);
    if (!node || !node.parentNode || node.nodeType === NodeType.Document || node.nodeType === NodeType.Fragment) continue;
    node.parentNode.removeChild(node);
    m.detached.push(node);
  }
}

function attr(m: MirrorState, op: AttrOp): void {
  const el = m.nodes.get(op[1]);
  if (!el || el.nodeType !== NodeType.Element) return fail(m, `attr: unknown element ${op[1]}`);
  const e = el as Element;
  if (isSubstitute(e)) return;
  const inlined = isInlinedLink(e);
  const lname = inlined ? 'link' : localOf(e.localName);
  let link = false;
  for (let i = 2; i + 1 < op.length; i += 2) {
    const name = String(op[i]);
    const value = op[i + 1];
    if (value === null) removeAttr(e, lname, name); else setAttr(e, lname, name, String(value), handedRoute(m));
    if (lname === 'link' && !inlined && (name === 'rel' || name === 'href')) link = true;
  }
  if (link) fixLink(e, m.assets);
  if (lname === 'canvas' && m.bitmaps.has(e)) showBitmap(m, e);
}

function text(m: MirrorState, id: number, data: string): void {
  const node = m.nodes.get(id);
  if (!node || (node.nodeType !== NodeType.Text && node.nodeType !== NodeType.CData && node.nodeType !== NodeType.Comment)) return fail(m, `text: unknown text ${id}`);
  if (node.nodeType === NodeType.Comment) return;
  const parent = node.parentNode;
  (node as Text).data = parent && parent.nodeType === NodeType.Element && (parent as Element).localName === 'style' ? sheetCss(data, m.assets) : data;
}

function scroll(m: MirrorState, id: number, x: number, y: number): void {
  const node = m.nodes.get(id);
  if (!node) return; // a scroll container that went away in the meantime: harmless
  if (node.nodeType === NodeType.Document) {
    scrollWindow(m, node as Document, x, y);
  } else if (node.nodeType === NodeType.Element) {
    scrollElement(m, node as Element, x, y);
  }
}

/** Sheet of a sheet owner: a mirrored <style> (or the <style> standing for a <link>). */
function ownerSheet(m: MirrorState, owner: number): CSSStyleSheet | null {
  const node = m.nodes.get(owner);
  if (!node || node.nodeType !== NodeType.Element) return null;
  return (node as HTMLStyleElement).sheet ?? null;
}

function sheetRuleOp(m: MirrorState, op: Op): void {
  const owner = op[1] as number;
  if (owner < 0) {
    const shared = m.sheets.get(-owner);
    if (op[0] === OpCode.Sheet) {
      const rules = (op[2] as string[]).slice();
      if (!shared) { m.sheets.set(-owner, { rules, perDoc: new Map() }); return; }
      shared.rules = rules;
      for (const sheet of shared.perDoc.values()) replaceRules(sheet, rules, m.assets);
      return;
    }
    if (!shared) return fail(m, `sheet: unknown constructed sheet ${-owner}`);
    const index = op[2] as number;
    if (op[0] === OpCode.InsertRule) {
      shared.rules.splice(index, 0, op[3] as string);
      for (const sheet of shared.perDoc.values()) insertRule(sheet, op[3] as string, index, m.assets);
    } else {
      shared.rules.splice(index, 1);
      for (const sheet of shared.perDoc.values()) if (index < sheet.cssRules.length) sheet.deleteRule(index);
    }
    return;
  }
  if (!m.nodes.has(owner)) return fail(m, `sheet: unknown owner ${owner}`);
  const sheet = ownerSheet(m, owner);
  if (!sheet) return; // not connected or not a sheet here: nothing to keep in step
  if (op[0] === OpCode.Sheet) replaceRules(sheet, op[2] as string[], m.assets);
  else if (op[0] === OpCode.InsertRule) insertRule(sheet, op[3] as string, op[2] as number, m.assets);
  else if ((op[2] as number) < sheet.cssRules.length) sheet.deleteRule(op[2] as number);
}

function adopt(m: MirrorState, id: number, keys: number[]): void {
  const root = m.nodes.get(id);
  if (!root || (root.nodeType !== NodeType.Document && root.nodeType !== NodeType.Fragment)) return fail(m, `adopt: unknown root ${id}`);
  const doc = docOf(root);
  const view = doc.defaultView as (Window & typeof globalThis) | null;
  if (!view || !('adoptedStyleSheets' in root)) return;
  const sheets: CSSStyleSheet[] = [];
  const ua = m.uaSheets.get(doc);
  if (ua && root.nodeType === NodeType.Document) sheets.push(ua);
  for (const key of keys) {
    const shared = m.sheets.get(key);
    if (!shared) return fail(m, `adopt: unknown sheet ${key}`);
    let sheet = shared.perDoc.get(doc);
    if (!sheet) {
      sheet = new view.CSSStyleSheet();
      replaceRules(sheet, shared.rules, m.assets);
      shared.perDoc.set(doc, sheet);
    }
    sheets.push(sheet);
  }
  (root as Document | ShadowRoot).adoptedStyleSheets = sheets;
}

/** A canvas bitmap as a data URL that cannot end the CSS string it is put in. */
const BITMAP = /^data:image\/(?:png|webp|jpeg);base64,[A-Za-z0-9+/]*={0,2}$/;

/** Show a canvas's bitmap. A canvas in a document without scripts (the mirror's sandbox) renders
 * its fallback content, never pixels, so the bitmap becomes the element's `content` image: the
 * canvas stays a canvas for the page's CSS, and an image of the canvas's own pixel size keeps
 * its layout. The picture is also drawn into the canvas itself, for whoever reads it. */
export function showBitmap(m: MirrorState, el: Element): void {
  const url = m.bitmaps.get(el);
  const style = (el as HTMLElement).style;
  if (!style) return;
  if (url) style.setProperty('content', `url("${url}")`, 'important');
  else style.removeProperty('content');
}

function canvas(m: MirrorState, url: string, id: number): void {
  const el = m.nodes.get(id) as HTMLCanvasElement | undefined;
  if (!el || el.localName !== 'canvas') return;
  if (url !== '' && !BITMAP.test(url)) return;
  if (url === '') m.bitmaps.delete(el); else m.bitmaps.set(el, url);
  showBitmap(m, el);
  if (url === '') return;
  const img = new Image();
  img.onload = () => {
    try {
      const ctx = el.getContext('2d');
      if (!ctx) return;
      ctx.clearRect(0, 0, el.width, el.height);
      ctx.drawImage(img, 0, 0, el.width, el.height);
    } catch { /* canvas taken by another context type */ }
  };
  img.src = url;
}

/** Splice the string state of a form control (see OpCode.Edit). */
function editValue(m: MirrorState, id: number, index: number, count: number, text: string): void {
  const el = m.nodes.get(id) as HTMLInputElement | undefined;
  if (!el || el.nodeType !== NodeType.Element || typeof el.value !== 'string') return fail(m, `edit: unknown field ${id}`);
  const prev = m.values.get(el) ?? el.value;
  if (index + count > prev.length) return fail(m, `edit: out of range on ${id}`);
  const next = prev.slice(0, index) + text + prev.slice(index + count);
  applyState(m, el, next);
  m.values.set(el, next);
}

/** Show the customer's text selection (or none) in the mirrored document. */
function select(m: MirrorState, op: Op): void {
  const sel = m.doc?.getSelection();
  if (!sel) return;
  const a = m.nodes.get(Number(op[1])), f = m.nodes.get(Number(op[3]));
  if (!a || !f) { sel.removeAllRanges(); return; }
  try {
    sel.setBaseAndExtent(a, Number(op[2]) || 0, f, Number(op[4]) || 0);
  } catch {
    sel.removeAllRanges(); // offsets past the mirrored node: no highlight rather than a wrong one
  }
}

/** Apply one op other than a snapshot. */
export function applyOp(m: MirrorState, op: Op): void {
  switch (op[0]) {
    case OpCode.Add: return add(m, op);
    case OpCode.Remove: return remove(m, op);
    case OpCode.Attr: return attr(m, op);
    case OpCode.Text: return text(m, op[1], String(op[2]));
    case OpCode.State: {
      const el = m.nodes.get(op[1]);
      if (!el || el.nodeType !== NodeType.Element) return fail(m, `state: unknown element ${op[1]}`);
      if (typeof op[2] === 'string') m.values.set(el as Element, op[2]);
      return applyState(m, el as Element, op[2] as FormState);
    }
    case OpCode.Scroll: return scroll(m, op[1], Number(op[2]) || 0, Number(op[3]) || 0);
    case OpCode.Pointer: m.hooks.onPointer?.(Number(op[1]) || 0, Number(op[2]) || 0, op[3] === 1); return;
    case OpCode.Viewport:
      m.hooks.onViewport?.(Number(op[1]) || 0, Number(op[2]) || 0, Number(op[3]) || 1);
      m.hooks.onVisual?.(Number(op[4]) || 0, Number(op[5]) || 0, Number(op[6]) || 0, Number(op[7]) || 0);
      return;
    case OpCode.Location: m.hooks.onLocation?.(String(op[1]), String(op[2])); return;
    case OpCode.InsertRule:
    case OpCode.DeleteRule:
    case OpCode.Sheet: return sheetRuleOp(m, op);
    case OpCode.Adopt: return adopt(m, op[1], op[2]);
    case OpCode.Canvas: return canvas(m, String(op[1]), op[2]);
    case OpCode.Edit: return editValue(m, op[1], Number(op[2]) || 0, Number(op[3]) || 0, String(op[4]));
    case OpCode.Ui: return applyUi(m, Number(op[1]) || 0, Number(op[2]) || 0, Number(op[3]) || 0, Number(op[4]) || 0);
    case OpCode.Selection: return select(m, op);
    case OpCode.Frame: return applyFrame(m, op);
    case OpCode.Asset: return applyAsset(m, op[1], op[2]);
    case OpCode.Check: return beginCheck(m, op[1]);
    default: return fail(m, `unknown op ${String((op as unknown[])[0])}`);
  }
}

/** End of a batch: forget what was removed and did not come back. */
export function endBatch(m: MirrorState): void {
  for (const node of m.detached) {
    if (!node.isConnected) forgetSubtree(m, node);
  }
  m.detached.length = 0;
  retryScrolls(m);
  drawPicker(m);
}
