import { chromium } from '@playwright/test';
import { loadBundles } from './bundles.mjs';
import { startServer } from './server.mjs';
import { inject } from './snapshot.mjs';
const libs = loadBundles(); { const es = await import('esbuild'); libs['tandem.js'] = es.buildSync({ entryPoints: ['bench/dom/page.ts'], bundle: true, format: 'iife', target: 'es2020', write: false, minifySyntax: true }).outputFiles[0].text; }
const site = await startServer(libs);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu','--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'] });
const page = await browser.newPage();
await page.goto(site.origin + (process.argv[2] || '/pages/real/wikipedia.html'));
await inject(page, libs, ['probe.js', 'tandem.js']);
await page.waitForTimeout(300);
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
await cdp.send('Profiler.start');
const r = await page.evaluate(() => {
  const B = window.TandemBench; const out = [];
  for (let i = 0; i < 3; i++) { const t0 = performance.now(); const c = B.createCapture(window, { maskSelector: '', blockSelector: '' }, (b) => { JSON.stringify(b); }); c.snapshot(); out.push(performance.now() - t0); c.stop(); }
  return out;
});
const { profile } = await cdp.send('Profiler.stop');
console.log(r);
const self = new Map();
const dt = profile.timeDeltas; const byId = new Map(profile.nodes.map(n => [n.id, n]));
for (let i = 0; i < profile.samples.length; i++) { const n = byId.get(profile.samples[i]); const k = n.callFrame.functionName + ' ' + n.callFrame.url.slice(-20) + ':' + n.callFrame.lineNumber + ':' + n.callFrame.columnNumber; self.set(k, (self.get(k) || 0) + (dt[i] || 0)); }
console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => (v / 1000).toFixed(1) + ' ms ' + k).join('\n'));
await browser.close(); await site.close();
