// Builds everything that runs in a browser into web/dist, which the `tandem` binary embeds:
// the customer SDK (the loader, the launcher, the core and the control chunk, size-checked
// against their budgets), the console app, and the demo site's static files. A test-only harness for the DOM engine goes to web/dist-test, which
// is never embedded.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, readdirSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import zlib, { brotliCompressSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { minify } from 'terser';

const web = dirname(fileURLToPath(import.meta.url));
const dist = join(web, 'dist');
// DESIGN.md §5 says 15 KB; raised by half a KB for pointing and remote control, whose core side
// (loading the control chunk on a shared page, routing its messages, capture's nodeOf) costs
// ~0.35 KB gzip. The executor, policy and marks themselves are in the lazily loaded chunk below.
// Raised again by 1.25 KB for DESIGN.md §4.1 as it must hold (issue #9): the allow-list of what
// masked content may keep, safe inline styles, addresses cut to origin and path, fields secret
// by nature, the pointer over masked areas and every configuration route (~1 KB gzip).
// Raised by 0.75 KB for issue #13 (every ability, languages): the consent dialog gives focus
// back and Yes takes the keyboard on to "Stop co-browsing"; the widgets' language is chosen
// (site, company, browser) and its file loaded and applied (together ~0.5 KB gzip measured). The texts
// of other languages are not in the bundle: each is /sdk/lang-CODE.<hash>.js, loaded when chosen.
// Raised by 1 KB for a mirror that knows when it drifts and shows canvases (issue #14): numbered
// frames, the document checksum, canvas change tracking and WebGL read-back (~0.9 KB gzip).
// Since issue #16 a visitor who never shares pays for the loader and the launcher only (3 KB
// gzip, DESIGN.md §5); the budget above is for a shared page: loader, launcher and core (the
// chat panels are a chunk of their own, loaded only for a customer who uses them): 18,498 B,
// of which the capture engine is ~10 KB (BENCHMARKS.md, "What the SDK costs a page").
// Raised by 0.3 KB for the launcher in the visitor's language (issue #13): choosing it (site,
// company, browser) and fetching its file before the dock is drawn (~0.3 KB gzip measured);
// the loader itself is unchanged. Raised by 128 B more for proactive invitations (issue #13):
// the loader keeps an early `Tandem.invite()` and the launcher loads the invitations chunk when
// the company's settings name invitations (113 B gzip measured); the rules, clocks, presence and
// dialog are in /sdk/tandem-invite.<hash>.js, loaded only for a company with rules or presence on.
const PAGE_BUDGET_GZIP = 3.3 * 1024 + 128;
// Raised by 0.25 KB for the customer's text selection shown to the agent (issue #14, ~0.16 KB),
// and by 0.25 KB for the customer's open pickers (select lists, datalists, date and colour
// pickers: the :open check and its polling, issue #14, ~0.17 KB gzip measured).
// Raised by 0.35 KB for the launcher in the visitor's language (issue #13, ~0.31 KB, see the page's budget),
// and by 128 B for the same launcher bytes of proactive invitations (issue #13, above).
const SDK_BUDGET_GZIP = 18.85 * 1024 + 128;
const CONTROL_BUDGET_GZIP = 7 * 1024;

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

/** Files written so far; their gzip forms are made at the end (`gzipAll`). */
const emitted = [];

/** Writes a built file to `web/dist/DIR/`, with its brotli form beside it and, once every file
 * is built, its gzip form (the server sends whichever the browser accepts, DESIGN.md §5). Chunks go under a name with the first 12
 * hex digits of their content's SHA-256 (`tandem-core.0123456789ab.js`): a new build gives a
 * new name, so the server may let browsers cache them for good. `stable` keeps the plain name
 * (`tandem.js`, the one URL sites put in their tag). */
function emit(dir, base, ext, bytes, { stable = false } = {}) {
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
  const name = stable ? `${base}.${ext}` : `${base}.${hash}.${ext}`;
  const path = join(dist, dir, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  const br = brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
  writeFileSync(`${path}.br`, br);
  const file = { name, path, bytes, size: bytes.length, gz: 0, br: br.length };
  emitted.push(file);
  return file;
}

/** The gzip forms, with Zopfli: gzip any browser decodes, ~3% smaller than zlib's best. (Loaded
 * only now: its WebAssembly runtime takes over the process's error handlers.) */
async function gzipAll() {
  const zopfli = promisify((await import('@gfx/zopfli')).gzip);
  for (const f of emitted) {
    const gz = await zopfli(f.bytes, { numiterations: 15 });
    writeFileSync(`${f.path}.gz`, gz);
    f.gz = gz.length;
  }
}

/** `import css from './x.css'` gives the stylesheet as a minified string (for shadow roots). */
const cssText = {
  name: 'css-text',
  setup(build) {
    build.onLoad({ filter: /\.css$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      const { code } = await esbuild.transform(await readFile(args.path, 'utf8'), { loader: 'css', minify: true });
      return { contents: `export default ${JSON.stringify(code.trim())};`, loader: 'js' };
    });
  },
};

// Every file in web/src/sdk/languages is a language of the widgets (English is built in).
const languages = readdirSync(join(web, 'src/sdk/languages')).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3));
const common = { bundle: true, minify: true, target: 'es2020', logLevel: 'warning', legalComments: 'none', plugins: [cssText], define: { __TANDEM_LANGUAGES__: JSON.stringify(languages) } };

// The SDK's files, each built in memory and written by `emit`: the chunks under content-hashed
// names (cached for good, DESIGN.md §5), each naming the next by a build-time constant, and the
// loader under its stable name last, since it names the chunks.
// The SDK goes through terser after esbuild (its compressor folds more: ~4% less gzip).
const build = async (entry, options) =>
  (await esbuild.build({ ...common, entryPoints: [join(web, entry)], write: false, outdir: dist, ...options, define: { ...common.define, ...options.define } })).outputFiles[0].contents;
const sdkBuild = async (entry, options) => {
  const code = Buffer.from(await build(entry, options)).toString();
  return Buffer.from((await minify(code, { module: options.format === 'esm', ecma: options.target === 'es5' ? 5 : 2020, toplevel: true })).code);
};
// Each language as /sdk/lang-CODE.<hash>.js: its texts, handed to the SDK through an event
// (language.ts); the core knows their names from __TANDEM_LANGUAGES__.
const languageFiles = {};
for (const code of languages) {
  const out = await esbuild.build({ ...common, stdin: { contents: `import texts from './languages/${code}'; document.dispatchEvent(new CustomEvent('tandem:language', { detail: { code: '${code}', texts } }));`, resolveDir: join(web, 'src/sdk'), loader: 'ts' }, write: false, outdir: dist, format: 'iife' });
  languageFiles[code] = emit('sdk', `lang-${code}`, 'js', Buffer.from(out.outputFiles[0].contents)).name;
}
common.define.__TANDEM_LANGUAGES__ = JSON.stringify(languageFiles);
const control = emit('sdk', 'tandem-control', 'js', await sdkBuild('src/sdk/control/chunk.ts', { format: 'iife' }));
const help = emit('sdk', 'tandem-help', 'js', await sdkBuild('src/sdk/widgets/help.ts', { format: 'esm' }));
// Proactive invitations: loaded by the launcher only for a company with rules or presence (src/sdk/invite/chunk.ts).
const invite = emit('sdk', 'tandem-invite', 'js', await sdkBuild('src/sdk/invite/chunk.ts', { format: 'esm' }));
const core = emit('sdk', 'tandem-core', 'js', await sdkBuild('src/sdk/index.ts', { format: 'esm', define: { __TANDEM_CONTROL__: JSON.stringify(control.name), __TANDEM_HELP__: JSON.stringify(`./${help.name}`) } }));
const launcher = emit('sdk', 'tandem-launcher', 'js', await sdkBuild('src/sdk/page.ts', { format: 'esm', define: { __TANDEM_CORE__: JSON.stringify(`./${core.name}`), __TANDEM_HELP__: JSON.stringify(`./${help.name}`), __TANDEM_INVITE__: JSON.stringify(`./${invite.name}`) } }));
const loader = emit('sdk', 'tandem', 'js', await sdkBuild('src/sdk/loader.ts', { format: 'iife', target: 'es5', define: { __TANDEM_LAUNCHER__: JSON.stringify(launcher.name) } }), { stable: true });
// The console: its script and stylesheet under hashed names, named by the page that loads them.
const app = emit('console', 'app', 'js', await build('src/console/index.ts', { format: 'esm' }));
// uPlot's own stylesheet (the dashboard's charts) goes first, so the console's rules win.
const css = emit('console', 'console', 'css', Buffer.concat([readFileSync(join(web, '../node_modules/uplot/dist/uPlot.min.css')), Buffer.from('\n'), readFileSync(join(web, 'console/console.css'))]));
const page = readFileSync(join(web, 'console/index.html'), 'utf8').replace('/console/app.js', `/console/${app.name}`).replace('/console/console.css', `/console/${css.name}`);
if (!page.includes(app.name) || !page.includes(css.name)) throw new Error('web/console/index.html no longer names app.js and console.css');
emit('console', 'index', 'html', Buffer.from(page), { stable: true });
// The embedded agent view (/embed/): the console's live-view modules in a page of their own,
// with the console's stylesheet.
const embedApp = emit('embed', 'app', 'js', await build('src/embed/index.ts', { format: 'esm' }));
const embedCss = emit('embed', 'console', 'css', readFileSync(join(web, 'console/console.css')));
const embedPage = readFileSync(join(web, 'embed/index.html'), 'utf8').replace('/embed/app.js', `/embed/${embedApp.name}`).replace('/embed/console.css', `/embed/${embedCss.name}`);
if (!embedPage.includes(embedApp.name) || !embedPage.includes(embedCss.name)) throw new Error('web/embed/index.html no longer names app.js and console.css');
emit('embed', 'index', 'html', Buffer.from(embedPage), { stable: true });
// The npm packages (packages/*): each built to its dist/ as an ES module with its types. They
// are not embedded in the server; their own package.json names what they publish.
const packages = join(web, '..', 'packages');
for (const name of ['embed-host', 'sdk']) {
  const dir = join(packages, name);
  rmSync(join(dir, 'dist'), { recursive: true, force: true });
  await esbuild.build({ entryPoints: [join(dir, 'src/index.ts')], outfile: join(dir, 'dist/index.js'), bundle: true, format: 'esm', target: 'es2020', logLevel: 'warning' });
}
{
  const { execFileSync } = await import('node:child_process');
  const tsc = join(web, '..', 'node_modules/.bin/tsc');
  for (const name of ['embed-host', 'sdk']) {
    const dir = join(packages, name);
    execFileSync(tsc, ['--declaration', '--emitDeclarationOnly', '--strict', '--skipLibCheck', '--target', 'es2020', '--module', 'esnext', '--moduleResolution', 'bundler', '--lib', 'es2021,dom', '--rootDir', join(dir, 'src'), '--outDir', join(dir, 'dist'), join(dir, 'src/index.ts')], { stdio: 'inherit' });
  }
}
// The masking check's probe (`tandem scan` evaluates it in scanned pages through DevTools; no
// route serves it).
await esbuild.build({ ...common, entryPoints: [join(web, 'src/scan/probe.ts')], outfile: join(dist, 'scan/probe.js'), format: 'iife', globalName: 'TandemScan' });
await esbuild.build({ ...common, minify: false, entryPoints: [join(web, 'src/dom/harness.ts')], outfile: join(web, 'dist-test/dom-harness.js'), format: 'iife' });

cpSync(join(web, 'demo'), join(dist, 'demo'), { recursive: true });

// The demo's framework apps (web/demo-apps), built from the frameworks' npm packages so that
// remote control is tested against real React, Preact, Vue and Svelte (e2e/frameworks.spec.ts).
const svelte = {
  name: 'svelte',
  setup(b) {
    b.onLoad({ filter: /\.svelte$/ }, async (args) => {
      const { compile } = await import('svelte/compiler');
      return { contents: compile(readFileSync(args.path, 'utf8'), { filename: args.path, css: 'injected' }).js.code, loader: 'js' };
    });
  },
};
for (const [app, entry] of [['react', 'main.jsx'], ['preact', 'main.jsx'], ['vue', 'main.js'], ['svelte', 'main.js']]) {
  await esbuild.build({
    ...common,
    entryPoints: [join(web, 'demo-apps', app, entry)],
    outfile: join(dist, 'demo/apps', `${app}.js`),
    format: 'iife',
    jsx: 'automatic',
    // Vue's full build compiles the app's template in the browser.
    alias: { vue: 'vue/dist/vue.esm-bundler.js' },
    define: { 'process.env.NODE_ENV': '"production"', __VUE_OPTIONS_API__: 'true', __VUE_PROD_DEVTOOLS__: 'false', __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false' },
    plugins: [svelte],
  });
}

await gzipAll();

// What a page pays: the loader and the launcher on every page view; the core too while sharing.
const sizes = (files) => ['size', 'gz', 'br'].map((k) => files.reduce((n, f) => n + f[k], 0));
for (const [what, files, budget] of [['sdk page (loader + launcher)', [loader, launcher], PAGE_BUDGET_GZIP], ['sdk sharing (loader + launcher + core)', [loader, launcher, core], SDK_BUDGET_GZIP]]) {
  const [size, gz, br] = sizes(files);
  console.log(`${what}: ${size} bytes, ${gz} bytes gzip, ${br} bytes brotli (budget ${budget} gzip; ${files.map((f) => `${f.name} ${f.gz}`).join(', ')})`);
  if (gz > budget) {
    console.error(`${what} over budget by ${gz - budget} bytes gzip`);
    process.exit(1);
  }
}
console.log(`sdk invitations chunk: ${invite.gz} bytes gzip (loaded by pages of a company with invitation rules or presence)`);
// The chat and callback panels load only for a customer who uses them (src/sdk/webcontact.ts).
console.log(`sdk chat chunk: ${help.gz} bytes gzip`);
// Pointing and remote control load only on a shared page (src/sdk/remote.ts), with a budget of their own.
console.log(`sdk control chunk: ${control.gz} bytes gzip (budget ${CONTROL_BUDGET_GZIP})`);
if (control.gz > CONTROL_BUDGET_GZIP) {
  console.error(`sdk control chunk over budget by ${control.gz - CONTROL_BUDGET_GZIP} bytes gzip`);
  process.exit(1);
}
