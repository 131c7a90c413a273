// Fidelity as the agent sees it: screenshots of the customer's viewport and of the mirror
// iframe (sized to the customer's viewport by onViewport) are compared pixel by pixel.
import { test, expect } from '@playwright/test';
import { LAUNCH, openPair, screenDiff, startSite, type Site } from './helpers';

test.use({ launchOptions: LAUNCH });

let site: Site;
test.beforeAll(async () => { site = await startSite(); });
test.afterAll(async () => { await site.close(); });

const PAGES = [
  '/fixtures/basic.html', '/fixtures/cssinjs.html', '/fixtures/frame-parent.html', '/pages/rrweb/shadow-dom-slots.html',
  '/pages/rrweb/svg.html', '/pages/rrweb/form-fields.html', '/pages/rrweb/compat-mode.html',
  '/pages/real/wikipedia.html', '/pages/real/lwn.html', '/pages/real/mathjax.html', '/pages/real/hukumusume.html',
];

for (const path of PAGES) {
  test(`screenshot of ${path} matches the customer's`, async ({ browser }) => {
    const pair = await openPair(browser, site, site.origin + path);
    await pair.customer.evaluate(() => window.scrollTo(0, 300));
    await pair.settle();
    await pair.agent.waitForTimeout(300);
    const diff = await screenDiff(pair);
    console.log(`${path}: ${(diff * 100).toFixed(2)}% of pixels differ`);
    expect(diff).toBeLessThan(0.01);
    await pair.close();
  });
}

test('the screenshot comparison notices a visibly different mirror', async ({ browser }) => {
  const pair = await openPair(browser, site, site.origin + '/fixtures/basic.html');
  await pair.agent.evaluate(() => {
    const doc = (document.getElementById('mirror') as HTMLIFrameElement).contentDocument!;
    doc.getElementById('title')!.textContent = 'Something else entirely, in a much longer heading';
  });
  expect(await screenDiff(pair)).toBeGreaterThan(0.001);
  await pair.close();
});
