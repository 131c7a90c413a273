// Seeded random DOM surgery (adds, removes, moves, detached subtrees that come back, shadow
// DOM, text and attribute changes, work split across microtasks and timers, and optionally the
// mask/block/widget markers coming and going): after every round
// the mirror must equal the page, and no gap may ever be reported.
import { test, expect } from '@playwright/test';
import { LAUNCH, canonical, openPair, startSite, type Site } from './helpers';

test.use({ launchOptions: LAUNCH });

let site: Site;
test.beforeAll(async () => { site = await startSite(); });
test.afterAll(async () => { await site.close(); });

for (const [seed, policy] of [[1, false], [7, false], [42, false], [1234, true], [99991, true], [5, true]] as const) {
  test(`fuzzed mutations stay consistent (seed ${seed}${policy ? ', with mask/block/ui markers toggling' : ''})`, async ({ browser }) => {
    const pair = await openPair(browser, site, site.origin + '/fixtures/fuzz.html');
    await pair.customer.evaluate((p) => { (window as any).fuzzPolicy = p; }, policy);
    for (let round = 0; round < 12; round++) {
      await pair.customer.evaluate(([s, r]) => (window as any).fuzz(s * 1000 + r, 60), [seed, round]);
      await pair.settle();
      expect(await pair.gaps(), `round ${round}`).toEqual([]);
      const [c, m] = await Promise.all([canonical(pair.customer, false), canonical(pair.agent, true)]);
      expect(m, `round ${round}`).toBe(c);
    }
    await pair.close();
  });
}
