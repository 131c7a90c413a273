// Informational numbers for ARCHITECTURE.md §5 (the times are printed, not asserted — benchmarks
// live elsewhere): snapshot speed and bytes on the largest real page, mutation processing on
// rrweb's bursts. What is asserted is that each run measured real work.
import { test, expect } from '@playwright/test';
import { gzipSync } from 'node:zlib';
import { LAUNCH, harnessCode, startSite, type Site } from './helpers';

test.use({ launchOptions: LAUNCH });

let site: Site;
test.beforeAll(async () => { site = await startSite(); });
test.afterAll(async () => { await site.close(); });

test('snapshot speed and size on wikipedia.html', async ({ page }) => {
  await page.goto(site.origin + '/pages/real/wikipedia.html');
  await page.addScriptTag({ content: harnessCode() });
  await page.waitForTimeout(300);
  const r = await page.evaluate(async () => {
    const w = window as any;
    let nodes = 0;
    const walk = (n: Node) => { for (let c = n.firstChild; c; c = c.nextSibling) { nodes++; walk(c); } };
    walk(document);
    // Nodes a wire tree numbers (format.ts): what a slice actually serialised.
    const count = (t: unknown): number => {
      if (!Array.isArray(t)) return 1;
      if (t[0] === 5 || t[0] === 6) return typeof t[0] === 'number' ? 0 : 1;
      let n = 1;
      for (let i = typeof t[0] === 'string' ? 2 : 1; i < t.length; i++) n += count(t[i]);
      return n;
    };
    const runs: { ms: number; sent: number }[] = [];
    let json = '';
    for (let i = 0; i < 5; i++) {
      const batches: unknown[][] = [];
      const cap = w.TandemDom.createCapture(window, { maskSelector: '', blockSelector: '' }, (b: unknown[]) => { batches.push(b); });
      const t0 = performance.now();
      cap.snapshot();
      const ms = performance.now() - t0;
      runs.push({ ms, sent: count((batches[0][0] as unknown[])[1]) - 1 });
      await new Promise((res) => setTimeout(res, 300)); // later slices, if any
      cap.stop();
      if (i === 0) json = JSON.stringify(batches);
    }
    return { nodes, runs, json, html: document.documentElement.outerHTML };
  });
  const rate = (x: { ms: number; sent: number }) => `${x.ms.toFixed(1)} ms for ${x.sent} nodes = ${(x.sent / x.ms).toFixed(0)} nodes/ms`;
  const best = r.runs.slice(1).reduce((a, b) => (b.sent / b.ms > a.sent / a.ms ? b : a));
  const gzWire = gzipSync(r.json).length;
  const gzHtml = gzipSync(r.html).length;
  console.log(`wikipedia.html: ${r.nodes} nodes; first (cold) snapshot task ${rate(r.runs[0])}; best warm ${rate(best)}`);
  console.log(`wikipedia.html: snapshot ${r.json.length} bytes, ${gzWire} gzip = ${(gzWire / gzHtml).toFixed(2)} × gzip(outerHTML) (${gzHtml})`);
  expect(r.nodes).toBeGreaterThan(20000);
});

const BURSTS = ['benchmark-dom-mutation.html', 'benchmark-dom-mutation-add-and-move.html', 'benchmark-dom-mutation-deep-nested.html', 'benchmark-dom-mutation-attributes.html'];

test('mutation processing on rrweb bursts', async ({ page }) => {
  for (const name of BURSTS) {
    await page.goto(site.origin + '/pages/rrweb/' + name);
    await page.addScriptTag({ content: harnessCode() });
    const r = await page.evaluate(async () => {
      const w = window as any;
      let emitted = 0;
      let t3 = 0;
      const cap = w.TandemDom.createCapture(window, { maskSelector: '', blockSelector: '' }, () => { emitted++; t3 = performance.now(); });
      cap.snapshot();
      const before = document.getElementsByTagName('*').length;
      let t2 = 0;
      const frame = new Promise<void>((res) => requestAnimationFrame(() => { t2 = performance.now(); res(); }));
      const t0 = performance.now();
      w.workload();
      const t1 = performance.now();
      await 0; // the MutationObserver callback has run
      const tObserved = performance.now();
      await frame;
      await new Promise((res) => setTimeout(res, 50));
      cap.stop();
      const added = Math.max(1, document.getElementsByTagName('*').length - before);
      return { page: t1 - t0, observe: tObserved - t1, flush: t3 - t2, added, emitted };
    });
    // The burst was captured (a batch after the workload), else the times below measure nothing.
    expect(r.emitted, name).toBeGreaterThan(1);
    expect(r.flush, name).toBeGreaterThanOrEqual(0);
    const total = r.observe + r.flush;
    // The attributes page changes a class on 10,000 existing divs instead of adding nodes.
    const [count, what] = name.includes('attributes') ? [10000, 'attribute changes'] : [r.added, 'added elements'];
    console.log(`${name}: page work ${r.page.toFixed(1)} ms; capture ${total.toFixed(1)} ms ` +
      `(observer ${r.observe.toFixed(1)} + flush ${r.flush.toFixed(1)}) for ${count} ${what} = ` +
      `${(total / (count / 1000)).toFixed(2)} ms per 1k`);
  }
});

test('time slicing on a 150k-node page', async ({ page }) => {
  await page.goto(site.origin + '/fixtures/huge.html');
  await page.addScriptTag({ content: harnessCode() });
  await page.waitForTimeout(300);
  const r = await page.evaluate(async () => {
    const w = window as any;
    let nodes = 0;
    const walk = (n: Node) => { for (let c = n.firstChild; c; c = c.nextSibling) { nodes++; walk(c); } };
    walk(document);
    const tasks: number[] = [];
    const obs = new PerformanceObserver((list) => { for (const e of list.getEntries()) tasks.push(e.duration); });
    obs.observe({ type: 'longtask', buffered: false });
    let batches = 0;
    let last = 0;
    const sizes: number[] = [];
    const cap = w.TandemDom.createCapture(window, { maskSelector: '', blockSelector: '' }, (b: unknown[]) => {
      batches++;
      last = performance.now();
      sizes.push(JSON.stringify(b).length);
    });
    const t0 = performance.now();
    cap.snapshot();
    const first = performance.now() - t0;
    await new Promise((res) => setTimeout(res, 1500));
    cap.stop();
    obs.disconnect();
    return { nodes, first, batches, total: last - t0, tasks, sizes };
  });
  console.log(`huge.html: ${r.nodes} nodes; first slice ${r.first.toFixed(1)} ms; ${r.batches} batches over ${r.total.toFixed(0)} ms; ` +
    `tasks over 50 ms: ${r.tasks.length ? r.tasks.map((t: number) => t.toFixed(0)).join(', ') : 'none'}`);
  expect(r.batches).toBeGreaterThan(1);
});
