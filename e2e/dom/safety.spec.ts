// Invariant §4.2: the agent's mirror never runs the customer page's code. The hostile page
// tries every classic escape; its payloads set `top.pwned` (or open dialogs), and the agent
// page must never see either — while the customer page's own scripts did run.
import { test, expect } from '@playwright/test';
import { LAUNCH, inMirror, openPair, startSite, type Site } from './helpers';

test.use({ launchOptions: LAUNCH });

let site: Site;
test.beforeAll(async () => { site = await startSite(); });
test.afterAll(async () => { await site.close(); });

test('a hostile page runs nothing in the agent page', async ({ browser }) => {
  const pair = await openPair(browser, site, site.origin + '/fixtures/hostile.html');
  const dialogs: string[] = [];
  pair.agent.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  expect(await pair.customer.evaluate(() => (window as any).hostileRan)).toBe(true);

  await pair.customer.evaluate(() => (window as any).addLater());
  await pair.settle();
  // Interact with the mirror the way an agent might.
  const frame = pair.agent.frameLocator('#mirror');
  await frame.locator('h1').click();
  await frame.locator('h1').hover();
  await frame.locator('#jslink').click();
  await frame.locator('#vblink').click();
  await frame.locator('#submit').click();
  await pair.agent.waitForTimeout(500);

  expect(await pair.agent.evaluate(() => (window as any).pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  const m = await inMirror(pair.agent, (doc) => {
    const all = Array.from(doc.querySelectorAll('*'));
    const frames = Array.from(doc.querySelectorAll('iframe'));
    return {
      scripts: doc.querySelectorAll('script').length,
      handlers: all.filter((e) => e.getAttributeNames().some((n) => n.toLowerCase().startsWith('on'))).length,
      // eslint-disable-next-line no-control-regex -- the control characters a browser skips in a URL
      jsUrls: all.filter((e) => e.getAttributeNames().some((n) => /^\s*(javascript|vbscript):/i.test((e.getAttribute(n) ?? '').replace(/[\s\u0000-\u001f]/g, '')) && !n.startsWith('data-tandem-'))).length,
      base: doc.querySelectorAll('base').length,
      refresh: doc.querySelectorAll('meta[http-equiv]').length,
      objects: doc.querySelectorAll('object, embed, applet').length,
      srcdoc: doc.querySelectorAll('[srcdoc]').length,
      frameSrc: frames.filter((f) => f.hasAttribute('src')).length,
      unsandboxed: frames.filter((f) => f.getAttribute('sandbox') !== 'allow-same-origin').length,
      formAction: doc.querySelectorAll('form[action], [formaction]').length,
      cssJs: Array.from(doc.styleSheets).some((s) => Array.from(s.cssRules).some((r) => /javascript:/i.test(r.cssText))) ||
        all.some((e) => /javascript:/i.test(e.getAttribute('style') ?? '')),
      animateHref: doc.querySelectorAll('animate[attributeName=href]').length,
      autoplay: doc.querySelectorAll('[autoplay]').length,
      still: !!doc.querySelector('h1') && doc.defaultView!.location.href === window.location.href,
      srcdocText: frames.map((f) => f.contentDocument?.body?.textContent ?? '').join('|'),
    };
  });
  expect(m).toMatchObject({
    scripts: 0, handlers: 0, jsUrls: 0, base: 0, refresh: 0, objects: 0, srcdoc: 0, frameSrc: 0, unsandboxed: 0,
    formAction: 0, cssJs: false, animateHref: 0, autoplay: 0, still: true,
  });
  expect(m.srcdocText).toContain('in srcdoc');
  expect(await pair.gaps()).toEqual([]);
  await pair.close();
});

test('the mirror refuses hostile ops even if capture were bypassed', async ({ browser }) => {
  const pair = await openPair(browser, site, site.origin + '/fixtures/basic.html');
  const dialogs: string[] = [];
  pair.agent.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  // Hand-made batch: raw script, handlers, javascript: URLs, srcdoc, meta refresh, base.
  await pair.agent.evaluate(() => {
    const body = 0; void body;
    (window as any).__mirror.apply([
      [0, [2, [3, 'html', '', ''], ['html', 0,
        ['head', 0,
          ['base', ['href', 'javascript:top.pwned=1//']],
          ['meta', ['http-equiv', 'refresh', 'content', '0;url=javascript:top.pwned=2']],
          ['script', 0, 'top.pwned = 3'],
          ['style', 0, '@import "javascript:top.pwned=19"; body { background: url("javascript:top.pwned=4") }'],
          ['link', ['rel', 'import', 'href', 'javascript:top.pwned=5']],
          ['link', ['rel', 'stylesheet', 'data-tandem-href', 'javascript:top.pwned=16']]],
        ['body', ['onload', 'top.pwned=6'],
          ['img', ['src', 'x', 'onerror', 'top.pwned=7']],
          ['a', ['href', 'javascript:top.pwned=8', 'id', 'l'], 'x'],
          ['iframe', ['srcdoc', '<script>top.pwned=9</script>', 'src', 'javascript:top.pwned=10']],
          ['object', ['data', 'data:text/html,<script>top.pwned=11</script>']],
          ['s svg', 0, ['s script', 0, 'top.pwned=12'], ['s a', ['xlink:href', 'javascript:top.pwned=13'], 's']],
          ['form', ['action', 'javascript:top.pwned=14'], ['button', ['id', 'b'], 'b']],
          ['div', ['style', 'background-image:url(javascript:top.pwned=15)'], 'div'],
          ['iframe', ['data-tandem-src', 'javascript:top.pwned=17', 'sandbox', 'allow-scripts allow-same-origin']],
          ['s svg', 0, ['s animate', ['attributeName', 'href', 'to', 'javascript:top.pwned=18']]]]]]],
    ]);
  });
  await pair.agent.frameLocator('#mirror').locator('#l').click();
  await pair.agent.frameLocator('#mirror').locator('#b').click();
  await pair.agent.waitForTimeout(500);
  expect(await pair.agent.evaluate(() => (window as any).pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  const html = await inMirror(pair.agent, (doc) => doc.documentElement.outerHTML);
  // The customer's http-equiv may stay only as an inert data-tandem-http-equiv.
  expect(html).not.toMatch(/<script|onload=|onerror=|srcdoc=|(?<!data-tandem-)http-equiv|<base|<object|javascript:|allow-scripts/i);
  expect(await inMirror(pair.agent, (doc) => doc.querySelector('meta')?.getAttribute('data-tandem-http-equiv'))).toBe('refresh');
  await pair.close();
});
