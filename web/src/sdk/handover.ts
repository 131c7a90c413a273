// Handing over images only the customer's browser can load (issue #14): a `blob:` picture the
// page made (URL.createObjectURL), and one behind the customer's cookies, which Tandem's asset
// proxy cannot fetch and the agent's view therefore asks for (`asset_request`). The bytes are
// read here and sent as an Asset op in the DOM stream (format.ts); the mirror shows them in
// place. Only for an image the capture shows as it is — mirrored, not masked or blocked (a
// masked image's address never leaves, and neither do its bytes) — read from a `blob:` or this
// page's own origin, of an image type, at most 1 MiB each, 24 images and 6 MiB per page share.
// What was read is kept, within those bounds, to be sent again to a new mirror.
import { OpCode, type Op } from '../dom/format';
import { publicUrl, type UrlPolicy } from '../dom/capture/urls';

const MAX_BYTES = 1 << 20;
const MAX_IMAGES = 24;
const MAX_TOTAL = 6 << 20;

export interface Handover {
  /** An unmasked image with a `blob:` address was serialised. */
  offer(img: Element): void;
  /** The agent's view asks for the image it knows by `url` (an address as capture sent it). */
  request(url: string): void;
  /** A new snapshot goes out: what was handed over is sent again when shown again. */
  snapshot(): void;
  stop(): void;
}

export function createHandover(win: Window, policy: UrlPolicy, shows: (node: Node) => boolean, emit: (batch: Op[]) => void): Handover {
  /** Images read or being read ('' until done, or when refused), by the address capture sends. */
  const read = new Map<string, string>();
  /** Sent to the current mirror. */
  const sent = new Set<string>();
  let total = 0;
  let stopped = false;

  function send(img: Element, key: string, data: string): void {
    if (stopped || sent.has(key) || !shows(img)) return;
    sent.add(key);
    emit([[OpCode.Asset, key, data]]);
  }

  async function bytes(src: string): Promise<string> {
    const r = await win.fetch(src, { credentials: 'same-origin' });
    let blob = r.ok ? await r.blob() : null;
    if (blob === null || blob.size > MAX_BYTES || total + blob.size > MAX_TOTAL) return '';
    if (blob.type === '') blob = new Blob([blob], { type: 'image/png' }); // the decoder sniffs
    if (!/^image\//.test(blob.type)) return '';
    total += blob.size;
    const data = blob;
    return new Promise((done) => {
      const reader = new FileReader();
      reader.onload = () => done(String(reader.result));
      reader.onerror = () => done('');
      reader.readAsDataURL(data);
    });
  }

  function take(img: HTMLImageElement): void {
    const src = img.src;
    const key = publicUrl(policy, src);
    const have = read.get(key);
    if (have !== undefined) { if (have) send(img, key, have); return; }
    if (read.size >= MAX_IMAGES || !shows(img)) return;
    let readable = false;
    try { readable = src.startsWith('blob:') || new URL(src).origin === win.location.origin; } catch { /* no address */ }
    if (!readable) return;
    read.set(key, '');
    bytes(src).then((data) => {
      read.set(key, data);
      if (data) send(img, key, data);
    }, () => { /* unreadable: it stays missing */ });
  }

  return {
    // Later: the image is given its id once its serialisation is done, and the batch that
    // adds it must leave first.
    offer: (img) => { win.setTimeout(() => take(img as HTMLImageElement), 0); },
    request(url) {
      for (const img of Array.from(win.document.images)) {
        if (publicUrl(policy, img.src) === url) take(img);
      }
    },
    snapshot: () => sent.clear(),
    stop() { stopped = true; read.clear(); },
  };
}
