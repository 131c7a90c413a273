// Lifecycles and failure modes: the SDK's own widgets are never captured, stop() undoes every
// patch, a page that breaks MutationObserver is still captured, and an inconsistent batch ends
// in exactly one onGap and a clean recovery on the next snapshot.
import { test, expect } from '@playwright/test';
import { LAUNCH, expectSameDom, inMirror, openPair, startSite, type Site } from './helpers';

test.use({ launchOptions: LAUNCH });

let site: Site;
test.beforeAll(async () => { site = await startSite(); });
test.afterAll(async () => { await site.close(); });

test('elements marked data-tandem-ui are never captured, nor their changes', async ({ browser }) => {
  const pair = await openPair(browser, site, site.origin + '/fixtures/mutations.html');
  await pair.customer.evaluate(() => {
    const host = document.createElement('div');
    host.setAttribute('data-tandem-ui', '');
    host.id = 'tandem-widget';
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = '<button>Stop co-browsing widget</button>';
    document.body.insertBefore(host, document.getElementById('holder'));
  });
  await pair.settle();
  await pair.customer.evaluate(() => {
    const host = document.getElementById('tandem-widget')!;
    host.shadowRoot!.querySelector('button')!.textContent = 'Widget changed';
    host.setAttribute('data-state', 'x');
    host.appendChild(document.createElement('span'));
    const p = document.createElement('p'); p.textContent = 'after the host';
    document.body.insertBefore(p, document.getElementById('holder'));
  });
  await pair.settle();
  const wire = pair.wire.join('\n');
  expect(wire).not.toContain('widget');
  expect(wire).not.toContain('Widget');
  expect(await inMirror(pair.agent, (doc) => doc.querySelector('[data-tandem-ui]'))).toBeNull();
  await expectSameDom(pair);
  expect(await pair.gaps()).toEqual([]);
  await pair.close();
});

test('stop() restores every patched prototype and stops emitting', async ({ browser }) => {
  const pair = await openPair(browser, site, site.origin + '/fixtures/cssinjs.html');
  const patched = await pair.customer.evaluate(() => {
    const names = () => [
      CSSStyleSheet.prototype.insertRule, CSSStyleSheet.prototype.deleteRule, Element.prototype.attachShadow,
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set,
      Object.getOwnPropertyDescriptor(Document.prototype, 'adoptedStyleSheets')!.set,
    ].map((f) => String(f).includes('[native code]'));
    const during = names();
    (window as any).__capture.stop();
    return { during, after: names() };
  });
  expect(patched.during).toEqual([false, false, false, false, false]);
  expect(patched.after).toEqual([true, true, true, true, true]);
  const before = pair.wire.length;
  await pair.customer.evaluate(() => { document.body.appendChild(document.createElement('hr')); (window as any).later(); });
  await pair.customer.waitForTimeout(300);
  expect(pair.wire.length).toBe(before);
  await pair.close();
});

test('a page that replaces MutationObserver is still captured', async ({ browser }) => {
  const pair = await openPair(browser, site, site.origin + '/pages/rrweb/monkey-patched-mutation.html');
  await pair.customer.evaluate(() => {
    const p = document.createElement('p'); p.textContent = 'added after the page broke MutationObserver';
    document.body.appendChild(p);
  });
  await pair.settle();
  await expectSameDom(pair);
  expect(await inMirror(pair.agent, (doc) => doc.body.textContent)).toContain('added after the page broke');
  await pair.close();
});

test('an inconsistent batch raises one onGap; the next snapshot recovers', async ({ browser }) => {
  const pair = await openPair(browser, site, site.origin + '/fixtures/mutations.html');
  await pair.agent.evaluate(() => {
    const m = (window as any).__mirror;
    m.apply([[1, 99999, 0, 500000, ['p', 0, 'orphan']], [4, 99998, 'x']]);
    m.apply([[3, 5, 'class', 'x']]);
  });
  expect(await pair.gaps()).toHaveLength(1);
  expect((await pair.gaps())[0]).toContain('unknown parent');
  await pair.customer.evaluate(() => { document.getElementById('text')!.textContent = 'after the gap'; (window as any).__capture.snapshot(); });
  await pair.settle();
  await pair.customer.evaluate(() => (window as any).mutate());
  await pair.settle();
  await expectSameDom(pair);
  expect(await pair.gaps()).toHaveLength(1);
  await pair.close();
});

test('a huge page and a huge burst are sent in slices and end up identical', async ({ browser }) => {
  // 150k nodes compared twice, structurally, on both sides: slow on a busy machine.
  test.setTimeout(150_000);
  const pair = await openPair(browser, site, site.origin + '/fixtures/huge.html');
  const nodes = await pair.customer.evaluate(() => {
    let n = 0;
    const walk = (x: Node) => { for (let c = x.firstChild; c; c = c.nextSibling) { n++; walk(c); } };
    walk(document);
    return n;
  });
  expect(nodes).toBeGreaterThan(100_000);
  // The snapshot went out in more than one batch (slices), then everything arrived.
  await expect.poll(async () => {
    await pair.settle();
    return (await pair.agent.evaluate(() => (document.getElementById('mirror') as HTMLIFrameElement).contentDocument!.querySelectorAll('.row').length));
  }, { timeout: 50_000 }).toBe(5000);
  expect(pair.wire.length).toBeGreaterThan(1);
  await expectSameDom(pair);
  await pair.customer.evaluate(() => (window as any).grow());
  await expect.poll(async () => {
    await pair.settle();
    return (await pair.agent.evaluate(() => (document.getElementById('mirror') as HTMLIFrameElement).contentDocument!.querySelectorAll('.row').length));
  }, { timeout: 50_000 }).toBe(10000);
  await expectSameDom(pair);
  expect(await pair.gaps()).toEqual([]);
  await pair.close();
});
