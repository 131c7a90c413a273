// Listeners for what the DOM does not mutate: form input, media playing, scrolling, the pointer
// or a finger (and what it hovers), focus, the viewport and the visual viewport (a phone's pinch
// zoom and on-screen keyboard), frame loads. Handlers only note what changed (a Set
// entry or a coordinate) and ask for a flush; values are read once per flush, so a burst of
// events costs one op. Listeners are capture-phase on every observed document and shadow root,
// because scroll and change events do not bubble out of their tree.
import { OpCode, ROOT_ID, type Op } from '../format';
import { controlOf } from './inputs';
import { isHiddenSpot, isMasked, maskText } from './privacy';
import { idOf, type CaptureState, type Tagged } from './state';
import { publicUrl } from './urls';
import { NodeType } from '../node-type';

export interface Handlers {
  input(e: Event): void;
  scroll(e: Event): void;
  pointer(e: PointerEvent): void;
  focus(): void;
  load(e: Event): void;
  resize(): void;
}

export function makeHandlers(s: CaptureState): Handlers {
  return {
    input(e) {
      const el = controlOf(e.composedPath()[0] ?? e.target);
      if (el) { s.inputs.add(el); s.schedule(true); }
    },
    scroll(e) {
      const t = e.target as Node | null;
      if (!t) return;
      if (t.nodeType === NodeType.Document || t.nodeType === NodeType.Element) {
        s.scrolls.add(t as Element | Document);
        if (t.nodeType === NodeType.Element) {
          if (s.everScrolled.size > 256) for (const el of s.everScrolled) if (!el.isConnected) s.everScrolled.delete(el);
          s.everScrolled.add(t as Element);
        }
        s.schedule(false);
      }
    },
    pointer(e) {
      // A finger: pointerdown for a tap, pointermove while it moves and the page does not scroll.
      s.pointer = { x: e.clientX, y: e.clientY, touch: e.pointerType == 'touch' };
      s.hover = e.composedPath()[0] as Node;
      s.schedule(false);
    },
    focus() {
      s.schedule(false);
    },
    load(e) {
      const t = e.target as Element | null;
      if (t && t.nodeType === NodeType.Element && (t.localName === 'iframe' || t.localName === 'frame')) {
        s.frames.add(t as HTMLIFrameElement);
        s.schedule(true);
      }
    },
    resize() {
      s.viewport = true;
      s.schedule(false);
    },
  };
}

const CAPTURE: AddEventListenerOptions = { capture: true, passive: true };

/** Listen on a document or shadow root; returns the teardown. */
export function listenRoot(root: Document | ShadowRoot, h: Handlers): () => void {
  const on: [string, EventListener][] = [
    ['input', h.input], ['change', h.input], ['scroll', h.scroll], ['load', h.load], ['focusin', h.focus], ['focusout', h.focus],
    // Media events do not bubble; capture-phase listeners hear them all the same.
    ['play', h.input], ['pause', h.input], ['seeked', h.input], ['ratechange', h.input], ['volumechange', h.input],
  ];
  if (root.nodeType === NodeType.Document) on.push(['pointermove', h.pointer as EventListener], ['pointerdown', h.pointer as EventListener]);
  for (const [type, fn] of on) root.addEventListener(type, fn, CAPTURE);
  return () => { for (const [type, fn] of on) root.removeEventListener(type, fn, CAPTURE); };
}

/** Listen on the top window's visual viewport (its resize includes the window's; a browser
 * without one: the window); returns the teardown. */
export function listenWindow(win: Window, h: Handlers): () => void {
  const vv = win.visualViewport ?? win;
  vv.addEventListener('resize', h.resize, CAPTURE);
  vv.addEventListener('scroll', h.resize, CAPTURE);
  return () => {
    vv.removeEventListener('resize', h.resize, CAPTURE);
    vv.removeEventListener('scroll', h.resize, CAPTURE);
  };
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}

/** Scroll op for a document (its window) or an element, if it is mirrored. */
export function scrollOp(s: CaptureState, t: Element | Document): Op | null {
  const id = (t as unknown as Tagged)[s.id];
  if (id === undefined || id >= s.flushStart) return null;
  if (t.nodeType === NodeType.Document) {
    const view = (t as Document).defaultView;
    if (!view) return null;
    return [OpCode.Scroll, id, round(view.scrollX), round(view.scrollY)];
  }
  const el = t as Element;
  if (!el.isConnected) return null;
  return [OpCode.Scroll, id, round(el.scrollLeft), round(el.scrollTop)];
}

/** Pointer position in the top window's client coordinates (frames add their offset). */
function pointerOp(s: CaptureState): Op | null {
  const p = s.pointer;
  if (!p) return null;
  s.pointer = null;
  let x = p.x, y = p.y;
  const at = s.hover as Node;
  if (isHiddenSpot(s, at)) return null;
  let doc: Document | null = at.ownerDocument ?? at as Document;
  while (doc && doc.defaultView && doc.defaultView !== s.win) {
    let frame: Element | null = null;
    try { frame = doc.defaultView.frameElement; } catch { frame = null; }
    if (!frame) return null;
    const r = frame.getBoundingClientRect();
    x += r.left + frame.clientLeft;
    y += r.top + frame.clientTop;
    doc = frame.ownerDocument;
  }
  const op: Op = [OpCode.Pointer, round(x), round(y)];
  if (p.touch) op.push(1);
  return op;
}

export function viewportOp(win: Window): Op {
  const v = win.visualViewport;
  const op: Op = [OpCode.Viewport, win.innerWidth, win.innerHeight, win.devicePixelRatio];
  if (v) op.push(round(v.offsetLeft), round(v.offsetTop), round(v.width), round(v.height));
  return op;
}

/** Location op if the URL or title changed since the last one. */
export function locationOp(s: CaptureState): Op | null {
  const url = publicUrl(s.urlPolicy, s.win.location.href);
  const doc = s.win.document;
  const t = doc.querySelector('title');
  const title = t && isMasked(s, t) ? maskText(doc.title) : doc.title;
  const key = url + '\n' + title;
  if (key === s.lastLocation) return null;
  s.lastLocation = key;
  return [OpCode.Location, url, title];
}

/** The mirrored node nearest to `n` (itself or an ancestor), as its id; 0 when none or when
 * `n` is in a masked or blocked region. */
function nearestId(s: CaptureState, n: Node | null): number {
  if (n === null || isHiddenSpot(s, n)) return 0;
  let id: number | undefined;
  while (n !== null && (id = idOf(s, n)) === undefined) n = n.parentNode;
  return id ?? 0;
}

/** Input types with a picker: date, datetime-local, month, week, time, color (by the start of
 * their name, which no other type shares: the SDK's size budget is tight). */
const PICKER_INPUTS = /^(?:d|mo|w|ti|co)/;

/** Whether `el` is a control whose picker the browser draws outside the DOM. */
function hasPicker(el: Element): boolean {
  const c = el as HTMLSelectElement & HTMLInputElement;
  return el.localName === 'select' ? !c.multiple && c.size < 2 : el.localName === 'input' && (PICKER_INPUTS.test(c.type) || !!c.list);
}

/** Whether the picker of `el` (a control with one) is showing. The `:open` pseudo-class says so
 * for selects and date and colour inputs; a datalist's suggestions do not match it, so they
 * count as showing while the focused field has suggestions for what it holds (as Chromium
 * shows them). */
function pickerOpen(el: Element): boolean {
  try { if (el.matches(':open')) return true; } catch { /* a browser without :open */ }
  const input = el as HTMLInputElement;
  const typed = input.value.toLowerCase();
  return !!input.list && Array.from(input.list.options).some((o) => { const v = o.value.toLowerCase(); return v !== typed && v.includes(typed); });
}

/** A Ui op when the hovered or focused element (or its focus ring) changed since the last one. */
export function uiOp(s: CaptureState, ops: Op[]): void {
  let f: Element | null = s.win.document.activeElement;
  for (let inner; f !== null && (inner = f.shadowRoot?.activeElement ?? (f as HTMLIFrameElement).contentDocument?.activeElement); ) f = inner;
  let visible = 0;
  try { visible = f !== null && f.matches(':focus-visible') ? 1 : 0; } catch { /* no :focus-visible here */ }
  const focusId = nearestId(s, f);
  const op: Op = [OpCode.Ui, nearestId(s, s.hover), focusId, visible];
  s.pickerWatch = f !== null && hasPicker(f);
  if (focusId && s.pickerWatch && pickerOpen(f as Element)) op.push(1);
  const key = op.join();
  if (key !== s.ui) { s.ui = key; ops.push(op); }
}

/** Everything event-driven that is pending, as ops. */
export function flushEvents(s: CaptureState, ops: Op[]): void {
  for (const t of s.scrolls) {
    const op = scrollOp(s, t);
    if (op) ops.push(op);
  }
  s.scrolls.clear();
  const p = pointerOp(s);
  if (p) ops.push(p);
  if (s.viewport) {
    s.viewport = false;
    ops.push(viewportOp(s.win));
  }
  const loc = locationOp(s);
  if (loc) ops.push(loc);
  uiOp(s, ops);
}

/** Scroll positions to restore right after a snapshot: the window, always (the mirror's window
 * may still be where the last page was), and the elements seen scrolling. */
export function snapshotScrolls(s: CaptureState, ops: Op[]): void {
  const view = s.win;
  ops.push([OpCode.Scroll, ROOT_ID, round(view.scrollX), round(view.scrollY)]);
  for (const el of s.everScrolled) {
    if (!el.isConnected) { s.everScrolled.delete(el); continue; }
    const op = scrollOp(s, el);
    if (op) ops.push(op);
  }
}
