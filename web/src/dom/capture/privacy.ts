// Privacy at the source (ARCHITECTURE.md §4.1): what may never leave the customer's browser. Masked
// regions keep their shape but not their text or values; password-like fields send a fixed mask
// (never their length); blocked elements become empty boxes of the same size. A private-by-default
// page is masked as a whole except its allow-listed parts, and a mask region inside those stays
// masked. Decisions that need ancestors (for single mutations) walk up through shadow hosts and
// iframe owners.
import { ATTR_BLOCK, ATTR_MASK, ATTR_UI, ATTR_UNMASK, MASK_CHAR, PASSWORD_MASK } from '../format';
import { TextMode, type CaptureState } from './state';
import { NodeType } from '../node-type';

const NON_SPACE = /\S/g;

/** Same shape, no content: every non-space character becomes the mask character. */
export function maskText(text: string): string {
  return text.replace(NON_SPACE, MASK_CHAR);
}

/** Autocomplete tokens of fields secret by nature: one-time codes, every card field, passwords. */
const SECRET_AUTOCOMPLETE = /(?:^|\s)(?:cc-[a-z-]+|one-time-code|current-password|new-password)(?:\s|$)/i;
/** Input types whose value is text (the ones a page can draw as dots). */
const TEXT_TYPES = ' text search tel url email number password ';

/** A field whose value must never be sent, only whether it is empty: a password, a field secret
 * by nature (`SECRET_AUTOCOMPLETE`, on inputs, selects and textareas alike) or a text input the
 * page draws as dots (-webkit-text-security, a PIN). Once true for an element, true for good: a
 * password shown as text by a "show password" button stays secret. A secret select or textarea
 * is also masked as a region (its options and text), see `maskMode`. */
export function isSecretInput(s: CaptureState, el: Element): boolean {
  if (s.secretInputs.has(el)) return true;
  const name = el.localName;
  if (name !== 'input' && name !== 'select' && name !== 'textarea') return false;
  const ac = el.getAttribute('autocomplete');
  let secret = ac !== null && SECRET_AUTOCOMPLETE.test(ac);
  if (!secret && name === 'input') {
    const type = (el as HTMLInputElement).type;
    secret = type === 'password' || (TEXT_TYPES.indexOf(' ' + type + ' ') >= 0 && drawnAsDots(el));
  }
  if (secret) s.secretInputs.add(el);
  return secret;
}

function drawnAsDots(el: Element): boolean {
  try {
    const st = el.ownerDocument.defaultView?.getComputedStyle(el);
    const v = st ? st.getPropertyValue('-webkit-text-security') : '';
    return v !== '' && v !== 'none';
  } catch {
    return false;
  }
}

/** The value to send for a form field: fixed mask for secrets, shape-only mask when masked. */
export function safeValue(value: string, secret: boolean, masked: boolean): string {
  if (secret) return value === '' ? '' : PASSWORD_MASK;
  return masked ? maskText(value) : value;
}

/** How the text of `node` (or under it) is sent: Plain, Masked or Private (see TextMode),
 * crossing shadow and same-origin frame boundaries. */
export function maskMode(s: CaptureState, node: Node): TextMode {
  if (s.maskRootCount === 0 && !s.priv) return TextMode.Plain;
  let open = !s.priv;
  let n: Node | null = node.nodeType === NodeType.Element ? node
    : node.nodeType === NodeType.Document ? frameOwner(node as Document)
    : node.nodeType === NodeType.Fragment ? (node as ShadowRoot).host ?? null
    : node.parentNode;
  while (n !== null) {
    if (n.nodeType === NodeType.Element) {
      if ((n as Element).closest(s.maskSel) !== null || secretControlOf(s, n as Element)) return TextMode.Masked;
      if (!open && (n as Element).closest(s.unmaskSel) !== null) open = true;
    }
    let top: Node = n;
    while (top.parentNode !== null) top = top.parentNode;
    if (top.nodeType === NodeType.Fragment && (top as ShadowRoot).host) n = (top as ShadowRoot).host;
    else if (top.nodeType === NodeType.Document) n = frameOwner(top as Document);
    else n = null;
  }
  return open ? TextMode.Plain : TextMode.Private;
}

/** Whether a node sits in a masked region (or, on a private-by-default page, outside the allow list). */
export function isMasked(s: CaptureState, node: Node): boolean {
  return maskMode(s, node) !== TextMode.Plain;
}

/** Whether `el` is, or is inside, a select or textarea secret by nature. */
function secretControlOf(s: CaptureState, el: Element): boolean {
  for (let e: Element | null = el; e !== null; e = e.parentElement) {
    if (s.secretInputs.has(e) && e.localName !== 'input') return true;
  }
  return false;
}

/** Whether the pointer (or focus) on `node` could tell the agent something hidden — it is in a
 * masked or blocked region (an on-screen PIN pad is read from the pointer) — so neither its
 * position nor its id may leave. */
export function isHiddenSpot(s: CaptureState, node: Node): boolean {
  if (isMasked(s, node)) return true;
  for (let n: Node | null = node; n !== null;) {
    if (s.blocked.has(n as Element)) return true;
    n = n.nodeType === NodeType.Fragment ? (n as ShadowRoot).host ?? null : n.nodeType === NodeType.Document ? frameOwner(n as Document) : n.parentNode;
  }
  return false;
}

function frameOwner(doc: Document): Element | null {
  try { return doc.defaultView ? doc.defaultView.frameElement : null; } catch { return null; }
}

export function matchesMask(s: CaptureState, el: Element): boolean {
  if (el.hasAttribute(ATTR_MASK)) return true;
  return s.policyMask !== '' && el.matches(s.policyMask);
}

export function matchesUnmask(s: CaptureState, el: Element): boolean {
  if (el.hasAttribute(ATTR_UNMASK)) return true;
  return s.policyUnmask !== '' && el.matches(s.policyUnmask);
}

export function matchesBlock(s: CaptureState, el: Element): boolean {
  if (el.hasAttribute(ATTR_BLOCK)) return true;
  return s.policyBlock !== '' && el.matches(s.policyBlock);
}

export function isExcluded(el: Element): boolean {
  return el.hasAttribute(ATTR_UI);
}

/** Collect elements under `root` (and `root` itself) that the site's policy selectors match, so
 * serialisation answers with a WeakSet lookup instead of `matches` per element. */
export function collectPolicy(s: CaptureState, root: ParentNode): void {
  collect(root, s.policyMask, s.polMask);
  collect(root, s.policyBlock, s.polBlock);
  collect(root, s.policyUnmask, s.polUnmask);
}

function collect(root: ParentNode, sel: string, into: WeakSet<Element>): void {
  if (sel === '') return;
  if ((root as Node).nodeType === NodeType.Element && (root as Element).matches(sel)) into.add(root as Element);
  const list = root.querySelectorAll(sel);
  for (let i = 0; i < list.length; i++) into.add(list[i]);
}

/** Rendered size and display of a blocked element: all the mirror gets to know about it. */
export function blockBox(el: Element): [width: number, height: number, display: string] {
  const r = el.getBoundingClientRect();
  let display = 'block';
  try {
    const view = el.ownerDocument.defaultView;
    if (view) display = view.getComputedStyle(el).display;
  } catch { /* detached or foreign: keep block */ }
  return [Math.round(r.width * 100) / 100, Math.round(r.height * 100) / 100, display];
}
