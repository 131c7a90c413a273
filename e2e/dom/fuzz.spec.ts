// Seeded random DOM surgery (adds, removes, moves, detached subtrees that come back, shadow
// DOM, text and attribute changes, work split across microtasks and timers): after every round
// the mirror must equal the page, and no gap may ever be reported.
import { test, expect } from '@playwright/test';
import { LAUNCH, canonical, openPair, startSite, type Site } from './helpers';

test.use({ launchOptions: LAUNCH });

let site: Site;
test.beforeAll(async () => { site = await startSite(); });
test.afterAll(async () => { await site.close(); });

for (const seed of [1, 7, 42, 1234, 99991]) {
  test(`fuzzed mutations stay consistent (seed ${seed})`, async ({ browser }) => {
    const pair = await openPair(browser, site, site.origin + '/fixtures/fuzz.html');
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
