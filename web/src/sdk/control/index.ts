// The remote-control executor: the agent's commands arrive here from the server and are
// performed only after the site's policy allows them (policy.ts) and the customer has had
// their say — asked first when the site wants it, and asked again after taking control back.
// Every command ends in exactly one report to the server, performed or refused, which the
// server audits and passes on to the agent. The "is controlling this page" bar shows while the
// agent is controlling — an action in the last few seconds, or their control pointer (Alt
// held) over the page — and goes by itself after; "Take back control" works while it shows. One file per command (click, type, key, select,
// wheel); this file only resolves the target, checks, and delegates.
import type { Command, ControlStatus, PointerMode, Target } from '../../protocol';
import { askControl, showControlBar, type Removable } from '../widgets/control';
import { click } from './click';
import { fire } from './events';
import { key } from './key';
import { policyOf, refusal, selectors, within, type Grant } from './policy';
import { select } from './select';
import { controlTexts } from './texts';
import { type } from './type';
import { SAY_KEY as KEY, type ControlDeps } from './types';
import { wheel } from './wheel';
import { NodeType } from '../../dom/node-type';

export type { Grant } from './policy';

export interface ExecutorDeps extends ControlDeps {
  /** What the server granted this session, or null before it said. */
  grant(): Grant | null;
  report(seq: number, performed: boolean, action: string, reason: string): void;
  status(status: ControlStatus): void;
  /** The agent typed into `field`, or moved on (null): the customer sees where. */
  typing(field: Element | null): void;
  /** Tells a screen-reader user what the agent does (the live region). */
  announce(text: string): void;
}

export interface Executor {
  run(seq: number, target: Target, command: Command): void;
  /** The agent's pointer changed mode: 'control' while they hold Alt (or use the Control tool). */
  pointing(mode: PointerMode): void;
  /** Co-browsing ended on this page: no bar, no question, nothing pending. */
  stop(): void;
  /** The session is over: forget the customer's answer too. */
  forget(): void;
}

/** The customer's say, kept per tab so the next page of the site remembers it. */
type Say = '' | 'allowed' | 'revoked';

interface Pending { seq: number; el: Element; target: Target; command: Command }

/** How long the bar stays after the agent's last action. */
const CONTROLLING_MS = 5000;

/** The element at a point of the top window, looking into open shadow roots and same-origin
 * frames, as the mirror showed it to the agent. */
export function elementAt(doc: Document, x: number, y: number): Element | null {
  let el = doc.elementFromPoint(x, y);
  for (let depth = 0; el && depth < 32; depth++) {
    const inner = el.shadowRoot?.elementFromPoint(x, y);
    if (inner && inner !== el) { el = inner; continue; }
    if (el.localName !== 'iframe') break;
    let frameDoc: Document | null = null;
    try { frameDoc = (el as HTMLIFrameElement).contentDocument; } catch { /* cross-origin */ }
    if (!frameDoc) break;
    const r = el.getBoundingClientRect();
    x -= r.left + el.clientLeft;
    y -= r.top + el.clientTop;
    el = frameDoc.elementFromPoint(x, y);
  }
  return el;
}

/** The agent's point in `el`'s own window, or the element's centre when the point is not on it
 * (the pages scrolled apart, or the node was named without a point). */
function localPoint(top: Window, el: Element, x: number, y: number): [number, number] {
  const frames: Element[] = [];
  for (let w: Window | null = el.ownerDocument.defaultView; w && w !== top && w.frameElement; w = w.parent) frames.unshift(w.frameElement);
  for (const f of frames) {
    const r = f.getBoundingClientRect();
    x -= r.left + f.clientLeft;
    y -= r.top + f.clientTop;
  }
  const r = el.getBoundingClientRect();
  return x >= r.left && x <= r.right && y >= r.top && y <= r.bottom ? [x, y] : [r.left + r.width / 2, r.top + r.height / 2];
}

/** What the element is, for the agent and the audit log: never masked text, never values. */
function describe(el: Element, mask: string): string {
  const text = /^(a|button|label|summary|option)$/.test(el.localName) && !within(el, mask)
    ? (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40) : '';
  return el.localName + (el.id ? '#' + el.id : '') + (text ? ` "${text}"` : '');
}

export function createExecutor(win: Window, deps: ExecutorDeps): Executor {
  let say: Say = '';
  try { say = (win.sessionStorage.getItem(KEY) ?? '') as Say; } catch { /* storage off: ask afresh */ }
  let bar: Removable | null = null;
  let question: Removable | null = null;
  let queue: Pending[] = [];
  /** The field typed into last: it gets `change` when the agent moves on, as on blur. */
  let dirty: Element | null = null;
  /** Whether the agent's pointer is in control mode, and the timer that hides the bar. */
  let altHeld = false;
  let hideTimer: ReturnType<typeof setTimeout> | undefined;

  const policy = () => policyOf(deps.options(), deps.central());

  function remember(next: Say): void {
    say = next;
    try { win.sessionStorage.setItem(KEY, next); } catch { /* this page only */ }
  }

  function commit(): void {
    if (dirty?.isConnected) fire(dirty, 'change');
    dirty = null;
  }

  const said = (text: string) => deps.announce(text.replace('{agent}', deps.agent() || controlTexts(policy().texts).agentName));

  function hideBar(): void {
    clearTimeout(hideTimer);
    if (bar) said(controlTexts(policy().texts).controlEnded);
    bar?.remove();
    bar = null;
  }

  /** Shows the bar now; it goes CONTROLLING_MS after the last action, unless Alt is held. */
  function showBar(): void {
    const ui = deps.ui();
    clearTimeout(hideTimer);
    hideTimer = setTimeout(() => altHeld || hideBar(), CONTROLLING_MS);
    if (bar || !ui) return;
    said(controlTexts(policy().texts).controlling);
    bar = showControlBar(ui, controlTexts(policy().texts), deps.agent(), () => {
      commit();
      hideBar();
      remember('revoked');
      deps.status('taken_back');
    });
  }

  function perform({ seq, el, target, command }: Pending): void {
    const mask = selectors(el.ownerDocument, policy()).mask;
    let action = `${command.do} on ${describe(el, mask)}`;
    // The page may have changed while the customer was asked: check again.
    const reason = el.isConnected ? refusal(el, command, deps.grant(), policy()) : 'That element is no longer on the customer’s page.';
    if (reason) return deps.report(seq, false, action, reason);
    try {
      if (dirty && dirty !== el) commit();
      const [x, y] = localPoint(win, el, target.x, target.y);
      let verb: string;
      switch (command.do) {
        case 'click': verb = click(el, x, y); break;
        case 'type': verb = type(el, command.text); dirty = el; break;
        case 'key':
          verb = key(el, command.key);
          if (command.key === 'Enter' || command.key === 'Tab') commit();
          break;
        case 'select': verb = select(el, command.index); break;
        case 'wheel': verb = wheel(el, x, y, command.dx, command.dy); break;
      }
      action = `${verb} ${describe(el, mask)}`;
      const stays = command.do === 'type' || (command.do === 'key' && command.key !== 'Tab' && command.key !== 'Enter');
      deps.typing(stays ? el : null);
    } catch (e) {
      return deps.report(seq, false, action, (e as Error).message || 'The page refused the action.');
    }
    deps.report(seq, true, action, '');
    showBar();
  }

  function ask(): void {
    const ui = deps.ui();
    if (question || !ui) return;
    deps.status('asking');
    question = askControl(ui, controlTexts(policy().texts), deps.agent(), (allowed) => {
      question = null;
      const waiting = queue;
      queue = [];
      deps.status(allowed ? 'allowed' : 'denied');
      if (allowed) {
        remember('allowed');
        waiting.forEach(perform);
      } else {
        remember('revoked');
        for (const p of waiting) deps.report(p.seq, false, `${p.command.do} on ${p.el.localName}`, 'The customer declined remote control.');
      }
    });
  }

  return {
    run(seq, target, command) {
      const node = target.node ? deps.nodeOf(target.node) : elementAt(win.document, target.x, target.y);
      const el = node && (node.nodeType === NodeType.Element ? (node as Element) : node.parentElement);
      const action = `${command.do} on ${el?.localName ?? 'the page'}`;
      let reason = '';
      if (!deps.grant()?.control) reason = 'Remote control is not allowed in this session.';
      else if (!el) reason = 'That element is no longer on the customer’s page.';
      else if (target.node && el.localName !== target.tag) reason = 'The customer’s page changed meanwhile; try again.';
      else reason = refusal(el, command, deps.grant(), policy());
      if (reason || !el) return deps.report(seq, false, action, reason);
      const pending = { seq, el, target, command };
      if (say === 'allowed' || (say === '' && !policy().askBeforeControl)) {
        if (say === '') remember('allowed');
        perform(pending);
      } else if (queue.length < 20) {
        queue.push(pending);
        ask();
      } else {
        deps.report(seq, false, action, 'Waiting for the customer to allow remote control.');
      }
    },
    pointing(mode) {
      altHeld = mode === 'control';
      const mayAct = !!deps.grant()?.control && (say === 'allowed' || (say === '' && !policy().askBeforeControl));
      if (altHeld && mayAct) showBar();
      else if (!altHeld && bar) showBar(); // it goes a few seconds after Alt is let go
    },
    stop() {
      commit();
      deps.typing(null);
      hideBar();
      question?.remove();
      question = null;
      altHeld = false;
      for (const p of queue.splice(0)) deps.report(p.seq, false, `${p.command.do} on ${p.el.localName}`, 'Co-browsing stopped on this page.');
    },
    forget() {
      say = '';
    },
  };
}
