// Capture: the customer's live document → a snapshot plus a stream of op batches (format.ts).
// `createCapture` wires one instance: observers and listeners start at once (so nothing that
// happens between creation and the first snapshot is missed), but nothing is emitted until
// `snapshot()`. Changes are coalesced into one batch per animation frame (a timer backs the
// frame up in hidden tabs; pointer and scroll alone flush at most every 50 ms). Every few
// seconds, once a flush leaves nothing pending, the document's checksum (checksum.ts) is
// walked in short slices and sent if the document did not change meanwhile (else it waits for
// the next interval), so that a mirror which drifted away notices. Every observer, listener and prototype patch registers its teardown;
// `stop()` runs them all.
import { ATTR_UI, OpCode, type Op } from '../format';
import { checksumWalk, CHECK_SLICE_MS, type ChecksumWalk } from './checksum';
import { selectionOp } from './selection';
import { flushEvents, listenRoot, listenWindow, locationOp, makeHandlers, snapshotScrolls, uiOp, viewportOp } from './events';
import type { FrameHost } from './frames';
import { flushInputs, patchFormSetters } from './inputs';
import { flushMutations, flushPending, takeRecords } from './mutations';
import { patchMethod } from './patch';
import { isHiddenSpot, isMasked } from './privacy';
import { beginSlice, serializeDoc, useBase } from './serialize';
import { generation, idOf, TextMode, type CapturePolicy, type CaptureState } from './state';
import { flushAdopted, flushSheets, patchCssom } from './styles';
import { urlBase } from './urls';
import { patchWebGl } from './webgl';
import { NodeType } from '../node-type';

export type { CapturePolicy } from './state';

/** The canvas chunk (canvas.ts), loaded when the first canvas is mirrored. */
export type CanvasChunk = typeof import('./canvas');

export interface Capture {
  snapshot(): void;
  stop(): void;
  /** The customer's node the mirror knows by `id` in the current snapshot generation, or null.
   * A walk over the observed documents and shadow roots: meant for the rare remote-control
   * command, so the snapshot's hot path keeps no id → node map. */
  nodeOf(id: number): Node | null;
  /** Whether the mirror shows `node` as it is: mirrored, and not in a masked or blocked region. */
  shows(node: Node): boolean;
}

const OBSERVE: MutationObserverInit = { childList: true, subtree: true, attributes: true, characterData: true };
const POINTER_INTERVAL = 50;
const BACKUP_DELAY = 100;
const CANVAS_INTERVAL = 1000;
const CHECK_INTERVAL = 3000;
/** How often the open state of a focused control's picker is looked at (it fires no event). */
const PICKER_POLL = 150;
/** Serialisation time per task: big snapshots and adds continue in the next frame (ARCHITECTURE.md §5:
 * no task over 50 ms), with room for a cold start or a collection (the SDK's encoder encodes
 * each batch in a task of its own). */
const SLICE_MS = 30;

/** `frames`: stitches in frames on other origins that run the SDK (frames.ts `hostFrames`),
 * passed in by the caller so that pages which never stitch do not download it. `canvases`
 * loads what sends canvases' pictures (canvas.ts) once the first canvas is mirrored: a page
 * without canvases never downloads it (without it, canvases are sent empty). */
export function createCapture(win: Window, policy: CapturePolicy, emit: (batch: Op[]) => void, frames?: FrameHost, canvases?: () => Promise<CanvasChunk>): Capture {
  const doc = win.document;
  const [policyMask, policyBlock, policyUnmask] = [policy.maskSelector, policy.blockSelector, policy.unmaskSelector ?? ''].map((x) => x.trim());
  // Failing closed: a policy that cannot be applied must not silently capture everything, so an
  // invalid selector throws here (a SyntaxError naming it), before anything is observed.
  doc.createDocumentFragment().querySelector([policyMask, policyBlock, policyUnmask].filter((x) => x).join() || '*');
  const urlPolicy = { query: (policy.allowQueryParams ?? []).slice(), fragment: !!policy.allowFragment };
  const teardown: Array<() => void> = [];
  let raf = 0;
  let timer: ReturnType<typeof setTimeout> | 0 = 0;
  let lastFlush = 0;
  /** A checksum is due with the next flush that leaves nothing pending. */
  let checkDue = false;
  /** Changes seen (mutations, new shadow roots, snapshots): a checksum walk that sees this move
   * between two of its slices is dropped. */
  let changes = 0;
  /** The checksum walk under way, and `changes` when it began. */
  let walk: ChecksumWalk | null = null;
  let walkFrom = 0;
  /** The selection last sent (selection.ts), '' after a snapshot. */
  let selection = '';
  /** The canvas chunk once loaded; whether it was asked for. */
  let canvas: CanvasChunk | null = null;
  let canvasAsked = false;

  const s: CaptureState = {
    win,
    maskSel: '[data-tandem-mask]' + (policyMask ? ',' + policyMask : ''),
    policyMask, policyBlock, policyUnmask, policy: !!(policyMask || policyBlock || policyUnmask),
    priv: !!policy.privateByDefault, unmaskSel: '[data-tandem-unmask]' + (policyUnmask ? ',' + policyUnmask : ''),
    started: false, stopped: false,
    secretInputs: new WeakSet(), roots: new Map(), pruneAt: 64, everScrolled: new Set(),
    url: urlBase(doc.baseURI, urlPolicy), urlPolicy, baseDoc: null,
    deadline: Infinity, tick: 256, late: false,
    touchedSheets: new WeakSet(),
    ...generation(),
    attachRoot: () => {}, schedule: () => {}, teardown, onBlob: policy.onBlobImage,
  };

  const cancel = () => {
    if (raf !== 0) { win.cancelAnimationFrame(raf); raf = 0; }
    if (timer !== 0) { clearTimeout(timer); timer = 0; }
  };

  s.schedule = (urgent) => {
    if (!s.started || s.stopped) return;
    if (urgent) {
      if (raf === 0) raf = win.requestAnimationFrame(flush);
      if (timer === 0) timer = setTimeout(flush, BACKUP_DELAY);
    } else if (raf === 0 && timer === 0) {
      timer = setTimeout(flush, Math.max(0, POINTER_INTERVAL - (performance.now() - lastFlush)));
    }
  };

  const observer = makeObserver(s, (records) => {
    if (!s.started || s.stopped) return;
    changes++;
    takeRecords(s, records);
    s.schedule(true);
  });
  teardown.push(() => observer.disconnect());

  const handlers = makeHandlers(s);
  const onFormSet = (el: Element) => {
    if (s.started) { s.inputs.add(el); s.schedule(true); }
  };
  // Prototype patches go on the top window only: same-origin frames are observed and listened
  // to, but patching every frame's realm costs more than the rare script-made change in them.
  const view = win as Window & typeof globalThis;
  teardown.push(patchCssom(s, view));
  teardown.push(patchFormSetters(view, onFormSet));
  teardown.push(patchWebGl(view));
  teardown.push(patchMethod(view.Element.prototype, 'attachShadow', (host: Element) => {
    if (s.started) { changes++; s.hosts.add(host); s.schedule(true); }
  }));

  s.attachRoot = (root) => {
    if (root.adoptedStyleSheets && root.adoptedStyleSheets.length !== 0) s.adopters.add(root);
    if (s.roots.has(root)) return;
    if (s.roots.size >= s.pruneAt) {
      pruneRoots();
      s.pruneAt = Math.max(64, 2 * s.roots.size);
    }
    observer.observe(root, OBSERVE);
    s.roots.set(root, listenRoot(root, handlers));
  };
  teardown.push(() => {
    for (const undo of s.roots.values()) undo();
    s.roots.clear();
  });

  s.attachRoot(doc);
  teardown.push(listenWindow(win, handlers));
  const onSelection = () => s.schedule(false);
  doc.addEventListener('selectionchange', onSelection);
  teardown.push(() => doc.removeEventListener('selectionchange', onSelection));
  const canvasTimer = setInterval(() => {
    if (s.started && !s.stopped) drawCanvases();
  }, CANVAS_INTERVAL);
  teardown.push(() => clearInterval(canvasTimer));
  const checkEvery = policy.checkInterval ?? CHECK_INTERVAL;
  if (checkEvery > 0) {
    const checkTimer = setInterval(() => { checkDue = true; s.schedule(false); }, checkEvery);
    teardown.push(() => clearInterval(checkTimer));
  }

  const hub = policy.frameOrigins && frames ? frames(s, policy.frameOrigins, emit) : null;

  function flush(): void {
    cancel();
    lastFlush = performance.now();
    if (!s.started || s.stopped) return;
    const pending = observer.takeRecords();
    if (pending.length !== 0) { changes++; takeRecords(s, pending); }
    // Removals may have taken shadow roots or frames away: let go of their documents and listeners.
    if (s.removed.length !== 0) pruneRoots();
    const ops: Op[] = [];
    try {
      s.baseDoc = null;
      useBase(s, doc);
      s.flushStart = s.nextId;
      beginSlice(s, SLICE_MS);
      flushMutations(s, ops);
      flushPending(s, ops);
      beginSlice(s, Infinity);
      flushSheets(s, ops);
      flushAdopted(s, ops);
      flushInputs(s, ops);
      flushEvents(s, ops);
      const [key, sel] = selectionOp(s, doc, selection);
      selection = key;
      if (sel !== null) ops.push(sel);
      useBase(s, doc);
      if (s.pending.length !== 0) s.schedule(true);
      else if (checkDue && walk === null) {
        // One try per interval: a walk dropped for a change waits for the next one, so that a
        // page changing all the time does not pay for a walk on every flush.
        checkDue = false;
        walk = checksumWalk(s, doc);
        walkFrom = changes;
        if (walk.step(CHECK_SLICE_MS)) {
          if (!walk.unsettled) ops.push([OpCode.Check, walk.sum]);
          walk = null;
        } else setTimeout(resumeCheck, 0);
      }
    } catch (err) {
      // Our state may no longer match the mirror's: start over from a full snapshot.
      console.warn('tandem capture: resynchronising after', err);
      snapshot();
      return;
    }
    if (ops.length !== 0) emit(ops);
    hub?.(false);
    // While a control with a picker has focus, look again shortly (uiOp notices it opening).
    if (s.pickerWatch && timer === 0) timer = setTimeout(flush, PICKER_POLL);
  }

  /** The next slice of a checksum walk begun by a flush: sent when done, unless the document
   * changed since it began (the next interval then begins another). */
  function resumeCheck(): void {
    if (walk === null) return;
    if (s.stopped || !s.started) { walk = null; return; }
    const late = observer.takeRecords();
    if (late.length !== 0) { changes++; takeRecords(s, late); s.schedule(true); }
    if (changes !== walkFrom || s.pending.length !== 0) { walk = null; return; }
    if (!walk.step(CHECK_SLICE_MS)) { setTimeout(resumeCheck, 0); return; }
    const done = walk;
    walk = null;
    if (!done.unsettled) emit([[OpCode.Check, done.sum]]);
  }

  /** Sends the canvases drawn on since last sent, once the canvas chunk is here; asks for it
   * when the first canvas is mirrored (what was drawn meanwhile goes with its first pass). */
  function drawCanvases(): void {
    if (s.canvases.size === 0) return;
    if (canvas) return canvas.flushCanvases(s, emit, isMasked);
    if (canvasAsked || !canvases) return;
    canvasAsked = true;
    canvases().then((chunk) => {
      if (s.stopped) return;
      canvas = chunk;
      teardown.push(chunk.patchCanvas(s, view));
      if (s.started) drawCanvases();
    }, () => { /* unreachable: canvases stay empty boxes */ });
  }

  function pruneRoots(): void {
    for (const [root, undo] of s.roots) {
      const alive = root.nodeType === NodeType.Document ? (root as Document).defaultView !== null : (root as ShadowRoot).host.isConnected;
      if (!alive) { undo(); s.roots.delete(root); }
    }
  }

  function snapshot(): void {
    if (s.stopped) return;
    cancel();
    observer.takeRecords();
    s.started = true;
    changes++;
    walk = null;
    Object.assign(s, generation());
    pruneRoots();
    s.url = urlBase(doc.baseURI, s.urlPolicy);
    s.baseDoc = doc;
    beginSlice(s, SLICE_MS);
    const ops: Op[] = [[OpCode.Snapshot, serializeDoc(s, doc, s.priv ? TextMode.Private : TextMode.Plain)]];
    beginSlice(s, Infinity);
    s.flushStart = s.nextId;
    ops.push(viewportOp(win));
    const loc = locationOp(s);
    if (loc) ops.push(loc);
    snapshotScrolls(s, ops);
    uiOp(s, ops);
    selection = '';
    flushAdopted(s, ops);
    emit(ops);
    hub?.(true);
    drawCanvases();
    if (s.pending.length !== 0) s.schedule(true);
  }

  function stop(): void {
    if (s.stopped) return;
    s.stopped = true;
    walk = null;
    cancel();
    for (const undo of teardown.splice(0).reverse()) {
      try { undo(); } catch { /* keep tearing down */ }
    }
    Object.assign(s, generation()); // lets go of every node it held
    s.everScrolled.clear();
  }

  function nodeOf(id: number): Node | null {
    if (!s.started || s.stopped || !(id > 0)) return null;
    for (const root of s.roots.keys()) {
      const owner = root.nodeType === NodeType.Document ? (root as Document) : (root.ownerDocument as Document);
      const walker = owner.createTreeWalker(root, NodeFilter.SHOW_ALL);
      for (let n: Node | null = root; n !== null; n = walker.nextNode()) if (idOf(s, n) === id) return n;
    }
    return null;
  }

  return { snapshot, stop, nodeOf, shows: (node) => s.started && !s.stopped && idOf(s, node) !== undefined && !isHiddenSpot(s, node) };
}

/** A MutationObserver even when the page has replaced the constructor (some frameworks do):
 * then one is taken from a pristine realm, a hidden frame kept until stop(). */
function makeObserver(s: CaptureState, cb: MutationCallback): MutationObserver {
  const win = s.win as Window & typeof globalThis;
  try {
    return new win.MutationObserver(cb);
  } catch {
    const frame = win.document.createElement('iframe');
    frame.setAttribute(ATTR_UI, '');
    frame.setAttribute('aria-hidden', 'true');
    frame.style.display = 'none';
    (win.document.body ?? win.document.documentElement).appendChild(frame);
    s.teardown.push(() => frame.remove());
    const realm = frame.contentWindow as Window & typeof globalThis;
    return new realm.MutationObserver(cb);
  }
}
