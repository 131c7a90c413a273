// `key`: a special key in the field the agent is typing in. Its default action follows
// unless the page prevented the keydown: Backspace/Delete edit, Enter submits the form
// (through its default button, as implicit submission does) or breaks the line in a
// textarea, arrows/Home/End move the caret. Tab and Escape reach the page's handlers only.
import { edit, key as fireKey } from './events';

type Field = HTMLInputElement | HTMLTextAreaElement;

function defaultAction(el: Element, k: string): void {
  const f = el as Field;
  const editable = (el as HTMLElement).isContentEditable;
  if (k === 'Backspace' || k === 'Delete') {
    const type = k === 'Backspace' ? 'deleteContentBackward' : 'deleteContentForward';
    if (editable) el.ownerDocument.execCommand(k === 'Backspace' ? 'delete' : 'forwardDelete');
    else edit(f, type, null);
  } else if (k === 'Enter') {
    if (el.localName === 'textarea') edit(f, 'insertLineBreak', '\n');
    else if (editable) el.ownerDocument.execCommand('insertParagraph');
    else if (f.form) {
      const button = f.form.querySelector<HTMLElement>('button:not([type]),button[type=submit],input[type=submit],input[type=image]');
      if (button) button.click();
      else f.form.requestSubmit();
    }
  } else if (!editable && 'setSelectionRange' in f) {
    try {
      const at = f.selectionStart ?? 0;
      const to = k === 'Home' || k === 'ArrowUp' ? 0 : k === 'End' || k === 'ArrowDown' ? f.value.length : at + (k === 'ArrowLeft' ? -1 : k === 'ArrowRight' ? 1 : 0);
      const pos = Math.max(0, Math.min(f.value.length, to));
      f.setSelectionRange(pos, pos);
    } catch { /* no caret in this kind of field */ }
  }
}

export function key(el: Element, k: string): string {
  if (el.ownerDocument.activeElement !== el) (el as HTMLElement).focus({ preventScroll: true });
  if (fireKey(el, 'keydown', k)) defaultAction(el, k);
  fireKey(el, 'keyup', k);
  return `key ${k} in`;
}
