// The site's remote-control policy, checked in the customer's browser before anything is
// performed (ARCHITECTURE.md §4.3): the server's grant for this session, the company's and the
// site's switches, no-control zones, password and masked fields, and — for typing — fields
// the site marked editable. The console greys out the same things, but only this check
// counts. Every answer is a reason in words for the agent, or '' when allowed.
import type { Command, SiteSettings } from '../../protocol';
import type { Options } from '../options';
import { usable } from '../selectors';
import type { ControlOptions } from './types';

export type Policy = Options & ControlOptions;

/** The site's options and the company's settings together: selectors add up, and remote
 * control and typing need both to allow them (nothing is allowed before the company said). */
export function policyOf(o: Options & Partial<ControlOptions>, c: SiteSettings | null): Policy {
  const union = (a = '', b = '') => [a, b].filter((s) => s.trim()).join(', ');
  return {
    ...o,
    noControlSelector: union(o.noControlSelector, c?.no_control_selector),
    editableSelector: union(o.editableSelector, c?.editable_selector),
    remoteControl: o.remoteControl !== false && !!c?.remote_control,
    typing: o.typing !== false && !!c?.typing,
    askBeforeControl: !!o.askBeforeControl || !!c?.ask_before_control,
  };
}

export interface Grant {
  control: boolean;
  typing: boolean;
}

/** True when `el`, or any element around it — across shadow roots and frames — matches `sel`. */
export function within(el: Element, sel: string): boolean {
  if (!sel) return false;
  for (let e: Element | null = el; e; ) {
    if (e.closest(sel)) return true;
    const root = e.getRootNode() as ShadowRoot | Document;
    e = 'host' in root ? root.host : (root.defaultView?.frameElement ?? null);
  }
  return false;
}

const TEXT_INPUT = /^(text|search|email|url|tel|number|)$/;

/** A field whose value never leaves the browser: a password, a card field, or inside a mask. */
export function isSecret(el: Element, maskSel: string): boolean {
  const ac = el.getAttribute('autocomplete') ?? '';
  return (el.localName === 'input' && (el as HTMLInputElement).type === 'password') || /^cc-|password/.test(ac) || within(el, maskSel);
}

/** A field the agent can type into: a text-like input, a textarea, or editable content. */
export function isTypable(el: Element): boolean {
  if (el.localName === 'input') return TEXT_INPUT.test((el as HTMLInputElement).getAttribute('type')?.toLowerCase() ?? '');
  return el.localName === 'textarea' || (el as HTMLElement).isContentEditable;
}

export function selectors(doc: Document, o: Policy) {
  const sel = (attr: string, extra: string) => [attr, usable(doc, extra)].filter(Boolean).join(',');
  return {
    noControl: sel('[data-tandem-no-control]', o.noControlSelector),
    editable: sel('[data-tandem-editable]', o.editableSelector),
    mask: sel('[data-tandem-mask]', o.maskSelector),
  };
}

/** Why `command` may not be performed on `el`, or '' when it may. */
export function refusal(el: Element, command: Command, grant: Grant | null, o: Policy): string {
  const s = selectors(el.ownerDocument, o);
  const typing = command.do === 'type' || command.do === 'key';
  if (!grant?.control || !o.remoteControl) return 'Remote control is not allowed in this session.';
  if (within(el, '[data-tandem-ui]')) return 'The co-browsing controls belong to the customer.';
  if (within(el, s.noControl)) return 'This part of the page is a no-control zone.';
  const field = /^(input|textarea|select)$/.test(el.localName) || typing;
  if (field && el.localName === 'input' && (el as HTMLInputElement).type === 'password') return 'Password fields are never controlled.';
  if (field && isSecret(el, s.mask)) return 'Masked fields are never controlled.';
  if (typing) {
    if (!grant.typing || !o.typing) return 'Typing is not allowed in this session.';
    if (!isTypable(el) || !within(el, s.editable)) return 'The site does not allow the agent to type in this field.';
  }
  if (command.do === 'select' && el.localName !== 'select') return 'That is not a list to choose from.';
  return '';
}
