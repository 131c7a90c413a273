// Fidelity on saved copies of real sites (../shared/pages/real/): every page mirrors without a
// gap, with the same visible text and the same DOM structure as the customer's.
import { test, expect } from '@playwright/test';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LAUNCH, SHARED, canonical, openPair, startSite, visibleText, type Site } from './helpers';

test.use({ launchOptions: LAUNCH });

let site: Site;
test.beforeAll(async () => { site = await startSite(); });
test.afterAll(async () => { await site.close(); });

const PAGES = readdirSync(join(SHARED, 'real')).filter((f) => f.endsWith('.html')).sort();

for (const page of PAGES) {
  test(`real page ${page} mirrors faithfully`, async ({ browser }) => {
    const pair = await openPair(browser, site, `${site.origin}/pages/real/${page}`);
    await pair.customer.waitForTimeout(200);
    await pair.settle();
    expect(await pair.gaps()).toEqual([]);
    expect(await visibleText(pair.agent, true)).toBe(await visibleText(pair.customer, false));
    const [c, m] = await Promise.all([canonical(pair.customer, false), canonical(pair.agent, true)]);
    expect(m).toBe(c);
    await pair.close();
  });
}
