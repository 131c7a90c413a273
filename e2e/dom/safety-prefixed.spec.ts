// Invariant §4.2, second front: names and attributes that are dangerous only in disguise — a
// prefix on an element name (`x:script` in SVG is a real script, `x:set` a real animation), a
// <meta> or <link> that changes how the mirror loads, SVG animations and <use> that pull in
// URLs, CSS that binds behaviour. A hand-made batch (capture bypassed) feeds them to the real
// mirror; nothing may survive in its DOM, run, or reach the canary URL counted here.
import { test, expect } from '@playwright/test';
import { LAUNCH, inMirror, openPair, startSite, type Site } from './helpers';

test.use({ launchOptions: LAUNCH });

let site: Site;
test.beforeAll(async () => { site = await startSite(); });
test.afterAll(async () => { await site.close(); });

const DANGEROUS = ['script', 'set', 'animate', 'animatetransform', 'animatemotion', 'base', 'iframe', 'object', 'embed', 'frame'];

test('prefixed, meta, link, animation, use and CSS tricks are refused by the mirror', async ({ browser }) => {
  const pair = await openPair(browser, site, site.origin + '/fixtures/basic.html');
  const canary: string[] = [];
  pair.agent.context().on('request', (r) => { if (r.url().includes('/canary/')) canary.push(r.url()); });
  const dialogs: string[] = [];
  pair.agent.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  const c = site.origin + '/canary/';
  await pair.agent.evaluate((c) => {
    (window as any).__mirror.apply([
      [0, [2, [3, 'html', '', ''], ['html', 0,
        ['head', 0,
          ['meta', ['charset', 'utf-8']],
          ['meta', ['name', 'viewport', 'content', 'width=device-width']],
          ['meta', ['name', 'Referrer', 'content', 'unsafe-url']],
          ['meta', ['HTTP-EQUIV', 'refresh', 'content', '0;url=' + c + 'refresh']],
          ['x:meta', ['http-equiv', 'refresh', 'content', '0;url=' + c + 'xrefresh']],
          ['x:base', ['href', c + 'base/']],
          ['x:script', 0, 'top.pwned = 1'],
          ['link', ['rel', 'preload', 'as', 'image', 'href', c + 'preload']],
          ['link', ['rel', 'preload', 'as', 'image', 'imagesrcset', c + 'srcset 1x', 'imagesizes', '100px']],
          ['link', ['rel', 'PreFetch', 'href', c + 'prefetch']],
          ['link', ['rel', 'modulepreload', 'href', c + 'module']],
          ['link', ['rel', 'prerender', 'href', c + 'prerender']],
          ['link', ['rel', 'dns-prefetch preconnect', 'href', c + 'dns']],
          ['link', ['rel', 'import', 'href', c + 'import']],
          ['style', 0, 'div { -moz-binding: url(' + c + 'binding); behavior: url(' + c + 'htc); width: expression(top.pwned=2); scroll-behavior: smooth }' +
            ' @import url("javascript:top.pwned=3"); @import "jav\tascript:top.pwned=4";']],
        ['body', 0,
          ['h1', ['id', 'title'], 'still here'],
          ['div', ['id', 'styled', 'style', '-moz-binding:url(' + c + 'b2); behavior:url(' + c + 'h2); width:expression(top.pwned=5)'], 'styled'],
          ['s svg', ['width', '200', 'height', '100'],
            ['s x:script', 0, 'top.pwned = 6'],
            ['s X:SCRIPT', ['href', c + 'svgscript']],
            ['s image', ['id', 'img', 'width', '10', 'height', '10'],
              ['s x:set', ['attributeName', 'href', 'to', c + 'set', 'begin', '0s']],
              ['s x:animate', ['attributeName', 'xlink:href', 'values', 'a;' + c + 'animate', 'dur', '0.01s', 'fill', 'freeze']]],
            ['s a', ['id', 'sa', 'href', '#'],
              ['s set', ['attributeName', 'href', 'to', 'javascript:top.pwned=7']],
              ['s foo:Set', ['attributeName', 'onclick', 'to', 'top.pwned=8']],
              ['s text', ['y', '20'], 'svg link']],
            ['s x:animateTransform', ['attributeName', 'href']],
            ['s x:animateMotion', ['attributeName', 'href']],
            ['s use', ['href', 'data:image/svg+xml,<svg id="x" xmlns="http://www.w3.org/2000/svg"><image href="' + c + 'datause"/></svg>#x']],
            ['s use', ['xlink:href', c + 'ext.svg#x']],
            ['s use', ['href', '#img']],
            ['s x:foreignObject', ['width', '10', 'height', '10'], ['x:iframe', ['src', c + 'xframe']], ['h iframe', ['src', c + 'hframe']]],
            ['s x:iframe', ['src', c + 'svgframe']],
            ['s x:object', ['data', c + 'svgobject']],
            ['s x:embed', ['src', c + 'svgembed']],
            ['s x:base', ['href', c + 'svgbase/']]],
          ['math', 0, ['m x:script', 0, 'top.pwned = 9'], ['m mi', ['href', 'javascript:top.pwned=10'], 'x']],
          ['a', ['id', 'pinged', 'href', '#', 'ping', c + 'ping'], 'ping'],
          ['a', ['id', 'ent', 'href', '&#x6a;avascript:top.pwned=11'], 'entity'],
          ['a', ['id', 'ws', 'href', ' \n JaVa\tScRiPt:top.pwned=12'], 'ws'],
          ['a', ['id', 'dataa', 'href', 'DATA:Text/HTML,<script>top.pwned=13</script>'], 'data'],
          ['form', ['id', 'f', 'action', ' javascript:top.pwned=14', 'target', 'x'],
            ['button', ['id', 'fb', 'formaction', 'data:text/html,x', 'formtarget', 'y'], 'go']],
          ['iframe', ['srcdoc', '<p>x</p>', 'src', c + 'iframe']],
          ['object', ['data', c + 'object']],
          ['embed', ['src', c + 'embed']]]]]],
    ]);
  }, c);
  const frame = pair.agent.frameLocator('#mirror');
  await expect(frame.locator('#title')).toHaveText('still here');
  await frame.locator('#sa').click();
  await frame.locator('#pinged').click();
  await frame.locator('#ws').click();
  await frame.locator('#fb').click();
  // Let any animation, preload or ping happen; wait on the page's own clock, not a sleep.
  await pair.agent.evaluate(() => new Promise((r) => setTimeout(r, 600)));
  expect.soft(canary).toEqual([]);
  expect(await pair.agent.evaluate(() => (window as any).pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  const m = await inMirror(pair.agent, (doc, dangerous: string[]) => {
    const all = Array.from(doc.querySelectorAll('*'));
    const local = (e: Element) => e.localName.toLowerCase().replace(/^.*:/, '');
    return {
      // Prefixed names never survive; unprefixed animations may, but never aimed at an href or handler.
      dangerous: all.filter((e) => e.localName !== 'template' && dangerous.includes(local(e)) && (e.tagName.includes(':') ||
        (/^(?:set|animate)/.test(local(e)) ? /href|^on/i.test(e.getAttribute('attributeName') ?? '') : local(e) !== 'iframe' || e.hasAttribute('src')))).map((e) => e.tagName),
      animations: all.filter((e) => /^(?:set|animate)/.test(local(e))).length,
      // What acts is gone; the customer's http-equiv and referrer name stay inert, under data-tandem- names.
      meta: all.filter((e) => local(e) === 'meta').map((e) => e.getAttributeNames().filter((n) => n !== 'charset' && n !== 'content' && !n.startsWith('data-tandem-') && !(n === 'name' && e.getAttribute(n) === 'viewport'))).flat(),
      inertMeta: all.filter((e) => local(e) === 'meta').map((e) => e.getAttribute('data-tandem-http-equiv') ?? e.getAttribute('data-tandem-name')).filter((v) => v !== null),
      linkRels: all.filter((e) => local(e) === 'link').map((e) => e.getAttribute('rel') ?? '').filter((r) => /preload|prefetch|prerender|preconnect|import/i.test(r)),
      linkAttrs: all.filter((e) => local(e) === 'link' && (e.hasAttribute('href') || e.hasAttribute('imagesrcset') || e.hasAttribute('imagesizes'))).length,
      uses: all.filter((e) => local(e) === 'use').map((e) => e.getAttribute('href') ?? e.getAttributeNS('http://www.w3.org/1999/xlink', 'href')),
      bindings: /-moz-binding|(?:^|[^-])behavior\s*:|expression\(|javascript/i.test(doc.documentElement.outerHTML),
      ping: doc.querySelectorAll('[ping]').length,
      hrefs: Array.from(doc.querySelectorAll('#ent, #ws, #dataa')).map((a) => a.getAttribute('href')),
      form: all.filter((e) => e.hasAttribute('action') || e.hasAttribute('formaction') || e.hasAttribute('target') && local(e) !== 'a' || e.hasAttribute('formtarget')).map((e) => e.tagName),
      stillViewport: !!doc.querySelector('meta[name=viewport]') && !!doc.querySelector('meta[charset]'),
      stillUse: !!doc.querySelector('use[href="#img"]'),
    };
  }, DANGEROUS);
  expect(m).toEqual({
    dangerous: [], animations: 1, meta: [], inertMeta: ['Referrer', 'refresh'], linkRels: [], linkAttrs: 0, uses: [null, null, '#img'], bindings: false, ping: 0,
    hrefs: ['&#x6a;avascript:top.pwned=11', null, null], form: [], stillViewport: true, stillUse: true,
  });
  await pair.close();
});

test('attribute changes cannot turn mirrored elements dangerous later', async ({ browser }) => {
  const pair = await openPair(browser, site, site.origin + '/fixtures/basic.html');
  const canary: string[] = [];
  pair.agent.context().on('request', (r) => { if (r.url().includes('/canary/')) canary.push(r.url()); });
  const c = site.origin + '/canary/';
  await pair.agent.evaluate((c) => {
    const m = (window as any).__mirror;
    // Ids: document 1, doctype 2, html 3, head 4, link 5, meta 6, body 7, svg 8, image 9, set 10, use 11, iframe 12.
    m.apply([[0, [2, [3, 'html', '', ''], ['html', 0,
      ['head', 0, ['link', ['rel', 'author']], ['meta', ['name', 'description', 'content', 'x']]],
      ['body', 0, ['s svg', ['width', '100', 'height', '100'],
        ['s image', ['width', '10', 'height', '10'], ['s set', ['attributeName', 'x', 'to', '1']]],
        ['s use', ['href', '#a']]], ['iframe', ['title', 'f']]]]]]]);
    m.apply([
      [3, 5, 'rel', 'PreLoad', 'as', 'image', 'href', c + 'oppreload', 'imagesrcset', c + 'opsrcset 1x'],
      [3, 6, 'name', ' referrer', 'content', 'unsafe-url'],
      [3, 10, 'attributeName', 'xlink:HREF', 'to', c + 'opset'],
      [3, 11, 'href', c + 'opuse.svg#x'],
      [3, 12, 'sandbox', 'allow-scripts', 'src', 'javascript:top.pwned=1', 'data-tandem-src', c + 'opframe'],
      [3, 12, 'sandbox', null],
    ]);
  }, c);
  await pair.agent.evaluate(() => new Promise((r) => setTimeout(r, 600)));
  expect.soft(canary).toEqual([]);
  const m = await inMirror(pair.agent, (doc) => ({
    link: doc.querySelector('link')!.getAttributeNames().sort(),
    meta: doc.querySelector('meta')!.getAttribute('name'),
    set: doc.querySelector('set')!.getAttribute('attributeName'),
    use: doc.querySelector('use')!.getAttribute('href'),
    frame: doc.querySelector('iframe')!.getAttribute('sandbox'),
  }));
  expect(m).toEqual({ link: ['as', 'data-tandem-href', 'data-tandem-imagesrcset', 'data-tandem-rel'], meta: null, set: 'x', use: null, frame: 'allow-same-origin' });
  await pair.close();
});
