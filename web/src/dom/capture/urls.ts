// Absolute URLs at the source. The mirror lives at another address and honours no <base>, so
// capture sends every URL resolved against the customer document's base URL. `new URL` costs
// about a microsecond, which would be a third of the snapshot budget on link-heavy pages, so
// the common shapes (absolute, root-relative, protocol-relative, fragment, query, plain path)
// are resolved by hand and only dot-segment paths fall back to the URL parser. Fragment-only
// references stay as they are: they point into the document itself (SVG <use href="#icon">).
//
// Addresses carry secrets (reset tokens, e-mail addresses, session ids), so every web address
// leaves as origin and path only (ARCHITECTURE.md §4.1): query parameters only when the site allows them
// by name, the fragment only when the site allows fragments (`UrlPolicy`).

/** What of a web address may leave besides its origin and path. */
export interface UrlPolicy {
  /** Query parameter names kept (exact, case-sensitive); others are dropped. */
  query: string[];
  /** Keep fragments (`#...`) of absolute addresses. */
  fragment: boolean;
}

const WEB = /^https?:/i;

/** `url` as it may leave: an http(s) address cut to origin, path, allowed query parameters and
 * (if allowed) its fragment. Anything else (same-document `#id`, data:, mailto:...) is returned
 * as it is. */
export function publicUrl(p: UrlPolicy, url: string): string {
  const q = url.indexOf('?');
  const h = url.indexOf('#');
  if ((q < 0 && h <= 0) || !WEB.test(url)) return url;
  const end = h < 0 ? url.length : h;
  const hasQuery = q >= 0 && q < end;
  let out = url.slice(0, hasQuery ? q : end);
  if (hasQuery && p.query.length !== 0) {
    const kept = url.slice(q + 1, end).split('&').filter((kv) => p.query.indexOf(paramName(kv)) >= 0);
    if (kept.length !== 0) out += '?' + kept.join('&');
  }
  if (h >= 0 && p.fragment) out += url.slice(h);
  return out;
}

function paramName(kv: string): string {
  const eq = kv.indexOf('=');
  const raw = (eq < 0 ? kv : kv.slice(0, eq)).replace(/\+/g, ' ');
  try { return decodeURIComponent(raw); } catch { return raw; }
}

export interface UrlBase {
  href: string;
  /** Protocol with colon, `https:`. */
  protocol: string;
  /** `https://host:port`; '' when the base is not hierarchical. */
  origin: string;
  /** Base without fragment. */
  noHash: string;
  /** Base without query and fragment. */
  noQuery: string;
  /** Base up to and including the last `/` of its path. */
  dir: string;
  /** What of each resolved address may leave. */
  policy: UrlPolicy;
}

export function urlBase(href: string, policy: UrlPolicy): UrlBase {
  let u: URL | null = null;
  try { u = new URL(href); } catch { /* not a valid base: every URL goes through the parser */ }
  const hierarchical = u !== null && (u.protocol === 'http:' || u.protocol === 'https:');
  if (!u || !hierarchical) return { href, protocol: u ? u.protocol : '', origin: '', noHash: '', noQuery: '', dir: '', policy };
  const noHash = u.href.split('#')[0];
  const noQuery = noHash.split('?')[0];
  return { href: u.href, protocol: u.protocol, origin: u.origin, noHash, noQuery, dir: noQuery.slice(0, noQuery.lastIndexOf('/') + 1), policy };
}

const SCHEME = /^[a-zA-Z][a-zA-Z\d+.-]*:/;

function parse(b: UrlBase, v: string): string {
  try { return new URL(v, b.href).href; } catch { return v; }
}

/** `v` resolved against the base, as it may leave (see `publicUrl`). */
export function absolute(b: UrlBase, v: string): string {
  return publicUrl(b.policy, resolve(b, v));
}

function resolve(b: UrlBase, v: string): string {
  const n = v.length;
  if (n === 0) return b.noHash || b.href;
  if (v.charCodeAt(0) <= 32 || v.charCodeAt(n - 1) <= 32) v = v.trim();
  if (b.origin === '') return parse(b, v);
  const c = v.charCodeAt(0);
  if (c === 47 /* / */) {
    if (v.charCodeAt(1) === 47) return b.protocol + v;
    if (v.indexOf('/.') < 0 && v.indexOf('\\') < 0) return b.origin + v;
    return parse(b, v);
  }
  if (c === 35 /* # */) return v; // same-document reference (SVG <use>, url(#id)): keep it relative
  if (c === 63 /* ? */) return b.noQuery + v;
  if (SCHEME.test(v)) return v;
  if (c !== 46 /* . */ && v.indexOf('/.') < 0 && v.indexOf('\\') < 0) return b.dir + v;
  return parse(b, v);
}

/** Every URL of a `srcset`/`imagesrcset` list resolved, descriptors kept. */
export function absoluteSrcset(b: UrlBase, v: string): string {
  let out = '';
  let i = 0;
  const n = v.length;
  while (i < n) {
    while (i < n && (v.charCodeAt(i) <= 32 || v.charCodeAt(i) === 44)) i++;
    if (i >= n) break;
    let j = i;
    while (j < n && v.charCodeAt(j) > 32) j++;
    let url = v.slice(i, j);
    let desc = '';
    if (url.endsWith(',')) {
      url = url.replace(/,+$/, '');
    } else {
      let k = j;
      let paren = false;
      while (k < n) {
        const ch = v.charCodeAt(k);
        if (ch === 40) paren = true; else if (ch === 41) paren = false;
        else if (ch === 44 && !paren) break;
        k++;
      }
      desc = v.slice(j, k).trim();
      j = k + 1;
    }
    if (out) out += ', ';
    out += absolute(b, url) + (desc ? ' ' + desc : '');
    i = j;
  }
  return out;
}

const CSS_URL = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)/gi;
const CSS_IMPORT = /@import\s+(["'])([^"']*)\1/gi;

/** CSS text with `url()` and `@import "..."` targets resolved against `b`. */
export function absoluteCss(b: UrlBase, css: string): string {
  if (css.indexOf('url(') >= 0 || css.indexOf('URL(') >= 0) {
    css = css.replace(CSS_URL, (m, dq: string | undefined, sq: string | undefined, bare: string | undefined) => {
      const raw = dq ?? sq ?? bare ?? '';
      if (raw === '' || raw.startsWith('data:') || raw.charCodeAt(0) === 35) return m;
      const abs = absolute(b, raw);
      if (abs === raw) return m;
      return dq !== undefined ? `url("${abs}")` : sq !== undefined ? `url('${abs}')` : `url(${abs})`;
    });
  }
  if (css.indexOf('@import') >= 0) {
    css = css.replace(CSS_IMPORT, (_m, q: string, raw: string) => `@import ${q}${absolute(b, raw)}${q}`);
  }
  return css;
}
