// Test-only bundle (web/dist-test/dom-harness.js, never embedded): exposes both halves of the
// DOM engine to Playwright pages as `window.TandemDom`, with the SDK's outline of what the agent
// cannot see (it draws from the same policy).
import { outlineMasked } from '../sdk/widgets/masked';
import { keptWhenMasked } from './capture/attrs';
import * as canvasChunk from './capture/canvas';
import { hostFrames, linkToParent } from './capture/frames';
import { createCapture as create, type CapturePolicy } from './capture/index';
import type { Op } from './format';
import { createMirror } from './mirror/index';

/** A capture that stitches in frames when its policy names their origins, with its canvas part
 * at hand (the SDK loads it as a chunk of its own). */
const createCapture = (win: Window, policy: CapturePolicy, emit: (batch: Op[]) => void) => create(win, policy, emit, hostFrames, () => Promise.resolve(canvasChunk));

(window as unknown as { TandemDom: unknown }).TandemDom = { createCapture, createMirror, linkToParent, outlineMasked, keptWhenMasked };
