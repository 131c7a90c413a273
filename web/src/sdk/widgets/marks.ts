// What the agent shows on the customer's page, drawn in the SDK's shadow root above the page
// and never in its way (no pointer events): the agent's pointer while they point, control or
// use the laser (blue, red, a red dot with a fading trail), a pulsing circle where they
// Ctrl+clicked, strokes of a drawing that fade by themselves, and a dashed box on the field the
// agent is typing into (kept on it every frame, as the page scrolls, until the agent has not
// typed for a few seconds). "Clear drawing" lets the customer remove the drawing at once.
// Coordinates are the top window's client coordinates.
import type { PointerMode } from '../../protocol';
import type { ControlTexts as Texts } from '../control/texts';
import { h, type Ui } from './ui';

export interface Marks {
  pointer(x: number, y: number, mode: PointerMode): void;
  point(x: number, y: number): void;
  stroke(points: number[]): void;
  /** The agent typed into `field` (null: they moved on). */
  typing(field: Element | null): void;
  /** Removes the drawing (the agent cleared it, or the customer did). */
  clear(): void;
  remove(): void;
}

const SVG = 'http://www.w3.org/2000/svg';
const CIRCLE_MS = 3000;
const STROKE_MS = 6000;
const TRAIL_MS = 600;
const TYPING_MS = 5000;

const CSS = `
.marks { position: fixed; inset: 0; pointer-events: none; z-index: 2147483645; overflow: hidden; }
.marks svg { position: absolute; inset: 0; width: 100%; height: 100%; }
.marks polyline { fill: none; stroke-linecap: round; stroke-linejoin: round; }
.stroke { stroke: #dc2626; stroke-width: 4; animation: tandem-fade ${STROKE_MS}ms forwards; }
.trail { stroke: #ef4444; stroke-width: 5; stroke-linecap: round; animation: tandem-fade ${TRAIL_MS}ms forwards; }
.agent-pointer { position: absolute; left: 0; top: 0; width: 22px; height: 22px; }
.agent-pointer[data-mode="laser"] { width: 14px; height: 14px; margin: -7px; border-radius: 50%; background: #ef4444; box-shadow: 0 0 12px 4px rgba(239,68,68,.7); }
.typing { position: absolute; left: 0; top: 0; box-sizing: border-box; border: 2px dashed #dc2626; border-radius: 4px; }
.circle { position: absolute; width: 44px; height: 44px; margin: -22px 0 0 -22px; border-radius: 50%;
  border: 4px solid #2563eb; background: rgba(37,99,235,.25); animation: tandem-pulse .5s ease-in-out infinite alternate; }
@keyframes tandem-pulse { from { transform: scale(.6); } to { transform: scale(1.4); } }
@keyframes tandem-fade { 70% { opacity: 1; } to { opacity: 0; } }
`;

const ARROW = (fill: string) =>
  `<svg xmlns="${SVG}" viewBox="0 0 20 20" width="22" height="22"><path d="M2 1 L2 16 L6 12 L9 19 L12 18 L9 11 L15 11 Z" fill="${fill}" stroke="#fff" stroke-width="1.5"/></svg>`;

export function createMarks(ui: Ui, texts: Texts, agent: () => string, onClear: () => void): Marks {
  const doc = ui.root.ownerDocument;
  const svg = doc.createElementNS(SVG, 'svg');
  const arrow = h(doc, 'div', { class: 'agent-pointer', 'aria-hidden': 'true', hidden: '' });
  const layer = h(doc, 'div', { class: 'marks' }, h(doc, 'style', {}, CSS), svg, arrow);
  const clearButton = h(doc, 'button', { type: 'button', class: 'secondary', hidden: '' }, texts.clearDrawing);
  ui.root.append(layer);
  ui.dock.append(clearButton);
  /** The laser's last point: the trail is short segments that each fade on their own. */
  let last: [number, number] | null = null;
  let mode: PointerMode = 'hidden';
  const timers = new Set<ReturnType<typeof setTimeout>>();
  /** The field the agent types into, its box, the frame that places it and the timer that ends it. */
  let field: Element | null = null;
  let box: HTMLElement | null = null;
  let frame = 0;
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  const win = doc.defaultView as Window;

  /** Puts the box on the field (in the top window's coordinates), every frame while it shows. */
  function place(): void {
    if (!field || !box) return;
    if (!field.isConnected) return typing(null);
    const r = field.getBoundingClientRect();
    let x = r.left;
    let y = r.top;
    for (let w: Window | null = field.ownerDocument.defaultView; w && w !== win && w.frameElement; w = w.parent) {
      const f = w.frameElement.getBoundingClientRect();
      x += f.left + w.frameElement.clientLeft;
      y += f.top + w.frameElement.clientTop;
    }
    Object.assign(box.style, { transform: `translate(${x - 3}px, ${y - 3}px)`, width: `${r.width + 6}px`, height: `${r.height + 6}px` });
    frame = win.requestAnimationFrame(place);
  }

  function typing(next: Element | null): void {
    clearTimeout(typingTimer);
    if (next !== field) {
      win.cancelAnimationFrame(frame);
      box?.remove();
      box = null;
      field = next;
      if (next) {
        box = h(doc, 'div', { class: 'typing', role: 'img', 'aria-label': texts.typingHere.replace('{agent}', agent() || texts.agentName) });
        layer.append(box);
        place();
      }
    }
    if (next) typingTimer = setTimeout(() => typing(null), TYPING_MS);
  }

  const later = (ms: number, f: () => void) => {
    const t = setTimeout(() => { timers.delete(t); f(); }, ms);
    timers.add(t);
  };

  /** A polyline in the layer that fades and goes after `ms`. */
  function line(cls: string, points: number[], ms: number): SVGPolylineElement {
    const l = doc.createElementNS(SVG, 'polyline');
    l.setAttribute('class', cls);
    l.setAttribute('points', points.join(' '));
    svg.append(l);
    later(ms, () => l.remove());
    return l;
  }

  function clear(): void {
    svg.querySelectorAll('.stroke').forEach((s) => s.remove());
    clearButton.hidden = true;
  }
  clearButton.addEventListener('click', () => {
    clear();
    onClear();
  });

  return {
    pointer(x, y, next) {
      arrow.hidden = next === 'hidden';
      if (next !== mode) {
        mode = next;
        arrow.dataset.mode = next;
        arrow.innerHTML = next === 'laser' ? '' : ARROW(next === 'control' ? '#dc2626' : '#2563eb');
      }
      arrow.style.transform = `translate(${x}px, ${y}px)`;
      if (next === 'laser' && last) line('trail', [...last, x, y], TRAIL_MS);
      last = next === 'laser' ? [x, y] : null;
    },
    point(x, y) {
      const circle = h(doc, 'div', { class: 'circle', role: 'img', 'aria-label': texts.pointing.replace('{agent}', agent() || texts.agentName) });
      circle.style.left = `${x}px`;
      circle.style.top = `${y}px`;
      layer.append(circle);
      later(CIRCLE_MS, () => circle.remove());
    },
    stroke(flat) {
      line('stroke', flat, STROKE_MS);
      clearButton.hidden = false;
      later(STROKE_MS + 10, () => (clearButton.hidden = !svg.querySelector('.stroke')));
    },
    clear,
    typing,
    remove() {
      typing(null);
      for (const t of timers) clearTimeout(t);
      layer.remove();
      clearButton.remove();
    },
  };
}
