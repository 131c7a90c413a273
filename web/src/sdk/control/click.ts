// `click`: Alt+click on an element — what a mouse does, in order: over/enter, move, down
// (focus, unless the page prevented it), up, click. The click's default action follows as for
// a person: links navigate, checkboxes and radios toggle, labels pass the click to their
// control, submit buttons submit. A cancelled pointerdown suppresses the mouse compatibility
// events but not the click, as in browsers.
import { focusFor, mouse } from './events';

export function click(el: Element, x: number, y: number): string {
  mouse(el, 'pointerover', x, y);
  mouse(el, 'pointerenter', x, y);
  mouse(el, 'mouseover', x, y);
  mouse(el, 'mouseenter', x, y);
  mouse(el, 'pointermove', x, y);
  mouse(el, 'mousemove', x, y);
  const down = { button: 0, buttons: 1, detail: 1 };
  const compat = mouse(el, 'pointerdown', x, y, down);
  if (compat && mouse(el, 'mousedown', x, y, down)) focusFor(el);
  const up = { button: 0, buttons: 0, detail: 1 };
  mouse(el, 'pointerup', x, y, up);
  if (compat) mouse(el, 'mouseup', x, y, up);
  mouse(el, 'click', x, y, up);
  return 'click on';
}
