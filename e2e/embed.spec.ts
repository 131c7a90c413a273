// The agent view embedded in another application, and the customer SDK as an npm package, each
// on an origin of its own, as integrators run them: a CRM page on 127.0.0.2 frames `/embed/`
// with a token its back end minted (`@tandem/embed-host`), and the customer's shop on
// `localhost` loads the SDK through `@tandem/sdk` (bundled here with esbuild, as a site's build
// would) under the Content-Security-Policy the README gives. Tandem itself is on 127.0.0.1.
// A third origin, 127.0.0.3, is not one of the company's embed origins: it may not frame the
// view, and what it posts to the view is ignored.
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { seriousViolations } from './axe';
import { test, expect, enterCode, signIn, startTandem, type Tandem } from './fixtures';
import type { APIRequestContext, Page } from '@playwright/test';

// `localhost` (the shop) is the company's web domain; 127.0.0.1 serves only Tandem.
test.use({ tandemArgs: ['--domain', 'localhost'] });

let server: Server;
let port = 0;
let shopJs = '';
const hostJs = () => readFileSync('packages/embed-host/dist/index.js', 'utf8');
const crm = () => `http://127.0.0.2:${port}`;
const shop = () => `http://localhost:${port}`;
const evil = () => `http://127.0.0.3:${port}`;
let tandemOrigin = '';

/** The README's lines for a site with a Content-Security-Policy: Tandem in script-src and
 * connect-src (http and ws here; https and wss in production). */
const shopCsp = () => `default-src 'self'; script-src 'self' ${tandemOrigin}; connect-src 'self' ${tandemOrigin} ${tandemOrigin.replace('http', 'ws')}`;

const CRM_PAGE = `<!doctype html><html lang="en"><title>CRM</title>
<h1>CRM</h1>
<button id="start">Start</button> <button id="push">Push link</button> <button id="stop">Stop</button>
<ol aria-label="Tandem events"></ol>
<div id="view" style="height:720px"></div>
<script type="module">
import { embed } from '/embed-host.js';
const p = new URLSearchParams(location.hash.slice(1));
const list = document.querySelector('ol');
window.tandemEvents = [];
const view = embed({ server: p.get('server'), token: p.get('token'), container: document.getElementById('view') });
view.on('*', (e) => { window.tandemEvents.push(e); list.append(Object.assign(document.createElement('li'), { textContent: JSON.stringify(e) })); });
document.getElementById('start').onclick = () => view.start();
document.getElementById('push').onclick = () => view.pushLink(p.get('link'));
document.getElementById('stop').onclick = () => view.stop();
window.addIntruder = (src) => document.body.append(Object.assign(document.createElement('iframe'), { src, title: 'Intruder' }));
</script></html>`;

// Posts commands to the embedded view (the CRM's first frame) from another origin.
const INTRUDER_PAGE = `<!doctype html><title>Intruder</title><script>
parent.frames[0].postMessage({ tandem: 'embed', command: 'stop' }, '*');
parent.frames[0].postMessage({ tandem: 'embed', command: 'push_link', url: 'https://evil.example/' }, '*');
document.title = 'sent';
</script>`;

const SHOP_PAGE = `<!doctype html><html lang="en"><title>Shop</title>
<h1>Lamps</h1><p>A lamp for every room.</p><label>Card number <input autocomplete="cc-number" value="4111111111111111"></label>
<script src="/shop.js"></script></html>`;

test.beforeAll(async ({ tandem }) => {
  tandemOrigin = tandem.url;
  // The shop's bundle: `import { init } from '@tandem/sdk'`, resolved to the built package.
  const out = await build({
    stdin: { contents: `import { init } from '@tandem/sdk'; void init({ server: ${JSON.stringify(tandem.url)}, maskSelector: '.secret' });`, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true, format: 'iife', write: false, alias: { '@tandem/sdk': './packages/sdk' }, logLevel: 'warning',
  });
  shopJs = out.outputFiles[0].text;
  server = createServer((req, res) => {
    const host = req.headers.host ?? '';
    const path = (req.url ?? '/').split('?')[0];
    const send = (type: string, body: string, headers: Record<string, string> = {}) => res.writeHead(200, { 'content-type': type, ...headers }).end(body);
    if (host.startsWith('127.0.0.2') && path === '/crm.html') return send('text/html', CRM_PAGE);
    if (host.startsWith('127.0.0.2') && path === '/embed-host.js') return send('text/javascript', hostJs());
    if (host.startsWith('127.0.0.3') && path === '/intruder.html') return send('text/html', INTRUDER_PAGE);
    if (host.startsWith('127.0.0.3') && path === '/frame.html') return send('text/html', `<!doctype html><title>Framer</title><iframe title="Stolen view" src="${tandem.url}/embed/"></iframe>`);
    if (host.startsWith('localhost') && path === '/shop.html') return send('text/html', SHOP_PAGE, { 'content-security-policy': shopCsp() });
    if (host.startsWith('localhost') && path === '/lamps.html') return send('text/html', SHOP_PAGE.replace('<h1>Lamps</h1>', '<h1>Desk lamps</h1>'), { 'content-security-policy': shopCsp() });
    if (host.startsWith('localhost') && path === '/shop.js') return send('text/javascript', shopJs);
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '0.0.0.0', r));
  port = (server.address() as { port: number }).port;
});

test.afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** The integration's back end: signs in, allows the CRM's origin, creates a contact and mints
 * an embed token for it. */
async function integration(request: APIRequestContext, tandem: Tandem, origins: string[]) {
  const login = await request.post(`${tandem.url}/api/login`, { data: { username: tandem.username, password: tandem.password } });
  const auth = { authorization: `Bearer ${(await login.json()).token}` };
  const set = await request.put(`${tandem.url}/api/settings/embed`, { headers: auth, data: { origins } });
  expect(set.status()).toBe(200);
  const contact = await (await request.post(`${tandem.url}/api/contacts`, { headers: auth, data: { channel: 'phone', customer: 'Ada Lovelace' } })).json();
  const minted = await request.post(`${tandem.url}/api/embed-tokens`, { headers: auth, data: { contact: contact.id, origin: crm() } });
  expect(minted.status()).toBe(200);
  return { auth, contact: contact.id as string, token: (await minted.json()).token as string };
}

const openCrm = (page: Page, tandem: Tandem, token: string, link = `${shop()}/lamps.html`) =>
  // (a query of its own per token: a new fragment alone would not load the page again)
  page.goto(`${crm()}/crm.html?t=${token.slice(-4)}#server=${encodeURIComponent(tandem.url)}&token=${encodeURIComponent(token)}&link=${encodeURIComponent(link)}`);

const eventsOf = (page: Page) => page.evaluate(() => (window as unknown as { tandemEvents: { type: string; state?: string | null; accepted?: boolean; endedBy?: string | null }[] }).tandemEvents);

test('a CRM on another origin runs a whole session in the embedded view; the customer uses the npm SDK under the README CSP', async ({ tandem, agent, customer, request }) => {
  const { token } = await integration(request, tandem, [crm()]);
  await openCrm(agent, tandem, token);
  const view = agent.frameLocator('iframe[title="Co-browsing"]');
  await expect(view.getByRole('status')).toHaveText('Not co-browsing');
  // Nothing of the console but the contact's co-browsing: no contact list, no sign-out.
  await expect(view.getByRole('heading', { name: 'Contacts' })).toHaveCount(0);
  await expect(view.getByRole('button', { name: 'Sign out' })).toHaveCount(0);

  // The CRM starts co-browsing through the postMessage API; the view shows the code.
  await agent.getByRole('button', { name: 'Start' }).click();
  const codeBox = view.getByLabel('Co-browsing code');
  await expect(codeBox).toHaveValue(/^\d{6}$/);
  const code = await codeBox.inputValue();
  await expect.poll(async () => (await eventsOf(agent)).find((e) => e.type === 'code')).toEqual({ type: 'code', code });

  // The customer, on a shop that loads the SDK from its bundle under a strict CSP.
  const violations: string[] = [];
  customer.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await customer.goto(`${shop()}/shop.html`);
  await enterCode(customer, code);
  const consent = customer.getByRole('dialog', { name: 'Accept co-browsing?' });
  await expect(consent).toBeVisible();
  await consent.getByRole('button', { name: 'Yes' }).click();
  await expect(view.getByRole('status')).toHaveText('Co-browsing');
  const mirror = view.frameLocator('iframe[title="Customer view"]');
  await expect(mirror.getByRole('heading', { name: 'Lamps' })).toBeVisible();
  await expect(mirror.locator('input')).not.toHaveValue(/4111/);
  // The modes and the Link Menu are there.
  await expect(view.locator('[data-mode]')).toHaveAttribute('data-mode', 'view');
  await expect(view.getByRole('button', { name: 'Link Menu' })).toBeVisible();

  // A page on an origin that is not an embed origin posts "stop" and a link to the view: ignored.
  await agent.evaluate((src) => (window as unknown as { addIntruder(s: string): void }).addIntruder(src), `${evil()}/intruder.html`);
  await expect.poll(() => agent.frame({ url: /intruder/ })?.title()).toBe('sent');
  // The CRM pushes a link on the shop's own site: the customer goes there, and so does the
  // view. The intruder's link (another site, which the customer would be asked about) and its
  // "stop", posted before, never arrived.
  await agent.getByRole('button', { name: 'Push link' }).click();
  await expect(customer).toHaveURL(`${shop()}/lamps.html`);
  await expect(mirror.getByRole('heading', { name: 'Desk lamps' })).toBeVisible();
  await expect(customer.getByRole('dialog', { name: 'You are about to be redirected. OK?' })).toHaveCount(0);
  await expect(view.getByRole('status')).toHaveText('Co-browsing');

  // The CRM stops; every event arrived, once each, in order.
  await agent.getByRole('button', { name: 'Stop' }).click();
  await expect(view.getByRole('status')).toHaveText('Ended by you');
  await expect.poll(async () => (await eventsOf(agent)).map((e) => [e.type, e.state ?? e.accepted ?? e.endedBy ?? ''].join(':'))).toEqual([
    'ready:', 'state:', 'state:awaiting_code', 'code:', 'state:awaiting_consent', 'state:active', 'consent:true', 'state:ended', 'ended:agent',
  ]);
  expect(violations).toEqual([]);
});

test('the embed page is framed only by the embed origins; a wrong or withdrawn token opens nothing', async ({ tandem, agent, request }) => {
  const { auth, token } = await integration(request, tandem, [crm()]);
  // The header: the CRM's origin may frame the view, nobody else; the console is unchanged.
  const page = await request.get(`${tandem.url}/embed/`);
  const csp = page.headers()['content-security-policy'];
  expect(csp).toContain(`frame-ancestors ${crm()}`);
  expect(csp).not.toContain('127.0.0.3');
  expect(page.headers()['x-frame-options']).toBeUndefined();
  expect((await request.get(`${tandem.url}/console/`)).headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  // In the browser: a page on 127.0.0.3 cannot frame it.
  const refused = agent.waitForEvent('console', (m) => m.text().includes('frame-ancestors'));
  await agent.goto(`${evil()}/frame.html`);
  await refused;

  // A token altered by one character: refused, nothing shown.
  await openCrm(agent, tandem, token.slice(0, -1) + (token.endsWith('0') ? '1' : '0'));
  const view = agent.frameLocator('iframe[title="Co-browsing"]');
  await expect(view.getByRole('alert')).toContainText('embed token is unknown or has expired');
  await expect(view.getByRole('button', { name: 'Start co-browsing' })).toHaveCount(0);
  // The right token works, until the CRM's origin is taken off the list.
  await openCrm(agent, tandem, token);
  await expect(view.getByRole('button', { name: 'Start co-browsing' })).toBeVisible();
  const bearer = { authorization: `Bearer ${token}` };
  expect((await request.get(`${tandem.url}/api/embed`, { headers: bearer })).status()).toBe(200);
  expect((await request.put(`${tandem.url}/api/settings/embed`, { headers: auth, data: { origins: [] } })).status()).toBe(200);
  expect((await request.get(`${tandem.url}/api/embed`, { headers: bearer })).status()).toBe(401);
  expect((await request.get(`${tandem.url}/embed/`)).headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  // An embed token is not a sign-in: the rest of the API does not take it.
  expect((await request.get(`${tandem.url}/api/contacts`, { headers: bearer })).status()).toBe(401);
});

test('an admin names the applications that may embed the agent view in the console, told which line is wrong and why', async ({ agent, request }) => {
  // Company-wide: a server of its own.
  const own = await startTandem();
  try {
    await signIn(agent, own.tandem);
    await agent.getByRole('button', { name: 'Admin' }).click();
    const section = agent.getByRole('region', { name: 'Embedding' });
    const field = section.getByLabel('Applications that may embed the agent view (origins, one per line)');
    const save = section.getByRole('button', { name: 'Save embed origins' });
    await expect(field).toHaveValue('');

    // Mistakes an admin makes: no scheme, a page's address instead of its origin.
    await field.fill('crm.example.com');
    await save.click();
    await expect(section.getByRole('alert')).toHaveText('Line 1: “crm.example.com” is not an address; write it with https://, e.g. https://crm.example.com.');
    await expect(field).toBeFocused();
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await field.fill(`https://crm.example.com\n${crm()}/crm.html`);
    await save.click();
    await expect(section.getByRole('alert')).toHaveText(`Line 2: “${crm()}/crm.html” has a path, query or fragment; an origin is the scheme, host and port only, e.g. https://crm.example.com.`);
    await field.fill('ftp://crm.example.com');
    await save.click();
    await expect(section.getByRole('alert')).toContainText('must start with https://');
    expect(await seriousViolations(agent, 'section[aria-label="Embedding"]'), 'embedding, refused').toEqual([]);
    // Nothing was saved meanwhile.
    expect((await request.get(`${own.tandem.url}/embed/`)).headers()['content-security-policy']).toContain("frame-ancestors 'none'");

    // Right: saved as browsers write origins, and the page may be framed by them at once.
    await field.fill(`HTTPS://CRM.Example.com:443\n\n${crm()}`);
    await save.click();
    await expect(section.getByRole('status')).toHaveText('Saved. These applications may embed the agent view now.');
    await expect(section.getByRole('alert')).toHaveText('');
    await expect(field).not.toHaveAttribute('aria-invalid');
    await expect(field).toHaveValue(`https://crm.example.com\n${crm()}`);
    expect(await seriousViolations(agent, 'section[aria-label="Embedding"]'), 'embedding, saved').toEqual([]);
    expect((await request.get(`${own.tandem.url}/embed/`)).headers()['content-security-policy']).toContain(`frame-ancestors https://crm.example.com ${crm()}`);
    await agent.reload();
    await agent.getByRole('button', { name: 'Admin' }).click();
    await expect(field).toHaveValue(`https://crm.example.com\n${crm()}`);

    // The CRM on that origin frames the view with a token minted for it.
    const login = await request.post(`${own.tandem.url}/api/login`, { data: { username: own.tandem.username, password: own.tandem.password } });
    const auth = { authorization: `Bearer ${(await login.json()).token}` };
    const contact = await (await request.post(`${own.tandem.url}/api/contacts`, { headers: auth, data: { channel: 'phone', customer: 'Embed Admin' } })).json();
    const minted = await request.post(`${own.tandem.url}/api/embed-tokens`, { headers: auth, data: { contact: contact.id, origin: crm() } });
    expect(minted.status()).toBe(200);
    const crmPage = await agent.context().newPage();
    await openCrm(crmPage, own.tandem, (await minted.json()).token);
    await expect(crmPage.frameLocator('iframe[title="Co-browsing"]').getByRole('status')).toHaveText('Not co-browsing');
    await crmPage.close();

    // Emptied: no application may frame it.
    await field.fill('');
    await save.click();
    await expect(section.getByRole('status')).toHaveText('Saved. No application may embed the agent view.');
    expect((await request.get(`${own.tandem.url}/embed/`)).headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  } finally {
    await own.stop();
  }
});

test('the embedded view speaks the agent’s browser language: Swedish in a Swedish browser', async ({ tandem, browser, request }) => {
  const { token } = await integration(request, tandem, [crm()]);
  const swedish = await browser.newContext({ locale: 'sv-SE' });
  const page = await swedish.newPage();
  await openCrm(page, tandem, token);
  const view = page.frameLocator('iframe[title="Co-browsing"]');
  await expect(view.getByRole('status')).toHaveText('Ingen samsurfning');
  await expect(view.locator('html')).toHaveAttribute('lang', 'sv');
  const frame = page.frames().find((f) => f.url().startsWith(`${tandem.url}/embed/`))!;
  expect(await seriousViolations(frame), 'inbäddad vy').toEqual([]);
  await view.getByRole('button', { name: 'Starta samsurfning' }).click();
  await expect(view.getByLabel('Kod för samsurfning')).toHaveValue(/^\d{6}$/);
  await expect(view.getByRole('status')).toHaveText('Väntar på att kunden ska ange koden …');
  await view.getByRole('button', { name: 'Länkmeny' }).click();
  await expect(view.getByRole('tab', { name: 'Sidans länkar' })).toBeVisible();
  expect(await seriousViolations(frame), 'inbäddad vy: kod och länkmeny').toEqual([]);
  await view.getByRole('button', { name: 'Avsluta samsurfning' }).click();
  await expect(view.getByRole('status')).toHaveText('Avslutad av dig');
  await swedish.close();
});
