// The fidelity report: for every page in the shared pages (TANDEM_PAGES, default
// ../shared/pages beside the repository), the demo shop and its framework apps, the customer's
// page is compared with Tandem's mirror and with rrweb's own replay (rrweb-snapshot's
// `snapshot` + `rebuild`, from npm) of the same page in the same run:
// - text similarity: the visible text (innerText) as word multisets, Dice coefficient;
// - element coverage: the customer's elements, each named by its tag and every attribute with
//   its value (inline styles and URLs included), found in the copy (multiset intersection);
// - differing pixels: viewport screenshots (1280×800), a pixel differs when a channel is off
//   by more than 16.
// Excluded, on every side alike: the SDK's own widgets (data-tandem-ui), masked and blocked
// regions (their text, elements and screen area). Each copy's own bookkeeping is read back,
// not stripped (relative addresses count as the absolute ones they resolve to): Tandem keeps a URL it must not follow under `data-tandem-NAME` and a
// neutralised element's name in `data-tandem-was`; those count as the original attribute or
// element, with their values. Nothing else is normalised. Writes FIDELITY.md.
import { test, type Browser, type Page } from '@playwright/test';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LAUNCH, SHARED, openPair, startSite, type Site } from '../dom/helpers';
import { PROGRESS } from './setup';

test.use({ launchOptions: LAUNCH });

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const RRWEB = readFileSync(join(ROOT, 'node_modules/rrweb-snapshot/dist/rrweb-snapshot.umd.cjs'), 'utf8');
const RRWEB_VERSION = JSON.parse(readFileSync(join(ROOT, 'node_modules/rrweb-snapshot/package.json'), 'utf8')).version as string;

const list = (dir: string) => readdirSync(join(SHARED, dir)).filter((f) => f.endsWith('.html')).sort().map((f) => `/pages/${dir}/${f}`);
const demo = readdirSync(join(ROOT, 'web/dist/demo')).filter((f) => f.endsWith('.html')).sort().map((f) => `/demo/${f}`);
const PAGES = [...list('real'), ...list('rrweb'), ...demo, '/apps/reveal/demo.html', '/apps/swagger/index.html'];

interface Sample { text: string; excluded: string[]; elements: string[] }
interface Row { page: string; tandem: Score | null; rrweb: Score | null; note: string; /** 1-minute load average when measured. */ load: number }
interface Score { text: number; coverage: number; pixels: number }

/** Visible text and element names of a document (see the header), read in the page. `base`:
 * the customer document's address, against which every copy's relative addresses resolve (a
 * copy stands for the customer's page, wherever it is shown). */
function sample(page: Page, which: 'page' | 'mirror' | 'rrweb', base: string): Promise<Sample> {
  return page.evaluate(([w, base]) => {
    const doc = w === 'page' ? document : (document.getElementById(w) as HTMLIFrameElement).contentDocument!;
    // Masked regions also include the fields secret by nature (README: password, cc-*, one-time
    // codes), whatever their markup.
    const EXCLUDED = '[data-tandem-ui],[data-tandem-mask],[data-tandem-block],[data-tandem-blocked],input[type=password],' +
      '[autocomplete*="cc-" i],[autocomplete~="one-time-code" i],[autocomplete~="current-password" i],[autocomplete~="new-password" i]';
    const own = (name: string) => /^data-tandem-(?:hover|focus|focus-visible|focus-within|was|no-quirks|blocked)$/.test(name) || /^rr_/.test(name);
    const URLS = /^(?:href|src|action|formaction|poster|data|cite|background|xlink:href|longdesc|lowsrc|manifest|codebase)$/;
    const SRCSETS = /^(?:srcset|imagesrcset)$/;
    const page = base.split('#')[0];
    // An address as the customer's page means it, with what the privacy rules keep home masked:
    // a web address leaves as origin and path (ARCHITECTURE.md §4.1), so its query and its
    // fragment (but for a reference into the document itself) count as masked on every side.
    const url = (v: string) => {
      let u: URL;
      try { u = new URL(v.trim(), base); } catch { return v; }
      if (u.protocol !== 'http:' && u.protocol !== 'https:') return u.href;
      const path = u.origin + u.pathname;
      return u.hash && u.href.split('#')[0] === page ? path + u.hash : path;
    };
    // Candidates as the HTML spec reads them: a URL up to whitespace (trailing commas end it),
    // then descriptors up to the next comma.
    const srcset = (v: string) => {
      const out: string[] = [];
      let i = 0;
      while (i < v.length) {
        while (i < v.length && /[\s,]/.test(v[i])) i++;
        if (i >= v.length) break;
        let j = i;
        while (j < v.length && !/\s/.test(v[j])) j++;
        let u = v.slice(i, j), d = '';
        if (u.endsWith(',')) u = u.replace(/,+$/, '');
        else { const k = v.indexOf(',', j); d = v.slice(j, k < 0 ? v.length : k).trim(); j = k < 0 ? v.length : k + 1; }
        out.push(url(u) + (d ? ' ' + d : ''));
        i = j;
      }
      return out.join(', ');
    };
    const css = (v: string) => v.replace(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)/gi,
      (m, a?: string, b?: string, c?: string) => { const raw = a ?? b ?? c ?? ''; return raw === '' || raw.startsWith('data:') ? m : 'url("' + url(raw) + '")'; });
    // A <meta>'s content that is an address (og:url, a refresh's url=) is one.
    const metaContent = (v: string) => {
      if (/^\s*https?:\/\//i.test(v)) return url(v);
      const m = /^(\s*\d+(?:\.\d*)?\s*[;,]?\s*(?:url\s*=\s*|(?=https?:\/\/)))(['"]?)(.*?)\2\s*$/i.exec(v);
      return m ? m[1] + m[2] + url(m[3]) + m[2] : v;
    };
    const secretInput = (el: Element) => el.localName === 'input' && /^(?:hidden|password)$/i.test(el.getAttribute('type') ?? '');
    const elements: string[] = [];
    const walk = (root: Node) => {
      for (let c = root.firstChild; c; c = c.nextSibling) {
        if (c.nodeType !== 1) continue;
        const el = c as Element;
        if (el.matches(EXCLUDED)) continue;
        const name = el.getAttribute('data-tandem-was') ?? el.localName;
        const values = new Map<string, string>();
        for (const a of Array.from(el.attributes)) {
          if (own(a.name)) continue;
          // The mirror keeps what it must not act on under data-tandem-NAME: that is the
          // customer's NAME, and NAME beside it is the mirror's own (a routed href, a safe rel).
          if (a.name.startsWith('data-tandem-')) { values.set(a.name.slice(12), a.value); continue; }
          if (el.hasAttribute('data-tandem-' + a.name)) continue;
          // The mirror's own: links open nowhere (target=_blank), frames get its sandbox.
          if (w === 'mirror' && ((a.name === 'target' && (name === 'a' || name === 'area')) || (a.name === 'sandbox' && (name === 'iframe' || name === 'frame')))) continue;
          values.set(a.name, a.value);
        }
        const attrs: string[] = [];
        for (const [n, raw] of values) {
          // Values that never leave the customer's browser (hidden and password fields) are masked.
          if (n === 'value' && secretInput(el)) continue;
          // A relative address and the absolute one it stands for are the same address.
          const v = URLS.test(n) ? url(raw) : SRCSETS.test(n) ? srcset(raw) : n === 'style' ? css(raw) : n === 'content' && name === 'meta' ? metaContent(raw) : raw;
          attrs.push(n + '=' + JSON.stringify(v));
        }
        elements.push('<' + name + ' ' + attrs.sort().join(' ') + '>');
        if (el.shadowRoot) walk(el.shadowRoot);
        walk(el);
      }
    };
    walk(doc);
    const text = doc.body ? doc.body.innerText : '';
    // The text of excluded regions (outermost ones), taken out word by word: a region's innerText
    // is not always a substring of the body's (line breaks around blocks differ).
    const excluded = Array.from(doc.querySelectorAll(EXCLUDED))
      .filter((el) => !el.parentElement?.closest(EXCLUDED)).map((el) => (el as HTMLElement).innerText ?? '');
    // The mirror shows masked text as bullets of its shape, but keeps no marker on the region
    // (its attributes stay home): its bullet-only words are the masked text.
    if (w === 'mirror') excluded.push(...text.split(/\s+/).filter((x) => /^\u2022+$/.test(x)));
    return { text, excluded, elements };
  }, [which, base] as const);
}

function dice(a: string[], b: string[]): number {
  if (a.length === 0 && b.length === 0) return 1;
  const count = new Map<string, number>();
  for (const x of a) count.set(x, (count.get(x) ?? 0) + 1);
  let common = 0;
  for (const x of b) { const n = count.get(x) ?? 0; if (n > 0) { common++; count.set(x, n - 1); } }
  return (2 * common) / (a.length + b.length);
}

function coverage(page: string[], copy: string[]): number {
  if (page.length === 0) return 1;
  const count = new Map<string, number>();
  for (const x of copy) count.set(x, (count.get(x) ?? 0) + 1);
  let found = 0;
  for (const x of page) { const n = count.get(x) ?? 0; if (n > 0) { found++; count.set(x, n - 1); } }
  return found / page.length;
}

const words = (t: string) => t.split(/\s+/).filter((w) => w !== '');

/** The words of a sample's visible text less those of its excluded regions (as multisets). */
function visibleWords(s: Sample): string[] {
  const out = new Map<string, number>();
  for (const w of words(s.text)) out.set(w, (out.get(w) ?? 0) + 1);
  for (const w of words(s.excluded.join(' '))) { const n = out.get(w); if (n) out.set(w, n - 1); }
  const list: string[] = [];
  for (const [w, n] of out) for (let i = 0; i < n; i++) list.push(w);
  return list;
}

/** Rectangles of excluded regions on the customer's page (viewport coordinates). */
function excludedRects(page: Page): Promise<number[][]> {
  return page.evaluate(() => Array.from(document.querySelectorAll('[data-tandem-ui],[data-tandem-mask],[data-tandem-block],input[type=password],' +
    '[autocomplete*="cc-" i],[autocomplete~="one-time-code" i],[autocomplete~="current-password" i],[autocomplete~="new-password" i]'),
    (el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; }));
}

/** Rectangles of what the mirror shows instead of content it never loads (ARCHITECTURE.md §4.2),
 * in the mirror's viewport coordinates, which are the customer's: its labelled boxes (its own
 * widget, data-tandem-ui) for frames the customer's page cannot read (third-party content) and
 * its boxes for plugin content (<object>, <embed>) and blocked regions (data-tandem-blocked). */
function substituteRects(agent: Page): Promise<number[][]> {
  return agent.evaluate(() => {
    const out: number[][] = [];
    const visit = (doc: Document, dx: number, dy: number) => {
      for (const f of Array.from(doc.querySelectorAll('iframe, frame'))) {
        let inner: Document | null = null;
        try { inner = (f as HTMLIFrameElement).contentDocument; } catch { inner = null; }
        if (!inner) continue;
        const r = f.getBoundingClientRect();
        if (inner.querySelector('[data-tandem-ui][role=note]')) out.push([dx + r.left, dy + r.top, r.width, r.height]);
        else visit(inner, dx + r.left + f.clientLeft, dy + r.top + f.clientTop);
      }
      for (const b of Array.from(doc.querySelectorAll('[data-tandem-blocked]'))) {
        const r = b.getBoundingClientRect();
        out.push([dx + r.left, dy + r.top, r.width, r.height]);
      }
    };
    visit((document.getElementById('mirror') as HTMLIFrameElement).contentDocument!, 0, 0);
    return out;
  });
}

/** Fraction of differing pixels between two PNGs, excluded rectangles painted out on both. */
async function pixelDiff(scratch: Page, a: Buffer, b: Buffer, rects: number[][]): Promise<number> {
  return scratch.evaluate(async ([x, y, rs]) => {
    const load = (src: string) => new Promise<HTMLImageElement>((res, rej) => { const i = new Image(); i.onload = () => res(i); i.onerror = rej; i.src = src; });
    const [ia, ib] = await Promise.all([load('data:image/png;base64,' + x), load('data:image/png;base64,' + y)]);
    const w = Math.max(ia.width, ib.width), h = Math.max(ia.height, ib.height);
    const px = (img: HTMLImageElement) => {
      const c = document.createElement('canvas'); c.width = w; c.height = h;
      const g = c.getContext('2d')!; g.fillStyle = '#f0f'; g.fillRect(0, 0, w, h); g.drawImage(img, 0, 0);
      g.fillStyle = '#000'; for (const [l, t, rw, rh] of rs) g.fillRect(l, t, rw, rh);
      return g.getImageData(0, 0, w, h).data;
    };
    const da = px(ia), db = px(ib);
    let diff = 0;
    for (let i = 0; i < da.length; i += 4) {
      if (Math.abs(da[i] - db[i]) > 16 || Math.abs(da[i + 1] - db[i + 1]) > 16 || Math.abs(da[i + 2] - db[i + 2]) > 16) diff++;
    }
    return diff / (w * h);
  }, [a.toString('base64'), b.toString('base64'), rects] as [string, string, number[][]]);
}

/** Share of the 1280×800 view the rectangles cover (their union, whole pixels). */
function share(rects: number[][], w = 1280, h = 800): number {
  const covered = new Uint8Array(w * h);
  let n = 0;
  for (const [l, t, rw, rh] of rects) {
    for (let y = Math.max(0, Math.floor(t)); y < Math.min(h, Math.ceil(t + rh)); y++) {
      for (let x = Math.max(0, Math.floor(l)); x < Math.min(w, Math.ceil(l + rw)); x++) {
        if (!covered[y * w + x]) { covered[y * w + x] = 1; n++; }
      }
    }
  }
  return n / (w * h);
}

// The rows measured so far, kept beside the report so that a run cut short can be resumed
// (FIDELITY_RESUME=1 measures only the pages not in it yet); a plain run starts afresh (the
// global setup, setup.ts, clears them once: a worker restarted after a failed page reloads them).
const pageName = (path: string) => path.replace(/^\/pages\//, '');
const rows: Row[] = existsSync(PROGRESS) ? JSON.parse(readFileSync(PROGRESS, 'utf8')) as Row[] : [];
const done = new Set(rows.filter((r) => r.tandem !== null).map((r) => r.page));

function record(row: Row): void {
  const i = rows.findIndex((r) => r.page === row.page);
  if (i >= 0) rows[i] = row; else rows.push(row);
  rows.sort((a, b) => PAGES.findIndex((p) => pageName(p) === a.page) - PAGES.findIndex((p) => pageName(p) === b.page));
  // Written after every page: an interrupted run still leaves the pages it measured.
  writeFileSync(PROGRESS, JSON.stringify(rows, null, 1));
  writeFileSync(join(ROOT, 'FIDELITY.md'), render(rows, PAGES.length));
}

let site: Site;
test.beforeAll(async () => { site = await startSite(); });
// A resumed run with nothing left to measure still writes the report (its text may have changed).
test.afterAll(async () => { await site.close(); if (rows.length) writeFileSync(join(ROOT, 'FIDELITY.md'), render(rows, PAGES.length)); });

for (const path of PAGES) {
  test(path, async ({ browser }) => {
    test.skip(done.has(pageName(path)), 'measured in the run being resumed');
    test.setTimeout(5 * 60_000);
    try {
      await measure(browser, path);
    } catch (err) {
      // A page that cannot be measured is listed as such, never silently left out.
      record({ page: pageName(path), tandem: null, rrweb: null, note: 'not measured: ' + String(err).split('\n')[0].slice(0, 100), load: loadavg()[0] });
      throw err;
    }
  });
}

async function measure(browser: Browser, path: string): Promise<void> {
  {
    const pair = await openPair(browser, site, site.origin + path);
    const { customer, agent } = pair;
    let note = '';
    // Let late work (fonts, images, timers of the page) land, then settle both sides.
    await customer.waitForTimeout(300);
    await customer.evaluate(() => window.scrollTo(0, 0));
    await pair.settle();
    const gaps = await pair.gaps();
    if (gaps.length) note += 'gap: ' + gaps[0] + '. ';

    // rrweb's replay of the same page, now, beside Tandem's mirror in the agent's page.
    let rrOk = true;
    const rrweb = async () => {
      if (!rrOk) return;
      try {
        const snap = await customer.evaluate(() => JSON.stringify((window as any).rrwebSnapshot.snapshot(document, { inlineStylesheet: true, recordCanvas: true })));
        await agent.evaluate((json) => {
          document.getElementById('rrweb')?.remove();
          const m = document.getElementById('mirror') as HTMLIFrameElement;
          const r = (window as any).rrwebSnapshot;
          r.rebuildIntoSandboxedIframe(JSON.parse(json), {
            root: document.body, mirror: r.createMirror(), cache: r.createCache(), hackCss: true,
            iframeAttributes: { id: 'rrweb', style: `border:0;display:block;width:${m.style.width || '1280px'};height:${m.style.height || '800px'}` },
          });
        }, snap);
        await agent.waitForTimeout(300);
      } catch (err) {
        rrOk = false;
        note += 'rrweb failed: ' + String(err).split('\n')[0].slice(0, 80) + '. ';
      }
    };
    await customer.addScriptTag({ content: RRWEB });
    await agent.addScriptTag({ content: RRWEB });

    const shot = { animations: 'disabled' as const, caret: 'hide' as const };
    // The customer's picture and both copies' of the same state of the page: settled, rrweb's
    // snapshot rebuilt, the page shot, the mirror settled again, both copies shot — all again when
    // the page changed in between (a rotating banner); a page that never holds still is said so.
    const state = () => customer.evaluate(() => document.documentElement.outerHTML);
    let cShot: Buffer, tShot: Buffer, rShot: Buffer | null;
    for (let attempt = 1; ; attempt++) {
      await pair.settle();
      const before = await state();
      await rrweb();
      cShot = await customer.screenshot(shot);
      await pair.settle();
      tShot = await agent.locator('#mirror').screenshot(shot);
      rShot = rrOk ? await agent.locator('#rrweb').screenshot(shot) : null;
      if (await state() === before) break;
      if (attempt === 3) { note += 'the page changed while it was shot, three times. '; break; }
    }
    const rects = [...await excludedRects(customer), ...await substituteRects(agent)];
    const hidden = share(rects);
    if (hidden > 0.0005) note += `pixels: ${(100 * hidden).toFixed(1)} % of the view excluded (widgets, masked or blocked regions, boxes for frames and plugins the view never loads). `;
    const base = await customer.evaluate(() => document.baseURI);
    const [c, t] = [await sample(customer, 'page', base), await sample(agent, 'mirror', base)];
    const r = rrOk ? await sample(agent, 'rrweb', base) : null;
    const scratch = await agent.context().newPage();
    const score = async (s: Sample, png: Buffer): Promise<Score> => ({
      text: dice(visibleWords(c), visibleWords(s)), coverage: coverage(c.elements, s.elements), pixels: await pixelDiff(scratch, cShot, png, rects),
    });
    if (process.env.FIDELITY_DEBUG) {
      const dir = join(ROOT, 'e2e/results/fidelity-debug');
      mkdirSync(dir, { recursive: true });
      const stem = join(dir, pageName(path).replace(/[^\w.-]+/g, '_'));
      writeFileSync(stem + '-customer.png', cShot);
      writeFileSync(stem + '-tandem.png', tShot);
      if (rShot) writeFileSync(stem + '-rrweb.png', rShot);
      const diff = (a: string[], b: string[]) => { const m = new Map<string, number>(); for (const x of b) m.set(x, (m.get(x) ?? 0) + 1); return a.filter((x) => { const n = m.get(x) ?? 0; if (n) m.set(x, n - 1); return !n; }); };
      console.log(path, 'words only in the page', diff(visibleWords(c), visibleWords(t)).slice(0, 20), 'only in the mirror', diff(visibleWords(t), visibleWords(c)).slice(0, 20));
      console.log(path, 'excluded rectangles', JSON.stringify(rects), '\n tandem links', t.elements.filter((e) => e.includes(process.env.FIDELITY_GREP ?? '\u0000')).slice(0, 5));
      // Each missed element beside the copy's element of the same tag sharing most attributes.
      const missing = (copy: string[]) => {
        const have = new Set(copy);
        const parts = (e: string) => e.slice(1, -1).split(/ (?=[\w:-]+=")/);
        return c.elements.filter((e) => !have.has(e)).slice(0, Number(process.env.FIDELITY_DEBUG) || 8).map((e) => {
          const [tag, ...attrs] = parts(e);
          let best = '', score = -1;
          for (const x of copy) {
            const [t2, ...a2] = parts(x);
            if (t2 !== tag) continue;
            const n = a2.filter((a) => attrs.includes(a)).length;
            if (n > score) { score = n; best = x; }
          }
          return e.slice(0, 300) + '\n      copy: ' + best.slice(0, 300);
        });
      };
      console.log(path, '\n tandem misses\n   ' + missing(t.elements).join('\n   '), '\n rrweb misses\n   ' + (r ? missing(r.elements).join('\n   ') : ''));
    }
    const row: Row = { page: pageName(path), tandem: await score(t, tShot), rrweb: r && rShot ? await score(r, rShot) : null, note, load: loadavg()[0] };
    await scratch.close();
    await pair.close();
    record(row);
  }
}

function render(all: Row[], planned: number): string {
  const f = (n: number) => n.toFixed(3);
  const p = (n: number) => (100 * n).toFixed(2) + ' %';
  const ok = (s: Score | null) => s !== null && s.text >= 0.99 && s.pixels < 0.01;
  const worse = (row: Row) => row.rrweb !== null && (row.tandem === null || row.rrweb.text > row.tandem.text + 0.001 ||
    row.rrweb.coverage > row.tandem.coverage + 0.001 || row.rrweb.pixels + 0.001 < row.tandem.pixels);
  const loads = all.map((r) => r.load).filter((l) => typeof l === 'number').sort((a, b) => a - b);
  const load = loads.length ? `1-minute load average while measuring: ${loads[0].toFixed(1)}–${loads[loads.length - 1].toFixed(1)} ` +
    `(median ${loads[loads.length >> 1].toFixed(1)}) on ${cpus().length} cores, one page at a time; it shares the machine with other work, ` +
    'so only the scores, not the time taken, are comparable.' : '';
  const lines = [
    '# Fidelity',
    '',
    'Generated by `npm run fidelity` (e2e/fidelity/report.ts); do not edit by hand. Each page is opened',
    'as a customer (Chromium, 1280×800) and copied twice in the same run: by Tandem\'s capture and',
    `mirror, and by rrweb's own replay (rrweb-snapshot ${RRWEB_VERSION}: \`snapshot\` then \`rebuild\`).`,
    'Text: visible text as word multisets (Dice). Elements: the customer\'s elements, each with its tag',
    'and every attribute and value (inline styles, URLs, srcset and every other attribute included),',
    'found in the copy. Pixels: viewport screenshots, a pixel differs when a channel is off by more',
    'than 16.',
    '',
    'Excluded on every side alike: the SDK\'s widgets (also the labelled box the view shows, by design,',
    'for a third-party frame the customer\'s page cannot read: its area is left out of the pixels), masked',
    'or blocked regions, and what Tandem\'s',
    'privacy rules always keep in the customer\'s browser (ARCHITECTURE.md §4.1), which count as masked:',
    'the query and fragment of web addresses (addresses leave as origin and path; a reference into',
    'the page itself keeps its fragment; an address in a meta\'s content is read the same way), the',
    'values of hidden and password fields, and fields secret by nature (cc-*, one-time codes, new and',
    'current passwords). Relative addresses count as the absolute ones they stand for, resolved',
    'against the customer\'s page. Each',
    'copy\'s bookkeeping is read back, not stripped: the mirror keeps what it must not act on (a',
    'link\'s href and rel, a frame\'s src, a meta\'s http-equiv, integrity, autoplay…) under',
    '`data-tandem-NAME`, which counts as NAME, and an element it substituted (a script\'s inert',
    'placeholder, a stylesheet link held as a `<style>` of its rules) names the original in',
    '`data-tandem-was`; the mirror\'s own `target` on links and `sandbox` on frames are not the',
    'customer\'s. Event handler attributes (`on*`) count, and neither copy has them. Nothing else is',
    'normalised. Goal: text ≥ 0.99 and pixels < 1 % on every page, and no page where rrweb does better.',
    '',
    load,
    '',
    `Pages measured: ${all.filter((r) => r.tandem).length} of ${planned}${all.length < planned ? ' (the run was cut short: the pages not listed were not measured)' : ''}. ` +
      `Meeting the goal — Tandem: ${all.filter((r) => ok(r.tandem)).length}, rrweb: ${all.filter((r) => ok(r.rrweb)).length}. ` +
      `Pages where rrweb does better on some measure: ${all.filter(worse).length}.`,
    '',
    '| page | text (Tandem / rrweb) | elements (Tandem / rrweb) | pixels differing (Tandem / rrweb) | note |',
    '|---|---|---|---|---|',
  ];
  for (const row of all) {
    const [t, r] = [row.tandem, row.rrweb];
    const mark = (ok(t) ? '' : ' ✗') + (worse(row) ? ' ▼' : '');
    lines.push(`| ${row.page}${mark} | ${t ? f(t.text) : '–'} / ${r ? f(r.text) : '–'} | ${t ? f(t.coverage) : '–'} / ${r ? f(r.coverage) : '–'} | ` +
      `${t ? p(t.pixels) : '–'} / ${r ? p(r.pixels) : '–'} | ${row.note.trim().replace(/\|/g, '\\|')} |`);
  }
  lines.push('', '✗: Tandem misses the goal on this page. ▼: rrweb does better on at least one measure.', '');
  return lines.join('\n');
}
