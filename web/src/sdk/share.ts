// Sharing the page: runs the DOM capture and sends its batches as frames. Created when the
// customer accepts (or a page resumes a shared session), stopped when co-browsing ends.
import { createCapture, type Capture } from '../dom/capture';
import { createFrameEncoder } from '../transport/encode';
import type { Options } from './options';

export interface Share {
  snapshot(): void;
  stop(): void;
}

export function startSharing(win: Window, options: Options, sendFrame: (frame: Uint8Array) => void): Share {
  const encoder = createFrameEncoder(sendFrame);
  const capture: Capture = createCapture(
    win,
    { maskSelector: options.maskSelector, blockSelector: options.blockSelector },
    (batch) => encoder.push(batch),
  );
  capture.snapshot();
  return {
    snapshot: () => capture.snapshot(),
    stop: () => capture.stop(),
  };
}
