// Sharing the page: runs the DOM capture and sends its batches as frames. Created when the
// customer accepts (or a page resumes a shared session), stopped when co-browsing ends. Images
// only this browser can load are handed over beside it (handover.ts, a chunk of its own).
import { createCapture, type Capture, type CapturePolicy } from '../dom/capture';
import { OpCode, type Op } from '../dom/format';
import { createFrameEncoder } from '../transport/encode';
import type { Handover } from './handover';
import type { Options } from './options';
import { usable } from './selectors';

/** The canvas chunk's file name, content-hashed (set by web/build.mjs). */
declare const __TANDEM_CANVAS__: string;
/** The hand-over chunk's file name, content-hashed (set by web/build.mjs). */
declare const __TANDEM_HANDOVER__: string;

export interface Share {
  snapshot(): void;
  stop(): void;
  /** The page's node the agent's mirror names by `id` (remote control), or null. */
  nodeOf(id: number): Node | null;
  /** The agent's view asks for an image it could not load (handover.ts). */
  handOver(url: string): void;
}

/** What the site's options say capture may send. */
export function capturePolicy(doc: Document, options: Options): CapturePolicy {
  return {
    maskSelector: usable(doc, options.maskSelector), blockSelector: usable(doc, options.blockSelector),
    privateByDefault: options.privateByDefault, unmaskSelector: usable(doc, options.unmaskSelector ?? ''),
    allowQueryParams: options.allowQueryParams, allowFragment: options.allowFragment,
  };
}

export function startSharing(win: Window, options: Options, sendFrame: (frame: Uint8Array) => void): Share {
  const encoder = createFrameEncoder(sendFrame);
  const doc = win.document;
  // A snapshot starts a new epoch of frame numbers (transport/frame.ts).
  const emit = (batch: Op[]) => encoder.push(batch, batch.length !== 0 && batch[0][0] === OpCode.Snapshot);
  // The hand-over of images only this browser can load is a chunk of its own, loaded the
  // first time a page has one (handover.ts).
  let handover: Promise<Handover | null> | null = null;
  let stopped = false;
  const withHandover = (fn: (h: Handover) => void) => void (handover ??= (import(new URL(__TANDEM_HANDOVER__, import.meta.url).href) as Promise<typeof import('./handover')>).then(
    (m) => m.createHandover(win, { query: options.allowQueryParams ?? [], fragment: !!options.allowFragment }, (n) => capture.shows(n), emit),
    () => null,
  )).then((h) => h && !stopped && fn(h));
  const capture: Capture = createCapture(
    win,
    {
      ...capturePolicy(doc, options),
      onBlobImage: (img) => withHandover((h) => h.offer(img)),
    },
    emit,
    undefined,
    // What sends canvases' pictures comes only to a page that has one.
    () => import(new URL(__TANDEM_CANVAS__, import.meta.url).href),
  );
  capture.snapshot();
  return {
    snapshot: () => { if (handover) withHandover((h) => h.snapshot()); capture.snapshot(); },
    stop: () => { stopped = true; void handover?.then((h) => h?.stop()); capture.stop(); encoder.close(); },
    nodeOf: (id) => capture.nodeOf(id),
    handOver: (url) => withHandover((h) => h.request(url)),
  };
}
