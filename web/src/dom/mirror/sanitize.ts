// Safety (ARCHITECTURE.md §4.2), enforced here whatever capture sent: the wire is untrusted input.
// The mirror never builds anything that could run or load the customer's code: scripts and
// <base> become inert <template> placeholders, plugins become sized boxes, frames are sandboxed
// and never get a src, event handler attributes, srcdoc, meta refresh and script-ish URLs are
// dropped, links get target=_blank (popups are not allowed in the sandbox, so a click goes
// nowhere) and forms lose their action. Every decision is made on the local name after the last
// colon, lowercased, so `x:script` or `svg:set` cannot dodge a rule; a prefixed name whose local
// part is dangerous becomes a placeholder in every namespace. <meta> never acts: its
// http-equiv (refresh, CSP…) and the names the browser acts on (referrer) are kept only as inert
// `data-tandem-` attributes; <link> keeps its rel there too and gets only the tokens that
// neither load nor connect (no preload, prefetch…); <use> only same-document references, and SVG
// animations may not target hrefs or handlers. What the mirror neutralises but may keep (the
// customer's target, a frame's src, integrity, autoplay…) stays under a
// `data-tandem-` name, so the agent's tools and the fidelity report can still read it. Tag quirks
// live in lookup tables, as in morphdom.

/** Marks an element the mirror substituted: the attribute holds the original tag name. */
export const ATTR_WAS = 'data-tandem-was';

/** How an element is created in the mirror. */
export const enum Make { Normal = 0, Placeholder = 1, Box = 2, Frame = 3 }

const MAKE: Record<string, Make> = Object.assign(Object.create(null), {
  script: Make.Placeholder, base: Make.Placeholder,
  object: Make.Box, embed: Make.Box, applet: Make.Box, portal: Make.Box, fencedframe: Make.Box,
  iframe: Make.Frame, frame: Make.Frame,
});

/** Local names that, behind a prefix (`x:script`, `svg:set`), only ever stand in as a placeholder. */
const PREFIXED_DANGER: Record<string, true> = Object.assign(Object.create(null), {
  script: true, set: true, animate: true, animatetransform: true, animatemotion: true, animatecolor: true,
  discard: true, foreignobject: true, iframe: true, frame: true, object: true, embed: true, applet: true,
  portal: true, fencedframe: true, base: true, meta: true, link: true, style: true, handler: true, listener: true,
});

/** The lowercase local name of a (possibly prefixed) element or attribute name. */
export function localOf(name: string): string {
  const colon = name.lastIndexOf(':');
  return (colon < 0 ? name : name.slice(colon + 1)).toLowerCase();
}

export function makeOf(name: string): Make {
  const local = localOf(name);
  if (local.length !== name.length && PREFIXED_DANGER[local]) return Make.Placeholder;
  return MAKE[local] ?? Make.Normal;
}

const NOT_BOX: Record<string, true> = Object.assign(Object.create(null), {
  meta: true, link: true, style: true, title: true, head: true, html: true, body: true, template: true, noscript: true, slot: true,
});

/** Names a blocked box may keep; anything else is drawn as a <div>/<span>. */
export function boxTag(name: string): string {
  return name.indexOf(':') < 0 && makeOf(name) === Make.Normal && !NOT_BOX[name.toLowerCase()] ? name : 'div';
}

const URL_ATTRS: Record<string, true> = Object.assign(Object.create(null), {
  href: true, src: true, action: true, formaction: true, 'xlink:href': true, poster: true,
  background: true, cite: true, longdesc: true, data: true, codebase: true, manifest: true,
  lowsrc: true, dynsrc: true, icon: true, profile: true, usemap: true, srcset: true,
});

const DROP_ATTRS: Record<string, true> = Object.assign(Object.create(null), {
  srcdoc: true, ping: true,
});

/** Attributes that would act in the mirror (fetch, focus, play, open a target, check a hash),
 * kept inert under `data-tandem-NAME`. */
const INERT_ATTRS: Record<string, true> = Object.assign(Object.create(null), {
  autofocus: true, 'http-equiv': true, integrity: true, crossorigin: true, nonce: true, formtarget: true,
  autoplay: true, imagesrcset: true, imagesizes: true, fetchpriority: true,
});

/** Attributes only the mirror may write (it reads some of them back, e.g. fixLink). */
const MIRROR_OWNED: Record<string, true> = Object.assign(Object.create(null), {
  'data-tandem-was': true, 'data-tandem-blocked': true, 'data-tandem-href': true, 'data-tandem-src': true,
  'data-tandem-action': true, 'data-tandem-target': true, 'data-tandem-attributename': true, 'data-tandem-rel': true,
  'data-tandem-name': true,
  'data-tandem-no-quirks': true, 'data-tandem-hover': true, 'data-tandem-focus': true, 'data-tandem-focus-visible': true, 'data-tandem-focus-within': true,
});
for (const n in INERT_ATTRS) MIRROR_OWNED['data-tandem-' + n] = true;

/** data: URLs that would be documents or scripts if navigated to or loaded as such. */
const DOCUMENT_DATA = /^data:(?:text\/html|application\/xhtml|text\/xml|application\/xml|[^,;]*(?:java|ecma)script)/;
const SCHEME = /^([a-z][a-z0-9+.-]*):/;
const SAFE_SCHEMES: Record<string, true> = Object.assign(Object.create(null), {
  http: true, https: true, mailto: true, tel: true, blob: true, ftp: true, sms: true, data: true,
});

/** False for URLs that could run code or load a document: javascript:, vbscript:, data:text/html… */
export function safeUrl(v: string): boolean {
  // The URL parser ignores ASCII whitespace and control characters anywhere in a scheme.
  // eslint-disable-next-line no-control-regex
  const t = v.replace(/[\u0000-\u0020\u007f]+/g, '').toLowerCase();
  const m = SCHEME.exec(t);
  if (!m) return true; // relative: resolved against the mirror's own (harmless) address
  if (!SAFE_SCHEMES[m[1]]) return false;
  return m[1] !== 'data' || !DOCUMENT_DATA.test(t);
}

/** False only for URLs that would run code or be a document if ever followed: an address kept
 * inert (a link's data-tandem-href) may have any other scheme (android-app:, app-specific ones). */
function inertUrl(v: string): boolean {
  // eslint-disable-next-line no-control-regex
  const t = v.replace(/[\u0000-\u0020\u007f]+/g, '').toLowerCase();
  const m = SCHEME.exec(t);
  return !m || (m[1] !== 'javascript' && m[1] !== 'vbscript' && (m[1] !== 'data' || !DOCUMENT_DATA.test(t)));
}

/** Every web address of a srcset through the route, descriptors kept. */
function routedSrcset(v: string, route: AssetRoute): string {
  return v.split(',').map((part) => {
    const t = part.trim();
    const sp = t.search(/\s/);
    const url = sp < 0 ? t : t.slice(0, sp);
    return routed(url, route) + (sp < 0 ? '' : t.slice(sp));
  }).join(', ');
}

function safeSrcset(v: string): boolean {
  for (const part of v.split(',')) {
    const url = part.trim().split(/\s+/)[0];
    if (url && !safeUrl(url)) return false;
  }
  return true;
}

/** <meta name=...> values a browser acts on in a way that reaches beyond the page's looks (the
 * referrer policy of every request the mirror makes); other names are inert and stay. */
const ACTING_META: Record<string, true> = Object.assign(Object.create(null), {
  referrer: true, monetization: true,
});

/** <link rel> tokens that make the browser load or connect (stylesheets load only via fixLink). */
const LOADING_REL: Record<string, true> = Object.assign(Object.create(null), {
  preload: true, prefetch: true, modulepreload: true, prerender: true, 'dns-prefetch': true, preconnect: true,
  import: true, manifest: true, serviceworker: true, expect: true, 'compression-dictionary': true, dictionary: true,
  subresource: true, 'prefetch-next': true,
});

function safeRel(v: string): string {
  let out = '';
  for (const token of v.split(/[\t\n\f\r ]+/)) {
    if (token && !LOADING_REL[token.toLowerCase()]) out += (out ? ' ' : '') + token;
  }
  return out;
}

/** An SVG animation's attributeName that would rewrite a URL or an event handler. */
function animatesUrl(v: string): boolean {
  const local = localOf(v.trim());
  return local.startsWith('on') || local.indexOf('href') >= 0 || URL_ATTRS[local] === true || local === 'style';
}

/** An animation value list (`a;b;c`) in which no entry is a script-ish URL. */
function safeValues(v: string): boolean {
  if (v.indexOf(';') < 0) return safeUrl(v);
  for (const part of v.split(';')) if (!safeUrl(part)) return false;
  return true;
}

/** Where the mirror loads an asset from (an http(s) address of the customer's page): Tandem's
 * asset proxy, so the agent's browser talks to no other origin. Absent: from the page's site. */
export type AssetRoute = (url: string) => string;

const WEB_URL = /^\s*https?:/i;
const ROUTED_URL = /^\s*(?:https?|blob):/i;

/** `url` as the mirror loads it: through the route when it is a web address (or a `blob:` one,
 * which only the customer's SDK can hand over: mirror/handover.ts). */
function routed(url: string, route: AssetRoute | null | undefined): string {
  return route && ROUTED_URL.test(url) ? route(url.trim()) : url;
}

/** Elements whose URL attributes load an image (not media, frames or links). */
const IMAGE_SRC: Record<string, true> = Object.assign(Object.create(null), {
  img: true, input: true, image: true, feimage: true,
});

const CSS_URL = /url\(\s*(?:"[^"]*"|'[^']*'|[^)]*)\)/gi;
const CSS_IMPORT = /@import\s+(["'])([^"']*)\1/gi;
const CSS_DANGER = /url\(|@import|expression|binding|behavior/i;

/** CSS with every url() and @import that is not a safe URL emptied, and IE's expression() and
 * behavior, Firefox's -moz-binding renamed to nothing a browser knows. */
export function safeCss(css: string, route?: AssetRoute | null): string {
  if (!CSS_DANGER.test(css)) return css;
  return css
    .replace(CSS_URL, (m) => {
      const inner = m.slice(4, -1).trim().replace(/^["']|["']$/g, '');
      if (inner.indexOf('\\') >= 0 || !safeUrl(inner)) return 'url()';
      return route && WEB_URL.test(inner) ? `url("${routed(inner, route).replace(/"/g, '%22')}")` : m;
    })
    .replace(CSS_IMPORT, (m, _q: string, url: string) => {
      if (url.indexOf('\\') >= 0 || !safeUrl(url)) return '@import ""';
      return route && WEB_URL.test(url) ? `@import "${routed(url, route).replace(/"/g, '%22')}"` : m;
    })
    .replace(/expression\s*\(/gi, 'invalid(')
    .replace(/-moz-binding\s*:/gi, '-tandem-binding:')
    .replace(/(^|[^\w-])behavior\s*:/gi, '$1-tandem-behavior:');
}

const SVG_ANIMATION: Record<string, true> = Object.assign(Object.create(null), {
  animate: true, set: true, animatemotion: true, animatetransform: true, animatecolor: true, discard: true,
});

/** The attribute to set for `name=value` on an element named `el` (`localOf` its name), as
 * `[name, value]`, or null to drop it. URL-bearing attributes that the mirror must not follow
 * are kept under a `data-tandem-` name so the agent's tools can still read them. */
export function safeAttr(el: string, name: string, value: string, route?: AssetRoute | null): [string, string] | null {
  const lower = name.toLowerCase();
  if (lower.startsWith('on') || DROP_ATTRS[lower] || MIRROR_OWNED[lower]) return null;
  if (INERT_ATTRS[lower]) return lower === 'imagesrcset' && !safeSrcset(value) ? null : ['data-tandem-' + lower, value];
  switch (el) {
    case 'iframe':
    case 'frame':
      if (lower === 'src') return safeUrl(value) ? ['data-tandem-src', value] : null;
      if (lower === 'sandbox' || lower === 'allow' || lower === 'credentialless' || lower === 'csp') return null;
      break;
    case 'a':
    case 'area':
      if (lower === 'target') return ['data-tandem-target', value];
      break;
    case 'form':
      if (lower === 'action') return safeUrl(value) ? ['data-tandem-action', value] : null;
      if (lower === 'target') return ['data-tandem-target', value];
      break;
    case 'link':
      // Only stylesheets may load; `fixLink` moves the URL back into href when rel says so.
      if (lower === 'href') return inertUrl(value) ? ['data-tandem-href', value] : null;
      // Kept whole; `fixLink` sets the tokens that neither load nor connect as rel.
      if (lower === 'rel') return ['data-tandem-rel', value];
      break;
    case 'meta':
      // http-equiv is inert (above); no referrer policy (the name is kept inert); a
      // refresh-like content still gets no script URL.
      if (lower === 'name') return ACTING_META[value.trim().toLowerCase()] ? ['data-tandem-name', value] : [name, value];
      if (lower === 'content') return /url\s*=\s*['"]?\s*(?:javascript|vbscript|data)\s*:/i.test(value) ? null : [name, value];
      break;
    case 'use':
      // Same-document references only: no data: documents, no external files.
      if (lower === 'href' || lower === 'xlink:href') return value.trim().charAt(0) === '#' ? [name, value] : null;
      break;
    default:
      if (SVG_ANIMATION[el] === true && lower === 'attributename' && animatesUrl(value)) return ['data-tandem-attributename', value];
  }
  if (lower === 'formaction') return null;
  if (lower === 'style') return [name, safeCss(value, route)];
  if (URL_ATTRS[lower]) {
    if (lower === 'srcset' || lower === 'imagesrcset') {
      if (!safeSrcset(value)) return null;
      return [name, route && (el === 'img' || el === 'source') ? routedSrcset(value, route) : value];
    }
    if (!safeUrl(value)) return null;
    const image = lower === 'poster' || lower === 'background' || lower === 'lowsrc' || lower === 'dynsrc' ||
      (IMAGE_SRC[el] === true && (lower === 'src' || lower === 'href' || lower === 'xlink:href'));
    return [name, image ? routed(value, route) : value];
  }
  // SVG animation values could smuggle a URL into an href of another element.
  if ((lower === 'values' || lower === 'to' || lower === 'from' || lower === 'by') && SVG_ANIMATION[el] === true && !safeValues(value)) return null;
  return [name, value];
}

/** Re-point a mirrored <link>: rel from the customer's without loading tokens, href only for
 * stylesheets (never preload/prefetch/import). */
export function fixLink(el: Element, route?: AssetRoute | null): void {
  const rel = safeRel(el.getAttribute('data-tandem-rel') ?? '');
  if (rel) el.setAttribute('rel', rel); else el.removeAttribute('rel');
  const href = el.getAttribute('data-tandem-href');
  if (href !== null && /(?:^|\s)stylesheet(?:\s|$)/i.test(rel) && safeUrl(href)) el.setAttribute('href', routed(href, route));
  else el.removeAttribute('href');
}

/** Attributes every mirrored frame gets: a sandbox that allows no scripts, and no src. */
export function fixFrame(el: Element): void {
  el.setAttribute('sandbox', 'allow-same-origin');
}

/** Links and areas open nowhere: the sandbox refuses popups, so a click does nothing. */
export function fixAnchor(el: Element): void {
  el.setAttribute('target', '_blank');
}

/** A doctype string from untrusted parts, safe to hand to document.write. */
export function doctypeHtml(name: string, publicId: string, systemId: string): string {
  // eslint-disable-next-line no-control-regex -- a NUL is exactly what must go
  const clean = (s: string) => s.replace(/["<>\u0000]/g, '');
  const n = name.replace(/[^A-Za-z0-9:_.-]/g, '');
  let out = '<!DOCTYPE' + (n ? ' ' + n : '');
  if (publicId) out += ` PUBLIC "${clean(publicId)}"` + (systemId ? ` "${clean(systemId)}"` : '');
  else if (systemId) out += ` SYSTEM "${clean(systemId)}"`;
  return out + '>';
}
