// Bench-only browser bundle (never shipped): the DOM engine's two halves and the real frame
// encoder and decoder, exposed to benchmark pages as `window.TandemBench`. Built minified, as
// the SDK and the console are, so the numbers are the production code's.
import { createCapture } from '../../web/src/dom/capture/index';
import { createMirror } from '../../web/src/dom/mirror/index';
import { createFrameDecoder } from '../../web/src/transport/decode';
import { createFrameEncoder } from '../../web/src/transport/encode';

(window as unknown as { TandemBench: unknown }).TandemBench = { createCapture, createMirror, createFrameEncoder, createFrameDecoder };
