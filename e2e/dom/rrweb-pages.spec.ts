// The rrweb fixture pages (../shared/pages/rrweb/): tricky DOM of every kind mirrors with the
// same structure and no gap; the mutation benchmarks' bursts arrive intact.
import { test, expect } from '@playwright/test';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LAUNCH, SHARED, canonical, openPair, startSite, visibleText, type Site } from './helpers';

test.use({ launchOptions: LAUNCH });

let site: Site;
test.beforeAll(async () => { site = await startSite(); });
test.afterAll(async () => { await site.close(); });

const PAGES = readdirSync(join(SHARED, 'rrweb')).filter((f) => f.endsWith('.html')).sort();

for (const page of PAGES) {
  test(`rrweb page ${page}`, async ({ browser }) => {
    const pair = await openPair(browser, site, `${site.origin}/pages/rrweb/${page}`);
    await pair.customer.waitForTimeout(300);
    if (page.startsWith('benchmark-')) {
      await pair.customer.evaluate(() => (window as any).workload());
    }
    await pair.settle();
    expect(await pair.gaps()).toEqual([]);
    expect(await visibleText(pair.agent, true)).toBe(await visibleText(pair.customer, false));
    const [c, m] = await Promise.all([canonical(pair.customer, false), canonical(pair.agent, true)]);
    expect(m).toBe(c);
    await pair.close();
  });
}
