// The customer's open picker, drawn by the mirror. A select's option list, a date or colour
// picker and a datalist's suggestions are drawn by the browser outside the DOM, so mirroring
// the DOM alone shows the agent a closed control while the customer is choosing. When the Ui
// op says the focused control's picker is open (format.ts), the mirror draws a list under the
// control in the mirrored document: the select's options (the chosen one highlighted), the
// datalist's suggestions for what the field holds, or the value being picked. It is made of
// the mirrored nodes' own text (masked at the source where masked; a masked control never
// reports a picker) and lives in a shadow root marked as the mirror's own UI, which no
// id names, so the document checksum and the page's CSS never see it.
import { ATTR_UI } from '../format';

const HOST_TAG = 'tandem-picker';
const FONT = '13px system-ui, sans-serif';

/** Take away the picker drawn in `doc`, if any. */
export function closePicker(doc: Document | null): void {
  doc?.querySelector(`${HOST_TAG}[${ATTR_UI}]`)?.remove();
}

/** The lines a picker shows for `el`, and which one is highlighted (-1: none). */
function choices(el: Element): { label: string; items: string[]; current: number } | null {
  if (el.localName === 'select') {
    const select = el as HTMLSelectElement;
    const items = Array.from(select.options, (o) => o.label || o.text);
    return { label: 'Options the customer is choosing from', items, current: select.selectedIndex };
  }
  if (el.localName !== 'input') return null;
  const input = el as HTMLInputElement;
  if (input.type === 'color') return { label: 'Colour picker the customer has open', items: [input.value || '#000000'], current: 0 };
  if (input.type !== 'text' && input.type !== 'search' && input.type !== 'email' && input.type !== 'url' && input.type !== 'tel' && !el.hasAttribute('list')) {
    return { label: 'Date picker the customer has open', items: [input.value || input.type], current: 0 };
  }
  const list = input.list;
  if (!list) return null;
  const typed = input.value.toLowerCase();
  const items = Array.from(list.options).map((o) => o.value).filter((v) => v.toLowerCase() !== typed && v.toLowerCase().includes(typed));
  return { label: 'Suggestions the customer sees', items, current: -1 };
}

/** Draw the open picker of `el` (a mirrored control) under it, replacing any other. */
export function openPicker(el: Element): void {
  const doc = el.ownerDocument;
  closePicker(doc);
  const what = choices(el);
  const view = doc.defaultView;
  if (what === null || view === null || what.items.length === 0) return;
  const rect = el.getBoundingClientRect();
  const host = doc.createElement(HOST_TAG);
  host.setAttribute(ATTR_UI, '');
  const hs = host.style;
  hs.position = 'absolute';
  hs.left = rect.left + view.scrollX + 'px';
  hs.top = rect.bottom + view.scrollY + 'px';
  hs.zIndex = '2147483647';
  hs.display = 'block';
  const root = host.attachShadow({ mode: 'open' });
  const list = doc.createElement('div');
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', what.label);
  const ls = list.style;
  ls.minWidth = Math.max(rect.width, 80) + 'px';
  ls.maxHeight = '320px';
  ls.overflow = 'auto';
  ls.boxSizing = 'border-box';
  ls.background = '#fff';
  ls.color = '#000';
  ls.border = '1px solid #767676';
  ls.boxShadow = '0 2px 6px rgba(0,0,0,.3)';
  ls.font = FONT;
  what.items.forEach((text, i) => {
    const item = doc.createElement('div');
    item.setAttribute('role', 'option');
    item.setAttribute('aria-selected', String(i === what.current));
    item.textContent = text;
    const is = item.style;
    is.padding = '2px 6px';
    is.whiteSpace = 'pre';
    if (el.localName === 'input' && (el as HTMLInputElement).type === 'color') {
      is.borderLeft = `24px solid ${/^#[0-9a-f]{6}$/i.test(text) ? text : '#000'}`;
    }
    if (i === what.current) { is.background = '#1967d2'; is.color = '#fff'; }
    list.appendChild(item);
  });
  root.appendChild(list);
  (doc.body ?? doc.documentElement)?.appendChild(host);
}
