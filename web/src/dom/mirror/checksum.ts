// The mirror's side of the document checksum (../digest.ts): the same walk over the mirrored
// documents, by the ids the mirror learnt. Text arrives masked already, so it is taken as it is.
import { DIGEST_SEED, mixNumber, mixText } from '../digest';
import type { MirrorState } from './state';

export function mirrorChecksum(m: MirrorState): number {
  let h = DIGEST_SEED;
  const visit = (node: Node): void => {
    const id = m.ids.get(node);
    if (id === undefined) return;
    h = mixNumber(h, id);
    const type = node.nodeType;
    if (type === 3 || type === 4) {
      const parent = node.parentNode;
      if (parent !== null && parent.nodeType === 1 && (parent as Element).localName === 'style') return;
      h = mixText(h, (node as Text).data);
      return;
    }
    if (type === 1) {
      const el = node as Element;
      const sr = el.shadowRoot;
      if (sr !== null) visit(sr);
      const inner = m.frameDocs.get(el);
      if (inner !== undefined) visit(inner);
    }
    for (let c = node.firstChild; c !== null; c = c.nextSibling) visit(c);
  };
  if (m.doc !== null) visit(m.doc);
  return h >>> 0;
}
