// Sharing the page: runs the DOM capture and sends its batches as frames. Created when the
// customer accepts (or a page resumes a shared session), stopped when co-browsing ends.
import { createCapture, type Capture } from '../dom/capture';
import { createFrameEncoder } from '../transport/encode';
import type { Options } from './options';

export interface Share {
  snapshot(): void;
  stop(): void;
  /** The page's node the agent's mirror names by `id` (remote control), or null. */
  nodeOf(id: number): Node | null;
}

/** A selector list the browser can use; parts it rejects are dropped (and said), never fatal. */
export function usable(doc: Document, selector: string): string {
  try {
    doc.querySelector(selector || '*');
    return selector;
  } catch {
    /* find the bad parts below */
  }
  return selector
    .split(',')
    .map((s) => s.trim())
    .filter((s) => {
      if (!s) return false;
      try {
        doc.querySelector(s);
        return true;
      } catch {
        console.warn(`Tandem: ignoring the invalid selector "${s}"`);
        return false;
      }
    })
    .join(', ');
}

export function startSharing(win: Window, options: Options, sendFrame: (frame: Uint8Array) => void): Share {
  const encoder = createFrameEncoder(sendFrame);
  const doc = win.document;
  const capture: Capture = createCapture(
    win,
    { maskSelector: usable(doc, options.maskSelector), blockSelector: usable(doc, options.blockSelector) },
    (batch) => encoder.push(batch),
  );
  capture.snapshot();
  return {
    snapshot: () => capture.snapshot(),
    stop: () => capture.stop(),
    nodeOf: (id) => capture.nodeOf(id),
  };
}
