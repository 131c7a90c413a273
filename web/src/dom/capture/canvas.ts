// Canvas bitmaps: the pixels a page draws are not in the DOM, so capture sends each mirrored
// canvas's picture as a data URL — at a bounded cost on the customer's main thread: the browser
// encodes it off the main thread (`toBlob`), and only a canvas drawn on since it was last sent (the drawing methods of the 2D and
// WebGL contexts mark their canvas), at most once per pass (a slow timer), within a pixel budget
// per pass and never a canvas over a size cap; canvases in masked regions are never read.
//
// Canvases of same-origin frames are not marked (patches go on the top window only): they are
// encoded on every pass and sent when the picture changed. WebGL contexts keep their drawing
// buffer from the start of capture (webgl.ts).
//
// A chunk of its own in the SDK (`/sdk/tandem-canvas.<hash>.js`): capture loads it when the
// first canvas is mirrored (index.ts), so a page without canvases never downloads it.
import { OpCode, type Op } from '../format';
import { patchMethod } from './patch';
import type { CaptureState, Tagged } from './state';

/** Pixels encoded per pass, all canvases together. */
const PIXEL_BUDGET = 4_000_000;
/** A canvas larger than this is not sent at all (a full-screen game at 4K would be ~8M). */
const MAX_CANVAS_PIXELS = 2_500_000;

const DRAW_2D = ['fillRect', 'strokeRect', 'clearRect', 'fill', 'stroke', 'fillText', 'strokeText', 'drawImage', 'putImageData', 'reset'];
const DRAW_GL = ['clear', 'drawArrays', 'drawElements', 'drawArraysInstanced', 'drawElementsInstanced', 'drawRangeElements'];

/** Patches the drawing methods of `view` to mark their canvas. Returns the teardown. */
export function patchCanvas(s: CaptureState, view: Window & typeof globalThis): () => void {
  const undo: Array<() => void> = [];
  const mark = (ctx: { canvas?: unknown }) => {
    const c = ctx.canvas;
    if (c && s.canvases.has(c as HTMLCanvasElement)) s.canvasDirty.add(c as HTMLCanvasElement);
  };
  const protos: Array<[object | undefined, string[]]> = [
    [view.CanvasRenderingContext2D?.prototype, DRAW_2D],
    [view.WebGLRenderingContext?.prototype, DRAW_GL],
    [view.WebGL2RenderingContext?.prototype, DRAW_GL],
  ];
  for (const [proto, names] of protos) {
    if (proto) for (const name of names) undo.push(patchMethod(proto, name, mark));
  }
  return () => { for (const u of undo) u(); };
}

/** Sends (through `emit`, once encoded) the canvases drawn on (or resized) since last sent, but
 * none that `isMasked` (privacy.ts, passed in so that this chunk does not carry it).
 * Encoding is `toBlob`, which the browser does off the page's main thread; the result is
 * dropped if a snapshot started a new generation meanwhile. */
export function flushCanvases(s: CaptureState, emit: (batch: Op[]) => void, isMasked: (s: CaptureState, node: Node) => boolean): void {
  let pixels = 0;
  const top = s.win.document;
  const key = s.id;
  for (const canvas of s.canvases) {
    const id = (canvas as unknown as Tagged)[key];
    if (id === undefined || !canvas.isConnected) { s.canvases.delete(canvas); continue; }
    if (s.canvasBusy.has(canvas)) continue;
    const area = canvas.width * canvas.height;
    const size = canvas.width + 'x' + canvas.height;
    const sent = s.canvasSent.get(canvas);
    if (!s.canvasDirty.has(canvas) && canvas.ownerDocument === top && sent !== undefined && sent.size === size) continue;
    if (area === 0 || area > MAX_CANVAS_PIXELS || pixels + area > PIXEL_BUDGET) continue;
    if (isMasked(s, canvas)) continue;
    pixels += area;
    s.canvasDirty.delete(canvas);
    s.canvasBusy.add(canvas);
    const current = () => !s.stopped && s.id === key && (canvas as unknown as Tagged)[key] === id;
    try {
      canvas.toBlob((blob) => {
        s.canvasBusy.delete(canvas);
        if (blob === null || !current()) return;
        const reader = new FileReader();
        reader.onload = () => {
          const url = reader.result;
          if (typeof url !== 'string' || !current()) return;
          const last = s.canvasSent.get(canvas);
          if (last !== undefined && last.url === url) { last.size = size; return; }
          s.canvasSent.set(canvas, { url, size });
          emit([[OpCode.Canvas, url, id]]);
        };
        reader.readAsDataURL(blob);
      }, 'image/webp', 0.85);
    } catch {
      s.canvasBusy.delete(canvas);
      s.canvases.delete(canvas); // tainted by cross-origin pixels: never readable
    }
  }
}
