// The customer's side of the document checksum (../digest.ts): a walk over the live document
// that follows what capture sent — ids under this generation's key, masked regions as they were
// serialised (mask roots, secret selects and textareas, a private-by-default page's allow list).
// It runs on the customer's main thread, right after a flush, when the mirror holds exactly what
// the document is; a document too large for its time budget is not checked this time (the
// answer would only be known after the next change had happened).
import { DIGEST_SEED, mixNumber, mixText } from '../digest';
import { maskText } from './privacy';
import { frameDocument } from './serialize';
import { TextMode, type CaptureState, type Tagged } from './state';

/** Time a checksum may take on the main thread. */
const BUDGET_MS = 12;

/** The checksum of the mirrored document, or null when it did not fit in the time budget. */
export function captureChecksum(s: CaptureState, doc: Document): number | null {
  const key = s.id;
  const deadline = performance.now() + BUDGET_MS;
  let tick = 1024;
  let h = DIGEST_SEED;
  let overrun = false;

  const visit = (node: Node, mode: TextMode): void => {
    const id = (node as unknown as Tagged)[key];
    if (id === undefined || overrun) return;
    if (--tick === 0) {
      tick = 1024;
      if (performance.now() > deadline) { overrun = true; return; }
    }
    h = mixNumber(h, id);
    const type = node.nodeType;
    if (type === 3 || type === 4) {
      const parent = node.parentNode;
      if (parent !== null && parent.nodeType === 1 && (parent as Element).localName === 'style') return;
      const data = (node as Text).data;
      h = mixText(h, mode === TextMode.Plain ? data : maskText(data));
      return;
    }
    if (type === 1) {
      const el = node as Element;
      if (s.maskRoots.has(el)) mode = TextMode.Masked;
      else if (mode === TextMode.Private && s.unmaskRoots.has(el)) mode = TextMode.Plain;
      if (el.localName !== 'input' && s.secretInputs.has(el)) mode = TextMode.Masked;
      const sr = el.shadowRoot;
      if (sr !== null) visit(sr, mode);
      const name = el.localName;
      if (name === 'iframe' || name === 'frame') {
        const inner = frameDocument(el);
        if (inner !== null) visit(inner, mode);
      }
    }
    for (let c = node.firstChild; c !== null && !overrun; c = c.nextSibling) visit(c, mode);
  };

  visit(doc, s.priv ? TextMode.Private : TextMode.Plain);
  return overrun ? null : h >>> 0;
}
