// 2D canvas bitmaps: the pixels a page draws are not in the DOM, so capture samples mirrored
// canvases on a slow timer and sends a data URL when the picture changed. Encoding runs on the
// customer's main thread, so the pass stops at a pixel budget and canvases in masked regions
// are never read. WebGL canvases without preserveDrawingBuffer read back blank; that is a
// known limit.
import { OpCode, type Op } from '../format';
import { isMasked } from './privacy';
import type { CaptureState, Tagged } from './state';

const PIXEL_BUDGET = 4_000_000;

/** Canvas ops for canvases whose bitmap changed since last sent. */
export function flushCanvases(s: CaptureState, ops: Op[]): void {
  let pixels = 0;
  for (const canvas of s.canvases) {
    const id = (canvas as unknown as Tagged)[s.id];
    if (id === undefined || !canvas.isConnected) { s.canvases.delete(canvas); continue; }
    const area = canvas.width * canvas.height;
    if (area === 0 || pixels + area > PIXEL_BUDGET) continue;
    if (isMasked(s, canvas)) continue;
    pixels += area;
    let url: string;
    try {
      url = canvas.toDataURL('image/webp', 0.85);
    } catch {
      s.canvases.delete(canvas); // tainted by cross-origin pixels: never readable
      continue;
    }
    if (s.canvasSent.get(canvas) === url) continue;
    s.canvasSent.set(canvas, url);
    ops.push([OpCode.Canvas, url, id]);
  }
}
