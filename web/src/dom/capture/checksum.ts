// The customer's side of the document checksum (../digest.ts): a walk over the live document
// that follows what capture sent — ids under this generation's key, masked regions as they were
// serialised (mask roots, secret selects and textareas, a private-by-default page's allow list).
// The walk is resumable: it runs on the customer's main thread in slices of a few milliseconds
// (no long task on a big page, even on a slow phone), and capture drops it if the document
// changes between two slices, since the sum would then match no state the mirror ever holds.
import { DIGEST_SEED, mixNumber, mixText } from '../digest';
import { maskText } from './privacy';
import { frameDocument } from './serialize';
import { TextMode, type CaptureState, type Tagged } from './state';
import { NodeType } from '../node-type';

/** Time one slice of the walk may take on the main thread. */
export const CHECK_SLICE_MS = 8;

export interface ChecksumWalk {
  /** Walks on until done (true) or `budgetMs` have passed (false: call again later). */
  step(budgetMs: number): boolean;
  /** The checksum, once `step` has returned true. */
  readonly sum: number;
  /** True when the walk met a frame showing a document capture has not sent yet (it loaded
   * since, without a mutation): the mirror still shows the old one, so there is nothing to
   * compare until capture has caught up. */
  readonly unsettled: boolean;
}

/** A walk in document order (a shadow root, then a frame's document, then the children), by
 * an explicit stack so that it can stop and resume anywhere. */
export function checksumWalk(s: CaptureState, doc: Document): ChecksumWalk {
  const key = s.id;
  const nodes: Node[] = [doc];
  const modes: TextMode[] = [s.priv ? TextMode.Private : TextMode.Plain];
  let h = DIGEST_SEED;
  let unsettled = false;
  return {
    get sum() { return h >>> 0; },
    get unsettled() { return unsettled; },
    step(budgetMs) {
      const deadline = performance.now() + budgetMs;
      let tick = 256;
      while (nodes.length !== 0) {
        if (--tick === 0) {
          tick = 256;
          if (performance.now() > deadline) return false;
        }
        const node = nodes.pop() as Node;
        let mode = modes.pop() as TextMode;
        const id = (node as unknown as Tagged)[key];
        if (id === undefined) continue;
        h = mixNumber(h, id);
        const type = node.nodeType;
        if (type === NodeType.Text || type === NodeType.CData) {
          const parent = node.parentNode;
          if (parent !== null && parent.nodeType === NodeType.Element && (parent as Element).localName === 'style') continue;
          const data = (node as Text).data;
          h = mixText(h, mode === TextMode.Plain ? data : maskText(data));
          continue;
        }
        let inner: Node | null = null;
        let sr: ShadowRoot | null = null;
        if (type === NodeType.Element) {
          const el = node as Element;
          if (s.maskRoots.has(el)) mode = TextMode.Masked;
          else if (mode === TextMode.Private && s.unmaskRoots.has(el)) mode = TextMode.Plain;
          if (el.localName !== 'input' && s.secretInputs.has(el)) mode = TextMode.Masked;
          const name = el.localName;
          if (name === 'iframe' || name === 'frame') {
            inner = frameDocument(el);
            if (inner !== null && (inner as unknown as Tagged)[key] === undefined && !s.opaque.has(el)) {
              unsettled = true;
              return true;
            }
          }
          sr = el.shadowRoot;
        }
        // Pushed in reverse: the shadow root pops first, then the frame's document, then the children.
        for (let c = node.lastChild; c !== null; c = c.previousSibling) { nodes.push(c); modes.push(mode); }
        if (inner !== null) { nodes.push(inner); modes.push(mode); }
        if (sr !== null) { nodes.push(sr); modes.push(mode); }
      }
      return true;
    },
  };
}
