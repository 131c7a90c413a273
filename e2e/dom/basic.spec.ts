// The mirror equals the customer page: a static page, then script mutations of every kind.
import { test, expect } from '@playwright/test';
import { LAUNCH, expectSameDom, inMirror, openPair, startSite, visibleText, type Site } from './helpers';

test.use({ launchOptions: LAUNCH });

let site: Site;
test.beforeAll(async () => { site = await startSite(); });
test.afterAll(async () => { await site.close(); });

test('a basic page mirrors exactly', async ({ browser }) => {
  const pair = await openPair(browser, site, site.origin + '/fixtures/basic.html');
  await expectSameDom(pair);
  expect(await visibleText(pair.agent, true)).toBe(await visibleText(pair.customer, false));
  // URLs arrive absolute; same-document references stay relative.
  const urls = await inMirror(pair.agent, (doc) => ({
    img: doc.querySelector('img')!.getAttribute('src'),
    a: doc.querySelector('nav a')!.getAttribute('href'),
    root: doc.querySelectorAll('nav a')[1].getAttribute('href'),
    use: doc.querySelector('use')!.getAttribute('href'),
    bg: (doc.querySelector('p') as HTMLElement).style.backgroundImage,
    compat: doc.compatMode,
    svgNs: doc.querySelector('circle')!.namespaceURI,
    foNs: doc.querySelector('foreignObject div')!.namespaceURI,
    mathNs: doc.querySelector('mi')!.namespaceURI,
  }));
  expect(urls.img).toBe(site.origin + '/fixtures/img/pic.png');
  expect(urls.a).toBe(site.origin + '/fixtures/other.html');
  expect(urls.root).toBe(site.origin + '/root.html');
  expect(urls.use).toBe('#c');
  expect(urls.bg).toContain(site.origin + '/fixtures/img/dot.png');
  expect(urls.compat).toBe('CSS1Compat');
  expect(urls.svgNs).toBe('http://www.w3.org/2000/svg');
  expect(urls.foNs).toBe('http://www.w3.org/1999/xhtml');
  expect(urls.mathNs).toBe('http://www.w3.org/1998/Math/MathML');
  const box = await inMirror(pair.agent, (doc) => getComputedStyle(doc.getElementById('box')!).backgroundColor);
  expect(box).toBe('rgb(10, 120, 200)');
  // A readable same-origin stylesheet travels as rules: the mirror does not fetch it.
  const linked = await inMirror(pair.agent, (doc) => ({
    color: getComputedStyle(doc.getElementById('linked')!).color,
    links: doc.querySelectorAll('link[href]').length,
    rules: Array.from(doc.querySelectorAll('style')).map((s) => s.textContent).join('\n'),
  }));
  expect(linked.color).toBe('rgb(1, 99, 7)');
  expect(linked.links).toBe(0);
  expect(linked.rules).toContain(site.origin + '/fixtures/img/linked.png');
  expect(await pair.gaps()).toEqual([]);
  await pair.close();
});

test('script mutations (add, remove, move, attributes, text) are mirrored', async ({ browser }) => {
  const pair = await openPair(browser, site, site.origin + '/fixtures/mutations.html');
  await pair.customer.evaluate(() => (window as any).mutate());
  await pair.settle();
  await expectSameDom(pair);
  await pair.customer.evaluate(() => (window as any).mutate2());
  await pair.settle();
  await expectSameDom(pair);
  expect(await pair.gaps()).toEqual([]);
  await pair.close();
});
