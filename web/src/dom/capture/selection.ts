// The customer's text selection (what they highlight), so the agent sees the same highlight:
// its two ends as node ids and offsets, sent when it changed; nothing when an end lies in a
// masked or blocked region (where it is, is already too much) or in a node the mirror lacks.
import { OpCode, type Op } from '../format';
import { isHiddenSpot } from './privacy';
import { idOf, type CaptureState } from './state';

export function selectionOp(s: CaptureState, doc: Document, last: string): [string, Op | null] {
  const sel = doc.getSelection();
  let op: Op = [OpCode.Selection, 0, 0, 0, 0];
  if (sel !== null && sel.rangeCount !== 0 && !sel.isCollapsed) {
    const a = sel.anchorNode as Node, f = sel.focusNode as Node;
    const ia = idOf(s, a), jf = idOf(s, f);
    if (ia !== undefined && jf !== undefined && !isHiddenSpot(s, a) && !isHiddenSpot(s, f)) {
      op = [OpCode.Selection, ia, sel.anchorOffset, jf, sel.focusOffset];
    }
  }
  const key = op.join();
  return key === last ? [last, null] : [key, op];
}
