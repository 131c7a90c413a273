// The document checksum (web/src/dom/digest.ts): capture and mirror sum the same canonical view
// of the document, so on real pages — masked, private by default, with shadow roots and frames —
// the sums agree after every change, and a mirror changed behind the engine's back is caught.
import { test, expect } from '@playwright/test';
import { LAUNCH, openPair, startSite, type Pair, type Site } from './helpers';

test.use({ launchOptions: LAUNCH });

let site: Site;
test.beforeAll(async () => { site = await startSite(); });
test.afterAll(async () => { await site.close(); });

/** Checksum ops sent so far. */
const checks = (pair: Pair) => pair.wire.filter((b) => b.includes('[17,')).length;

/** Wait until capture has sent `n` more checksums, all applied by the mirror. */
async function checked(pair: Pair, n = 2): Promise<void> {
  const start = checks(pair);
  await expect.poll(async () => { await pair.settle(); return checks(pair) - start; }, { timeout: 15_000 }).toBeGreaterThanOrEqual(n);
}

const PAGES: Array<[string, Parameters<typeof openPair>[3]]> = [
  ['/pages/real/wikipedia.html', {}],
  ['/pages/rrweb/shadow-dom-slots.html', {}],
  ['/fixtures/frame-parent.html', {}],
  ['/fixtures/form.html', { maskSelector: 'label, textarea' }],
  ['/fixtures/private.html', { privateByDefault: true, unmaskSelector: '.public' }],
  ['/pages/real/cnn-money.html', { maskSelector: 'h2, .nav', blockSelector: 'img' }],
];

for (const [path, opts] of PAGES) {
  test(`capture and mirror agree on the checksum of ${path} as it changes`, async ({ browser }) => {
    const pair = await openPair(browser, site, site.origin + path, opts);
    await checked(pair);
    await pair.customer.evaluate(() => {
      const b = document.body;
      const p = document.createElement('p');
      p.textContent = 'added later, with text';
      b.insertBefore(p, b.firstChild);
      const texts = document.createTreeWalker(b, NodeFilter.SHOW_TEXT);
      for (let i = 0, t = texts.nextNode(); t && i < 50; i++, t = texts.nextNode()) if (i % 7 === 0) (t as Text).data += ' changed';
      b.lastElementChild?.remove();
    });
    await checked(pair);
    expect(await pair.gaps()).toEqual([]);
    await pair.close();
  });
}

test('a mirror changed behind the engine\'s back fails its next checksum', async ({ browser }) => {
  const pair = await openPair(browser, site, site.origin + '/fixtures/basic.html');
  await checked(pair, 1);
  expect(await pair.gaps()).toEqual([]);
  // Same length, other text: only the checksum can tell.
  await pair.agent.evaluate(() => {
    const doc = (document.getElementById('mirror') as HTMLIFrameElement).contentDocument!;
    const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      const text = t as Text;
      if (text.data.trim().length > 3) { text.data = text.data.replace(/\S/, (c) => (c === 'x' ? 'y' : 'x')); break; }
    }
  });
  await expect.poll(async () => { await pair.settle(); return (await pair.gaps()).join(); }, { timeout: 15_000 }).toContain('checksum');
  await pair.close();
});
