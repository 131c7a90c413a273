// Mutation processing, Tandem beside @rrweb/record, on the workloads of rrweb's own
// dom-mutation benchmark (../shared/pages/rrweb/benchmark-dom-mutation*.html, `workload()`).
// Each page is loaded fresh per run, the library takes its snapshot, then the workload runs.
// The recorder's cost is the main-thread time from the start of the workload until it has
// emitted everything — the workload and the MutationObserver callback (one task), plus every
// later frame or timer callback (Tandem flushes once per animation frame) — minus the same
// workload's time without a recorder, measured the same way in the same browser run.
import { inject, median } from './snapshot.mjs';

export const WORKLOADS = [
  { page: 'benchmark-dom-mutation.html', what: 'add 10,000 nodes (1,000 branches × 10 deep)', count: 'added' },
  { page: 'benchmark-dom-mutation-multiple-descendant-add.html', what: 'add 1,000 elements + 1,000 texts, one 1,000-deep chain', count: 'added' },
  { page: 'benchmark-dom-mutation-add-and-move.html', what: 'add 10,000 elements + 10,000 texts, then move them', count: 'added' },
  { page: 'benchmark-dom-mutation-add-and-remove.html', what: 'add 10,000 nodes, remove them, add 10,000 again', count: 20000 },
  { page: 'benchmark-dom-mutation-deep-nested.html', what: 'add 25,700 nodes (100 chains × 257 deep)', count: 'added' },
  { page: 'benchmark-dom-mutation-attributes.html', what: 'change the class of 10,000 elements', count: 10000 },
];

async function workloadInPage({ lib }) {
  const P = window.BenchProbe;
  let last = 0;
  let stop = () => {};
  let events = [];
  if (lib === 'tandem') {
    // Emitted batches are kept (as `events`) to time their encoding afterwards: the real
    // encoder does it in tasks of its own, which the busy meter does not see.
    const B = window.TandemBench;
    const enc = B.createFrameEncoder(() => { last = performance.now(); });
    const cap = B.createCapture(window, { maskSelector: '', blockSelector: '' }, (batch) => {
      events.push(batch);
      enc.push(batch);
      last = performance.now();
    });
    cap.snapshot();
    stop = () => { cap.stop(); enc.close(); };
  } else if (lib === 'rrweb') {
    stop = window.rrwebRecord.record({ emit: (e) => { events.push(e); last = performance.now(); } });
  }
  await P.sleep(300);
  events = [];
  const before = P.countNodes(document);
  const lt = P.longTasks();
  const meter = P.busyMeter(window);
  const t0 = performance.now();
  window.workload();
  await Promise.resolve(); // the MutationObserver callbacks, queued during the workload, ran first
  const t1 = performance.now();
  await P.quiet(() => Math.max(last, t1), 300);
  const slices = meter.stop();
  const tasks = lt.stop();
  const t = performance.now();
  if (lib === 'tandem') for (const batch of events) new TextEncoder().encode(JSON.stringify(batch));
  else JSON.stringify(events);
  const jsonMs = performance.now() - t;
  stop();
  const deferred = slices.reduce((a, b) => a + b, 0);
  return {
    inTask: t1 - t0, deferred, jsonMs, added: P.countNodes(document) - before,
    longest: Math.max(t1 - t0, ...slices), longtask: Math.max(0, ...tasks),
  };
}

async function run(browser, libs, url, lib) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  try {
    await page.goto(url, { waitUntil: 'load' });
    const names = ['probe.js'];
    if (lib === 'tandem') names.push('tandem.js');
    if (lib === 'rrweb') names.push('rrweb-record.js');
    await inject(page, libs, names);
    return await page.evaluate(workloadInPage, { lib });
  } finally {
    await page.close();
  }
}

export async function mutationSuite(browser, libs, origin, runs, log) {
  const rows = [];
  for (const w of WORKLOADS) {
    const url = `${origin}/pages/rrweb/${w.page}`;
    const r = { none: [], tandem: [], rrweb: [] };
    for (let i = 0; i < runs; i++) {
      for (const lib of i % 2 ? ['rrweb', 'tandem', 'none'] : ['none', 'tandem', 'rrweb']) r[lib].push(await run(browser, libs, url, lib));
    }
    const base = median(r.none.map((x) => x.inTask));
    const count = w.count === 'added' ? median(r.none.map((x) => x.added)) : w.count;
    const row = { page: w.page, what: w.what, count, workloadMs: base };
    for (const lib of ['tandem', 'rrweb']) {
      const cost = r[lib].map((x) => x.inTask - base + x.deferred);
      const json = r[lib].map((x, i) => cost[i] + x.jsonMs);
      row[lib] = {
        ms: median(cost), msJson: median(json), per1k: median(cost) / (count / 1000), per1kJson: median(json) / (count / 1000),
        longest: median(r[lib].map((x) => x.longest)), added: median(r[lib].map((x) => x.added)),
      };
    }
    log(`mutations ${w.page}: ${count}; workload ${base.toFixed(1)} ms; tandem ${row.tandem.ms.toFixed(1)} ms, rrweb ${row.rrweb.ms.toFixed(1)} ms`);
    rows.push(row);
  }
  return rows;
}
