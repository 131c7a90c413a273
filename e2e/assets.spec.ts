// Asset delivery through Tandem (issue #14): the customer's page is on another origin than the
// console (`localhost` against `127.0.0.1`); its icon font is served without CORS headers and
// its images and stylesheet live on the site. The agent's view shows the font and the images,
// and the agent's browser asks no origin but Tandem's for anything while mirroring.
import { enterCode, expect, mirror, signIn, startTandem, startWithCode, test } from './fixtures';

test('the agent sees the site’s CORS-refused font and images, fetched only from Tandem', async ({ agent, agentContext, customer, tandem }) => {
  const asked: string[] = [];
  agentContext.on('request', (r) => asked.push(r.url()));
  await signIn(agent, tandem);
  const code = await startWithCode(agent);
  await customer.goto(`${tandem.localhostUrl}/demo/index.html`);
  await enterCode(customer, code);
  await customer.getByRole('dialog', { name: 'Accept co-browsing?' }).getByRole('button', { name: 'Yes' }).click();
  await expect(agent.getByRole('status')).toHaveText('Co-browsing');
  const view = mirror(agent);
  // The customer's own page has its font.
  await expect.poll(() => customer.evaluate(() => document.fonts.check('16px "Demo Icons"') && [...document.fonts].some((f) => f.family.replace(/"/g, '') === 'Demo Icons' && f.status === 'loaded'))).toBe(true);
  // So does the agent's view: the font face loaded (a refused font ends in "error").
  await expect(view.locator('.trust-badge')).toHaveText('✓ ★ ♥');
  const frame = (await (await agent.locator('iframe[title="Customer view"]').elementHandle())!.contentFrame())!;
  await expect.poll(() => frame.evaluate(() => [...document.fonts].filter((f) => f.family.replace(/"/g, '') === 'Demo Icons').map((f) => f.status).join()), { timeout: 10_000 }).toBe('loaded');
  // The lamp picture and the logo show.
  const lamp = view.getByRole('img', { name: 'Yellow desk lamp' });
  await lamp.scrollIntoViewIfNeeded();
  await expect.poll(() => lamp.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  await expect.poll(() => view.locator('a.brand img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  // Nothing the agent's browser asked for went to the customer's site (or anywhere else).
  const own = new URL(tandem.url).origin;
  const foreign = asked.filter((u) => /^https?:/.test(u) && new URL(u).origin !== own);
  expect(foreign).toEqual([]);
  expect(asked.some((u) => u.includes('/asset?url=') && u.includes('icons.ttf'))).toBe(true);
});

test('the demo run as `make demo` runs it shows the shop’s own pictures, font and stylesheet to the agent', async ({ agent, agentContext, customer }) => {
  // No test flags: the asset proxy fetches nothing from loopback, so the demo site's files must
  // come from the server's own copy.
  const { tandem, stop } = await startTandem([], undefined, { loopbackAssets: false });
  const answers: { url: string; status: number }[] = [];
  agentContext.on('response', (r) => {
    if (r.url().includes('/asset?url=')) answers.push({ url: decodeURIComponent(r.url().split('url=')[1]), status: r.status() });
  });
  await signIn(agent, tandem);
  const code = await startWithCode(agent);
  await customer.goto(`${tandem.url}/demo/index.html`);
  await enterCode(customer, code);
  await customer.getByRole('dialog', { name: 'Accept co-browsing?' }).getByRole('button', { name: 'Yes' }).click();
  await expect(agent.getByRole('status')).toHaveText('Co-browsing');
  const view = mirror(agent);
  const lamp = view.getByRole('img', { name: 'Yellow desk lamp' });
  await lamp.scrollIntoViewIfNeeded();
  await expect.poll(() => lamp.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  await expect.poll(() => view.locator('a.brand img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  const frame = (await (await agent.locator('iframe[title="Customer view"]').elementHandle())!.contentFrame())!;
  await expect.poll(() => frame.evaluate(() => [...document.fonts].filter((f) => f.family.replace(/"/g, '') === 'Demo Icons').map((f) => f.status).join())).toBe('loaded');
  // Every file the view asked Tandem for was delivered.
  await expect.poll(() => answers.filter((a) => /\.(svg|ttf|css)$/.test(a.url)).length).toBeGreaterThanOrEqual(3);
  expect(answers.filter((a) => a.status !== 200)).toEqual([]);
  await agent.screenshot({ path: 'e2e/results/demo-assets-agent.png' });
  await stop();
});
