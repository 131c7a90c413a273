// The remote-control chunk, `/sdk/tandem-control.js`. The core loads it only once a page is
// shared, so pages that never co-browse do not carry the executor, its policy or the marks;
// it hands its factory to the core that loaded it through an event on its own document.
import { createControl } from './session';
import { CHUNK_EVENT, type ControlChunk } from './types';

document.dispatchEvent(new CustomEvent<ControlChunk>(CHUNK_EVENT, { detail: { createControl } }));
