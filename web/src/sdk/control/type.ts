// `type`: text the agent typed into a field they Alt+clicked, one character at a time as a
// keyboard would: keydown, keypress, the edit (`beforeinput`, native value, `input`), keyup.
// A prevented keydown types nothing, as in browsers. Editable content is edited by the
// browser's own insertText, which fires its input events itself.
import { edit, key } from './events';

export function type(el: Element, text: string): string {
  const field = el as HTMLInputElement;
  if (el.ownerDocument.activeElement !== el) field.focus({ preventScroll: true });
  for (const ch of text) {
    if (key(el, 'keydown', ch)) {
      key(el, 'keypress', ch);
      if ((el as HTMLElement).isContentEditable) el.ownerDocument.execCommand('insertText', false, ch);
      else edit(field, 'insertText', ch);
    }
    key(el, 'keyup', ch);
  }
  const n = [...text].length;
  return `typed ${n} character${n === 1 ? '' : 's'} into`;
}
