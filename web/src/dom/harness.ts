// Test-only bundle (web/dist-test/dom-harness.js, never embedded): exposes both halves of the
// DOM engine to Playwright pages as `window.TandemDom`.
import { createCapture } from './capture/index';
import { createMirror } from './mirror/index';

(window as unknown as { TandemDom: unknown }).TandemDom = { createCapture, createMirror };
