// The mirror's side of the document checksum (../digest.ts): the same walk over the mirrored
// documents, by the ids the mirror learnt. Text arrives masked already, so it is taken as it is.
// A check is walked in slices of a few milliseconds (no long task on the agent's page for a big
// document) and given up when the next ops arrive before it is done: the sum is only worth
// comparing against the state the customer's sum was taken in.
import { DIGEST_SEED, mixNumber, mixText } from '../digest';
import { fail, type MirrorState } from './state';
import { NodeType } from '../node-type';

/** Time one slice of a check may take on the agent's main thread. */
const SLICE_MS = 8;

/** A resumable walk in the order capture walks (shadow root, frame document, children). */
function mirrorWalk(m: MirrorState): { step(budgetMs: number): boolean; readonly sum: number } {
  const nodes: Node[] = m.doc !== null ? [m.doc] : [];
  let h = DIGEST_SEED;
  return {
    get sum() { return h >>> 0; },
    step(budgetMs) {
      const deadline = performance.now() + budgetMs;
      let tick = 256;
      while (nodes.length !== 0) {
        if (--tick === 0) {
          tick = 256;
          if (performance.now() > deadline) return false;
        }
        const node = nodes.pop() as Node;
        const id = m.ids.get(node);
        if (id === undefined) continue;
        h = mixNumber(h, id);
        const type = node.nodeType;
        if (type === NodeType.Text || type === NodeType.CData) {
          const parent = node.parentNode;
          if (parent !== null && parent.nodeType === NodeType.Element && (parent as Element).localName === 'style') continue;
          h = mixText(h, (node as Text).data);
          continue;
        }
        for (let c = node.lastChild; c !== null; c = c.previousSibling) nodes.push(c);
        if (type === NodeType.Element) {
          const inner = m.frameDocs.get(node as Element);
          if (inner !== undefined) nodes.push(inner);
          const sr = (node as Element).shadowRoot;
          if (sr !== null) nodes.push(sr);
        }
      }
      return true;
    },
  };
}

/** A Check op: compare the mirror's sum with the customer's `expected`, a gap when they differ. */
export function beginCheck(m: MirrorState, expected: unknown): void {
  cancelCheck(m);
  const walk = mirrorWalk(m);
  const finish = () => {
    m.check = null;
    if (walk.sum !== expected) fail(m, `checksum: ${walk.sum} here, ${String(expected)} on the customer's page`);
  };
  if (walk.step(SLICE_MS)) return finish();
  const next = () => {
    if (m.destroyed || m.broken) { m.check = null; return; }
    if (walk.step(SLICE_MS)) finish();
    else m.check = setTimeout(next, 0);
  };
  m.check = setTimeout(next, 0);
}

/** Ops arrived before the check was done: the mirror has moved on from the state to compare. */
export function cancelCheck(m: MirrorState): void {
  if (m.check !== null) { clearTimeout(m.check); m.check = null; }
}
