// The DOM benchmarks' results as Markdown tables (Tandem beside rrweb, with DESIGN §5's target
// in each table's heading), printed by run.mjs and kept in bench/results/.

const f = (x, d = 1) => (Number.isFinite(x) ? x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }) : '–');
const n = (x) => f(x, 0);
const kb = (b) => f(b / 1024, 1) + ' KB';

function table(head, rows) {
  return [`| ${head.join(' | ')} |`, `|${head.map((h, i) => (i === 0 ? '---' : '---:')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

export function markdown(r) {
  const out = [];
  out.push(`Machine: ${r.machine.cpus} × ${r.machine.cpu}, ${r.machine.memGb} GB, load average ${r.machine.loadAtStart} at the start and ${r.machine.loadAtEnd} at the end; ` +
    `${r.machine.chromium}; Node ${r.machine.node}; ` +
    `@rrweb/record ${r.versions.record}, rrweb-snapshot ${r.versions.snapshot}. ${r.date}. \`${r.command}\``);

  if (r.snapshot) {
    out.push('\n### Full snapshot, customer main thread (target ≥ 1,500 nodes/ms; no task over 50 ms)\n');
    out.push('Cold = first snapshot after the page loaded (median of fresh loads); warm = later snapshots in the same page. ' +
      'Times exclude JSON encoding (the "+JSON" column adds it: Tandem\'s real encoder, JSON.stringify of rrweb\'s events). ' +
      'Longest task: per run, the longer of the slices we timed and the browser\'s own long-task entries; the median run, then the worst run.\n');
    out.push(table(
      ['page', 'nodes', 'Tandem cold ms', 'Tandem nodes/ms cold · warm', 'Tandem +JSON ms', 'rrweb cold ms', 'rrweb nodes/ms cold · warm', 'rrweb +JSON ms', 'longest task ms, Tandem median · worst', 'rrweb median · worst'],
      r.snapshot.map((x) => [x.name, n(x.nodes), f(x.tandem.ms), `${n(x.nodes / x.tandem.ms)} · ${n(x.nodes / x.tandem.warmMs)}`, f(x.tandem.msJson),
        f(x.rrweb.ms), `${n(x.nodes / x.rrweb.ms)} · ${n(x.nodes / x.rrweb.warmMs)}`, f(x.rrweb.msJson), `${f(x.tandem.longest, 0)} · ${f(x.tandem.worst, 0)}`, `${f(x.rrweb.longest, 0)} · ${f(x.rrweb.worst, 0)}`]),
    ));
    out.push('\n### Snapshot bytes on the wire (target ≤ 1.3 × gzip(outerHTML))\n');
    out.push('Tandem: every frame of the snapshot as the real encoder makes it (deflate-raw per frame when ≥ 4 KB; a sliced snapshot is several frames). rrweb: its Meta + FullSnapshot events as JSON, gzipped.\n');
    out.push(table(
      ['page', 'gzip(outerHTML)', 'Tandem frames', 'Tandem bytes', '× outerHTML', 'rrweb JSON', 'rrweb gzip', '× outerHTML'],
      r.snapshot.map((x) => [x.name, kb(x.htmlGzip), n(x.tandem.batches), kb(x.tandem.bytes), f(x.tandem.bytes / x.htmlGzip, 2),
        kb(x.rrwebJson), kb(x.rrwebGzip), f(x.rrwebGzip / x.htmlGzip, 2)]),
    ));
  }

  if (r.mutations) {
    out.push('\n### Mutation processing, rrweb\'s dom-mutation workloads (target ≤ 2 ms per 1k added nodes)\n');
    out.push('Recorder time = main-thread time from the start of `workload()` until the recorder has emitted everything, minus the workload alone (no recorder). Median of fresh page loads; "+JSON" adds encoding as above.\n');
    out.push(table(
      ['workload', 'nodes / changes', 'workload alone ms', 'Tandem ms', 'Tandem ms per 1k', 'Tandem +JSON per 1k', 'rrweb ms', 'rrweb ms per 1k', 'rrweb +JSON per 1k'],
      r.mutations.map((x) => [`${x.page.replace('benchmark-dom-mutation', '…mutation').replace('.html', '')}: ${x.what}`, n(x.count), f(x.workloadMs),
        f(x.tandem.ms), f(x.tandem.per1k, 2), f(x.tandem.per1kJson, 2), f(x.rrweb.ms), f(x.rrweb.per1k, 2), f(x.rrweb.per1kJson, 2)]),
    ));
  }

  if (r.wire) {
    const t = r.wire.tandem, w = r.wire.rrweb;
    const kbit = (b, s) => f(b * 8 / 1000 / s, 2);
    out.push('\n### Steady stream: one scripted minute (target ≤ 10 kbit/s)\n');
    out.push(`What the customer did (counted in the Tandem run): ${n(t.input.pointermove)} pointer moves, ${n(t.input.keydown)} keystrokes, ` +
      `${n(t.input.wheel)} wheel events (${n(t.input.scroll)} scroll events), ${n(t.input.mutations)} DOM mutation records from the page; ${f(t.seconds)} s.\n`);
    out.push(table(
      ['', 'messages', 'bytes', 'kbit/s'],
      [
        ['Tandem, frames as sent (JSON; none reached 4 KB to be deflated)', `${n(t.frames)} frames`, n(t.bytes), kbit(t.bytes, t.seconds)],
        ['Tandem, with WebSocket framing', '', n(t.withFraming), kbit(t.withFraming, t.seconds)],
        ['rrweb events, JSON', `${n(w.stream.events)} events`, n(w.stream.json), kbit(w.stream.json, w.seconds)],
        ['rrweb events, the whole minute gzipped at once', '', n(w.stream.gzip), kbit(w.stream.gzip, w.seconds)],
      ],
    ));
    out.push(`\nTandem ops in the minute: ${Object.entries(t.ops).map(([k, v]) => `${OPS[k] ?? k} ${v}`).join(', ')}. ` +
      `rrweb events: ${Object.entries(w.kinds).map(([k, v]) => `${KINDS[k] ?? k} ${v}`).join(', ')}.`);
  }

  if (r.agent) {
    out.push('\n### Agent: building the mirror (no target) and the first frame (target ≤ 100 ms after consent, 1.7k-element page)\n');
    out.push('Apply = Tandem\'s mirror.apply / rrweb-snapshot\'s rebuild of the same page\'s snapshot, warm median (cold in brackets). ' +
      'First frame = from the snapshot\'s bytes arriving (decode included) to the next frame the agent\'s browser produces. ' +
      '"After consent" adds the customer side: Tandem\'s capture and encoding until its last frame is ready (the relay hop is not included; see the Relay section).\n');
    out.push(table(
      ['page', 'nodes', 'Tandem apply ms', 'Tandem nodes/ms', 'rrweb rebuild ms', 'rrweb nodes/ms', 'Tandem first frame ms', 'rrweb first frame ms', 'Tandem after consent ms'],
      r.agent.map((x) => [x.name, n(x.tandem.nodes), `${f(x.tandem.applyMs)} (${f(x.tandem.coldApplyMs)})`, n(x.tandem.nodes / x.tandem.applyMs),
        `${f(x.rrweb.applyMs)} (${f(x.rrweb.coldApplyMs)})`, n(x.rrweb.nodes / x.rrweb.applyMs),
        `${f(x.tandem.firstFrame)} (${f(x.tandem.coldFirstFrame)})`, `${f(x.rrweb.firstFrame)} (${f(x.rrweb.coldFirstFrame)})`,
        `${f(x.customerWall + x.tandem.firstFrame)} (${f(x.customerWall + x.tandem.coldFirstFrame)})`]),
    ));
  }

  if (r.sizes) {
    const s = r.sizes;
    out.push('\n### Script size, gzip -9 (targets: ≤ 3 KB for a page that never shares, ≤ 15 KB while sharing)\n');
    out.push(table(['', 'bytes', 'gzip'], [
      ['Tandem SDK, a page that never shares: loader + launcher', '', n(s.tandemPage)],
      ['Tandem SDK while sharing: loader + launcher + core (capture, transport, widgets)', n(s.tandemSdkRaw), n(s.tandemSdk)],
      ['  of which DOM capture alone', '', n(s.tandemCapture)],
      ['@rrweb/record (dist/record.umd.min.cjs)', n(s.rrwebRecordRaw), n(s.rrwebRecord)],
    ]));
  }
  return out.join('\n') + '\n';
}

const OPS = { 1: 'add', 2: 'remove', 3: 'attr', 4: 'text', 5: 'state', 6: 'scroll', 7: 'pointer', 8: 'viewport', 9: 'location', 15: 'edit', 16: 'hover/focus', deflated: 'deflated frames' };
const KINDS = { inc0: 'mutation', inc1: 'mousemove', inc2: 'mouse interaction', inc3: 'scroll', inc4: 'viewport', inc5: 'input', t4: 'meta', t2: 'full snapshot' };
