// The masking check's eyes inside the scanned page (`tandem scan`, crates/server/src/scan): the
// scan evaluates this bundle in the page through DevTools, never ships it to a customer. It
// works out, independently of the SDK, what the site asks to keep private — markup, the
// selectors the page gives `Tandem.init` or `window.tandemSettings`, the company's settings the
// scan was given, fields secret by nature — and reads the values there, so the scan can look
// for them in what the SDK sends. It also finds what the scan should type into, open and hover,
// and where the SDK's own widgets are. Every function takes the state it needs and keeps none.

const UI = '[data-tandem-ui]';
const MASK = '[data-tandem-mask], [data-tandem-block]';
const UNMASK = '[data-tandem-unmask]';
/** Attributes that carry data rather than structure: their values are secrets when masked. */
const DATA_ATTRS = /^(data-(?!tandem-).*|title|alt|value|content|datetime|label|aria-label|aria-valuetext|aria-description|summary|abbr)$/;
const SECRET_AUTOCOMPLETE = /\b(cc-[a-z-]+|one-time-code|new-password|current-password)\b/;
const TYPEABLE = /^(text|search|email|tel|url|password|number|)$/;
const RECORD = Symbol.for('tandem.scan.init');

interface Policy {
  mask: string;
  block: string;
  unmask: string;
  privateByDefault: boolean;
}

export interface Secret { value: string; place: string }
export interface Field { index: number; place: string; tag: string; type: string; masked: boolean; why: string; hints: string }
export interface Spot { x: number; y: number; place: string }

/** Run before the page's own scripts: remembers every `Tandem.init(options)` the page makes. */
export function watchInit(win: Window & Record<PropertyKey, unknown>): void {
  const seen: unknown[] = [];
  win[RECORD] = seen;
  let current: unknown;
  Object.defineProperty(win, 'Tandem', {
    configurable: true,
    get: () => current,
    set(value: { init?: (o: unknown) => unknown } | undefined) {
      if (value && typeof value.init === 'function') {
        const init = value.init;
        value.init = function (this: unknown, o: unknown) {
          seen.push(o);
          return init.call(this, o);
        };
      }
      current = value;
    },
  });
}

function policy(win: Window & Record<PropertyKey, unknown>, given: Partial<Policy>): Policy {
  const all = [(win as { tandemSettings?: unknown }).tandemSettings, ...((win[RECORD] as unknown[]) ?? [])].filter(Boolean) as Record<string, unknown>[];
  const join = (key: string, extra?: string) => [...all.map((o) => o[key]), extra].filter((s) => typeof s === 'string' && s.trim()).join(', ');
  return {
    mask: join('maskSelector', given.mask),
    block: join('blockSelector', given.block),
    unmask: join('unmaskSelector', given.unmask),
    privateByDefault: all.some((o) => o.privateByDefault === true) || !!given.privateByDefault,
  };
}

function matches(el: Element, selector: string): boolean {
  if (!selector) return false;
  for (const part of selector.split(',')) {
    try {
      if (part.trim() && el.closest(part)) return true;
    } catch {
      /* a selector the browser rejects masks nothing (the SDK says so too) */
    }
  }
  return false;
}

/** The element's ancestors, crossing shadow roots. */
function lineage(el: Element): Element[] {
  const out: Element[] = [];
  let at: Node | null = el;
  while (at) {
    if (at instanceof Element) out.push(at);
    at = at.parentNode ?? (at as ShadowRoot).host ?? null;
    if (at instanceof ShadowRoot) at = at.host;
  }
  return out;
}

/** Why the site keeps this element private, or '' when it does not. */
function maskedBy(el: Element, p: Policy): string {
  const up = lineage(el);
  if (up.some((e) => e.matches(MASK))) return 'markup';
  if (up.some((e) => matches(e, p.mask) || matches(e, p.block))) return 'selector';
  if (p.privateByDefault && !up.some((e) => e.matches(UNMASK) || matches(e, p.unmask))) return 'private by default';
  return '';
}

function secretByNature(el: Element): string {
  if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) return '';
  if (el instanceof HTMLInputElement && el.type === 'password') return 'password field';
  const ac = (el.getAttribute('autocomplete') ?? '').toLowerCase().match(SECRET_AUTOCOMPLETE);
  if (ac) return `autocomplete ${ac[1]}`;
  const security = getComputedStyle(el).getPropertyValue('-webkit-text-security');
  if (security && security !== 'none') return 'drawn as dots (-webkit-text-security)';
  return '';
}

function place(el: Element): string {
  const parts: string[] = [];
  for (const e of lineage(el).slice(0, 4)) {
    const tag = e.localName;
    if (tag === 'html' || tag === 'body') break;
    const name = e.getAttribute('name');
    parts.unshift(e.id ? `${tag}#${e.id}` : name ? `${tag}[name=${name}]` : e.classList[0] ? `${tag}.${e.classList[0]}` : tag);
  }
  return parts.join(' > ') || el.localName;
}

/** Every element of the page (open shadow roots and same-origin frames included), SDK UI excluded. */
function elements(doc: Document): Element[] {
  const out: Element[] = [];
  const walk = (root: Document | ShadowRoot) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.closest(UI)) continue;
      out.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
      if (el instanceof HTMLIFrameElement) {
        try {
          if (el.contentDocument) walk(el.contentDocument);
        } catch {
          /* cross-origin: its own page, scanned on its own */
        }
      }
    }
  };
  walk(doc);
  return out;
}

function fieldList(doc: Document): Element[] {
  return elements(doc).filter((el) =>
    (el instanceof HTMLInputElement && TYPEABLE.test(el.type) && !el.disabled && !el.readOnly) ||
    (el instanceof HTMLTextAreaElement && !el.disabled && !el.readOnly) ||
    el instanceof HTMLSelectElement ||
    (el instanceof HTMLElement && el.isContentEditable && !el.parentElement?.isContentEditable));
}

function labelOf(el: Element): string {
  const labels = (el as HTMLInputElement).labels;
  return [...(labels ?? [])].map((l) => l.textContent ?? '').join(' ');
}

/** What the site keeps private, with the values found there now, and the fields to type into. */
export function survey(win: Window & Record<PropertyKey, unknown>, given: Partial<Policy>): { secrets: Secret[]; fields: Field[]; policy: Policy } {
  const p = policy(win, given);
  const doc = win.document;
  const secrets = new Map<string, string>();
  const open: string[] = [];
  const keep = (value: string | null | undefined, where: string) => {
    const v = (value ?? '').trim();
    if (v.length >= 4 && !secrets.has(v)) secrets.set(v, where);
    // Numbers, amounts and addresses inside a longer text are secrets of their own.
    for (const word of v.split(/\s+/)) if (word.length >= 4 && word !== v && /[\d@]/.test(word) && !secrets.has(word)) secrets.set(word, where);
  };
  for (const el of elements(doc)) {
    const masked = maskedBy(el, p);
    for (const attr of el.attributes) {
      if (masked && DATA_ATTRS.test(attr.name)) keep(attr.value, `${place(el)} @${attr.name}`);
      else if (masked && attr.name === 'style') for (const m of attr.value.matchAll(/--[\w-]+\s*:\s*([^;]+)/g)) keep(m[1].replace(/^["']|["']$/g, ''), `${place(el)} @style`);
      else open.push(attr.value);
    }
    const nature = secretByNature(el);
    if ((masked || nature) && (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) keep(el.value, `${place(el)} (value)`);
    for (const node of el.childNodes) {
      if (node.nodeType !== Node.TEXT_NODE) continue;
      if (masked) keep(node.textContent, `${place(el)} (text)`);
      else open.push(node.textContent ?? '');
    }
  }
  // Words the page also shows openly are no secret (a heading repeated inside a masked box);
  // data — anything with a digit or an @ — stays one even when a page script copied it out.
  const corpus = open.join('\n');
  const list = [...secrets].filter(([v]) => /[\d@]/.test(v) || !corpus.includes(v)).map(([value, where]) => ({ value, place: where }));
  const fields = fieldList(doc).map((el, index) => {
    const masked = maskedBy(el, p);
    const nature = secretByNature(el);
    const hints = ['autocomplete', 'name', 'id', 'type', 'inputmode', 'placeholder', 'aria-label'].map((a) => el.getAttribute(a) ?? '').concat(labelOf(el)).join(' ').toLowerCase();
    return { index, place: place(el), tag: el.localName, type: (el as HTMLInputElement).type ?? '', masked: !!(masked || nature), why: masked ? `masked by ${masked}` : nature, hints };
  });
  return { secrets: list, fields, policy: p };
}

function centre(el: Element): Spot | null {
  el.scrollIntoView({ block: 'center', inline: 'center' });
  const r = el.getBoundingClientRect();
  if (r.width < 1 || r.height < 1) return null;
  const x = Math.round(r.left + Math.min(r.width / 2, 40));
  const y = Math.round(r.top + r.height / 2);
  if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return null;
  return { x, y, place: place(el) };
}

/** Scrolls field `index` into view and focuses it; a select gets its last option. */
export function focusField(win: Window, index: number): Spot | null {
  const el = fieldList(win.document)[index] as HTMLElement | undefined;
  if (!el) return null;
  const spot = centre(el);
  if (el instanceof HTMLSelectElement) {
    el.selectedIndex = el.options.length - 1;
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
    return spot;
  }
  el.focus();
  return spot ?? { x: -1, y: -1, place: place(el) };
}

/** Things a person opens: disclosure summaries and menu buttons (never submit buttons). */
function toggles(doc: Document): Element[] {
  return elements(doc).filter((el) =>
    el.localName === 'summary' ||
    (el.matches('[aria-haspopup]:not([aria-haspopup="false"]), [aria-expanded="false"]') && !el.matches('[type=submit], a[href]:not([href^="#"])')));
}

export function toggleSpot(win: Window, index: number): Spot | null | false {
  const el = toggles(win.document)[index];
  return el ? centre(el) : false;
}

/** Masked elements to hover (the pointer over them must not be sent). */
export function maskedSpot(win: Window & Record<PropertyKey, unknown>, given: Partial<Policy>, index: number): Spot | null | false {
  const p = policy(win, given);
  const masked = elements(win.document).filter((el) => maskedBy(el, p) && (el.matches(MASK) || matches(el, p.mask) || matches(el, p.block)));
  const el = masked[index];
  return el ? centre(el) : false;
}

/** Scrolls every inner scroll container to its end and back. */
export function scrollInner(win: Window): number {
  let n = 0;
  for (const el of elements(win.document)) {
    if (el.scrollHeight > el.clientHeight + 4 && /(auto|scroll)/.test(getComputedStyle(el).overflowY)) {
      el.scrollTop = el.scrollHeight;
      n++;
    }
  }
  return n;
}

/** The SDK widget control for the text `key` (button text or field label, in the SDK's shadow
 * root), as the company's settings, the page's options or the default word it. */
export function widgetSpot(win: Window & Record<PropertyKey, unknown>, key: string, fallback: string, given: { texts?: Record<string, string> } = {}): Spot | null {
  const options = [(win as { tandemSettings?: unknown }).tandemSettings, ...((win[RECORD] as unknown[]) ?? [])].filter(Boolean) as { texts?: Record<string, string> }[];
  const names = new Set([fallback, given.texts?.[key], ...options.map((o) => o.texts?.[key])].filter((n): n is string => !!n));
  for (const host of win.document.querySelectorAll(UI)) {
    const root = host.shadowRoot;
    if (!root) continue;
    for (const el of root.querySelectorAll('button, input, [role=button]')) {
      const text = (el.getAttribute('aria-label') ?? '') || (el.textContent ?? '').trim() || labelOf(el);
      if (names.has(text.trim())) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.height > 0) return { x: Math.round(r.left + r.width / 2), y: Math.round(r.top + r.height / 2), place: text };
      }
    }
  }
  return null;
}

/** Where an element is on the page, for the screenshot of the agent's view. */
export function rectOf(win: Window, selector: string): { x: number; y: number; width: number; height: number } | null {
  const el = win.document.querySelector(selector);
  if (!el) return null;
  const r = el.getBoundingClientRect();
  return { x: r.left, y: r.top, width: r.width, height: r.height };
}

/** Why the SDK may not have started: what the scan says when its widgets never show. */
export async function diagnose(win: Window & Record<PropertyKey, unknown>): Promise<string> {
  const tag = win.document.querySelector<HTMLScriptElement>('script[src*="/sdk/tandem"]');
  const t = win.Tandem as { core?: boolean } | undefined;
  const fetched = tag ? await fetch(tag.src).then((r) => `${r.status}`, (e) => `${e}`) : '';
  return `SDK tag: ${tag ? `${tag.src} (${fetched})` : 'none'}; loader ran: ${!!t}; core ran: ${!!t?.core}; widgets: ${!!win.document.querySelector(UI)}`;
}
