// The envelope of a DOM frame on the wire (a WebSocket binary frame the server relays unread):
// a header — one byte saying how the body is encoded, then the frame's epoch and sequence
// number (u32, little-endian) — then the body: a batch of DOM operations as UTF-8 JSON,
// deflated when large. Compression is ours to do: the server's WebSocket library has no
// permessage-deflate.
//
// Numbering lets the agent notice a lost frame (a lagging relay, a dropped connection): the
// SDK starts a new epoch with every full snapshot, whose frame is number 0, and numbers every
// later frame of that epoch one up. A frame that is not the next of the epoch the mirror shows
// means something was lost in between, and only a fresh snapshot makes the view whole again.
export const FRAME_JSON = 0;
export const FRAME_DEFLATE = 1;
/** Header bytes before the body: kind, epoch, sequence number. */
export const FRAME_HEADER = 9;
/** Bodies at least this large are deflated; smaller ones are not worth the async hop. */
export const DEFLATE_THRESHOLD = 4096;

/** Where a frame stands in the stream. */
export interface FrameNumber {
  epoch: number;
  seq: number;
}

export function writeHeader(out: Uint8Array, kind: number, n: FrameNumber): void {
  const view = new DataView(out.buffer, out.byteOffset, FRAME_HEADER);
  view.setUint8(0, kind);
  view.setUint32(1, n.epoch >>> 0, true);
  view.setUint32(5, n.seq >>> 0, true);
}

export function readHeader(frame: Uint8Array): FrameNumber & { kind: number } | null {
  if (frame.length < FRAME_HEADER) return null;
  const view = new DataView(frame.buffer, frame.byteOffset, FRAME_HEADER);
  return { kind: view.getUint8(0), epoch: view.getUint32(1, true), seq: view.getUint32(5, true) };
}
