// Pointing and control without a mouse. With a tool on from the toolbar (Point, Laser, Draw or
// Control) the "Customer view" surface is in the Tab order and takes the arrow keys: Down or
// Right picks the next thing on the customer's page a person would name (links, buttons,
// fields, headings), Up or Left the one before; Enter or Space acts on it — points at it, or
// with Control clicks it (a field then takes the agent's typing, as after an Alt+click). The
// pick is outlined in the view and its name said in the console's live news.
import { nameOf } from '../../dom/name';
import type { Mirror } from '../../dom/mirror';
import { el } from '../dom';
import { t } from '../texts';

export interface KeyboardPick {
  /** Handles a key on the surface; true when it was one of ours. */
  key(e: KeyboardEvent): boolean;
  /** Forgets the pick (the page changed, the tool went off). */
  clear(): void;
}

export interface PickDeps {
  overlay: HTMLElement;
  mirror: Mirror;
  /** A box in the customer's client coordinates → console pixels on the view. */
  toView(box: DOMRect): DOMRect;
  /** An element's box in the customer's client coordinates. */
  box(e: Element): DOMRect;
  say(text: string): void;
  /** Enter on the pick: its centre in the customer's client coordinates. */
  act(element: Element, at: { x: number; y: number }): void;
}

const PICKABLE = 'a[href],button,input:not([type=hidden]),select,textarea,summary,h1,h2,h3,[role=button],[role=link],[role=tab],[tabindex]:not([tabindex="-1"])';

export function createKeyboardPick(deps: PickDeps): KeyboardPick {
  const outline = el('div', { class: 'pick-box', hidden: '' });
  deps.overlay.append(outline);
  let picked: Element | null = null;

  function candidates(): Element[] {
    const doc = deps.mirror.document();
    if (!doc) return [];
    return Array.from(doc.querySelectorAll(PICKABLE)).filter((e) => {
      const r = e.getBoundingClientRect();
      return r.width > 0 && r.height > 0;
    });
  }

  function show(e: Element, at: number, of: number): void {
    e.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    const b = deps.toView(deps.box(e));
    Object.assign(outline.style, { left: `${b.left - 3}px`, top: `${b.top - 3}px`, width: `${b.width + 6}px`, height: `${b.height + 6}px` });
    outline.hidden = false;
    const kind = e.localName === 'a' ? t('link') : /^h\d$/.test(e.localName) ? t('heading') : e.localName === 'input' || e.localName === 'textarea' || e.localName === 'select' ? t('field') : e.localName === 'button' ? t('button') : t('element');
    deps.say(t('{name}, {kind} {n} of {of}. Enter acts on it.', { name: nameOf(e) || kind, kind, n: at + 1, of }));
  }

  function move(step: number): void {
    const all = candidates();
    if (!all.length) return deps.say(t('Nothing to choose on the customer’s page.'));
    const from = picked ? all.indexOf(picked) : -1;
    const index = from < 0 ? (step > 0 ? 0 : all.length - 1) : (from + step + all.length) % all.length;
    picked = all[index];
    show(picked, index, all.length);
  }

  return {
    key(e) {
      if (e.ctrlKey || e.metaKey || e.altKey) return false;
      if (e.key === 'ArrowDown' || e.key === 'ArrowRight') move(1);
      else if (e.key === 'ArrowUp' || e.key === 'ArrowLeft') move(-1);
      else if ((e.key === 'Enter' || e.key === ' ') && picked?.isConnected) {
        const b = deps.box(picked);
        deps.act(picked, { x: Math.round((b.left + b.width / 2) * 10) / 10, y: Math.round((b.top + b.height / 2) * 10) / 10 });
      } else return false;
      return true;
    },
    clear() {
      picked = null;
      outline.hidden = true;
    },
  };
}
