// What each attribute becomes on the wire. Event handlers and srcdoc never leave (the mirror
// would drop them anyway; dropping here saves bytes) — srcdoc only says it is there, empty, as
// a srcdoc document is never in quirks mode, doctype or not, URLs are made absolute against the
// customer's base (and cut to what may leave, urls.ts). Inside masked regions only what layout
// and looks need and what cannot carry the customer's data goes out: an allow-list
// (`MASKED_KEEP`), the inline style reduced to declarations without strings, addresses, custom
// properties or attr()/var() (`maskedStyle`), stylesheet links and same-document references.
// So neither the wire nor the site's own CSS (`content: attr(x)`, `content: var(--x)`) can show
// a masked value to the agent. A <meta>'s content that is an address (og:url, a refresh's
// url=) is cut like any other address. Unknown attributes of unmasked elements go through
// untouched on the hot path.
import type { CaptureState } from './state';
import { absolute, absoluteCss, absoluteSrcset, publicUrl } from './urls';

// Browsers skip leading whitespace and control characters before a URL's scheme; so does this.
// eslint-disable-next-line no-control-regex
const SCRIPT_URL = /^[\s\0-\x1f]*(?:javascript|vbscript):/i;

const URL = 1, SRCSET = 2, STYLE = 3, DROP = 4, VALUE = 5, PRIVATE = 6, CONTENT = 7;

const KIND: Record<string, number> = Object.assign(Object.create(null), {
  href: URL, src: URL, action: URL, formaction: URL, poster: URL, background: URL, cite: URL,
  longdesc: URL, 'xlink:href': URL, codebase: URL, manifest: URL, lowsrc: URL, data: URL,
  srcset: SRCSET, imagesrcset: SRCSET,
  style: STYLE,
  srcdoc: DROP, ping: DROP,
  value: VALUE, content: CONTENT,
  placeholder: PRIVATE, title: PRIVATE, alt: PRIVATE, label: PRIVATE, 'aria-label': PRIVATE,
  'aria-description': PRIVATE, 'aria-valuetext': PRIVATE, 'aria-placeholder': PRIVATE,
});

/** URL attributes that are URLs only on some elements (elsewhere they are plain data, as on
 * custom elements: `<fancy-tabs background>`). */
const URL_ON: Record<string, string> = Object.assign(Object.create(null), {
  background: ' body table thead tbody tfoot tr td th ',
  data: ' object ',
  action: ' form ',
  poster: ' video ',
  cite: ' blockquote q del ins ',
  longdesc: ' img iframe frame ',
  codebase: ' object applet ',
  manifest: ' html ',
  lowsrc: ' img ',
});

/** The attributes a masked element keeps: layout and looks, never content. Everything else
 * (id, name, data-*, aria-*, title, value, datetime, content, for, href...) is left out. */
const MASKED_KEEP = ' class type dir lang hidden inert role tabindex colspan rowspan span width height size cols rows' +
  ' disabled readonly open multiple start reversed rel media align valign border cellpadding cellspacing nowrap bgcolor' +
  ' contenteditable draggable' +
  // SVG geometry and paint (shape, like the masked text's).
  ' xmlns viewBox preserveAspectRatio d points x y x1 y1 x2 y2 cx cy r rx ry fill stroke stroke-width transform opacity ';

/** Whether a masked element keeps attribute `name` (of the kinds without special handling). */
export function keptWhenMasked(name: string): boolean {
  return MASKED_KEEP.indexOf(' ' + name + ' ') >= 0;
}

/** Values that can paint or fetch something carrying data: strings, addresses, attr(), var(). */
const DATA_IN_CSS = /["']|url\(|attr\(|var\(|image-set\(|image\(|src\(|env\(/i;

/** The inline style of a masked element reduced to declarations that cannot carry its data
 * (no custom properties, no strings, no addresses, no attr()/var()), or null when none is left.
 * Only masked elements pay for this (one CSSOM read). */
export function maskedStyle(el: Element): string | null {
  const st = (el as HTMLElement).style as CSSStyleDeclaration | undefined;
  if (!st) return null;
  let out = '';
  for (let i = 0; i < st.length; i++) {
    const p = st[i];
    if (p.charCodeAt(0) === 45 && p.charCodeAt(1) === 45) continue;
    const v = st.getPropertyValue(p);
    if (v === '' || (DATA_IN_CSS.test(v) && p !== 'font-family')) continue;
    out += p + ':' + v + (st.getPropertyPriority(p) ? '!important;' : ';');
  }
  return out === '' ? null : out;
}

/** True for `on*` names (event handler content attributes). */
export function isHandler(name: string): boolean {
  return name.charCodeAt(0) === 111 && name.charCodeAt(1) === 110 && name.length > 2;
}

/** Kind of an attribute name, undefined for the common pass-through case. */
export function attrKind(name: string): number | undefined {
  return KIND[name];
}

/** A refresh's `N; url=X`, or an address of its own (og:url, og:image…). */
const META_URL = /^(\s*\d[\d.]*\s*[;,]?\s*url\s*=\s*['"]?)([^'"]*)|^\s*https?:\/\/.*/i;

/** A <meta content> with its address cut to what may leave (urls.ts). */
function metaContent(s: CaptureState, value: string): string {
  return value.replace(META_URL, (m, pre: string | undefined, u: string) => (pre ? pre + absolute(s.url, u) : publicUrl(s.url.policy, m.trim())));
}

/** Wire value of attribute `name` on `el`, or null to leave it out. `secret`: el is a
 * password-like input; `masked`: el is inside a masked region. */
export function attrValue(
  s: CaptureState, el: Element, name: string, value: string, kind: number | undefined, masked: boolean, secret: boolean,
): string | null {
  switch (kind) {
    case undefined:
      return !masked || keptWhenMasked(name) ? value : null;
    case URL: {
      const only = URL_ON[name];
      if (only !== undefined && only.indexOf(' ' + el.localName + ' ') < 0) return masked ? null : value;
      // A stylesheet's address is no user content: masked (or private-by-default) pages keep
      // their look; nor is a same-document reference of SVG (<use href="#icon">).
      if (masked && el.localName !== 'link' && !(el.localName === 'use' && value.charCodeAt(0) === 35)) return null;
      const abs = absolute(s.url, value);
      if (s.onBlob && name === 'src' && abs.startsWith('blob:') && el.localName === 'img') s.onBlob(el);
      return SCRIPT_URL.test(abs) ? null : abs;
    }
    case SRCSET:
      return masked ? null : absoluteSrcset(s.url, value);
    case STYLE:
      if (masked) return maskedStyle(el);
      return value.indexOf('url(') >= 0 || value.indexOf('URL(') >= 0 ? absoluteCss(s.url, value) : value;
    case DROP:
      return name === 'srcdoc' ? '' : null;
    case VALUE:
      if (masked || secret) return null;
      if (el.localName === 'input' && (el as HTMLInputElement).type === 'hidden') return null;
      return value;
    case PRIVATE:
      return masked ? null : value;
    case CONTENT:
      return masked ? null : el.localName === 'meta' ? metaContent(s, value) : value;
  }
  return value;
}
