// The benchmarks' tiny HTTP server: the shared test pages under /pages/, the synthetic pages
// under /synthetic/NAME.html, a 1×1 image for every /img/ path, the agent page, and the
// in-memory script bundles under /lib/. Every HTML file is served as UTF-8 (see
// ../shared/pages/README.md: some pages declare other charsets). The customer is 127.0.0.1,
// the agent localhost: two origins, as in production.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SYNTHETIC, shopPage } from './synthetic.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The shared test pages, beside the repository (../shared/pages from its root, else the workplace's copy); TANDEM_PAGES
 * overrides (a git worktree elsewhere points it there). */
const PAGE_DIRS = [resolve(HERE, '../..', '../shared/pages'), '/work/shared/pages'];
export const SHARED = process.env.TANDEM_PAGES ?? PAGE_DIRS.find((d) => existsSync(d)) ?? PAGE_DIRS[0];
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.mp3': 'audio/mpeg', '.webm': 'video/webm', '.svg': 'image/svg+xml' };
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

export const AGENT_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>agent</title></head>
<body style="margin:0"><iframe id="mirror" title="Customer view" sandbox="allow-same-origin"
style="border:0;width:1280px;height:800px;display:block"></iframe></body></html>`;

/** `libs`: name → script text, served as /lib/NAME. */
export async function startServer(libs) {
  const pages = new Map();
  for (const [name, n] of Object.entries(SYNTHETIC)) pages.set(name, shopPage(n));
  pages.set('session', shopPage(1700, { session: true }));
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const send = (status, type, body) => { res.writeHead(status, type ? { 'content-type': type } : {}); res.end(body); };
    if (path === '/agent.html') return send(200, TYPES['.html'], AGENT_PAGE);
    if (path.startsWith('/img/')) return send(200, 'image/png', PIXEL);
    if (path.startsWith('/lib/') && libs[path.slice(5)]) return send(200, TYPES['.js'], libs[path.slice(5)]);
    const synthetic = /^\/synthetic\/(.+)\.html$/.exec(path);
    if (synthetic && pages.has(synthetic[1])) return send(200, TYPES['.html'], pages.get(synthetic[1]));
    if (path.startsWith('/pages/')) {
      const file = normalize(join(SHARED, path.slice('/pages/'.length)));
      if (file.startsWith(SHARED + '/')) {
        try { return send(200, TYPES[extname(file)] ?? 'application/octet-stream', await readFile(file)); } catch { /* 404 below */ }
      }
    }
    send(404, '', '');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const port = server.address().port;
  return {
    origin: `http://127.0.0.1:${port}`,
    agentOrigin: `http://localhost:${port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
