// Test rig for the DOM engine (capture → mirror) without the server: a tiny HTTP server for
// the shared pages and our fixtures, a customer page running capture and an agent page running
// the mirror in `<iframe sandbox="allow-same-origin">`, with every batch piped from one to the
// other through Playwright (and kept, so tests can search the wire for secrets). The customer is
// served as 127.0.0.1 and the agent as localhost: two origins, as in production.
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { buildSync } from 'esbuild';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
// The shared test pages sit beside the repository (../shared/pages from its root); a clone
// made elsewhere (a fresh checkout in a temporary folder) finds the workplace's copy.
// TANDEM_PAGES overrides both.
const PAGE_DIRS = [resolve(ROOT, '../shared/pages'), '/work/shared/pages'];
export const SHARED = process.env.TANDEM_PAGES ?? PAGE_DIRS.find((d) => existsSync(d)) ?? PAGE_DIRS[0];
const FIXTURES = join(HERE, 'fixtures');
/** The demo shop as built (make web), its framework apps included: served under /demo/. */
const DEMO = join(ROOT, 'web/dist/demo');
/** Real applications installed from npm, served from their packages under /apps/NAME/ (a file of
 * the same name under fixtures/apps/NAME/ takes precedence: the app's local configuration). */
const APPS: Record<string, string> = { reveal: 'reveal.js', swagger: 'swagger-ui-dist' };

/** Same Chromium flags as the suite's config, plus: no host but ours resolves (the real pages
 * link to their original hosts; offline, both sides fail the same way, fast). */
export const LAUNCH = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
  ],
};

let harness: string | null = null;

/** The test harness bundle (web/src/dom/harness.ts), built in memory once per worker. */
export function harnessCode(): string {
  if (harness === null) {
    const out = buildSync({
      entryPoints: [join(ROOT, 'web/src/dom/harness.ts')], bundle: true, format: 'iife', target: 'es2020',
      write: false, logLevel: 'silent',
    });
    harness = out.outputFiles[0].text;
  }
  return harness;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.json': 'application/json',
  '.mp3': 'audio/mpeg', '.webm': 'video/webm', '.svg': 'image/svg+xml',
};

const AGENT_PAGE = `<!doctype html><html><head><title>agent</title></head>
<body style="margin:0"><iframe id="mirror" title="Customer view" sandbox="allow-same-origin"
style="border:0;width:1280px;height:800px;display:block"></iframe></body></html>`;

export interface Site { origin: string; agentOrigin: string; close(): Promise<void> }

/** Serves /pages/ (shared test pages), /fixtures/ (ours) and /agent.html. */
export async function startSite(): Promise<Site> {
  const server: Server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/harness.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(harnessCode());
      return;
    }
    if (path === '/agent.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(AGENT_PAGE);
      return;
    }
    let [base, prefix] = path.startsWith('/pages/') ? [SHARED, '/pages/'] : path.startsWith('/fixtures/') ? [FIXTURES, '/fixtures/']
      : path.startsWith('/demo/') ? [DEMO, '/demo/'] : ['', ''];
    const app = /^\/apps\/([^/]+)\//.exec(path);
    if (app && APPS[app[1]]) {
      const local = normalize(join(FIXTURES, path));
      [base, prefix] = [existsSync(local) ? join(FIXTURES, 'apps', app[1]) : join(ROOT, 'node_modules', APPS[app[1]]), app[0]];
    }
    const file = base && normalize(join(base, path.slice(prefix.length)));
    if (!file || !file.startsWith(base)) { res.writeHead(404); res.end(); return; }
    try {
      const body = await readFile(file);
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      // Byte ranges, without which media cannot seek.
      const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
      if (range && (range[1] || range[2])) {
        const start = range[1] ? Number(range[1]) : Math.max(0, body.length - Number(range[2]));
        const end = range[1] && range[2] ? Math.min(Number(range[2]), body.length - 1) : body.length - 1;
        res.writeHead(206, { 'content-type': type, 'accept-ranges': 'bytes', 'content-range': `bytes ${start}-${end}/${body.length}` });
        res.end(body.subarray(start, end + 1));
        return;
      }
      res.writeHead(200, { 'content-type': type, 'accept-ranges': 'bytes' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    agentOrigin: `http://localhost:${port}`,
    // The pages kept open between tests hold keep-alive connections.
    close: () => new Promise((r) => { server.close(() => r()); server.closeAllConnections(); }),
  };
}

export interface Pair {
  customer: Page;
  agent: Page;
  /** Every batch as sent, JSON. */
  wire: string[];
  /** onGap reasons reported by the mirror. */
  gaps(): Promise<string[]>;
  /** Wait until the customer flushed pending changes and the agent applied everything. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export interface PairOptions {
  maskSelector?: string;
  blockSelector?: string;
  privateByDefault?: boolean;
  unmaskSelector?: string;
  viewport?: { width: number; height: number };
  deviceScaleFactor?: number;
  /** Milliseconds between document checksums (default 1000). */
  checkInterval?: number;
  /** Origins of frames on other origins that may stitch themselves in (capture/frames.ts). */
  frameOrigins?: string[];
}

/** A customer page and an agent page, kept open between tests: a browser context costs
 * seconds on a busy machine, a navigation a fraction of that. Batches carry the number of the
 * pair they belong to, so that one from the previous page can never reach the next mirror. */
interface Rig {
  cctx: BrowserContext;
  actx: BrowserContext;
  customer: Page;
  agent: Page;
  busy: boolean;
  /** Number of the pair now using the rig, and where its batches go. */
  pair: number;
  sink: (json: string) => void;
}

const rigs = new WeakMap<Browser, Rig>();
let pairs = 0;

async function newRig(browser: Browser, viewport: { width: number; height: number }, deviceScaleFactor?: number): Promise<Rig> {
  const [cctx, actx] = await Promise.all([
    browser.newContext({ viewport, deviceScaleFactor }),
    browser.newContext({ viewport: { width: 1400, height: 1000 } }),
  ]);
  const [customer, agent] = await Promise.all([cctx.newPage(), actx.newPage()]);
  const rig: Rig = { cctx, actx, customer, agent, busy: true, pair: 0, sink: () => {} };
  await customer.exposeFunction('__tandemSend', (pair: number, json: string) => {
    if (pair === rig.pair) rig.sink(json);
  });
  return rig;
}

/** Customer page at `url` with capture running (snapshot taken), agent page mirroring it. Pages
 * are reused from the browser's previous pair when it is closed and no device scale is asked for. */
export async function openPair(browser: Browser, site: Site, url: string, opts: PairOptions = {}): Promise<Pair> {
  const viewport = opts.viewport ?? { width: 1280, height: 800 };
  const shared = opts.deviceScaleFactor === undefined;
  let rig = shared ? rigs.get(browser) : undefined;
  if (rig && !rig.busy && !rig.customer.isClosed() && !rig.agent.isClosed()) {
    rig.busy = true;
    await rig.customer.setViewportSize(viewport);
  } else {
    rig = await newRig(browser, viewport, opts.deviceScaleFactor);
    if (shared && !rigs.has(browser)) rigs.set(browser, rig);
  }
  const { customer, agent } = rig;
  const id = ++pairs;
  const wire: string[] = [];
  let chain: Promise<unknown> = Promise.resolve();
  rig.pair = id;
  rig.sink = (json) => {
    wire.push(json);
    chain = chain.then(() => agent.evaluate((b) => (window as any).__mirror.apply(JSON.parse(b)), json));
  };

  await agent.goto(site.agentOrigin + '/agent.html');
  await agent.addScriptTag({ content: harnessCode() });
  await agent.evaluate(() => {
    const w = window as any;
    w.__gaps = [];
    w.__events = { pointer: [], location: [], viewport: [], agentScroll: [] };
    const iframe = document.getElementById('mirror') as HTMLIFrameElement;
    w.__mirror = w.TandemDom.createMirror(iframe, {
      onGap: (r: string) => w.__gaps.push(r),
      onPointer: (x: number, y: number) => w.__events.pointer.push([x, y]),
      onLocation: (u: string, t: string) => w.__events.location.push([u, t]),
      onViewport: (wd: number, h: number, d: number) => {
        w.__events.viewport.push([wd, h, d]);
        iframe.style.width = wd + 'px';
        iframe.style.height = h + 'px';
      },
      onAgentScroll: (x: number, y: number) => w.__events.agentScroll.push([x, y]),
    });
  });

  await customer.goto(url, { waitUntil: 'load' });
  await customer.addScriptTag({ content: harnessCode() });
  await customer.evaluate(([policy, pair]) => {
    const w = window as any;
    w.__sent = 0;
    const origins: string[] | undefined = policy.frameOrigins;
    if (origins) (policy as any).frameOrigins = (o: string) => origins.includes(o);
    w.__capture = w.TandemDom.createCapture(window, policy, (batch: unknown[]) => {
      w.__sent++;
      w.__lastSent = performance.now();
      void w.__tandemSend(pair, JSON.stringify(batch));
    });
    w.__capture.snapshot();
  }, [{
    maskSelector: opts.maskSelector ?? '', blockSelector: opts.blockSelector ?? '',
    privateByDefault: opts.privateByDefault, unmaskSelector: opts.unmaskSelector, frameOrigins: opts.frameOrigins,
    // Checksums every second: every test also proves the mirror never drifts (a mismatch is a
    // gap), and the drift tests need not wait for the SDK's own 3 s cadence.
    checkInterval: opts.checkInterval ?? 1000,
  }, id] as const);

  const owned = rig;
  const pair: Pair = {
    customer, agent, wire,
    gaps: () => agent.evaluate(() => (window as any).__gaps as string[]),
    async settle() {
      // Two frames and a bit, and then until capture has been quiet for longer than it leaves
      // between the slices of a big snapshot or burst (at most its 100 ms backup timer).
      const sent = await customer.evaluate(() => new Promise<number>((r) => {
        const w = window as any;
        const quiet = () => (performance.now() - (w.__lastSent ?? 0) > 120 ? r(w.__sent) : setTimeout(quiet, 20));
        requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(quiet, 80)));
      }));
      // Batches reach us through a binding, possibly after the evaluate above has returned.
      while (wire.length < sent) await new Promise((r) => setTimeout(r, 5));
      let n = -1;
      while (n !== wire.length) { n = wire.length; await chain; }
    },
    async close() {
      owned.pair = 0;
      await chain.catch(() => {});
      if (rigs.get(browser) === owned) {
        // Leave the pages blank (no timers, no capture) and without the test's listeners for
        // the next pair; the contexts stay.
        for (const e of ['dialog', 'request', 'response', 'console', 'pageerror'] as const) {
          customer.removeAllListeners(e); agent.removeAllListeners(e);
          owned.cctx.removeAllListeners(e); owned.actx.removeAllListeners(e);
        }
        await Promise.all([customer.goto('about:blank'), agent.goto('about:blank')]).catch(() => {});
        owned.busy = false;
      } else {
        await owned.cctx.close();
        await owned.actx.close();
      }
    },
  };
  await pair.settle();
  return pair;
}

/** A canonical dump of a document: tags, sorted attributes, text, comments, form state, shadow
 * roots and same-origin frames — with what the mirror changes on purpose normalised away
 * (placeholders, handler and URL-bearing attributes, script/style contents). `mirror`: read the
 * agent's iframe rather than the page's own document. */
export async function canonical(page: Page, mirror: boolean): Promise<string> {
  return page.evaluate((isMirror) => {
    const IGNORE = /^(?:on.*|data-tandem-.*|target|sandbox|srcdoc|style|http-equiv|autofocus|integrity|crossorigin|nonce|autoplay|ping|formaction|formtarget|action|href|src|srcset|imagesrcset|poster|xlink:href|allow)$/i;
    const out: string[] = [];
    const walk = (n: Node, depth: string, masked = false) => {
      if (n.nodeType === 10) { out.push(depth + '<!doctype ' + (n as DocumentType).name + '>'); return; }
      if (n.nodeType === 8) { out.push(depth + '<!---->'); return; }
      if (n.nodeType === 3) {
        const data = (n as Text).data;
        out.push(depth + JSON.stringify(masked && !isMirror ? data.replace(/\S/g, '\u2022') : data));
        return;
      }
      if (n.nodeType !== 1) return;
      const el = n as Element;
      let name = el.getAttribute('data-tandem-was') ?? el.localName;
      if (isMirror && name === 'style' && el.hasAttribute('rel')) name = 'link';
      if (el.hasAttribute('data-tandem-ui')) return;
      if (name === 'script' || name === 'noscript' || name === 'base' || name === 'object' || name === 'embed' || name === 'applet') {
        out.push(depth + '<' + name + '>');
        return;
      }
      // Site policy by attribute: blocked → an empty box, masked → text of the same shape.
      if (el.hasAttribute(isMirror ? 'data-tandem-blocked' : 'data-tandem-block')) { out.push(depth + '<blocked>'); return; }
      if (el.hasAttribute('data-tandem-mask')) masked = true;
      const attrs: string[] = [];
      // Masked elements keep only the attributes layout needs (capture/attrs.ts).
      const keep = (name: string) => !masked || isMirror || (window as any).TandemDom.keptWhenMasked(name);
      // The mirror drops a <link>'s loading rel tokens (preload…) and a <meta>'s acting name (referrer).
      const own = name === 'link' ? 'rel' : name === 'meta' ? 'name' : '';
      // A meta's content that is an address leaves without its query and fragment, as URLs do.
      const value = (a: Attr) => (name === 'meta' && a.name === 'content' && /^\s*(?:https?:\/\/|\d[\d.]*\s*[;,]?\s*url\s*=)/i.test(a.value) ? a.value.replace(/[?#].*$/, '') : a.value);
      for (const a of Array.from(el.attributes)) if (!IGNORE.test(a.name) && a.name !== own && keep(a.name)) attrs.push(a.name + '=' + JSON.stringify(value(a)));
      attrs.sort();
      let state = '';
      if (name === 'input' && (el as HTMLInputElement).type === 'hidden') {
        // Hidden values are never sent (they often hold tokens): compare without them.
        for (let i = attrs.length - 1; i >= 0; i--) if (attrs[i].startsWith('value=')) attrs.splice(i, 1);
      } else if (name === 'input') {
        const i = el as HTMLInputElement;
        state = i.type === 'checkbox' || i.type === 'radio' ? ' checked=' + i.checked : ' value=' + JSON.stringify(i.value);
      } else if (name === 'textarea') state = ' value=' + JSON.stringify((el as HTMLTextAreaElement).value);
      else if (name === 'select') state = ' selected=' + (el as HTMLSelectElement).selectedIndex;
      out.push(depth + '<' + (el.namespaceURI === 'http://www.w3.org/1999/xhtml' ? '' : el.namespaceURI + ' ') + name + (attrs.length ? ' ' + attrs.join(' ') : '') + state + '>');
      if (name === 'style' || name === 'link') return;
      if (el.shadowRoot) { out.push(depth + ' #shadow'); for (let c = el.shadowRoot.firstChild; c; c = c.nextSibling) walk(c, depth + '  ', masked); }
      if (name === 'iframe' || name === 'frame') {
        let d: Document | null = null;
        try { d = (el as HTMLIFrameElement).contentDocument; } catch { d = null; }
        // A frame showing nothing (cross-origin on the customer's side, unbuilt on the agent's).
        if (d && d.documentElement && d.body && Array.from(d.body.childNodes).some((c) => !(c.nodeType === 1 && (c as Element).hasAttribute('data-tandem-ui')))) { out.push(depth + ' #document ' + d.compatMode); for (let c = d.firstChild; c; c = c.nextSibling) walk(c, depth + '  ', masked); }
      }
      for (let c = el.firstChild; c; c = c.nextSibling) walk(c, depth + ' ', masked);
    };
    const doc = isMirror ? (document.getElementById('mirror') as HTMLIFrameElement).contentDocument! : document;
    out.push('#document ' + doc.compatMode);
    for (let c = doc.firstChild; c; c = c.nextSibling) walk(c, '');
    return out.join('\n');
  }, mirror);
}

/** Visible text of the body (innerText) of the customer page or of the mirror. */
export async function visibleText(page: Page, mirror: boolean): Promise<string> {
  return page.evaluate((isMirror) => {
    const doc = isMirror ? (document.getElementById('mirror') as HTMLIFrameElement).contentDocument! : document;
    return doc.body ? doc.body.innerText : '';
  }, mirror);
}

/** Run `fn` in the mirrored document (agent side). */
export function inMirror<T, A>(agent: Page, fn: (doc: Document, arg: A) => T, arg?: A): Promise<T> {
  return agent.evaluate(([src, a]) => {
    const doc = (document.getElementById('mirror') as HTMLIFrameElement).contentDocument!;
    return new Function('doc', 'arg', 'return (' + src + ')(doc, arg)')(doc, a);
  }, [fn.toString(), arg] as [string, A | undefined]) as Promise<T>;
}

/** Expect the mirror to equal the customer page, structurally. */
export async function expectSameDom(pair: Pair): Promise<void> {
  const [c, m] = await Promise.all([canonical(pair.customer, false), canonical(pair.agent, true)]);
  expect(m).toBe(c);
}

/** Fraction of pixels that differ (any channel by more than 16) between a screenshot of the
 * customer's viewport and one of the mirror iframe, compared in a scratch page. */
export async function screenDiff(pair: Pair): Promise<number> {
  const a = await pair.customer.screenshot({ animations: 'disabled', caret: 'hide' });
  // The mirror's labelled box for a frame the customer's page cannot read (its own UI) is left
  // out: on the customer's side such a frame shows whatever its host sends, offline nothing.
  await pair.agent.evaluate(() => {
    const hide = (doc: Document) => {
      for (const f of Array.from(doc.querySelectorAll('iframe, frame'))) {
        let inner: Document | null = null;
        try { inner = (f as HTMLIFrameElement).contentDocument; } catch { inner = null; }
        if (!inner) continue;
        for (const box of Array.from(inner.querySelectorAll('[data-tandem-ui][role=note]'))) (box as HTMLElement).style.visibility = 'hidden';
        hide(inner);
      }
    };
    hide((document.getElementById('mirror') as HTMLIFrameElement).contentDocument!);
  });
  const b = await pair.agent.locator('#mirror').screenshot({ animations: 'disabled', caret: 'hide' });
  const scratch = await pair.agent.context().newPage();
  try {
    return await scratch.evaluate(async ([x, y]) => {
      const load = (src: string) => new Promise<HTMLImageElement>((res, rej) => { const i = new Image(); i.onload = () => res(i); i.onerror = rej; i.src = src; });
      const [ia, ib] = await Promise.all([load('data:image/png;base64,' + x), load('data:image/png;base64,' + y)]);
      const w = Math.min(ia.width, ib.width), h = Math.min(ia.height, ib.height);
      const px = (img: HTMLImageElement) => { const c = document.createElement('canvas'); c.width = w; c.height = h; const g = c.getContext('2d')!; g.drawImage(img, 0, 0); return g.getImageData(0, 0, w, h).data; };
      const da = px(ia), db = px(ib);
      let diff = 0;
      for (let i = 0; i < da.length; i += 4) {
        if (Math.abs(da[i] - db[i]) > 16 || Math.abs(da[i + 1] - db[i + 1]) > 16 || Math.abs(da[i + 2] - db[i + 2]) > 16) diff++;
      }
      return diff / (w * h) + (ia.width !== ib.width || ia.height !== ib.height ? 1 : 0);
    }, [a.toString('base64'), b.toString('base64')]);
  } finally {
    await scratch.close();
  }
}
