// What a customer's browser downloads of the SDK (issue #12, "Delivery of the SDK"): the first
// page view gets it compressed; the next page view of the site downloads none of it again —
// everything the loader pulls in comes from the browser's cache, and the loader itself at most
// as a 304. Seen through Chromium's own network events (DevTools protocol), not the server.
import type { BrowserContext, Page } from '@playwright/test';
import { expect, signIn, test } from './fixtures';

interface Seen {
  url: string;
  status?: number;
  encoding?: string;
  fromCache: boolean;
}

/** Records every request the page makes from now on, as Chromium saw it. */
async function watchNetwork(context: BrowserContext, page: Page): Promise<Map<string, Seen>> {
  const seen = new Map<string, Seen>();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  cdp.on('Network.requestWillBeSent', (e) => seen.set(e.requestId, { url: e.request.url, fromCache: false }));
  cdp.on('Network.requestServedFromCache', (e) => {
    const s = seen.get(e.requestId);
    if (s) s.fromCache = true;
  });
  cdp.on('Network.responseReceived', (e) => {
    const s = seen.get(e.requestId);
    if (!s) return;
    s.status = e.response.status;
    s.encoding = Object.entries(e.response.headers).find(([k]) => k.toLowerCase() === 'content-encoding')?.[1];
    if (e.response.fromDiskCache || e.response.fromPrefetchCache) s.fromCache = true;
  });
  return seen;
}

const scripts = (seen: Map<string, Seen>, dir: string) =>
  [...seen.values()].filter((s) => new URL(s.url).pathname.startsWith(dir) && /\.(js|css)$/.test(new URL(s.url).pathname));

test('a second page view downloads nothing of the SDK but, at most, a 304 for the loader', async ({ customer, customerContext, tandem }) => {
  const seen = await watchNetwork(customerContext, customer);
  await customer.goto(`${tandem.url}/demo/index.html`);
  await expect(customer.getByRole('button', { name: 'Co-browsing code' })).toBeVisible();
  const first = scripts(seen, '/sdk/');
  expect(first.map((s) => new URL(s.url).pathname)).toContain('/sdk/tandem.js');
  for (const s of first) {
    expect(s.status, s.url).toBe(200);
    expect(s.encoding, `${s.url} arrives compressed`).toBe('br');
  }

  seen.clear();
  await customer.goto(`${tandem.url}/demo/checkout.html`);
  await expect(customer.getByRole('button', { name: 'Co-browsing code' })).toBeVisible();
  for (const s of scripts(seen, '/sdk/')) {
    const loader = new URL(s.url).pathname === '/sdk/tandem.js';
    expect(s.fromCache || (loader && s.status === 304), `${s.url}: ${JSON.stringify(s)}`).toBe(true);
  }
});

test("the console's script and stylesheet come from the cache on the agent's next visit", async ({ agent, agentContext, tandem }) => {
  const seen = await watchNetwork(agentContext, agent);
  await signIn(agent, tandem);
  const first = scripts(seen, '/console/');
  expect(first.length).toBe(2);
  for (const s of first) expect(s.encoding, s.url).toBe('br');

  seen.clear();
  await agent.goto(`${tandem.url}/console/`);
  await expect(agent.getByRole('heading', { name: 'Contacts' })).toBeVisible();
  const again = scripts(seen, '/console/');
  for (const s of again) expect(s.fromCache, `${s.url}: ${JSON.stringify(s)}`).toBe(true);
});
