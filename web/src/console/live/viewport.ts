// The live view: the sandboxed "Customer view" iframe at the customer's viewport size, scaled
// to fit the agent's window, with the customer's pointer drawn over it. The iframe never gets
// `allow-scripts`: nothing of the customer's page can run here (ARCHITECTURE.md §4.2).
import { el } from '../dom';
import { t } from '../texts';

export interface Viewport {
  element: HTMLElement;
  iframe: HTMLIFrameElement;
  setSize(width: number, height: number): void;
  movePointer(x: number, y: number): void;
  setStale(stale: boolean): void;
  /** Show or hide the "Updating…" badge: the view is behind and a fresh one is coming. */
  setUpdating(updating: boolean): void;
  destroy(): void;
}

const POINTER_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20" viewBox="0 0 20 20"><path d="M2 1 L2 16 L6 12 L9 19 L12 18 L9 11 L15 11 Z" fill="#111827" stroke="#fff" stroke-width="1.5"/></svg>';

export function createViewport(container: HTMLElement): Viewport {
  const iframe = el('iframe', { class: 'customer-view', title: t('Customer view'), sandbox: 'allow-same-origin', src: 'about:blank', referrerpolicy: 'no-referrer' });
  const pointer = el('div', { class: 'pointer', 'aria-hidden': 'true' });
  pointer.innerHTML = POINTER_SVG;
  const stage = el('div', { class: 'stage' }, iframe, pointer);
  // Polite live region, not role=status: the session's state is the page's one status.
  const badge = el('div', { class: 'updating', 'aria-live': 'polite', hidden: '' }, t('Updating…'));
  const element = el('div', { class: 'viewport', 'data-mode': 'view' }, stage, badge);
  container.append(element);
  let width = 1280;
  let height = 800;

  function fit(): void {
    const room = container.getBoundingClientRect();
    const scale = Math.min(1, (room.width - 24) / width, (room.height - 24) / height) || 1;
    iframe.style.width = `${width}px`;
    iframe.style.height = `${height}px`;
    stage.style.transform = `scale(${scale})`;
    element.style.width = `${Math.floor(width * scale)}px`;
    element.style.height = `${Math.floor(height * scale)}px`;
    element.dataset.scale = scale.toFixed(3);
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
    movePointer(x, y) {
      pointer.style.display = 'block';
      pointer.style.transform = `translate(${x}px, ${y}px)`;
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
