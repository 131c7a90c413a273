// Images the customer's SDK handed over (OpCode.Asset): pictures only the customer's browser
// could load — a `blob:` picture the page made, one behind the customer's cookies that Tandem's
// asset proxy could not fetch. Each arrives once as a data URL under the address capture sends
// for it, and the mirror shows it for every image with that address, now and later (kept across
// snapshots of the same mirror, at most `MAX` of them). An image that fails to load is told to
// the caller (`onAssetMissing`), which may ask the customer's SDK for it; the SDK alone decides
// whether it may hand it over.
import type { AssetRoute } from './sanitize';
import type { MirrorState } from './state';

/** Handed-over images a mirror keeps (the SDK sends at most 24 a page). */
const MAX = 64;
/** Only pictures: never a document, never a script. */
const PICTURE = /^data:image\/[a-z0-9.+-]+;base64,/i;

/** Where the attributes of mirrored elements load from: the handed-over picture for its
 * address, else the asset route for a web address (null: the site, as it says). */
export function handedRoute(m: MirrorState): AssetRoute | null {
  if (m.handed.size === 0 && m.assets === null) return null;
  return m.route ??= (url) => m.handed.get(url) ?? (m.assets && /^https?:/i.test(url) ? m.assets(url) : url);
}

/** `[20, url, dataUrl]`: keep the picture and show it in every image that has that address. */
export function applyAsset(m: MirrorState, url: unknown, data: unknown): void {
  if (typeof url !== 'string' || typeof data !== 'string' || !PICTURE.test(data)) return;
  if (!m.handed.has(url) && m.handed.size >= MAX) return;
  m.handed.set(url, data);
  const routed = m.assets && /^https?:/i.test(url) ? m.assets(url) : url;
  const doc = m.doc;
  if (!doc) return;
  for (const img of Array.from(doc.querySelectorAll('img'))) {
    const src = img.getAttribute('src');
    if (src !== url && src !== routed) continue;
    img.removeAttribute('srcset');
    img.setAttribute('src', data);
  }
}

/** An image of the mirror did not load: tell the caller its address (as the mirror asked for
 * it), unless it is one of ours or one that never could (data:, blob: — the SDK sends those
 * by itself). */
export function imageFailed(m: MirrorState, target: EventTarget | null): void {
  const el = target as Element | null;
  if (!el || el.nodeType !== 1 || el.localName !== 'img') return;
  const src = el.getAttribute('src') ?? '';
  if (/^\s*(?:data|blob):/i.test(src) || src === '') return;
  try { m.hooks.onAssetMissing?.(src); } catch { /* the caller's problem */ }
}
