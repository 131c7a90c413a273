// Fidelity on real applications installed from npm, not written here: reveal.js's own demo
// presentation (its package ships demo.html with its built scripts and themes) and Swagger UI
// (swagger-ui-dist, a React app) showing a local API description. Capture and mirror run on
// them as on any site; the mirror must match the page as DOM and as pixels, also after the
// customer used the app.
import { test, expect } from '@playwright/test';
import { LAUNCH, expectSameDom, openPair, screenDiff, startSite, type Pair, type Site } from './helpers';

test.use({ launchOptions: LAUNCH });

let site: Site;
test.beforeAll(async () => { site = await startSite(); });
test.afterAll(async () => { await site.close(); });

async function expectSameLook(pair: Pair, what: string): Promise<void> {
  await pair.settle();
  await pair.agent.waitForTimeout(300);
  await expectSameDom(pair);
  const diff = await screenDiff(pair);
  console.log(`${what}: ${(diff * 100).toFixed(2)}% of pixels differ`);
  expect(diff, what).toBeLessThan(0.01);
}

test('reveal.js demo presentation: slides, keyboard navigation, vertical slides', async ({ browser }) => {
  const pair = await openPair(browser, site, site.origin + '/apps/reveal/demo.html');
  const c = pair.customer;
  await c.waitForFunction(() => (window as any).Reveal?.isReady());
  await expectSameLook(pair, 'reveal.js title slide');
  for (const key of ['ArrowRight', 'ArrowRight', 'ArrowDown']) {
    await c.keyboard.press(key);
    await c.waitForTimeout(900); // the slide transition
  }
  expect(await c.evaluate(() => (window as any).Reveal.getIndices())).toEqual({ h: 2, v: 1, f: undefined });
  await expectSameLook(pair, 'reveal.js slide 2/1');
  await c.keyboard.press('o'); // the overview of every slide
  await c.waitForTimeout(900);
  await expectSameLook(pair, 'reveal.js overview');
  expect(await pair.gaps()).toEqual([]);
  await pair.close();
});

test('Swagger UI: operations expand, "Try it out" takes typing', async ({ browser }) => {
  const pair = await openPair(browser, site, site.origin + '/apps/swagger/index.html');
  const c = pair.customer;
  await c.waitForSelector('.opblock-summary');
  await expectSameLook(pair, 'Swagger UI operations');
  await c.click('#operations-orders-listOrders .opblock-summary');
  await c.click('#operations-orders-listOrders .try-out__btn');
  await c.fill('#operations-orders-listOrders input[placeholder="limit"]', '42');
  await c.selectOption('#operations-orders-listOrders select', 'shipped');
  await c.click('#operations-products-searchProducts .opblock-summary');
  await c.waitForTimeout(400);
  await expectSameLook(pair, 'Swagger UI with two operations open');
  const mirrored = await pair.agent.frameLocator('#mirror').locator('#operations-orders-listOrders input[placeholder="limit"]').inputValue();
  expect(mirrored).toBe('42');
  expect(await pair.gaps()).toEqual([]);
  await pair.close();
});
