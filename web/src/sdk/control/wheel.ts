// `wheel`: Alt+wheel over an element. The page sees a wheel event first (it may handle it
// and prevent the default, like a map or a carousel); otherwise the nearest scroll container
// around the element with room to go — across shadow roots — scrolls, or else the window.
import { viewOf } from './events';

function scroller(el: Element, dx: number, dy: number): Element | null {
  for (let e: Element | null = el; e; ) {
    const style = viewOf(e).getComputedStyle(e);
    const room = (o: string, size: number, client: number, pos: number, d: number) =>
      /auto|scroll|overlay/.test(o) && size > client && (d > 0 ? pos + client < size : pos > 0);
    if (room(style.overflowY, e.scrollHeight, e.clientHeight, e.scrollTop, dy) || room(style.overflowX, e.scrollWidth, e.clientWidth, e.scrollLeft, dx)) return e;
    const root = e.getRootNode() as ShadowRoot;
    e = e.parentElement ?? (root.host || null);
  }
  return null;
}

export function wheel(el: Element, x: number, y: number, dx: number, dy: number): string {
  const v = viewOf(el);
  const event = new v.WheelEvent('wheel', { bubbles: true, cancelable: true, composed: true, view: v, clientX: x, clientY: y, deltaX: dx, deltaY: dy });
  if (el.dispatchEvent(event)) {
    const box = scroller(el, dx, dy);
    if (box && box !== el.ownerDocument.documentElement && box !== el.ownerDocument.body) box.scrollBy(dx, dy);
    else v.scrollBy(dx, dy);
  }
  return 'wheel on';
}
