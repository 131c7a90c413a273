// `npm run bench:dom`: the DOM engine's benchmarks, Tandem beside @rrweb/record in one Chromium
// run (DESIGN §5): full snapshot speed and longest task, mutation processing, bytes on the
// wire for a snapshot and a scripted minute, the agent's build rate and first frame, script
// sizes. Prints Markdown tables and keeps them, with the raw numbers, in bench/results/.
//   --quick            fewer repetitions and a 20-second "minute", for trying changes
//   --only=a,b         some of: snapshot, mutations, wire, agent, sizes
import { chromium } from '@playwright/test';
import { execSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { agentSuite } from './agent.mjs';
import { loadBundles, packageVersion, scriptSizes } from './bundles.mjs';
import { mutationSuite } from './mutations.mjs';
import { markdown } from './report.mjs';
import { SHARED, startServer } from './server.mjs';
import { snapshotSuite } from './snapshot.mjs';
import { SYNTHETIC } from './synthetic.mjs';
import { wireSuite } from './wire.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = (args.find((a) => a.startsWith('--only=')) ?? '--only=snapshot,mutations,wire,agent,sizes').slice(7).split(',');
const log = (line) => console.error(line);

function machine(browserVersion) {
  const model = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'));
  let nproc = String(cpus().length);
  try { nproc = execSync('nproc').toString().trim(); } catch { /* os.cpus() then */ }
  return {
    cpus: nproc, cpu: model ? model[1] : cpus()[0]?.model, memGb: Math.round(totalmem() / 2 ** 30),
    chromium: `Chromium ${browserVersion}`, node: process.version, loadAtStart: loadavg()[0].toFixed(1),
  };
}

const libs = loadBundles();
const site = await startServer(libs);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
  ],
});
const results = {
  date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  command: 'npm run bench:dom' + (args.length ? ' -- ' + args.join(' ') : ''),
  machine: machine(browser.version()),
  versions: { record: packageVersion('@rrweb/record'), snapshot: packageVersion('rrweb-snapshot') },
};
/** One suite; if it fails the others still run and report. */
async function suite(name, run) {
  if (!only.includes(name)) return;
  try {
    results[name] = await run();
  } catch (err) {
    log(`bench:dom: the ${name} suite failed: ${err?.stack ?? err}`);
    process.exitCode = 1;
  }
}

try {
  await suite('sizes', () => scriptSizes());
  await suite('snapshot', () => {
    const pages = Object.keys(SYNTHETIC).map((name) => ({ name, url: `${site.origin}/synthetic/${name}.html`, loads: quick || name === 'shop-100k' ? 2 : 3 }));
    for (const file of readdirSync(join(SHARED, 'real')).filter((x) => x.endsWith('.html')).sort()) {
      pages.push({ name: file.replace('.html', ''), url: `${site.origin}/pages/real/${file}`, loads: quick ? 1 : 3 });
    }
    return snapshotSuite(browser, libs, pages, log);
  });
  await suite('mutations', () => mutationSuite(browser, libs, site.origin, quick ? 3 : 7, log));
  await suite('agent', () => {
    const pages = ['shop-1.7k', 'shop-10k'].map((name) => ({ name, url: `${site.origin}/synthetic/${name}.html` }));
    pages.push({ name: 'wikipedia', url: `${site.origin}/pages/real/wikipedia.html` });
    return agentSuite(browser, libs, site, pages, quick ? 4 : 8, log);
  });
  await suite('wire', () => wireSuite(browser, libs, site.origin, quick ? 20 : 60, log));
} finally {
  await browser.close();
  await site.close();
}

results.machine.loadAtEnd = loadavg()[0].toFixed(1);
const md = markdown(results);
const dir = join(ROOT, 'bench/results');
mkdirSync(dir, { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
writeFileSync(join(dir, `dom-${stamp}.json`), JSON.stringify(results, null, 1));
writeFileSync(join(dir, `dom-${stamp}.md`), md);
console.log(md);
log(`bench:dom: results in bench/results/dom-${stamp}.{md,json}`);
