// What each attribute becomes on the wire. Event handlers and srcdoc never leave (the mirror
// would drop them anyway; dropping here saves bytes) — srcdoc only says it is there, empty, as
// a srcdoc document is never in quirks mode, doctype or not, URLs are made absolute against the
// customer's base, and inside masked regions the attributes that carry user content
// (value, placeholder, title, alt, label, aria-*, URLs) are left out. Unknown attributes go
// through untouched on the hot path.
import type { CaptureState } from './state';
import { absolute, absoluteCss, absoluteSrcset } from './urls';

const SCRIPT_URL = /^[\s\0-\x1f]*(?:javascript|vbscript):/i;

const URL = 1, SRCSET = 2, STYLE = 3, DROP = 4, VALUE = 5, PRIVATE = 6;

const KIND: Record<string, number> = Object.assign(Object.create(null), {
  href: URL, src: URL, action: URL, formaction: URL, poster: URL, background: URL, cite: URL,
  longdesc: URL, 'xlink:href': URL, codebase: URL, manifest: URL, lowsrc: URL, data: URL,
  srcset: SRCSET, imagesrcset: SRCSET,
  style: STYLE,
  srcdoc: DROP, ping: DROP,
  value: VALUE,
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

/** True for `on*` names (event handler content attributes). */
export function isHandler(name: string): boolean {
  return name.charCodeAt(0) === 111 && name.charCodeAt(1) === 110 && name.length > 2;
}

/** Kind of an attribute name, undefined for the common pass-through case. */
export function attrKind(name: string): number | undefined {
  return KIND[name];
}

/** Wire value of attribute `name` on `el`, or null to leave it out. `secret`: el is a
 * password-like input; `masked`: el is inside a masked region. */
export function attrValue(
  s: CaptureState, el: Element, name: string, value: string, kind: number | undefined, masked: boolean, secret: boolean,
): string | null {
  switch (kind) {
    case undefined:
      if (masked && name.startsWith('aria-')) return null;
      return value;
    case URL: {
      const only = URL_ON[name];
      if (only !== undefined && only.indexOf(' ' + el.localName + ' ') < 0) return masked ? null : value;
      // A stylesheet's address is no user content: masked (or private-by-default) pages keep their look.
      if (masked && el.localName !== 'link') return null;
      const abs = absolute(s.url, value);
      return SCRIPT_URL.test(abs) ? null : abs;
    }
    case SRCSET:
      return masked ? null : absoluteSrcset(s.url, value);
    case STYLE:
      return value.indexOf('url(') >= 0 || value.indexOf('URL(') >= 0 ? absoluteCss(s.url, value) : value;
    case DROP:
      return name === 'srcdoc' ? '' : null;
    case VALUE:
      if (masked || secret) return null;
      if (el.localName === 'input' && (el as HTMLInputElement).type === 'hidden') return null;
      return value;
    case PRIVATE:
      return masked ? null : value;
  }
  return value;
}
