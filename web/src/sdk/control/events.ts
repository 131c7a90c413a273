// Synthesised input, as real as a page can see it: pointer and mouse events in the browser's
// order, focus where a mouse press would put it, keys, and `beforeinput`/`input` around value
// changes made through the native setter — so framework apps (React's controlled inputs, Vue's
// v-model, Svelte's bindings, web components) react as to a person. Events are built from the
// target's own window, so a same-origin iframe gets events of its own realm.
import type { Key } from '../../protocol';

type View = Window & typeof globalThis;

export const viewOf = (el: Element) => el.ownerDocument.defaultView as View;

/** The legacy code of each special key (every one of the protocol's `KEYS`). */
const KEY_CODES: Record<Key, number> = {
  Backspace: 8, Tab: 9, Enter: 13, Escape: 27, End: 35, Home: 36, ArrowLeft: 37, ArrowUp: 38, ArrowRight: 39, ArrowDown: 40, Delete: 46,
};

const FOCUSABLE = 'input,select,textarea,button,a[href],area[href],summary,iframe,[tabindex],[contenteditable]';

/** Fires a mouse-like event; false when the page prevented its default. */
export function mouse(el: Element, type: string, x: number, y: number, extra: PointerEventInit = {}): boolean {
  const v = viewOf(el);
  const Ctor = type.startsWith('pointer') && v.PointerEvent ? v.PointerEvent : v.MouseEvent;
  const bubbles = !type.endsWith('enter');
  const init = { bubbles, cancelable: bubbles, composed: true, view: v, clientX: x, clientY: y, pointerId: 1, pointerType: 'mouse', isPrimary: true, ...extra };
  return el.dispatchEvent(new Ctor(type, init));
}

/** Focuses what a mouse press on `el` would focus (or blurs, like a press on nothing focusable). */
export function focusFor(el: Element): void {
  const target = el.closest(FOCUSABLE) as HTMLElement | null;
  const doc = el.ownerDocument;
  if (target) target.focus({ preventScroll: true });
  else (doc.activeElement as HTMLElement | null)?.blur?.();
}

/** Fires a key event; false when the page prevented its default. */
export function key(el: Element, type: string, k: string): boolean {
  const v = viewOf(el);
  const e = new v.KeyboardEvent(type, { key: k, bubbles: true, cancelable: true, composed: true, view: v });
  const code = (KEY_CODES as Partial<Record<string, number>>)[k] ?? (k.length === 1 ? k.toUpperCase().charCodeAt(0) : 0);
  // Older page code still reads keyCode/which, which the constructor cannot set.
  Object.defineProperties(e, { keyCode: { value: code }, which: { value: code } });
  return el.dispatchEvent(e);
}

type Field = HTMLInputElement | HTMLTextAreaElement;

/** Sets a field's value through its prototype's native setter, so framework value trackers
 * (React's) see a change, never their own write. */
export function setValue(el: Field | HTMLSelectElement, prop: 'value' | 'selectedIndex', value: string | number): void {
  let proto = Object.getPrototypeOf(el);
  while (proto && !Object.getOwnPropertyDescriptor(proto, prop)) proto = Object.getPrototypeOf(proto);
  const setter = proto && Object.getOwnPropertyDescriptor(proto, prop)?.set;
  if (setter) setter.call(el, value);
  else (el as unknown as Record<string, unknown>)[prop] = value;
}

export function fire(el: Element, type: string, init: InputEventInit = {}): boolean {
  const v = viewOf(el);
  const Ctor = type.endsWith('input') ? v.InputEvent : v.Event;
  return el.dispatchEvent(new Ctor(type, { bubbles: true, cancelable: type === 'beforeinput', composed: type !== 'change', ...init }));
}

/** Replaces the field's selection with `data` (or deletes around the caret), as editing would:
 * `beforeinput` (the page may cancel), the value, the caret, `input`. */
export function edit(el: Field, inputType: string, data: string | null): void {
  if (!fire(el, 'beforeinput', { inputType, data })) return;
  const v = el.value;
  let start = v.length;
  let end = v.length;
  try {
    start = el.selectionStart ?? start;
    end = el.selectionEnd ?? end;
  } catch { /* a field without selection (email, number): edit at the end */ }
  if (start === end && inputType === 'deleteContentBackward') start = Math.max(0, start - 1);
  if (start === end && inputType === 'deleteContentForward') end = Math.min(v.length, end + 1);
  setValue(el, 'value', v.slice(0, start) + (data ?? '') + v.slice(end));
  try {
    el.setSelectionRange(start + (data?.length ?? 0), start + (data?.length ?? 0));
  } catch { /* as above */ }
  fire(el, 'input', { inputType, data });
}
