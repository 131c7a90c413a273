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
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LAUNCH, SHARED, openPair, startSite, type Site } from '../dom/helpers';

test.use({ launchOptions: LAUNCH });

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const RRWEB = readFileSync(join(ROOT, 'node_modules/rrweb-snapshot/dist/rrweb-snapshot.umd.cjs'), 'utf8');
const RRWEB_VERSION = JSON.parse(readFileSync(join(ROOT, 'node_modules/rrweb-snapshot/package.json'), 'utf8')).version as string;

const list = (dir: string) => readdirSync(join(SHARED, dir)).filter((f) => f.endsWith('.html')).sort().map((f) => `/pages/${dir}/${f}`);
const demo = readdirSync(join(ROOT, 'web/dist/demo')).filter((f) => f.endsWith('.html')).sort().map((f) => `/demo/${f}`);
const PAGES = [...list('real'), ...list('rrweb'), ...demo, '/fixtures/apps/reveal/index.html', '/fixtures/apps/swagger/index.html'];

interface Sample { text: string; elements: string[]; }
interface Row { page: string; tandem: Score | null; rrweb: Score | null; note: string; /** 1-minute load average when measured. */ load: number }
interface Score { text: number; coverage: number; pixels: number }

/** Visible text and element names of a document (see the header), read in the page. `base`:
 * the customer document's address, against which every copy's relative addresses resolve (a
 * copy stands for the customer's page, wherever it is shown). */
function sample(page: Page, which: 'page' | 'mirror' | 'rrweb', base: string): Promise<Sample> {
  return page.evaluate(([w, base]) => {
    const doc = w === 'page' ? document : (document.getElementById(w) as HTMLIFrameElement).contentDocument!;
    const EXCLUDED = '[data-tandem-ui],[data-tandem-mask],[data-tandem-block],[data-tandem-blocked]';
    const own = (name: string) => /^data-tandem-(?:hover|focus|focus-visible|focus-within|was|no-quirks|blocked)$/.test(name) || /^rr_/.test(name);
    const URLS = /^(?:href|src|action|formaction|poster|data|cite|background|xlink:href|longdesc|lowsrc|manifest|codebase)$/;
    const SRCSETS = /^(?:srcset|imagesrcset)$/;
    const page = base.split('#')[0].split('?')[0];
    // An address as the customer's page means it, with what the privacy rules keep home masked:
    // a web address leaves as origin and path (ARCHITECTURE.md §4.1), so its query and its
    // fragment (but for a reference into the document itself) count as masked on every side.
    const url = (v: string) => {
      let u: URL;
      try { u = new URL(v.trim(), base); } catch { return v; }
      if (u.protocol !== 'http:' && u.protocol !== 'https:') return u.href;
      const path = u.origin + u.pathname;
      return path === page && u.hash ? path + u.hash : path;
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
          const v = URLS.test(n) ? url(raw) : SRCSETS.test(n) ? srcset(raw) : n === 'style' ? css(raw) : raw;
          attrs.push(n + '=' + JSON.stringify(v));
        }
        elements.push('<' + name + ' ' + attrs.sort().join(' ') + '>');
        if (el.shadowRoot) walk(el.shadowRoot);
        walk(el);
      }
    };
    walk(doc);
    let text = doc.body ? doc.body.innerText : '';
    for (const el of Array.from(doc.querySelectorAll(EXCLUDED))) {
      const t = (el as HTMLElement).innerText;
      if (t) text = text.replace(t, ' ');
    }
    return { text, elements };
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

/** Rectangles of excluded regions on the customer's page (viewport coordinates). */
function excludedRects(page: Page): Promise<number[][]> {
  return page.evaluate(() => Array.from(document.querySelectorAll('[data-tandem-ui],[data-tandem-mask],[data-tandem-block]'),
    (el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; }));
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

// The rows measured so far, kept beside the report so that a run cut short can be resumed
// (FIDELITY_RESUME=1 measures only the pages not in it yet); a plain run starts afresh.
const PROGRESS = join(ROOT, 'e2e/fidelity/progress.json');
const pageName = (path: string) => path.replace(/^\/pages\//, '');
const rows: Row[] = process.env.FIDELITY_RESUME && existsSync(PROGRESS) ? JSON.parse(readFileSync(PROGRESS, 'utf8')) as Row[] : [];
if (!process.env.FIDELITY_RESUME) rmSync(PROGRESS, { force: true });
const done = new Set(rows.map((r) => r.page));

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
test.afterAll(async () => { await site.close(); });

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
    try {
      await customer.addScriptTag({ content: RRWEB });
      const snap = await customer.evaluate(() => JSON.stringify((window as any).rrwebSnapshot.snapshot(document, { inlineStylesheet: true, recordCanvas: true })));
      await agent.addScriptTag({ content: RRWEB });
      await agent.evaluate((json) => {
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

    const rects = await excludedRects(customer);
    const shot = { animations: 'disabled' as const, caret: 'hide' as const };
    const cShot = await customer.screenshot(shot);
    const tShot = await agent.locator('#mirror').screenshot(shot);
    const rShot = rrOk ? await agent.locator('#rrweb').screenshot(shot) : null;
    const base = await customer.evaluate(() => document.baseURI);
    const [c, t] = [await sample(customer, 'page', base), await sample(agent, 'mirror', base)];
    const r = rrOk ? await sample(agent, 'rrweb', base) : null;
    const scratch = await agent.context().newPage();
    const score = async (s: Sample, png: Buffer): Promise<Score> => ({
      text: dice(words(c.text), words(s.text)), coverage: coverage(c.elements, s.elements), pixels: await pixelDiff(scratch, cShot, png, rects),
    });
    if (process.env.FIDELITY_DEBUG) {
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
    'Excluded on every side alike: the SDK\'s widgets, masked or blocked regions, and what Tandem\'s',
    'privacy rules always keep in the customer\'s browser (ARCHITECTURE.md §4.1), which count as masked:',
    'the query and fragment of web addresses (addresses leave as origin and path; a reference into',
    'the page itself keeps its fragment), and the values of hidden and password fields. Relative',
    'addresses count as the absolute ones they stand for, resolved against the customer\'s page. Each',
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
