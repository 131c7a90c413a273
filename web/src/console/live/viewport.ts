// The live view: the sandboxed "Customer view" iframe at the customer's layout viewport size,
// showing exactly the customer's screen, scaled to fit the agent's window, with the customer's
// pointer (or finger) drawn over it. The iframe never gets `allow-scripts`: nothing of the
// customer's page can run here (ARCHITECTURE.md §4.2).
//
// On a phone the screen shows the visual viewport, a part of the layout viewport: pinch zoom
// makes it smaller and moves it, an on-screen keyboard that resizes only the visual viewport
// makes it shorter. The view is a box of the layout viewport's size (the screen at rest); the
// mirror is zoomed and moved so that the visual viewport fills its width, and what the keyboard
// covers is drawn as a keyboard. Everything that places things on the view or reads a point
// from it goes through `toView`/`fromView`, so the agent's marks and clicks land where the
// customer sees them (client coordinates of the layout viewport, as the SDK uses them).
import { el } from '../dom';
import { t } from '../texts';

export interface Viewport {
  element: HTMLElement;
  iframe: HTMLIFrameElement;
  /** The customer's layout viewport (innerWidth, innerHeight). */
  setSize(width: number, height: number): void;
  /** The customer's visual viewport, in the layout viewport's client coordinates (a width of
   * 0: the whole layout viewport). */
  setVisual(x: number, y: number, width: number, height: number): void;
  movePointer(x: number, y: number, touch?: boolean): void;
  /** A point in the customer's client coordinates → console pixels from the view's corner. */
  toView(x: number, y: number): { x: number; y: number };
  /** Console pixels from the view's corner → the customer's client coordinates. */
  fromView(x: number, y: number): { x: number; y: number };
  /** A box in the customer's client coordinates → the same box in console pixels on the view. */
  boxToView(box: DOMRect): DOMRect;
  /** Console pixels per customer CSS pixel. */
  zoom(): number;
  /** Called after the view's zoom or position changed (marks drawn on it move along). */
  onChange(listener: () => void): void;
  setStale(stale: boolean): void;
  /** Show or hide the "Updating…" badge: the view is behind and a fresh one is coming. */
  setUpdating(updating: boolean): void;
  destroy(): void;
}

const POINTER_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20" viewBox="0 0 20 20"><path d="M2 1 L2 16 L6 12 L9 19 L12 18 L9 11 L15 11 Z" fill="#111827" stroke="#fff" stroke-width="1.5"/></svg>';

/** The least height (CSS pixels of the layout viewport) a keyboard covers. */
const KEYBOARD_MIN = 40;

export function createViewport(container: HTMLElement): Viewport {
  const iframe = el('iframe', { class: 'customer-view', title: t('Customer view'), sandbox: 'allow-same-origin', src: 'about:blank', referrerpolicy: 'no-referrer' });
  const pointer = el('div', { class: 'pointer', 'aria-hidden': 'true' });
  pointer.innerHTML = POINTER_SVG;
  const stage = el('div', { class: 'stage' }, iframe);
  const keyboard = el('div', { class: 'keyboard', role: 'note', hidden: '' }, t('On-screen keyboard'));
  const zoomBadge = el('div', { class: 'zoom-badge', role: 'note', hidden: '' });
  // Polite live region, not role=status: the session's state is the page's one status.
  const badge = el('div', { class: 'updating', 'aria-live': 'polite', hidden: '' }, t('Updating…'));
  const element = el('div', { class: 'viewport', 'data-mode': 'view' }, stage, pointer, keyboard, zoomBadge, badge);
  container.append(element);
  let width = 1280;
  let height = 800;
  /** The visual viewport; null: the whole layout viewport (a desktop, a phone at rest). */
  let visual: { x: number; y: number; width: number; height: number } | null = null;
  let fitScale = 1;
  let pointerAt: { x: number; y: number } | null = null;
  const listeners: Array<() => void> = [];

  const v = () => visual ?? { x: 0, y: 0, width, height };
  /** How much the customer magnified: layout widths per visual width (a desktop's visual
   * viewport is the layout viewport less its scrollbar: no zoom). */
  const magnified = () => {
    const z = width / (v().width || width);
    return Math.abs(z - 1) < 0.03 ? 1 : z;
  };
  const zoom = () => fitScale * magnified();

  function fit(): void {
    const room = container.getBoundingClientRect();
    fitScale = Math.min(1, (room.width - 24) / width, (room.height - 24) / height) || 1;
    const vis = v();
    const z = magnified();
    iframe.style.width = `${width}px`;
    iframe.style.height = `${height}px`;
    stage.style.transform = `scale(${fitScale * z}) translate(${-vis.x}px, ${-vis.y}px)`;
    element.style.width = `${Math.floor(width * fitScale)}px`;
    element.style.height = `${Math.floor(height * fitScale)}px`;
    element.dataset.scale = (fitScale * z).toFixed(3);
    // What the keyboard covers: the screen below the visual viewport (a shorter layout
    // viewport, the other way keyboards work, is a shorter view instead).
    // A shortfall of a scrollbar's height is a desktop's horizontal scrollbar, not a keyboard.
    const shown = vis.height * z;
    keyboard.hidden = shown > height - KEYBOARD_MIN;
    keyboard.style.top = `${Math.floor(shown * fitScale)}px`;
    zoomBadge.hidden = z < 1.05;
    zoomBadge.textContent = t('Zoomed in {percent} %', { percent: Math.round(z * 100) });
    placePointer();
    for (const l of listeners) l();
  }

  function toView(x: number, y: number): { x: number; y: number } {
    const vis = v();
    const k = zoom();
    return { x: (x - vis.x) * k, y: (y - vis.y) * k };
  }

  function placePointer(): void {
    if (!pointerAt) return;
    const p = toView(pointerAt.x, pointerAt.y);
    pointer.style.transform = `translate(${p.x}px, ${p.y}px)`;
  }

  const observer = new ResizeObserver(fit);
  observer.observe(container);
  fit();

  return {
    element,
    iframe,
    setSize(w, h) {
      if (w > 0 && h > 0 && (w !== width || h !== height)) {
        width = w;
        height = h;
        fit();
      }
    },
    setVisual(x, y, w, h) {
      const at = w > 0 && h > 0 ? { x, y, width: w, height: h } : null;
      if (JSON.stringify(at) === JSON.stringify(visual)) return;
      visual = at;
      if (at) element.dataset.visual = [x, y, w, h].join(' ');
      else delete element.dataset.visual;
      fit();
    },
    movePointer(x, y, touch = false) {
      pointerAt = { x, y };
      pointer.style.display = 'block';
      pointer.classList.toggle('touch', touch);
      placePointer();
    },
    toView,
    fromView(x, y) {
      const vis = v();
      const k = zoom();
      return { x: x / k + vis.x, y: y / k + vis.y };
    },
    boxToView(b) {
      const p = toView(b.left, b.top);
      const k = zoom();
      return new DOMRect(p.x, p.y, b.width * k, b.height * k);
    },
    zoom,
    onChange(listener) {
      listeners.push(listener);
    },
    setStale(stale) {
      element.classList.toggle('stale', stale);
    },
    setUpdating(updating) {
      badge.hidden = !updating;
      element.classList.toggle('behind', updating);
    },
    destroy() {
      observer.disconnect();
      element.remove();
    },
  };
}
