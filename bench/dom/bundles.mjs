// The scripts the benchmarks load into pages, built or read once per run: Tandem's engine
// (bench/dom/page.ts, minified like production), @rrweb/record's own minified UMD build, and
// rrweb-snapshot's (its `rebuild` is what rrweb's replayer runs on a full snapshot). Also the
// gzip sizes a customer downloads: Tandem's SDK files as web/build.mjs made them (web/dist/sdk:
// loader, launcher and core while sharing), against @rrweb/record's bundle.
import * as esbuild from 'esbuild';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '../..');

function build(entry, extra = {}) {
  const out = esbuild.buildSync({
    entryPoints: [entry], bundle: true, minify: true, format: 'iife', target: 'es2020', write: false,
    logLevel: 'warning', legalComments: 'none', ...extra,
  });
  return out.outputFiles[0].text;
}

/** A file of an installed package (read from node_modules: packages need not export it). */
function packageFile(pkg, file) {
  return readFileSync(join(ROOT, 'node_modules', pkg, file), 'utf8');
}

export function packageVersion(pkg) {
  return JSON.parse(packageFile(pkg, 'package.json')).version;
}

/** A UMD build that always lands on `window`, even on a page with an AMD or CommonJS loader. */
function global(umd) {
  return `(function (define, exports, module) {\n${umd}\n}).call(window);`;
}

export function loadBundles() {
  return {
    'tandem.js': build(join(HERE, 'page.ts')),
    'probe.js': readFileSync(join(HERE, 'probe.js'), 'utf8'),
    'rrweb-record.js': global(packageFile('@rrweb/record', 'dist/record.umd.min.cjs')),
    'rrweb-snapshot.js': global(packageFile('rrweb-snapshot', 'dist/rrweb-snapshot.umd.min.cjs')),
  };
}

const gz = (text) => gzipSync(Buffer.from(text), { level: 9 }).length;

/** Gzip sizes (level 9, as web/build.mjs measures) of what each library costs the customer's page. */
export async function scriptSizes() {
  const dir = join(ROOT, 'web/dist/sdk');
  const file = (base) => readFileSync(join(dir, readdirSync(dir).find((f) => new RegExp(`^${base}(\\.[0-9a-f]{12})?\\.js$`).test(f))), 'utf8');
  const [loader, launcher, core] = ['tandem', 'tandem-launcher', 'tandem-core'].map(file);
  const capture = build(join(ROOT, 'web/src/dom/capture/index.ts'), { globalName: 'c' });
  const record = packageFile('@rrweb/record', 'dist/record.umd.min.cjs');
  return {
    tandemPage: gz(loader) + gz(launcher),
    tandemSdk: gz(loader) + gz(launcher) + gz(core),
    tandemSdkRaw: loader.length + launcher.length + core.length,
    tandemCapture: gz(capture),
    rrwebRecord: gz(record),
    rrwebRecordRaw: record.length,
  };
}
