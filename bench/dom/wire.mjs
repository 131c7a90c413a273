// Bytes on the wire for one scripted minute on a shop page with a form (bench/dom/synthetic.mjs,
// "session"): the customer moves the pointer, fills in a form, scrolls with the wheel and clicks
// "Add to cart", while the page ticks a clock, posts notifications and shows toasts. It runs in
// real time — the libraries coalesce by time (Tandem: pointer and scroll at most every 50 ms,
// everything else once per frame), so compressing time would flatter them. Tandem's bytes are
// its frames as the real encoder makes them (1 header byte + JSON, deflate-raw when ≥ 4 KB),
// plus WebSocket framing; rrweb's are its events as JSON, raw and gzipped in one piece (the most
// favourable way to ship them).
import { inject } from './snapshot.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Client-to-server WebSocket frame header, masking key included (RFC 6455 §5.2). */
export function wsOverhead(len) {
  return (len < 126 ? 2 : len < 65536 ? 4 : 10) + 4;
}

/** The scripted minute; `seconds` stretches or shrinks every phase alike. */
async function minute(page, seconds) {
  const scale = seconds / 60;
  const t0 = Date.now();
  const until = (s) => t0 + s * 1000 * scale;
  let phase = 0;
  const wander = async (end, cx, cy, r) => {
    while (Date.now() < end) {
      phase += 0.05;
      await page.mouse.move(cx + r * Math.cos(phase * 1.3), cy + r * Math.sin(phase * 0.9));
      await sleep(16);
    }
  };
  await wander(until(10), 640, 400, 300);
  await page.click('#name');
  await page.keyboard.type('Alice Example', { delay: 220 });
  await page.keyboard.press('Tab');
  await page.keyboard.type('alice@example.com', { delay: 220 });
  await page.click('#message');
  await page.keyboard.type('Hello, I cannot find the delivery date for my order.', { delay: 180 });
  await wander(until(28), 500, 300, 80);
  for (let i = 0; Date.now() < until(40); i++) {
    await page.mouse.wheel(0, i < 40 ? 120 : -120);
    for (let k = 0; k < 8; k++) { await page.mouse.move(700 + ((i * 8 + k) % 40), 420 + k * 3); await sleep(16); }
  }
  for (let i = 0; i < 3; i++) {
    const buy = page.locator('.buy').nth(4 + i * 5);
    await buy.scrollIntoViewIfNeeded();
    await buy.click();
    await wander(Date.now() + 3000 * scale, 640, 400, 250);
  }
  await wander(until(60), 640, 400, 320);
  return (Date.now() - t0) / 1000;
}

/** In the page: start recording and count what the customer does. */
function startInPage(lib) {
  const w = window;
  w.__input = { pointermove: 0, keydown: 0, wheel: 0, scroll: 0, input: 0, mutations: 0 };
  for (const type of ['pointermove', 'keydown', 'wheel', 'scroll', 'input']) addEventListener(type, () => w.__input[type]++, { capture: true, passive: true });
  new MutationObserver((list) => { w.__input.mutations += list.length; }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  w.__out = [];
  if (lib === 'tandem') {
    const B = w.TandemBench;
    const enc = B.createFrameEncoder((f) => w.__out.push(f));
    w.__cap = B.createCapture(window, { maskSelector: '', blockSelector: '' }, (batch) => enc.push(batch));
    w.__cap.snapshot();
  } else {
    w.__stop = w.rrwebRecord.record({ emit: (e) => w.__out.push(e) });
  }
}

/** In the page: what was recorded before (the snapshot) and after `mark`. */
async function takeInPage({ lib, mark }) {
  const w = window;
  const gzip = async (text) => new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer().then((b) => b.byteLength);
  await new Promise((r) => setTimeout(r, 500));
  const all = w.__out.slice();
  const head = all.slice(0, mark), tail = all.slice(mark);
  if (lib === 'tandem') {
    const utf8 = new TextDecoder();
    const ops = {};
    for (const f of tail) {
      if (f[0] !== 0) { ops.deflated = (ops.deflated || 0) + 1; continue; }
      for (const op of JSON.parse(utf8.decode(f.subarray(1)))) ops[op[0]] = (ops[op[0]] || 0) + 1;
    }
    return { snapshot: head.map((f) => f.length), stream: tail.map((f) => f.length), ops, input: w.__input };
  }
  const kinds = {};
  for (const e of tail) { const k = e.type === 3 ? 'inc' + e.data.source : 't' + e.type; kinds[k] = (kinds[k] || 0) + 1; }
  const headJson = JSON.stringify(head), tailJson = JSON.stringify(tail);
  return {
    snapshot: { json: headJson.length, gzip: await gzip(headJson) },
    stream: { events: tail.length, json: tailJson.length, gzip: await gzip(tailJson) }, kinds, input: w.__input,
  };
}

export async function wireSuite(browser, libs, origin, seconds, log) {
  const out = {};
  for (const lib of ['tandem', 'rrweb']) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(origin + '/synthetic/session.html', { waitUntil: 'load' });
    await inject(page, libs, ['probe.js', lib === 'tandem' ? 'tandem.js' : 'rrweb-record.js']);
    await page.evaluate(startInPage, lib);
    await page.waitForTimeout(1000);
    const mark = await page.evaluate(() => window.__out.length);
    const took = await minute(page, seconds);
    const r = await page.evaluate(takeInPage, { lib, mark });
    await page.close();
    r.seconds = took;
    if (lib === 'tandem') {
      const bytes = r.stream.reduce((a, b) => a + b, 0);
      const framing = r.stream.reduce((a, b) => a + wsOverhead(b), 0);
      r.frames = r.stream.length;
      r.bytes = bytes;
      r.withFraming = bytes + framing;
      r.snapshotBytes = r.snapshot.reduce((a, b) => a + b, 0);
      delete r.stream;
      delete r.snapshot;
    }
    const kbit = (b) => (b * 8 / 1000 / took).toFixed(2);
    log(lib === 'tandem'
      ? `minute tandem: ${r.frames} frames, ${r.bytes} B (${kbit(r.bytes)} kbit/s), ${r.withFraming} B with WebSocket framing (${kbit(r.withFraming)} kbit/s) in ${took.toFixed(1)} s`
      : `minute rrweb: ${r.stream.events} events, ${r.stream.json} B JSON (${kbit(r.stream.json)} kbit/s), ${r.stream.gzip} B gzip (${kbit(r.stream.gzip)} kbit/s) in ${took.toFixed(1)} s`);
    out[lib] = r;
  }
  return out;
}
