// Form state: what the customer typed, ticked or picked, which lives in properties the DOM
// does not reflect into attributes — and, by the same path, whether a video or audio plays,
// where, how fast, muted or how loud. Read at serialisation and after `input`/`change` events or
// script assignments (the value/checked/selectedIndex setters are wrapped per window), sent
// only when it changed. Secrets and masked fields go through privacy.ts first, so a password
// field only ever says "empty" or "not empty" — once, not per keystroke.
import { OpCode, type FormState, type Op } from '../format';
import { patchSetter } from './patch';
import { isMasked, isSecretInput, safeValue } from './privacy';
import type { CaptureState, Tagged } from './state';
import { NodeType } from '../node-type';

/** Current state of a form control, or null when there is nothing (safe) to send. With
 * `snapshot`, also null when it equals what the mirror derives from the attributes. */
export function formState(s: CaptureState, el: Element, masked: boolean, snapshot: boolean): FormState | null {
  let state: FormState | null = null;
  let key = '';
  switch (el.localName) {
    case 'input': {
      const input = el as HTMLInputElement;
      const type = input.type;
      if (type === 'checkbox' || type === 'radio') {
        if (masked) return null;
        state = input.checked ? 1 : 0;
        key = String(state);
        if (snapshot && input.checked === input.defaultChecked) state = null;
      } else if (type === 'file' || type === 'hidden') {
        return null;
      } else {
        const secret = isSecretInput(s, el);
        key = safeValue(input.value, secret, masked);
        state = key;
        if (snapshot && (secret || masked ? key === '' : input.value === input.defaultValue)) state = null;
      }
      break;
    }
    case 'textarea': {
      const area = el as HTMLTextAreaElement;
      const secret = isSecretInput(s, el);
      key = safeValue(area.value, secret, masked);
      state = key;
      if (snapshot && (secret ? key === '' : area.value === area.defaultValue)) state = null;
      break;
    }
    case 'select': {
      if (masked || isSecretInput(s, el)) return null;
      const select = el as HTMLSelectElement;
      if (select.multiple) {
        const picked: number[] = [];
        const options = select.options;
        for (let i = 0; i < options.length; i++) if (options[i].selected) picked.push(i);
        state = picked;
        key = picked.join(',');
      } else {
        state = select.selectedIndex;
        key = String(state);
      }
      break;
    }
    case 'video':
    case 'audio': {
      const media = el as HTMLMediaElement;
      const volume = Math.round(media.volume * 100) / 100;
      state = [media.paused ? 0 : 1, Math.round(media.currentTime * 10) / 10, media.playbackRate, media.muted ? 1 : 0, volume];
      key = state.join();
      if (snapshot && media.paused && !media.currentTime && media.playbackRate === 1 && volume === 1 && !media.muted) state = null;
      break;
    }
    default:
      return null;
  }
  s.lastState.set(el, key);
  return state;
}

/** The form control (or media element) an event or setter concerns (an option's select). */
export function controlOf(target: EventTarget | null): Element | null {
  if (!target || (target as Node).nodeType !== NodeType.Element) return null;
  const el = target as Element;
  const name = el.localName;
  if (name === 'input' || name === 'textarea' || name === 'select' || name === 'video' || name === 'audio') return el;
  if (name === 'option') return el.closest('select');
  return null;
}

/** Wrap the state setters of one window's form prototypes; returns the teardown. */
export function patchFormSetters(win: Window & typeof globalThis, onSet: (el: Element) => void): () => void {
  const undo = [
    patchSetter(win.HTMLInputElement.prototype, 'value', onSet),
    patchSetter(win.HTMLInputElement.prototype, 'checked', onSet),
    patchSetter(win.HTMLTextAreaElement.prototype, 'value', onSet),
    patchSetter(win.HTMLSelectElement.prototype, 'value', onSet),
    patchSetter(win.HTMLSelectElement.prototype, 'selectedIndex', onSet),
    patchSetter(win.HTMLOptionElement.prototype, 'selected', (opt) => { const sel = controlOf(opt); if (sel) onSet(sel); }),
  ];
  return () => { for (const u of undo) u(); };
}

/** State ops for the controls touched since the last flush, when their state changed. */
export function flushInputs(s: CaptureState, ops: Op[]): void {
  for (const el of s.inputs) {
    const id = (el as unknown as Tagged)[s.id];
    if (id === undefined || id >= s.flushStart || !el.isConnected) continue;
    const prev = s.lastState.get(el);
    const state = formState(s, el, isMasked(s, el), false);
    if (state === null || s.lastState.get(el) === prev) continue;
    ops.push(typeof state === 'string' && prev !== undefined ? valueOp(id, prev, state) : [OpCode.State, id, state]);
  }
  s.inputs.clear();
}

/** A State op for short values, an Edit (splice of what changed) for long ones. */
function valueOp(id: number, prev: string, next: string): Op {
  if (next.length < 48) return [OpCode.State, id, next];
  const max = Math.min(prev.length, next.length);
  let head = 0;
  while (head < max && prev.charCodeAt(head) === next.charCodeAt(head)) head++;
  let tail = 0;
  while (tail < max - head && prev.charCodeAt(prev.length - 1 - tail) === next.charCodeAt(next.length - 1 - tail)) tail++;
  return [OpCode.Edit, id, head, prev.length - head - tail, next.slice(head, next.length - tail)];
}
