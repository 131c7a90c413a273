// Frames on another origin that run the SDK too (a payment step or help widget on a company
// subdomain) are stitched into the parent's mirror in place. The parent's page cannot read such
// a frame, so the frame captures itself — with its own masking policy, in its own browser
// context: what it masks never leaves the frame — and posts its batches up; the parent wraps
// each in `[OpCode.Frame, frameId, batch]` (format.ts) and sends it with its own.
//
// The handshake, over postMessage, names no content until both sides agreed:
//   parent → child  {tandem: 'frame:ask'}          (to every frame, when the parent starts)
//   child → parent  {tandem: 'frame:hello'}        (to any origin: it carries nothing)
//   parent → child  {tandem: 'frame:start'}        (to the child's origin, if the parent allows it)
//   child → parent  {tandem: 'frame:ops', batch}   (to the parent's origin only, if the child allows it)
//   parent → child  {tandem: 'frame:snapshot'}     (the parent's mirror starts afresh)
// Each side checks the other's origin against what it allows (the SDK: the company's domains),
// and the parent takes batches only from the window of a frame element in its own document
// that is mirrored and not in a masked or blocked region.
import { OpCode, type Op } from '../format';
import { isHiddenSpot } from './privacy';
import type { CaptureState, Tagged } from './state';

const TAG = 'tandem';

interface Link { origin: string; frame: HTMLIFrameElement | null; stale: boolean }

/** Called after each flush (`snapshot`: after a snapshot, every linked frame sends a fresh
 * one; otherwise frames whose batches were dropped while they had no id yet start again). */
export type FrameHub = (snapshot: boolean) => void;

/** The frame element of `s`'s documents whose window is `source`. */
function frameOf(s: CaptureState, source: MessageEventSource | null): HTMLIFrameElement | null {
  if (source === null) return null;
  for (const root of s.roots.keys()) {
    for (const f of Array.from(root.querySelectorAll('iframe,frame'))) {
      if ((f as HTMLIFrameElement).contentWindow === source) return f as HTMLIFrameElement;
    }
  }
  return null;
}

export type FrameHost = typeof hostFrames;

/** The parent's side: accepts frames whose origin `allow` says yes to; stops with the capture. */
export function hostFrames(s: CaptureState, allow: (origin: string) => boolean, emit: (batch: Op[]) => void): FrameHub {
  const links = new Map<MessageEventSource, Link>();
  const post = (w: MessageEventSource, link: Link, what: string) => {
    try { (w as Window).postMessage({ [TAG]: what }, link.origin); } catch { /* gone */ }
  };
  const onMessage = (e: MessageEvent) => {
    const data = e.data as { [TAG]?: unknown; batch?: unknown } | null;
    if (data === null || typeof data !== 'object' || typeof data[TAG] !== 'string' || e.source === null) return;
    if (!allow(e.origin)) return;
    if (data[TAG] === 'frame:hello') {
      const link: Link = { origin: e.origin, frame: null, stale: false };
      links.set(e.source, link);
      post(e.source, link, 'frame:start');
      return;
    }
    const link = links.get(e.source);
    if (data[TAG] !== 'frame:ops' || link === undefined || link.origin !== e.origin || !Array.isArray(data.batch)) return;
    if (link.frame === null || !link.frame.isConnected || link.frame.contentWindow !== e.source) link.frame = frameOf(s, e.source);
    const frame = link.frame;
    const id = frame === null ? undefined : (frame as unknown as Tagged)[s.id];
    if (frame === null || id === undefined || isHiddenSpot(s, frame)) {
      // Not mirrored (yet): its document is sent again once it is.
      link.stale = true;
      return;
    }
    if (s.started && !s.stopped) emit([[OpCode.Frame, id, data.batch as Op[]]]);
  };
  s.win.addEventListener('message', onMessage);
  /** Frames that loaded before the parent started say hello when asked. */
  const ask = () => {
    for (const root of s.roots.keys()) {
      for (const f of Array.from(root.querySelectorAll('iframe,frame'))) {
        const w = (f as HTMLIFrameElement).contentWindow;
        if (w !== null && !links.has(w)) { try { w.postMessage({ [TAG]: 'frame:ask' }, '*'); } catch { /* gone */ } }
      }
    }
  };
  s.teardown.push(() => {
    s.win.removeEventListener('message', onMessage);
    links.clear();
  });
  return (snapshot) => {
    if (snapshot) {
      for (const [w, link] of links) post(w, link, 'frame:snapshot');
      ask();
      return;
    }
    for (const [w, link] of links) {
      if (!link.stale) continue;
      const f = link.frame ?? frameOf(s, w);
      if (f === null || (f as unknown as Tagged)[s.id] === undefined) continue;
      link.stale = false;
      post(w, link, 'frame:snapshot');
    }
  };
}

export interface FrameLink {
  stop(): void;
}

/** The child's side: once a parent whose origin `allow` says yes to asks, `start` makes a
 * capture whose batches go to `send`; `snapshot` and `stop` drive it. */
export function linkToParent(
  win: Window,
  allow: (origin: string) => boolean,
  capture: (send: (batch: Op[]) => void) => { snapshot(): void; stop(): void },
): FrameLink {
  const parent = win.parent;
  let running: { snapshot(): void; stop(): void } | null = null;
  let origin = '';
  const onMessage = (e: MessageEvent) => {
    const data = e.data as { [TAG]?: unknown } | null;
    if (e.source !== parent || data === null || typeof data !== 'object') return;
    if (data[TAG] !== 'frame:ask' && !allow(e.origin)) return;
    if (data[TAG] === 'frame:ask') {
      parent.postMessage({ [TAG]: 'frame:hello' }, '*');
    } else if (data[TAG] === 'frame:start' && running === null) {
      origin = e.origin;
      running = capture((batch) => parent.postMessage({ [TAG]: 'frame:ops', batch }, origin));
      running.snapshot();
    } else if (data[TAG] === 'frame:snapshot' && running !== null && e.origin === origin) {
      running.snapshot();
    }
  };
  win.addEventListener('message', onMessage);
  if (parent !== win) parent.postMessage({ [TAG]: 'frame:hello' }, '*');
  return {
    stop() {
      win.removeEventListener('message', onMessage);
      running?.stop();
      running = null;
    },
  };
}
