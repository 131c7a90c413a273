// The agent's ways of acting on the customer's page, from an overlay over the "Customer view"
// that takes the pointer only while pointing or controlling (in view mode the mirror scrolls
// as usual). Pointing: the agent's pointer is sent while they point, Ctrl+click shows the
// customer a pulsing circle; the laser leaves a fading trail and Draw sends strokes that fade.
// Control: Alt+click names the mirrored element by its capture id (with its tag and the
// point, for the SDK's own checks) — a select opens a picker, a text field takes the agent's
// typing until Escape or a click elsewhere; Alt+wheel scrolls what is under the pointer.
// Every point is read and drawn through the view (viewport.ts: its zoom and, for a phone, the
// visual viewport), in the customer's client coordinates. Nothing here is a check: the server
// and the customer's SDK decide (ARCHITECTURE.md §4.3); the console only greys out what the
// grant says the agent may not do.
import { KEYS, type Command, type FromAgent, type PointerMode, type Target } from '../../protocol';
import type { Mirror } from '../../dom/mirror';
import { el } from '../dom';
import { createKeyboardPick } from './keyboard-pick';
import { createModes, type Mode, type Tool } from './modes';
import type { Viewport } from './viewport';
import { t } from '../texts';

export interface Remote {
  toolbar: HTMLElement;
  setGrant(control: boolean, typing: boolean): void;
  /** The mirror rebuilt its document (a snapshot): listen to its keys again, stop typing. */
  rebuilt(): void;
  /** The customer cleared the drawing. */
  cleared(): void;
  destroy(): void;
}

/** The keys sent as key commands (Escape among them is caught first: it stops typing here). */
const SPECIAL_KEYS = new Set<string>(KEYS);
const TYPABLE = /^(text|search|email|url|tel|number|)$/;
const SVG = 'http://www.w3.org/2000/svg';
const POINTER_INTERVAL = 40;
const BATCH_MS = 100;

/** The mirrored element at a point of the mirror's viewport, looking into shadow roots and
 * frames, with the point in that element's own window. */
function elementAt(doc: Document, x: number, y: number): Element | null {
  let e = doc.elementFromPoint(x, y);
  for (let depth = 0; e && depth < 32; depth++) {
    const inner = e.shadowRoot?.elementFromPoint(x, y);
    if (inner && inner !== e) { e = inner; continue; }
    const frameDoc = e.localName === 'iframe' ? (e as HTMLIFrameElement).contentDocument : null;
    if (!frameDoc) break;
    const r = e.getBoundingClientRect();
    x -= r.left + e.clientLeft;
    y -= r.top + e.clientTop;
    e = frameDoc.elementFromPoint(x, y);
  }
  return e;
}

/** `e`'s box in the top mirrored window's coordinates (frames inside it add their offsets; the
 * "Customer view" iframe itself is where the coordinates start, so the walk stops at `top`). */
function boxOf(e: Element, top: Window | null): DOMRect {
  const r = e.getBoundingClientRect();
  let x = r.left;
  let y = r.top;
  for (let w: Window | null = e.ownerDocument.defaultView; w && w !== top && w.frameElement; w = w.parent) {
    const f = w.frameElement.getBoundingClientRect();
    x += f.left + w.frameElement.clientLeft;
    y += f.top + w.frameElement.clientTop;
  }
  return new DOMRect(x, y, r.width, r.height);
}

function typable(e: Element): boolean {
  if (e.localName === 'input') return TYPABLE.test(e.getAttribute('type')?.toLowerCase() ?? '');
  return e.localName === 'textarea' || (e as HTMLElement).isContentEditable;
}

export function createRemote(vp: Viewport, mirror: Mirror, send: (msg: FromAgent) => void, say: (text: string) => void): Remote {
  const overlay = el('div', { class: 'remote-overlay', role: 'application', tabindex: '-1', 'aria-label': t('Pointing and control surface'), 'aria-describedby': 'keyboard-help' });
  const svg = document.createElementNS(SVG, 'svg');
  const typingBox = el('div', { class: 'typing-box', hidden: '' });
  overlay.append(svg, typingBox);
  vp.element.append(overlay);
  let grant = { control: false, typing: false };
  let seq = 0;
  let lastPointer = 0;
  let pointerShown = false;
  let at = { x: 0, y: 0 };
  let typing: Target | null = null;
  /** The mirrored field typed into, and the frame that keeps the marker on it. */
  let typingEl: Element | null = null;
  let typingFrame = 0;
  let typed = '';
  let typeTimer: ReturnType<typeof setTimeout> | undefined;
  let wheel: { target: Target; dx: number; dy: number } | null = null;
  let stroke: number[] | null = null;
  let strokeTimer: ReturnType<typeof setTimeout> | undefined;
  let picker: HTMLSelectElement | null = null;
  const pick = createKeyboardPick({
    overlay,
    mirror,
    toView: (b) => vp.boxToView(b),
    box: (e) => boxOf(e, vp.iframe.contentWindow),
    say,
    act: (element, p) => (modes.mode() === 'control' ? controlOn(element, p) : pointAt(p)),
  });

  const modes = createModes(vp.element, onMode, () => {
    send({ t: 'clear_drawing' });
    clearLocal();
  });

  /** A pointer event's point in the customer's client coordinates (through the view's zoom
   * and, on a phone, the visual viewport's offset). */
  function point(e: MouseEvent): { x: number; y: number } {
    const r = overlay.getBoundingClientRect();
    const p = vp.fromView(e.clientX - r.left, e.clientY - r.top);
    return { x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10 };
  }

  function pointerMode(mode: Mode, tool: Tool | null): PointerMode {
    if (mode === 'control') return 'control';
    if (mode === 'point') return tool === 'laser' ? 'laser' : 'point';
    return 'hidden';
  }

  function onMode(mode: Mode, tool: Tool | null): void {
    // A tool from the toolbar puts the view in the Tab order, for choosing with the arrow keys.
    overlay.tabIndex = tool ? 0 : -1;
    if (!tool) pick.clear();
    if (mode === 'view' && pointerShown) {
      pointerShown = false;
      send({ t: 'pointer', x: at.x, y: at.y, mode: 'hidden' });
    } else if (mode !== 'view' && at.x + at.y > 0) {
      pointerShown = true;
      send({ t: 'pointer', x: at.x, y: at.y, mode: pointerMode(mode, tool) });
    }
  }

  function targetAt(p: { x: number; y: number }): { target: Target; element: Element | null } {
    const doc = mirror.document();
    const element = doc ? elementAt(doc, p.x, p.y) : null;
    return { element, target: { node: (element && mirror.idOf(element)) ?? 0, tag: element?.localName ?? '', x: p.x, y: p.y } };
  }

  function control(target: Target, command: Command): void {
    send({ t: 'control', seq: ++seq, target, command });
  }

  // ---- typing ----
  function flushTyping(): void {
    clearTimeout(typeTimer);
    if (typing && typed) control(typing, { do: 'type', text: typed });
    typed = '';
  }
  function stopTyping(): void {
    flushTyping();
    typing = null;
    typingEl = null;
    cancelAnimationFrame(typingFrame);
    typingBox.hidden = true;
  }
  /** Draws the marker on the field, every frame while typing: the page may scroll or move. */
  function placeTypingBox(): void {
    if (!typingEl) return;
    typingBox.hidden = !typingEl.isConnected;
    if (typingEl.isConnected) {
      const b = vp.boxToView(boxOf(typingEl, vp.iframe.contentWindow));
      Object.assign(typingBox.style, { left: `${b.left - 3}px`, top: `${b.top - 3}px`, width: `${b.width + 6}px`, height: `${b.height + 6}px` });
    }
    typingFrame = requestAnimationFrame(placeTypingBox);
  }
  function startTyping(target: Target, element: Element): void {
    stopTyping();
    if (!grant.typing) return say(t('Typing on the customer’s page is not allowed in this session.'));
    typing = target;
    typingEl = element;
    placeTypingBox();
    overlay.focus({ preventScroll: true });
    say(t('Typing into the customer’s field. Escape or a click elsewhere stops.'));
  }
  overlay.addEventListener('keydown', (e) => {
    if (!typing) {
      if (modes.tool() && pick.key(e)) e.preventDefault();
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return; // the agent's own shortcuts
    if (e.key === 'Escape') stopTyping();
    else if (e.key.length === 1) {
      typed += e.key;
      clearTimeout(typeTimer);
      typeTimer = setTimeout(flushTyping, BATCH_MS);
    } else if (SPECIAL_KEYS.has(e.key)) {
      flushTyping();
      control(typing, { do: 'key', key: e.key });
    } else return;
    e.preventDefault();
  });
  overlay.addEventListener('blur', () => flushTyping());

  // ---- a select's options, chosen in the console ----
  function openPicker(target: Target, element: HTMLSelectElement, p: { x: number; y: number }): void {
    picker?.remove();
    const at = vp.toView(p.x, p.y);
    const choose = el('select', { class: 'picker', 'aria-label': t('Choose for the customer'), size: String(Math.min(8, Math.max(2, element.options.length))) });
    for (const o of Array.from(element.options)) choose.append(el('option', { value: String(o.index), ...(o.disabled ? { disabled: '' } : {}) }, o.text));
    choose.selectedIndex = element.selectedIndex;
    Object.assign(choose.style, { left: `${at.x}px`, top: `${at.y}px` });
    const done = () => { choose.remove(); if (picker === choose) picker = null; };
    choose.addEventListener('change', () => {
      control(target, { do: 'select', index: choose.selectedIndex });
      done();
    });
    choose.addEventListener('keydown', (e) => e.key === 'Escape' && done());
    choose.addEventListener('blur', done);
    overlay.append(choose);
    picker = choose;
    choose.focus();
  }

  // ---- local feedback: the circle, the drawing ----
  function circleAt(p: { x: number; y: number }): void {
    const c = el('div', { class: 'agent-circle' });
    const at = vp.toView(p.x, p.y);
    Object.assign(c.style, { left: `${at.x}px`, top: `${at.y}px` });
    overlay.append(c);
    setTimeout(() => c.remove(), 3000);
  }
  function localStroke(points: number[]): SVGPolylineElement {
    const line = document.createElementNS(SVG, 'polyline');
    line.setAttribute('class', 'stroke');
    svg.append(line);
    drawLocal(line, points);
    setTimeout(() => line.remove(), 6000);
    return line;
  }
  function drawLocal(line: SVGPolylineElement, points: number[]): void {
    const at: number[] = [];
    for (let i = 0; i + 1 < points.length; i += 2) {
      const p = vp.toView(points[i], points[i + 1]);
      at.push(p.x, p.y);
    }
    line.setAttribute('points', at.join(' '));
  }
  function clearLocal(): void {
    svg.replaceChildren();
  }
  /** The stroke being drawn: all its points, and its line in the agent's view. */
  let line: SVGPolylineElement | null = null;
  let all: number[] = [];
  /** Sends the stroke so far as one segment; the next one starts where it ended. */
  function sendStroke(): void {
    clearTimeout(strokeTimer);
    if (stroke && stroke.length >= 4) {
      send({ t: 'stroke', points: stroke });
      stroke = stroke.slice(-2);
    }
  }

  // ---- the pointer over the overlay ----
  overlay.addEventListener('pointermove', (e) => {
    at = point(e);
    const mode = modes.mode();
    if (stroke) {
      stroke.push(at.x, at.y);
      all.push(at.x, at.y);
      if (line) drawLocal(line, all);
      strokeTimer ??= setTimeout(() => { strokeTimer = undefined; sendStroke(); }, 150);
    }
    const now = performance.now();
    if (mode === 'view' || now - lastPointer < POINTER_INTERVAL) return;
    lastPointer = now;
    pointerShown = true;
    send({ t: 'pointer', x: at.x, y: at.y, mode: pointerMode(mode, modes.tool()) });
  });
  overlay.addEventListener('pointerleave', () => {
    if (pointerShown) send({ t: 'pointer', x: at.x, y: at.y, mode: 'hidden' });
    pointerShown = false;
  });
  overlay.addEventListener('contextmenu', (e) => e.preventDefault()); // Ctrl+click on a Mac
  overlay.addEventListener('pointerdown', (e) => {
    if (e.button !== 0) return;
    e.preventDefault();
    const p = point(e);
    const mode = modes.mode();
    if (mode === 'point' && modes.tool() === 'draw' && !e.ctrlKey) {
      stroke = [p.x, p.y];
      all = [p.x, p.y];
      line = localStroke(all);
      overlay.setPointerCapture?.(e.pointerId);
      return;
    }
    if (mode === 'point') return pointAt(p);
    if (mode !== 'control') return;
    const { element } = targetAt(p);
    if (element) controlOn(element, p);
  });
  function pointAt(p: { x: number; y: number }): void {
    stopTyping();
    circleAt(p);
    send({ t: 'point', x: p.x, y: p.y });
  }
  /** A click on `element` at `p`: a select opens the picker, a text field takes typing. */
  function controlOn(element: Element, p: { x: number; y: number }): void {
    const target: Target = { node: mirror.idOf(element) ?? 0, tag: element.localName, x: p.x, y: p.y };
    if (typing && typing.node === target.node && target.node) return overlay.focus({ preventScroll: true });
    stopTyping();
    const select = element.closest('select') as HTMLSelectElement | null;
    if (select) return openPicker({ ...target, node: mirror.idOf(select) ?? 0, tag: 'select' }, select, p);
    control(target, { do: 'click' });
    if (typable(element)) startTyping(target, element);
  }
  overlay.addEventListener('pointerup', () => {
    if (!stroke) return;
    sendStroke();
    stroke = null;
    line = null;
  });
  overlay.addEventListener('wheel', (e) => {
    const mode = modes.mode();
    if (mode === 'view') return;
    e.preventDefault();
    if (mode !== 'control') {
      vp.iframe.contentWindow?.scrollBy(e.deltaX, e.deltaY);
      return;
    }
    const { target } = targetAt(point(e));
    if (!wheel) {
      wheel = { target, dx: 0, dy: 0 };
      setTimeout(() => {
        if (wheel) control(wheel.target, { do: 'wheel', dx: Math.round(wheel.dx), dy: Math.round(wheel.dy) });
        wheel = null;
      }, BATCH_MS);
    }
    wheel.dx += e.deltaX;
    wheel.dy += e.deltaY;
  }, { passive: false });

  return {
    toolbar: modes.toolbar,
    setGrant(c, t) {
      grant = { control: c, typing: t };
      modes.setGrant(c);
    },
    rebuilt() {
      stopTyping();
      pick.clear();
      picker?.remove();
      modes.watch(vp.iframe.contentWindow);
    },
    cleared() {
      clearLocal();
    },
    destroy() {
      stopTyping();
      clearTimeout(strokeTimer);
      if (pointerShown) send({ t: 'pointer', x: at.x, y: at.y, mode: 'hidden' });
      modes.destroy();
      overlay.remove();
    },
  };
}
