// `node bench/sdk/run.mjs [--runs=N] [BIN...]`: what the SDK costs a customer's page (issue #16,
// "a site that pays almost nothing until it shares"), for each `tandem` binary given (default
// target/debug/tandem; give main's binary first to compare before and after):
// - the SDK's files as the server sends them (wire bytes with br, with gzip, without), found
//   from the loader onwards;
// - a visitor who never shares: what the demo's front page downloads of the SDK and the long
//   tasks (PerformanceObserver, `longtask`, buffered) from navigation until the network is
//   idle, in a fresh Chromium context (cold cache) per run;
// - time from the customer's Yes to the agent's first frame: the customer opens the page in a
//   fresh context, types the code, presses Yes; the click's time is taken in the customer's
//   page, the first frame's in the agent's console (first animation frame whose "Customer view"
//   shows the page), both as wall time (performance.timeOrigin + now) on this one machine.
// Medians over the runs; every run is printed too. Prints Markdown.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync, brotliCompressSync } from 'node:zlib';

const args = process.argv.slice(2);
const runs = Number((args.find((a) => a.startsWith('--runs=')) ?? '--runs=7').slice(7));
const bins = args.filter((a) => !a.startsWith('--'));
if (bins.length === 0) bins.push('target/debug/tandem');
const log = (s) => console.error(s);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function startTandem(bin) {
  const data = mkdtempSync(join(tmpdir(), 'tandem-bench-sdk-'));
  const child = spawn(resolve(bin), ['serve', '--demo', '--listen', '127.0.0.1:0', '--data', data, '--redeem-per-client-per-minute', '1000'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const server = await new Promise((ok, fail) => {
    let url = '';
    const timer = setTimeout(() => fail(new Error('tandem did not start')), 20_000);
    const onLine = (chunk) => {
      for (const line of chunk.toString().split('\n')) {
        url = /listening on (http:\/\/[\d.:]+)/.exec(line)?.[1] ?? url;
        const creds = /demo agent username: (\S+) password: (\S+)/.exec(line);
        if (creds && url) {
          clearTimeout(timer);
          ok({ url, username: creds[1], password: creds[2] });
        }
      }
    };
    child.stdout.on('data', onLine);
    child.stderr.on('data', onLine);
  });
  return { ...server, stop: () => { child.kill('SIGINT'); rmSync(data, { recursive: true, force: true }); } };
}

/** The SDK's files, from the loader onwards (each names the next), with their wire sizes. */
async function files(url) {
  const found = [];
  const todo = ['/sdk/tandem.js'];
  while (todo.length) {
    const path = todo.shift();
    if (found.some((f) => f.path === path)) continue;
    const plain = Buffer.from(await (await fetch(url + path, { headers: { 'accept-encoding': 'identity' } })).arrayBuffer());
    const wire = async (enc) => {
      const r = await fetch(url + path, { headers: { 'accept-encoding': enc } });
      const sent = r.headers.get('content-encoding');
      // fetch decodes; the wire size is the header's, or the file itself when sent as is.
      return sent ? Number(r.headers.get('content-length')) : plain.length;
    };
    found.push({
      path, plain: plain.length, br: await wire('br'), gzip: await wire('gzip'),
      gzip9: gzipSync(plain, { level: 9 }).length, br11: brotliCompressSync(plain).length,
    });
    for (const m of plain.toString().matchAll(/tandem-[a-z]+(?:\.[0-9a-f]{12})?\.js/g)) todo.push(`/sdk/${m[0]}`);
  }
  return found;
}

async function pageLoad(browser, url, withSdk = true) {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (!withSdk) await page.route('**/sdk/**', (r) => r.abort());
  await page.addInitScript(() => {
    const w = window;
    w.__long = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) w.__long.push(Math.round(e.duration)); }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${url}/demo/index.html`);
  if (withSdk) await page.getByRole('button', { name: 'Co-browsing code' }).waitFor();
  await page.waitForLoadState('networkidle');
  const r = await page.evaluate(() => ({
    long: window.__long,
    sdk: performance.getEntriesByType('resource').filter((e) => e.name.includes('/sdk/') && !e.name.includes('/sdk/settings'))
      .map((e) => ({ name: new URL(e.name).pathname, body: e.encodedBodySize })),
  }));
  await context.close();
  return r;
}

async function firstFrame(browser, server) {
  const agentContext = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const agent = await agentContext.newPage();
  await agent.goto(`${server.url}/console/`);
  await agent.getByLabel('Username').fill(server.username);
  await agent.getByLabel('Password').fill(server.password);
  await agent.getByRole('button', { name: 'Sign in' }).click();
  await agent.getByLabel('Channel').selectOption('phone');
  await agent.getByLabel('Customer', { exact: true }).fill('Bench');
  await agent.getByRole('button', { name: 'Create contact' }).click();
  await agent.getByRole('button', { name: 'Start co-browsing' }).click();
  const codeBox = agent.getByLabel('Co-browsing code');
  let code = '';
  while (!/^\d{6}$/.test(code)) {
    code = await codeBox.inputValue();
    if (!code) await agent.waitForTimeout(20);
  }
  const customerContext = await browser.newContext();
  const customer = await customerContext.newPage();
  await customer.goto(`${server.url}/demo/index.html`);
  await customer.getByRole('button', { name: 'Co-browsing code' }).click();
  await customer.getByRole('textbox', { name: 'Code', exact: true }).fill(code);
  await customer.getByRole('button', { name: 'Start', exact: true }).click();
  const yes = customer.getByRole('dialog', { name: 'Accept co-browsing?' }).getByRole('button', { name: 'Yes' });
  await yes.waitFor();
  // The agent's page watches every animation frame for the mirrored page.
  const seen = agent.evaluate(() => new Promise((done) => {
    const look = () => {
      const doc = document.querySelector('iframe[title="Customer view"]')?.contentDocument;
      if (doc?.querySelector('body h1')) done(performance.timeOrigin + performance.now());
      else requestAnimationFrame(look);
    };
    look();
  }));
  await customer.evaluate(() => {
    window.addEventListener('click', () => { window.__yes = performance.timeOrigin + performance.now(); }, { capture: true, once: true });
  });
  await yes.click();
  const frame = await seen;
  const clicked = await customer.evaluate(() => window.__yes);
  await customerContext.close();
  await agentContext.close();
  return frame - clicked;
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
const load = () => loadavg().map((x) => x.toFixed(1)).join(' / ');
console.log(`Chromium ${browser.version()}, ${runs} runs per binary, load average at start ${load()}\n`);
for (const bin of bins) {
  const server = await startTandem(bin);
  log(`${bin}: ${server.url}`);
  console.log(`### ${bin}\n\n| file | plain | br (wire) | gzip (wire) | gzip -9 | brotli 11 |\n|---|---:|---:|---:|---:|---:|`);
  for (const f of await files(server.url)) console.log(`| ${f.path} | ${f.plain} | ${f.br} | ${f.gzip} | ${f.gzip9} | ${f.br11} |`);
  const loads = [];
  const bare = [];
  for (let i = 0; i < runs; i++) {
    loads.push(await pageLoad(browser, server.url));
    bare.push(await pageLoad(browser, server.url, false));
  }
  console.log(`\nPage view without sharing (demo front page, fresh context each run; the same page with the SDK's requests blocked beside it):\n`);
  console.log(`| run | SDK files downloaded | SDK body bytes | long tasks (ms) | long tasks without the SDK (ms) |\n|---|---|---:|---|---|`);
  loads.forEach((r, i) => console.log(`| ${i + 1} | ${r.sdk.map((s) => s.name.replace(/\.[0-9a-f]{12}\./, '.<hash>.')).join(', ')} | ${r.sdk.reduce((n, s) => n + s.body, 0)} | ${r.long.join(', ') || 'none'} | ${bare[i].long.join(', ') || 'none'} |`));
  const frames = [];
  for (let i = 0; i < runs; i++) {
    frames.push(await firstFrame(browser, server));
    log(`  first frame run ${i + 1}: ${frames.at(-1).toFixed(1)} ms (load ${load()})`);
  }
  console.log(`\nYes → agent's first frame: median ${median(frames).toFixed(1)} ms; runs ${frames.map((f) => f.toFixed(1)).join(', ')} ms; load average now ${load()}\n`);
  server.stop();
}
await browser.close();
