// Robustness over time: an hour of page churn squeezed into about twenty seconds — adds,
// removes, moves, text, attributes, typing, same-origin iframes and shadow roots coming and
// going. At the end the mirror still equals the page, and after a full garbage collection
// neither the customer's page (capture) nor the agent's (mirror) holds more than it did after
// the warm-up: JS heap, DOM nodes, documents, frames and event listeners stay flat.
import { test, expect, type Page } from '@playwright/test';
import { LAUNCH, expectSameDom, openPair, startSite, type Site } from './helpers';

test.use({ launchOptions: LAUNCH });

let site: Site;
test.beforeAll(async () => { site = await startSite(); });
test.afterAll(async () => { await site.close(); });

type Metrics = Record<string, number>;

async function metrics(page: Page): Promise<Metrics> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  const out: Metrics = {};
  for (const m of list) if (['JSHeapUsedSize', 'Nodes', 'Documents', 'Frames', 'JSEventListeners'].includes(m.name)) out[m.name] = m.value;
  return out;
}

function expectFlat(who: string, before: Metrics, after: Metrics): void {
  const mb = (b: number) => (b / 2 ** 20).toFixed(1) + ' MB';
  console.log(`${who}: heap ${mb(before.JSHeapUsedSize)} → ${mb(after.JSHeapUsedSize)}, nodes ${before.Nodes} → ${after.Nodes}, ` +
    `documents ${before.Documents} → ${after.Documents}, frames ${before.Frames} → ${after.Frames}, listeners ${before.JSEventListeners} → ${after.JSEventListeners}`);
  expect(after.JSHeapUsedSize, `${who} JS heap`).toBeLessThan(before.JSHeapUsedSize * 1.2 + 2 * 2 ** 20);
  expect(after.Nodes, `${who} DOM nodes`).toBeLessThan(before.Nodes * 1.2 + 500);
  expect(after.Documents, `${who} documents`).toBeLessThanOrEqual(before.Documents + 2);
  expect(after.Frames, `${who} frames`).toBeLessThanOrEqual(before.Frames + 1);
  expect(after.JSEventListeners, `${who} event listeners`).toBeLessThanOrEqual(before.JSEventListeners + 20);
}

test('an hour of churn, compressed: the mirror matches at the end and no heap grows', async ({ browser }) => {
  test.setTimeout(150_000);
  const pair = await openPair(browser, site, site.origin + '/fixtures/churn.html');
  // Warm-up: the page reaches its steady size (120 items, 3 frames, 4 shadow hosts).
  await pair.customer.evaluate(() => (window as any).churn(80));
  await pair.settle();
  await expectSameDom(pair);
  const before = [await metrics(pair.customer), await metrics(pair.agent)];
  // 720 ticks ≈ an hour at five changes a second: ~17,000 list changes, 72 iframes, 100 shadow roots.
  await pair.customer.evaluate(() => (window as any).churn(720));
  await pair.settle();
  await expectSameDom(pair);
  expect(await pair.gaps()).toEqual([]);
  const after = [await metrics(pair.customer), await metrics(pair.agent)];
  expectFlat('customer (capture)', before[0], after[0]);
  expectFlat('agent (mirror)', before[1], after[1]);
  console.log(`${pair.wire.length} batches, ${(pair.wire.reduce((a, b) => a + b.length, 0) / 2 ** 20).toFixed(1)} MB of JSON`);
  await pair.close();
});
