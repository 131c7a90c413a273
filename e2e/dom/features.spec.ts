// Beyond plain markup: shadow DOM, same-origin frames, CSSOM-only styles, scrolling, the
// pointer and the location, canvas bitmaps.
import { test, expect } from '@playwright/test';
import { LAUNCH, expectSameDom, inMirror, openPair, startSite, visibleText, type Site } from './helpers';

test.use({ launchOptions: LAUNCH });

let site: Site;
test.beforeAll(async () => { site = await startSite(); });
test.afterAll(async () => { await site.close(); });

test('open shadow roots with slots are mirrored, also when attached later', async ({ browser }) => {
  const pair = await openPair(browser, site, site.origin + '/pages/rrweb/shadow-dom-slots.html');
  await expectSameDom(pair);
  const sizes = async (page: typeof pair.customer, mirror: boolean) => page.evaluate((m) => {
    const doc = m ? (document.getElementById('mirror') as HTMLIFrameElement).contentDocument! : document;
    const host = doc.querySelector('fancy-tabs')!;
    const r = host.getBoundingClientRect();
    const panels = host.shadowRoot!.getElementById('panels')!.getBoundingClientRect();
    return [r.width, r.height, panels.height];
  }, mirror);
  expect(await sizes(pair.agent, true)).toEqual(await sizes(pair.customer, false));
  await pair.customer.evaluate(() => {
    const host = document.createElement('div');
    host.id = 'late-host';
    document.body.appendChild(host);
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = '<p part="x">late shadow <b>content</b></p>';
    setTimeout(() => { root.querySelector('b')!.textContent = 'changed'; }, 0);
  });
  await pair.settle();
  await pair.customer.evaluate(() => {
    const root = document.getElementById('late-host')!.shadowRoot!;
    root.appendChild(document.createElement('hr'));
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('p { color: rgb(12, 34, 56); }');
    root.adoptedStyleSheets = [sheet];
    const input = document.createElement('input');
    input.id = 'shadow-input';
    root.appendChild(input);
  });
  await pair.settle();
  await pair.customer.locator('#late-host #shadow-input').fill('typed in a shadow root');
  await pair.settle();
  await expectSameDom(pair);
  const shadow = await inMirror(pair.agent, (doc) => {
    const root = doc.getElementById('late-host')!.shadowRoot!;
    return { color: getComputedStyle(root.querySelector('p')!).color, value: (root.getElementById('shadow-input') as HTMLInputElement).value };
  });
  expect(shadow).toEqual({ color: 'rgb(12, 34, 56)', value: 'typed in a shadow root' });
  expect(await pair.gaps()).toEqual([]);
  await pair.close();
});

test('same-origin iframes are mirrored with their own document and changes', async ({ browser }) => {
  const pair = await openPair(browser, site, site.origin + '/fixtures/frame-parent.html');
  await expectSameDom(pair);
  const frame = pair.customer.frameLocator('#child');
  await frame.locator('#fin').fill('typed in frame');
  await pair.customer.evaluate(() => ((document.getElementById('child') as HTMLIFrameElement).contentWindow as any).addItem('added in frame'));
  await pair.settle();
  await expectSameDom(pair);
  const m = await inMirror(pair.agent, (doc) => {
    const inner = (doc.getElementById('child') as HTMLIFrameElement).contentDocument!;
    return {
      compat: inner.compatMode, color: getComputedStyle(inner.getElementById('inner')!).color,
      sandbox: doc.getElementById('child')!.getAttribute('sandbox'), src: doc.getElementById('child')!.getAttribute('src'),
    };
  });
  expect(m.compat).toBe('BackCompat');
  expect(m.color).toBe('rgb(0, 128, 0)');
  expect(m.sandbox).toBe('allow-same-origin');
  expect(m.src).toBeNull();
  // The frame navigates: the mirror shows the new document.
  await pair.customer.evaluate(() => { (document.getElementById('child') as HTMLIFrameElement).src = 'basic.html'; });
  await pair.customer.waitForFunction(() => (document.getElementById('child') as HTMLIFrameElement).contentDocument?.title === 'Basic page');
  await pair.settle();
  await expectSameDom(pair);
  expect(await pair.gaps()).toEqual([]);
  await pair.close();
});

test('CSS-in-JS rules made with insertRule are mirrored and streamed', async ({ browser }) => {
  const pair = await openPair(browser, site, site.origin + '/fixtures/cssinjs.html');
  const colours = (page: typeof pair.customer, mirror: boolean) => page.evaluate((m) => {
    const doc = m ? (document.getElementById('mirror') as HTMLIFrameElement).contentDocument! : document;
    return ['a', 'b', 'm', 'c'].map((id) => getComputedStyle(doc.getElementById(id)!).backgroundColor);
  }, mirror);
  expect(await colours(pair.agent, true)).toEqual(await colours(pair.customer, false));
  expect((await colours(pair.agent, true))[0]).toBe('rgb(255, 0, 0)');
  await pair.customer.evaluate(() => (window as any).later());
  await pair.settle();
  const after = await colours(pair.customer, false);
  expect(after).toEqual(['rgb(0, 0, 77)', 'rgb(0, 200, 0)', 'rgb(1, 2, 3)', 'rgb(9, 8, 7)']);
  expect(await colours(pair.agent, true)).toEqual(after);
  expect(await pair.gaps()).toEqual([]);
  await pair.close();
});

test('rrweb CSSOM fixtures: rules only in CSSOM reach the mirror', async ({ browser }) => {
  for (const page of ['style.html', 'dynamic-stylesheet.html', 'background-clip-text.html']) {
    const pair = await openPair(browser, site, site.origin + '/pages/rrweb/' + page);
    const rules = (p: typeof pair.customer, mirror: boolean) => p.evaluate((m) => {
      const doc = m ? (document.getElementById('mirror') as HTMLIFrameElement).contentDocument! : document;
      // The mirror rewrites :hover and :focus to follow the customer's (mirror/ui.ts).
      return Array.from(doc.styleSheets).map((s) => Array.from(s.cssRules).map((r) => r.cssText).join('\n')
        .replace(/\[data-tandem-(hover|focus-visible|focus-within|focus)\]/g, ':$1'));
    }, mirror);
    expect(await rules(pair.agent, true), page).toEqual(await rules(pair.customer, false));
    await pair.close();
  }
});

test('window and element scrolling is applied; only the agent\'s own scrolling is reported', async ({ browser }) => {
  const pair = await openPair(browser, site, site.origin + '/fixtures/scroll.html');
  await pair.customer.evaluate(() => { document.getElementById('inner')!.scrollTop = 700; window.scrollTo(0, 1500); });
  await pair.settle();
  await pair.agent.waitForTimeout(100);
  const m = await inMirror(pair.agent, (doc) => ({ y: doc.defaultView!.scrollY, inner: doc.getElementById('inner')!.scrollTop }));
  expect(m).toEqual({ y: 1500, inner: 700 });
  expect(await pair.agent.evaluate(() => (window as any).__events.agentScroll.length)).toBe(0);
  await inMirror(pair.agent, (doc) => doc.defaultView!.scrollTo(0, 300));
  await pair.agent.waitForFunction(() => (window as any).__events.agentScroll.length > 0);
  expect(await pair.agent.evaluate(() => (window as any).__events.agentScroll.at(-1))).toEqual([0, 300]);
  await pair.close();
});

test('pointer, viewport and location reach the hooks; links in the mirror go nowhere', async ({ browser }) => {
  const pair = await openPair(browser, site, site.origin + '/fixtures/scroll.html');
  await pair.customer.mouse.move(120, 80);
  await pair.customer.mouse.move(140, 90);
  await pair.settle();
  const ev = await pair.agent.evaluate(() => (window as any).__events);
  expect(ev.pointer.at(-1)).toEqual([140, 90]);
  expect(ev.viewport[0]).toEqual([1280, 800, 1]);
  expect(ev.location[0]).toEqual([site.origin + '/fixtures/scroll.html', 'Scroll']);
  await pair.customer.evaluate(() => { history.pushState(null, '', '#moved'); document.title = 'Moved'; document.body.appendChild(document.createElement('i')); });
  await pair.settle();
  // The fragment does not leave (ARCHITECTURE.md §4.1: addresses go out as origin and path).
  expect((await pair.agent.evaluate(() => (window as any).__events.location)).at(-1)).toEqual([site.origin + '/fixtures/scroll.html', 'Moved']);
  await pair.customer.setViewportSize({ width: 900, height: 600 });
  await pair.settle();
  expect((await pair.agent.evaluate(() => (window as any).__events.viewport)).at(-1)).toEqual([900, 600, 1]);
  // Clicking a link inside the mirror does not navigate the mirror away.
  const frame = pair.agent.frameLocator('#mirror');
  await frame.locator('#link').scrollIntoViewIfNeeded();
  await frame.locator('#link').click();
  await pair.agent.waitForTimeout(300);
  expect(await inMirror(pair.agent, (doc) => !!doc.getElementById('inner'))).toBe(true);
  expect(pair.agent.frames().length).toBe(2);
  expect(await visibleText(pair.agent, true)).toBe(await visibleText(pair.customer, false));
  await pair.close();
});

test('2D canvas bitmaps are mirrored', async ({ browser }) => {
  const pair = await openPair(browser, site, site.origin + '/pages/rrweb/canvas.html');
  await pair.customer.waitForTimeout(1300);
  await pair.settle();
  const pixel = (p: typeof pair.customer, mirror: boolean) => p.evaluate((m) => {
    const doc = m ? (document.getElementById('mirror') as HTMLIFrameElement).contentDocument! : document;
    const c = doc.querySelector('canvas') as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let sum = 0;
    for (let i = 0; i < d.length; i += 4) sum += d[i] + d[i + 1] + d[i + 2] + d[i + 3];
    return sum > 0;
  }, mirror);
  expect(await pixel(pair.customer, false)).toBe(true);
  await expect.poll(() => pixel(pair.agent, true), { timeout: 5000 }).toBe(true);
  await pair.close();
});

test('typing in a long field sends what changed, not the whole value', async ({ browser }) => {
  const pair = await openPair(browser, site, site.origin + '/fixtures/form.html');
  const long = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(20);
  await pair.customer.fill('#notes', long);
  await pair.settle();
  const before = pair.wire.length;
  await pair.customer.click('#notes');
  await pair.customer.keyboard.press('End');
  await pair.customer.keyboard.type(' and more');
  await pair.settle(); // one edit at the end, then one in the middle (a frame may merge both)
  await pair.customer.evaluate(() => { const t = document.getElementById('notes') as HTMLTextAreaElement; t.setRangeText('', 10, 20, 'end'); t.dispatchEvent(new Event('input', { bubbles: true })); });
  await pair.settle();
  const typed = pair.wire.slice(before).join('');
  expect(typed).not.toContain('consectetur');
  expect(typed.length).toBeLessThan(800);
  const [c, m] = await Promise.all([
    pair.customer.evaluate(() => (document.getElementById('notes') as HTMLTextAreaElement).value),
    inMirror(pair.agent, (doc) => (doc.getElementById('notes') as HTMLTextAreaElement).value),
  ]);
  expect(m).toBe(c);
  expect(await pair.gaps()).toEqual([]);
  await pair.close();
});
