// Sharing the page: runs the DOM capture and sends its batches as frames. Created when the
// customer accepts (or a page resumes a shared session), stopped when co-browsing ends.
import { createCapture, type Capture } from '../dom/capture';
import { OpCode } from '../dom/format';
import { createFrameEncoder } from '../transport/encode';
import type { Options } from './options';
import { usable } from './selectors';

/** The canvas chunk's file name, content-hashed (set by web/build.mjs). */
declare const __TANDEM_CANVAS__: string;

export interface Share {
  snapshot(): void;
  stop(): void;
  /** The page's node the agent's mirror names by `id` (remote control), or null. */
  nodeOf(id: number): Node | null;
}

export function startSharing(win: Window, options: Options, sendFrame: (frame: Uint8Array) => void): Share {
  const encoder = createFrameEncoder(sendFrame);
  const doc = win.document;
  const capture: Capture = createCapture(
    win,
    {
      maskSelector: usable(doc, options.maskSelector), blockSelector: usable(doc, options.blockSelector),
      privateByDefault: options.privateByDefault, unmaskSelector: usable(doc, options.unmaskSelector ?? ''),
      allowQueryParams: options.allowQueryParams, allowFragment: options.allowFragment,
    },
    // A snapshot starts a new epoch of frame numbers (transport/frame.ts).
    (batch) => encoder.push(batch, batch.length !== 0 && batch[0][0] === OpCode.Snapshot),
    undefined,
    // What sends canvases' pictures comes only to a page that has one.
    () => import(new URL(__TANDEM_CANVAS__, import.meta.url).href),
  );
  capture.snapshot();
  return {
    snapshot: () => capture.snapshot(),
    stop: () => { capture.stop(); encoder.close(); },
    nodeOf: (id) => capture.nodeOf(id),
  };
}
