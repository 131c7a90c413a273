// Mutation records → ops. Two steps, on purpose at two different times:
//
// 1. `takeRecords` runs in the MutationObserver callback (a microtask after the change): every
//    removed node that has an id is queued for Remove, and once the whole record list has been
//    read, each of their subtrees (as it is now) forgets its ids. From then on an id means "the
//    mirror has this node", so nothing later can name a node the mirror has dropped.
// 2. `flushMutations` runs once per frame: status changes (a node newly masked, blocked or
//    excluded is sent again), then Removes, then attribute and text changes of nodes already
//    mirrored; then `flushPending` sends the adds — under each parent of an added node, every
//    connected, id-less child is serialised anew, runs of siblings in one op anchored on the
//    next mirrored sibling (a new node's current state is all in its Add).
// A move is a Remove plus an Add of a fresh copy: costlier on the wire than a move op, but
// there is no state in which capture and mirror can disagree about where a node is.
// Work that does not fit in a frame's slice leaves parents in `pending` for the next frame.
import { ATTR_BLOCK, ATTR_MASK, ATTR_UI, ATTR_UNMASK, Kind, NS_HTML, OpCode, type AddOp, type Op } from '../format';
import { attrKind, attrValue, isHandler } from './attrs';
import { collectPolicy, isExcluded, isMasked, isSecretInput, maskMode, maskText, matchesBlock, matchesMask, matchesUnmask } from './privacy';
import { frameDocument, late, serializeDoc, serializeNode, serializeShadow, useBase } from './serialize';
import { TextMode, type CaptureState, type Tagged } from './state';
import { absoluteCss } from './urls';
import { NodeType } from '../node-type';

/** Step 1: note what the records say; forget removed subtrees now (see the file comment). */
export function takeRecords(s: CaptureState, records: MutationRecord[]): void {
  const key = s.id;
  // Forgetting waits for the end of the list: a node moved into a subtree removed earlier in
  // the same list must still be seen (and removed) under its id.
  let dead: Node[] | null = null;
  for (let r = 0; r < records.length; r++) {
    const rec = records[r];
    if (rec.type === 'childList') {
      const removed = rec.removedNodes;
      for (let i = 0; i < removed.length; i++) {
        const n = removed[i] as Tagged;
        const id = n[key];
        if (id !== undefined) {
          s.removed.push(id);
          n[key] = undefined;
          (dead ??= []).push(n);
        }
      }
      const added = rec.addedNodes;
      for (let i = 0; i < added.length; i++) s.adds.add(added[i]);
    } else if (rec.type === 'attributes') {
      const t = rec.target as Element;
      const name = rec.attributeName as string;
      if ((t as unknown as Tagged)[key] === undefined) {
        // An SDK widget marker taken off: the element is now part of the page.
        if (name === ATTR_UI && !t.hasAttribute(ATTR_UI)) s.adds.add(t);
        continue;
      }
      const names = s.attrs.get(t);
      if (names === undefined) s.attrs.set(t, [name]);
      else if (names.indexOf(name) < 0) names.push(name);
    } else if ((rec.target as unknown as Tagged)[key] !== undefined) {
      s.texts.add(rec.target);
    }
  }
  if (dead !== null) for (let i = 0; i < dead.length; i++) forget(s, dead[i]);
}

/** Drop the ids of `root` and of every node under it that has one. */
export function forget(s: CaptureState, root: Node): void {
  const key = s.id;
  const stack: Node[] = [root];
  while (stack.length !== 0) {
    const n = stack.pop() as Tagged;
    n[key] = undefined;
    if (n.nodeType === NodeType.Element) {
      const sr = (n as unknown as Element).shadowRoot;
      if (sr !== null && (sr as unknown as Tagged)[key] !== undefined) stack.push(sr);
      const name = (n as unknown as Element).localName;
      if (name === 'iframe' || name === 'frame') {
        const doc = frameDocument(n as unknown as Element);
        if (doc !== null && (doc as unknown as Tagged)[key] !== undefined) stack.push(doc);
      }
    }
    for (let c = n.firstChild; c !== null; c = c.nextSibling) {
      if ((c as unknown as Tagged)[key] !== undefined) stack.push(c);
    }
  }
}

/** Step 2: pending mutations as ops, in the order the mirror can apply them. */
export function flushMutations(s: CaptureState, ops: Op[]): void {
  if (s.attrs.size !== 0) checkStatus(s);
  if (s.removed.length !== 0) {
    ops.push([OpCode.Remove as number].concat(s.removed) as Op);
    s.removed = [];
  }
  if (s.adds.size !== 0) flushAdds(s);
  flushHosts(s, ops);
  if (s.attrs.size !== 0) flushAttrs(s, ops);
  if (s.texts.size !== 0) flushTexts(s, ops);
}

/** Elements whose attribute change altered how they are captured are removed and re-added. */
function checkStatus(s: CaptureState): void {
  const policy = s.policy;
  for (const [el, names] of s.attrs) {
    let relevant = policy;
    let sheetLink = false;
    for (let i = 0; i < names.length; i++) {
      const n = names[i];
      if (n === ATTR_MASK || n === ATTR_BLOCK || n === ATTR_UI || n === ATTR_UNMASK) relevant = true;
      else if ((n === 'href' || n === 'rel') && el.localName === 'link') sheetLink = relevant = true;
    }
    if (!relevant) continue;
    const id = (el as unknown as Tagged)[s.id];
    if (id === undefined || !el.isConnected) continue;
    const excluded = isExcluded(el);
    const blocked = matchesBlock(s, el);
    const masked = matchesMask(s, el);
    const unmasked = s.priv && matchesUnmask(s, el);
    // What serialisation will look up (the attributes themselves match too, which is harmless).
    track(s.polBlock, el, blocked);
    track(s.polMask, el, masked);
    track(s.polUnmask, el, unmasked);
    const changed = excluded || blocked !== s.blocked.has(el) || masked !== s.maskRoots.has(el) ||
      unmasked !== s.unmaskRoots.has(el) || sheetLink;
    if (!changed) continue;
    s.blocked.delete(el);
    s.opaque.delete(el);
    s.maskRoots.delete(el);
    s.unmaskRoots.delete(el);
    s.removed.push(id);
    forget(s, el);
    if (!excluded) s.adds.add(el);
  }
}

function track(set: WeakSet<Element>, el: Element, on: boolean): void {
  if (on) set.add(el); else set.delete(el);
}

/** Whether the mirror holds `node` without its children (blocked, script…). The set can be
 * stale for a node re-serialised after its block marker went away while it was detached. */
function isOpaque(s: CaptureState, node: Node): boolean {
  if (!s.opaque.has(node)) return false;
  const el = node as Element;
  if (OPAQUE_TAGS.indexOf(' ' + el.localName + ' ') >= 0 || matchesBlock(s, el)) return true;
  s.opaque.delete(el);
  s.blocked.delete(el);
  return false;
}

const OPAQUE_TAGS = ' script noscript object embed applet ';

/** Namespace and name that children of `parent` inherit. */
function parentContext(parent: Node): [ns: string, name: string] {
  if (parent.nodeType === NodeType.Element) return [(parent as Element).namespaceURI ?? '', (parent as Element).localName];
  if (parent.nodeType === NodeType.Fragment && (parent as ShadowRoot).host) {
    const host = (parent as ShadowRoot).host;
    return [host.namespaceURI ?? '', host.localName];
  }
  return [NS_HTML, '#document'];
}

function textModeOf(s: CaptureState, parent: Node): TextMode {
  if (parent.nodeType === NodeType.Element && (parent as Element).localName === 'style') return TextMode.Css;
  return maskMode(s, parent);
}

/** Added nodes are sent by their parents: each mirrored parent joins, once, the queue of parents
 * whose id-less children go out in runs (flushPending). A parent not mirrored yet goes out whole
 * with its own parent, children and all. */
function flushAdds(s: CaptureState): void {
  const key = s.id;
  const parents = new Set<Node>();
  for (const node of s.adds) {
    const parent = node.parentNode as Tagged | null;
    if (parent !== null && parent[key] !== undefined && (node as unknown as Tagged)[key] === undefined) parents.add(parent);
  }
  for (const parent of parents) s.pending.push(parent);
  s.adds.clear();
}

/** Shadow roots attached and frame documents loaded after their host was mirrored. */
function flushHosts(s: CaptureState, ops: Op[]): void {
  const key = s.id;
  for (const host of s.hosts) {
    const id = (host as unknown as Tagged)[key];
    const sr = host.shadowRoot;
    if (id === undefined || id >= s.flushStart || !host.isConnected || isOpaque(s, host) || sr === null) continue;
    if ((sr as unknown as Tagged)[key] !== undefined) continue;
    const first = s.nextId;
    ops.push([OpCode.Add, id, 0, first, serializeShadow(s, sr, host.namespaceURI ?? '', host.localName, maskMode(s, host))]);
  }
  s.hosts.clear();
  for (const frame of s.frames) {
    const id = (frame as unknown as Tagged)[key];
    if (id === undefined || id >= s.flushStart || !frame.isConnected || isOpaque(s, frame)) continue;
    const doc = frameDocument(frame);
    if (doc === null) {
      // Another origin's document now: the mirror lets go of the one it showed (an empty
      // document, whose id stays unused) and shows its placeholder.
      ops.push([OpCode.Add, id, 0, s.nextId++, [Kind.Doc]]);
      continue;
    }
    if ((doc as unknown as Tagged)[key] !== undefined) continue;
    const first = s.nextId;
    ops.push([OpCode.Add, id, 0, first, serializeDoc(s, doc, maskMode(s, frame))]);
  }
  s.frames.clear();
}

function flushAttrs(s: CaptureState, ops: Op[]): void {
  const key = s.id;
  for (const [el, names] of s.attrs) {
    const id = (el as unknown as Tagged)[key];
    if (id === undefined || id >= s.flushStart || isOpaque(s, el) || !el.isConnected) continue;
    const masked = isMasked(s, el);
    const secret = el.localName === 'input' && isSecretInput(s, el);
    useBase(s, el.ownerDocument);
    const op: (string | number | null)[] = [OpCode.Attr, id];
    for (let i = 0; i < names.length; i++) {
      const n = names[i];
      if (isHandler(n)) continue;
      const v = el.getAttribute(n);
      op.push(n, v === null ? null : attrValue(s, el, n, v, attrKind(n), masked, secret));
      if (el.localName === 'input' && (n === 'type' || n === 'autocomplete' || n === 'value')) s.inputs.add(el);
    }
    if (op.length > 2) ops.push(op as Op);
  }
  s.attrs.clear();
}

function flushTexts(s: CaptureState, ops: Op[]): void {
  const key = s.id;
  for (const node of s.texts) {
    const id = (node as unknown as Tagged)[key];
    const parent = node.parentNode;
    if (id === undefined || id >= s.flushStart || parent === null || !node.isConnected) continue;
    if (node.nodeType === NodeType.Comment) continue;
    const data = (node as Text).data;
    const mode = textModeOf(s, parent);
    if (parent.nodeType === NodeType.Element && (parent as Element).localName === 'textarea') s.inputs.add(parent as Element);
    if (mode === TextMode.Css) useBase(s, node.ownerDocument);
    ops.push([OpCode.Text, id, mode === TextMode.Plain ? data : mode === TextMode.Css ? absoluteCss(s.url, data) : maskText(data)]);
  }
  s.texts.clear();
}

/** Send the children still id-less under each queued parent (added nodes, or what a slice of a
 * big snapshot or add left), in runs of siblings anchored on the next mirrored sibling, until
 * the slice is out of time. */
export function flushPending(s: CaptureState, ops: Op[]): void {
  const key = s.id;
  const policy = s.policy;
  // Read by index and cut once at the end: shifting a long queue one by one is quadratic.
  const queue = s.pending;
  let done = 0;
  for (; done < queue.length && !late(s); done++) {
    const parent = queue[done];
    const pid = (parent as unknown as Tagged)[key];
    if (pid === undefined || !parent.isConnected || isOpaque(s, parent)) continue;
    let c: Node | null = parent.firstChild;
    while (c !== null && (c as unknown as Tagged)[key] !== undefined) c = c.nextSibling;
    if (c === null) continue;
    const [ns, name] = parentContext(parent);
    const mode = textModeOf(s, parent);
    useBase(s, parent.nodeType === NodeType.Document ? parent as Document : parent.ownerDocument);
    while (c !== null) {
      if ((c as unknown as Tagged)[key] !== undefined) { c = c.nextSibling; continue; }
      const run: Node[] = [];
      let next: Node | null = c;
      while (next !== null && (next as unknown as Tagged)[key] === undefined) { run.push(next); next = next.nextSibling; }
      const op: AddOp = [OpCode.Add, pid, next === null ? 0 : (next as unknown as Tagged)[key] as number, s.nextId];
      let i = 0;
      for (; i < run.length && !late(s); i++) {
        const n = run[i];
        if (policy && n.nodeType === NodeType.Element) collectPolicy(s, n as Element);
        const t = serializeNode(s, n, ns, name, mode);
        if (t !== null) op.push(t);
      }
      if (op.length > 4) ops.push(op);
      if (i < run.length) { queue.push(parent); break; }
      c = next;
    }
  }
  queue.splice(0, done);
}
