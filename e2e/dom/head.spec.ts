// What a page's <head> says is kept in the mirror, inert: a <meta http-equiv> (never a refresh
// or a CSP of the mirror's), a <meta name=referrer>, a link's rel with loading tokens, a
// script's attributes — each readable under a data-tandem- name — and a same-origin stylesheet
// link held as a <style> of its rules that says it was a link. Addresses keep no query, also
// in a meta's content (ARCHITECTURE.md §4.1). The fidelity report reads them back as the customer's elements.
import { test, expect } from '@playwright/test';
import { LAUNCH, inMirror, openPair, startSite, type Site } from './helpers';

test.use({ launchOptions: LAUNCH });

let site: Site;
test.beforeAll(async () => { site = await startSite(); });
test.afterAll(async () => { await site.close(); });

test('head elements are kept inert, with the customer\'s attributes readable', async ({ browser }) => {
  const pair = await openPair(browser, site, site.origin + '/fixtures/inert-head.html');
  const m = await inMirror(pair.agent, (doc) => {
    const attrs = (e: Element) => Object.fromEntries(e.getAttributeNames().map((n) => [n, e.getAttribute(n)]));
    return {
      metas: Array.from(doc.querySelectorAll('meta')).map(attrs),
      acting: doc.querySelectorAll('meta[http-equiv], meta[name=referrer]').length,
      links: Array.from(doc.querySelectorAll('link, [data-tandem-was=link]')).map((e) => [e.localName, attrs(e)]),
      script: attrs(doc.querySelector('[data-tandem-was=script]')!),
      color: getComputedStyle(doc.getElementById('linked')!).color,
    };
  });
  expect(m.acting).toBe(0);
  expect(m.metas).toEqual([
    { charset: 'utf-8' },
    { 'data-tandem-http-equiv': 'x-ua-compatible', content: 'ie=edge' },
    { 'data-tandem-http-equiv': 'content-security-policy', content: "img-src 'self'" },
    { 'data-tandem-name': 'referrer', content: 'unsafe-url' },
    // An address in a meta's content leaves as origin and path, like any other (§4.1).
    { property: 'og:url', content: 'http://127.0.0.1/account' },
  ]);
  expect(pair.wire.join('\n')).not.toContain('s3cr3t');
  const here = site.origin + '/fixtures/';
  expect(m.links).toEqual([
    ['style', { 'data-tandem-was': 'link', 'data-tandem-rel': 'stylesheet', 'data-tandem-href': here + 'basic.css', media: 'screen', id: 'sheet' }],
    ['link', { 'data-tandem-rel': 'dns-prefetch preconnect', 'data-tandem-href': 'https://cdn.example.com/' }],
    ['link', { 'data-tandem-rel': 'alternate', 'data-tandem-href': 'android-app://com.example/http/example.com/', rel: 'alternate' }],
  ]);
  expect(m.script).toEqual({ 'data-tandem-was': 'script', 'data-tandem-type': 'text/javascript', 'data-tandem-src': here + 'no-such.js', 'data-tandem-async': '' });
  expect(m.color).toBe('rgb(1, 99, 7)');

  // Changes reach the inlined link and the meta as they would the originals.
  await pair.customer.evaluate(() => {
    document.getElementById('sheet')!.setAttribute('media', 'print');
    document.querySelector('meta[name=referrer]')!.setAttribute('name', 'description');
  });
  await pair.settle();
  const after = await inMirror(pair.agent, (doc) => ({
    media: doc.getElementById('sheet')!.getAttribute('media'),
    color: getComputedStyle(doc.getElementById('linked')!).color,
    meta: [doc.querySelectorAll('meta[data-tandem-name]').length, doc.querySelectorAll('meta[name=description]').length],
  }));
  expect(after).toEqual({ media: 'print', color: 'rgb(0, 0, 0)', meta: [0, 1] });
  expect(await pair.gaps()).toEqual([]);
  await pair.close();
});
