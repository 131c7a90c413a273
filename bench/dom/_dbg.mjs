import { chromium } from '@playwright/test';
import { loadBundles } from './bundles.mjs';
import { startServer } from './server.mjs';
import { inject } from './snapshot.mjs';
const libs = loadBundles();
const site = await startServer(libs);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu'] });
for (const pg of ['benchmark-dom-mutation-multiple-descendant-add.html','benchmark-dom-mutation-add-and-remove.html','benchmark-dom-mutation-attributes.html']) {
 for (const lib of ['none','tandem']) {
  const page = await browser.newPage();
  await page.goto(site.origin + '/pages/rrweb/' + pg);
  await inject(page, libs, ['probe.js', 'tandem.js']);
  const r = await page.evaluate(async (lib) => {
    const P = window.BenchProbe, B = window.TandemBench;
    let cap;
    if (lib === 'tandem') { cap = B.createCapture(window, { maskSelector: '', blockSelector: '' }, () => {}); cap.snapshot(); }
    await P.sleep(300);
    const meter = P.busyMeter(window);
    const t0 = performance.now(); window.workload(); const tw = performance.now(); await Promise.resolve(); const t1 = performance.now();
    await P.sleep(300);
    const sl = meter.stop();
    return { work: tw - t0, mo: t1 - tw, slices: sl.map(x => +x.toFixed(1)) };
  }, lib);
  console.log(pg, lib, JSON.stringify(r));
  await page.close();
 }
}
await browser.close(); await site.close();
