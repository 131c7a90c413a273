import { chromium } from '@playwright/test';
import { loadBundles } from './bundles.mjs';
import { startServer } from './server.mjs';
import { inject } from './snapshot.mjs';
import { writeFileSync } from 'node:fs';
const libs = loadBundles();
const site = await startServer(libs);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu'] });
const url = site.origin + '/synthetic/shop-1.7k.html';
let page = await browser.newPage(); await page.goto(url); await inject(page, libs, ['probe.js','tandem.js','rrweb-record.js']);
const batches = await page.evaluate(() => { const out = []; const c = TandemBench.createCapture(window, {maskSelector:'',blockSelector:''}, b => out.push(JSON.stringify(b))); c.snapshot(); c.stop(); return out; });
const rr = await page.evaluate(() => { const ev = []; const s = rrwebRecord.record({ emit: e => ev.push(e) }); s(); return JSON.stringify(ev); });
await page.close();
for (const lib of ['tandem', 'rrweb', 'tandem', 'rrweb']) {
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(site.agentOrigin + '/agent.html'); await inject(page, libs, ['probe.js','tandem.js','rrweb-snapshot.js']);
  const r = await page.evaluate(async ({ lib, batches, rr }) => {
    const iframe = document.getElementById('mirror'); const out = {};
    for (let i = 0; i < 4; i++) {
    const t0 = performance.now();
    if (lib === 'tandem') { const m = TandemBench.createMirror(iframe, {}); for (const b of batches) m.apply(JSON.parse(b)); }
    else { const ev = JSON.parse(rr); rrwebSnapshot.rebuild(ev.find(e => e.type === 2).data.node, { doc: iframe.contentDocument, cache: rrwebSnapshot.createCache(), mirror: rrwebSnapshot.createMirror(), hackCss: true, UNSAFE_allowUnprotectedRebuild: true }); }
    const t1 = performance.now();
    const h = iframe.contentDocument.body.offsetHeight;
    const t2 = performance.now();
    await BenchProbe.nextFrame(window);
    const t3 = performance.now();
    out['run' + i] = { build: +(t1 - t0).toFixed(1), layout: +(t2 - t1).toFixed(1), paint: +(t3 - t2).toFixed(1), h };
    await BenchProbe.sleep(100);
    }
    out.html = iframe.contentDocument.documentElement.outerHTML.slice(0, 1500); out.compat = iframe.contentDocument.compatMode;
    return out;
  }, { lib, batches, rr });
  console.log(lib, JSON.stringify(r).slice(0, 600));
  await page.close();
}
await browser.close(); await site.close();
