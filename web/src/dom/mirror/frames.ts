// Stitched frames (capture/frames.ts): a batch captured by a frame's own SDK arrives wrapped in
// `[OpCode.Frame, frameId, batch]` and is applied by a mirror of its own, built in the mirrored
// frame element (whose document shows the placeholder until then). The frame's ids are its own,
// so the parent's id map and checksum never see them. Until the frame's first snapshot arrives
// (after the parent's own snapshot made a new frame element) its other batches are dropped; a
// gap in the frame is a gap of the whole mirror (the parent then asks every frame afresh).
import { createMirror, type Mirror } from './index';
import { fail, type MirrorState } from './state';
import { OpCode, type Op } from '../format';
import { NodeType } from '../node-type';

export function applyFrame(m: MirrorState, op: Op): void {
  const frame = m.nodes.get(Number(op[1]));
  const batch = op[2];
  if (!Array.isArray(batch)) return fail(m, 'frame: malformed batch');
  if (frame === undefined || frame.nodeType !== NodeType.Element || ((frame as Element).localName !== 'iframe' && (frame as Element).localName !== 'frame')) {
    return fail(m, `frame: ${String(op[1])} is not a mirrored frame`);
  }
  const el = frame as HTMLIFrameElement;
  let sub: Mirror | undefined = m.subMirrors.get(el);
  if (sub === undefined) {
    const first = batch[0];
    if (!Array.isArray(first) || first[0] !== OpCode.Snapshot) return;
    const parent = m.hooks;
    sub = createMirror(el, {
      onGap: (reason) => fail(m, 'frame: ' + reason),
      // The customer's pointer over the frame, in the top window's coordinates.
      onPointer: (x, y, touch) => {
        const r = el.getBoundingClientRect();
        parent.onPointer?.(x + r.left + el.clientLeft, y + r.top + el.clientTop, touch);
      },
    }, m.assets ? { assets: m.assets } : {});
    m.subMirrors.set(el, sub);
  }
  sub.apply(batch as Op[]);
}
