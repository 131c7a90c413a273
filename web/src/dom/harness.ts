// Test-only bundle (web/dist-test/dom-harness.js, never embedded): exposes both halves of the
// DOM engine to Playwright pages as `window.TandemDom`, with the SDK's outline of what the agent
// cannot see (it draws from the same policy).
import { outlineMasked } from '../sdk/widgets/masked';
import { keptWhenMasked } from './capture/attrs';
import { linkToParent } from './capture/frames';
import { createCapture } from './capture/index';
import { createMirror } from './mirror/index';

(window as unknown as { TandemDom: unknown }).TandemDom = { createCapture, createMirror, linkToParent, outlineMasked, keptWhenMasked };
