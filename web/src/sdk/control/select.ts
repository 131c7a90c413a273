// `select`: the agent chose an option of a `<select>` in the console's picker. Focus, the
// native selectedIndex setter, then `input` and `change`, as the browser fires them after a
// person's choice.
import { fire, setValue } from './events';

export function select(el: Element, index: number): string {
  const s = el as HTMLSelectElement;
  if (index >= s.options.length || s.options[index].disabled) throw new Error('That option is not there to choose.');
  s.focus({ preventScroll: true });
  setValue(s, 'selectedIndex', index);
  fire(s, 'input');
  fire(s, 'change');
  return `chose option ${index + 1} in`;
}
