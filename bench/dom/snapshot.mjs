// Full snapshot on the customer's main thread, Tandem beside @rrweb/record, on the synthetic
// pages and every saved real page. Each library gets fresh page loads (cold: the first
// snapshot a customer pays for) and two more snapshots in the same page (warm). Time is what
// the main thread spends: Tandem's first slice plus every later slice (timed by the probe's
// busy meter), rrweb's record() call; the longest task is the longest of those, checked against
// the browser's own long-task entries. Bytes: Tandem's frames from the real encoder (JSON,
// deflate-raw when ≥ 4 KB) against gzip of outerHTML and gzip of rrweb's events JSON.

/** In the page: Tandem's snapshot, `1 + warm` times. The encoder runs each batch's encoding in
 * a task of its own; that cost is timed afterwards on the same batches (JSON + UTF-8). */
async function tandemInPage({ warm }) {
  const P = window.BenchProbe, B = window.TandemBench;
  const nodes = P.countNodes(document);
  const runs = [];
  for (let i = 0; i <= warm; i++) {
    const frames = [], batches = [];
    let last = 0, lastFrame = 0;
    const lt = P.longTasks();
    const meter = P.busyMeter(window);
    const t0 = performance.now();
    const enc = B.createFrameEncoder((f) => { frames.push(f.length); lastFrame = performance.now(); });
    const cap = B.createCapture(window, { maskSelector: '', blockSelector: '' }, (batch) => {
      batches.push(batch);
      enc.push(batch);
      last = performance.now();
    });
    cap.snapshot();
    const first = performance.now() - t0;
    await P.quiet(() => Math.max(last, lastFrame), 300);
    const slices = meter.stop();
    const tasks = lt.stop();
    while (frames.length < batches.length) await P.sleep(10);
    cap.stop();
    enc.close();
    const utf8 = new TextEncoder();
    const encodes = batches.map((b) => { const t = performance.now(); utf8.encode(JSON.stringify(b)); return performance.now() - t; });
    const busy = first + slices.reduce((a, b) => a + b, 0);
    runs.push({
      ms: busy, msJson: busy + encodes.reduce((a, b) => a + b, 0), longest: Math.max(first, ...slices, ...encodes),
      longtask: Math.max(0, ...tasks), batches: batches.length, bytes: frames.reduce((a, b) => a + b, 0), wall: lastFrame - t0,
    });
    await P.sleep(50);
  }
  return { nodes, runs };
}

/** In the page: rrweb's record() (which takes its full snapshot synchronously), `1 + warm` times. */
async function rrwebInPage({ warm, sizes }) {
  const P = window.BenchProbe, R = window.rrwebRecord;
  const nodes = P.countNodes(document);
  const gzip = async (text) => {
    const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
    return (await new Response(stream).arrayBuffer()).byteLength;
  };
  const runs = [];
  let bytes = null;
  for (let i = 0; i <= warm; i++) {
    const events = [];
    const lt = P.longTasks();
    const meter = P.busyMeter(window);
    const t0 = performance.now();
    const stop = R.record({ emit: (e) => { events.push(e); } });
    const first = performance.now() - t0;
    await P.sleep(300);
    const slices = meter.stop();
    const tasks = lt.stop();
    const t1 = performance.now();
    const json = JSON.stringify(events);
    const jsonMs = performance.now() - t1;
    stop();
    const busy = first + slices.reduce((a, b) => a + b, 0);
    runs.push({ ms: busy, msJson: busy + jsonMs, longest: Math.max(first, ...slices), longtask: Math.max(0, ...tasks) });
    if (i === 0 && sizes) {
      const html = (document.doctype ? new XMLSerializer().serializeToString(document.doctype) : '') + document.documentElement.outerHTML;
      bytes = { rrwebJson: json.length, rrwebGzip: await gzip(json), html: html.length, htmlGzip: await gzip(html) };
    }
    await P.sleep(50);
  }
  return { nodes, runs, bytes };
}

/** Run the named scripts in the page and take their elements out again, so neither the bytes
 * nor the node counts include the benchmark's own code. */
export async function inject(page, libs, names) {
  for (const name of names) {
    const el = await page.addScriptTag({ content: libs[name] });
    await el.evaluate((e) => e.remove());
  }
}

async function measure(browser, libs, url, lib, warm, sizes) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  try {
    await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    await inject(page, libs, ['probe.js', lib === 'tandem' ? 'tandem.js' : 'rrweb-record.js']);
    await page.waitForTimeout(300);
    return await page.evaluate(lib === 'tandem' ? tandemInPage : rrwebInPage, { warm, sizes });
  } finally {
    await page.close();
  }
}

export const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** `pages`: [{ name, url, loads }]. Returns one row per page. */
export async function snapshotSuite(browser, libs, pages, log) {
  const rows = [];
  for (const { name, url, loads } of pages) {
    const cold = { tandem: [], rrweb: [] }, warmRuns = { tandem: [], rrweb: [] };
    let nodes = 0, bytes = null;
    for (let i = 0; i < loads; i++) {
      // Alternate which library goes first, so neither always gets the quieter moment.
      for (const lib of i % 2 ? ['rrweb', 'tandem'] : ['tandem', 'rrweb']) {
        const r = await measure(browser, libs, url, lib, 2, i === 0 && lib === 'rrweb');
        nodes = r.nodes;
        if (r.bytes) bytes = r.bytes;
        cold[lib].push(r.runs[0]);
        warmRuns[lib].push(...r.runs.slice(1));
      }
    }
    const pick = (runs, key) => median(runs.map((r) => r[key]));
    const row = { name, nodes, ...bytes };
    for (const lib of ['tandem', 'rrweb']) {
      row[lib] = {
        ms: pick(cold[lib], 'ms'), msJson: pick(cold[lib], 'msJson'), warmMs: pick(warmRuns[lib], 'ms'),
        // Per run, the longer of our own timing and the browser's long-task entries; then the
        // median run and the worst (a shared machine preempts now and then).
        longest: median([...cold[lib], ...warmRuns[lib]].map((r) => Math.max(r.longest, r.longtask))),
        worst: Math.max(...[...cold[lib], ...warmRuns[lib]].map((r) => Math.max(r.longest, r.longtask))),
      };
    }
    row.tandem.batches = cold.tandem[0].batches;
    row.tandem.bytes = cold.tandem[0].bytes;
    row.tandem.wall = pick(cold.tandem, 'wall');
    log(`snapshot ${name}: ${nodes} nodes; tandem ${row.tandem.ms.toFixed(1)} ms, rrweb ${row.rrweb.ms.toFixed(1)} ms`);
    rows.push(row);
  }
  return rows;
}
