// `node bench/dom/drift.mjs`: what knowing about drift and showing canvases cost on the
// customer's main thread (issue #14). The document checksum, which capture computes every 3 s
// right after a flush, is timed on the synthetic shop pages and the saved real pages (median of
// 15 sums after a snapshot; a sum over its 12 ms budget is abandoned, which the table shows as
// "over budget"). A canvas's bitmap is encoded with toBlob('image/webp') when the page drew on it
// (at most once a second): its call on the main thread (the pixels' read-back) is timed, and the
// time until the encoded picture is back, for the demo's chart and larger canvases, 2D and WebGL,
// beside what the synchronous toDataURL (the first version) blocked the main thread for. An
// unchanged canvas costs a lookup. Prints a Markdown table; numbers move with the load.
import { chromium } from '@playwright/test';
import { readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { loadBundles } from './bundles.mjs';
import { SHARED, startServer } from './server.mjs';
import { inject, median } from './snapshot.mjs';
import { SYNTHETIC } from './synthetic.mjs';

const libs = loadBundles();
const site = await startServer(libs);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader', '--no-first-run',
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost'],
});
const loadStart = loadavg()[0].toFixed(1);
const out = [];
try {
  const pages = Object.keys(SYNTHETIC).map((name) => [name, `${site.origin}/synthetic/${name}.html`]);
  for (const f of ['wikipedia.html', 'cnn-money.html', 'qq.html']) {
    if (readdirSync(join(SHARED, 'real')).includes(f)) pages.push([f.replace('.html', ''), `${site.origin}/pages/real/${f}`]);
  }
  out.push('| page | nodes | checksum, median | nodes/ms | longest |', '|---|---:|---:|---:|---:|');
  for (const [name, url] of pages) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    await inject(page, libs, ['probe.js', 'tandem.js']);
    const r = await page.evaluate(async () => {
      const P = window.BenchProbe, B = window.TandemBench;
      const cap = B.createCapture(window, { maskSelector: '', blockSelector: '', checkInterval: 0 }, () => {});
      cap.snapshot();
      await P.sleep(1500); // a sliced snapshot finishes first
      const times = [];
      let over = 0;
      for (let i = 0; i < 15; i++) {
        const t = performance.now();
        if (cap.checksum() === null) over++;
        times.push(performance.now() - t);
        await P.sleep(20);
      }
      cap.stop();
      return { nodes: P.countNodes(document), times, over };
    });
    await page.close();
    const ms = median(r.times);
    const over = r.over > 7 ? ' (over budget: not checked)' : '';
    out.push(`| ${name} | ${r.nodes} | ${ms.toFixed(2)} ms${over} | ${over ? '—' : Math.round(r.nodes / ms)} | ${Math.max(...r.times).toFixed(2)} ms |`);
    console.error(out[out.length - 1]);
  }
  out.push('', '| canvas | pixels | toBlob call (main thread) | picture back after | toDataURL (blocks) | bytes |', '|---|---:|---:|---:|---:|---:|');
  const page = await browser.newPage();
  await page.goto(`${site.origin}/synthetic/shop-600.html`);
  const sizes = [['demo chart 2D', 480, 220, '2d'], ['2D 1280×720', 1280, 720, '2d'], ['2D 1920×1080', 1920, 1080, '2d'], ['WebGL 1280×720', 1280, 720, 'webgl']];
  for (const [what, w, h, kind] of sizes) {
    const r = await page.evaluate(async ([w, h, kind]) => {
      const c = document.createElement('canvas');
      c.width = w; c.height = h;
      document.body.appendChild(c);
      if (kind === '2d') {
        const g = c.getContext('2d');
        for (let i = 0; i < 200; i++) { g.fillStyle = `hsl(${i * 7}, 70%, 50%)`; g.fillRect((i * 37) % w, (i * 53) % h, 80, 40); }
        g.font = '14px sans-serif';
        for (let i = 0; i < 50; i++) g.fillText('Sales ' + i, (i * 91) % w, (i * 29) % h);
      } else {
        const gl = c.getContext('webgl', { preserveDrawingBuffer: true });
        if (!gl) return null;
        gl.enable(gl.SCISSOR_TEST);
        for (let i = 0; i < 100; i++) { gl.scissor((i * 37) % w, (i * 53) % h, 80, 40); gl.clearColor((i % 7) / 7, (i % 5) / 5, (i % 3) / 3, 1); gl.clear(gl.COLOR_BUFFER_BIT); }
      }
      const times = [], calls = [], backs = [];
      let bytes = 0;
      for (let i = 0; i < 9; i++) { const t = performance.now(); bytes = c.toDataURL('image/webp', 0.85).length; times.push(performance.now() - t); }
      for (let i = 0; i < 9; i++) {
        const t = performance.now();
        const back = new Promise((r) => c.toBlob(r, 'image/webp', 0.85));
        calls.push(performance.now() - t);
        await back;
        backs.push(performance.now() - t);
      }
      c.remove();
      return { times, calls, backs, bytes };
    }, [w, h, kind]);
    out.push(r ? `| ${what} | ${w * h} | ${median(r.calls).toFixed(1)} ms | ${median(r.backs).toFixed(0)} ms | ${median(r.times).toFixed(1)} ms | ${r.bytes} |` : `| ${what} | ${w * h} | (no WebGL) | | | |`);
    console.error(out[out.length - 1]);
  }
  await page.close();
} finally {
  await browser.close();
  await site.close?.();
}
console.log(`load average ${loadStart} at start, ${loadavg()[0].toFixed(1)} at the end (2 cores)\n`);
console.log(out.join('\n'));
process.exit(0);
