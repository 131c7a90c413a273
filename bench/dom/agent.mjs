// The agent's side: how fast the mirror builds a snapshot (nodes/ms) and how long from a
// snapshot's frames arriving to the first frame the agent sees, Tandem beside rrweb's rebuild
// (rrweb-snapshot's `rebuild`, what rrweb's replayer runs on a full snapshot). The snapshot is
// taken for real on the customer's page and carried as bytes: Tandem's frames through the real
// decoder (inflate, JSON), rrweb's events as their JSON text. Both build into the same
// `<iframe sandbox="allow-same-origin">`; the first frame is the next rendering opportunity after
// the build (requestAnimationFrame, then a message: after style, layout and paint).
import { inject, median } from './snapshot.mjs';

async function customerTandem() {
  const P = window.BenchProbe, B = window.TandemBench;
  const frames = [];
  let emits = 0, last = 0;
  const t0 = performance.now();
  const enc = B.createFrameEncoder((f) => { frames.push(f); last = performance.now(); });
  const cap = B.createCapture(window, { maskSelector: '', blockSelector: '' }, (batch) => { emits++; enc.push(batch); last = performance.now(); });
  cap.snapshot();
  await P.quiet(() => last, 300);
  while (frames.length < emits) await P.sleep(10);
  cap.stop();
  return { frames: frames.map(P.toBase64), wall: last - t0 };
}

async function customerRrweb() {
  const events = [];
  const stop = window.rrwebRecord.record({ emit: (e) => events.push(e) });
  stop();
  return JSON.stringify(events.filter((e) => e.type === 4 || e.type === 2));
}

async function agentTandem({ frames, reps }) {
  const P = window.BenchProbe, B = window.TandemBench;
  const iframe = document.getElementById('mirror');
  const mirror = B.createMirror(iframe, {});
  const runs = [];
  for (let i = 0; i < reps; i++) {
    const bytes = frames.map(P.fromBase64);
    let applyMs = 0, delivered = 0;
    const done = new Promise((resolve) => {
      const dec = B.createFrameDecoder((batch) => {
        const t = performance.now();
        mirror.apply(batch);
        applyMs += performance.now() - t;
        if (++delivered === bytes.length) resolve(performance.now());
      }, (why) => { throw new Error(why); });
      window.__t0 = performance.now();
      for (const b of bytes) dec.push(b.buffer);
    });
    const t0 = window.__t0;
    const built = await done;
    const painted = await P.nextFrame(window);
    runs.push({ applyMs, decodeMs: built - t0 - applyMs, firstFrame: painted - t0, nodes: P.countNodes(iframe.contentDocument) });
    await P.sleep(100);
  }
  return runs;
}

async function agentRrweb({ json, reps }) {
  const P = window.BenchProbe, S = window.rrwebSnapshot;
  const iframe = document.getElementById('mirror');
  const runs = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    const events = JSON.parse(json);
    const full = events.find((e) => e.type === 2);
    const t1 = performance.now();
    S.rebuild(full.data.node, { doc: iframe.contentDocument, cache: S.createCache(), mirror: S.createMirror(), hackCss: true, UNSAFE_allowUnprotectedRebuild: true });
    const t2 = performance.now();
    const painted = await P.nextFrame(window);
    runs.push({ applyMs: t2 - t1, decodeMs: t1 - t0, firstFrame: painted - t0, nodes: P.countNodes(iframe.contentDocument) });
    await P.sleep(100);
  }
  return runs;
}

async function withPage(browser, url, libs, names, fn, arg) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  try {
    await page.goto(url, { waitUntil: 'load' });
    await inject(page, libs, names);
    await page.waitForTimeout(200);
    return await page.evaluate(fn, arg);
  } finally {
    await page.close();
  }
}

export async function agentSuite(browser, libs, site, pages, reps, log) {
  const rows = [];
  for (const { name, url } of pages) {
    const t = await withPage(browser, url, libs, ['probe.js', 'tandem.js'], customerTandem);
    const json = await withPage(browser, url, libs, ['probe.js', 'rrweb-record.js'], customerRrweb);
    const agentUrl = site.agentOrigin + '/agent.html';
    const tr = await withPage(browser, agentUrl, libs, ['probe.js', 'tandem.js'], agentTandem, { frames: t.frames, reps });
    const rr = await withPage(browser, agentUrl, libs, ['probe.js', 'rrweb-snapshot.js'], agentRrweb, { json, reps });
    const sum = (runs, from) => {
      const warm = runs.slice(from);
      return {
        nodes: runs[0].nodes, applyMs: median(warm.map((r) => r.applyMs)), decodeMs: median(warm.map((r) => r.decodeMs)),
        firstFrame: median(warm.map((r) => r.firstFrame)), coldApplyMs: runs[0].applyMs, coldFirstFrame: runs[0].firstFrame,
      };
    };
    const row = { name, customerWall: t.wall, tandem: sum(tr, 1), rrweb: sum(rr, 1) };
    log(`agent ${name}: tandem apply ${row.tandem.applyMs.toFixed(1)} ms (${row.tandem.nodes} nodes), first frame ${row.tandem.firstFrame.toFixed(1)} ms; ` +
      `rrweb rebuild ${row.rrweb.applyMs.toFixed(1)} ms (${row.rrweb.nodes} nodes), first frame ${row.rrweb.firstFrame.toFixed(1)} ms`);
    rows.push(row);
  }
  return rows;
}
