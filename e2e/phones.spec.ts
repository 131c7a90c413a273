// A customer on a phone (issue #14, "Phones"): Chromium's device emulation of a Pixel 7 (touch,
// a meta viewport, a device pixel ratio of 2.625) shares the demo shop. The agent's "Customer
// view" is the phone's screen: the mirror is laid out at the phone's width, follows its
// scrolling, its pinch zoom (a real pinch gesture, `Input.synthesizePinchGesture`), its
// on-screen keyboard and its orientation, and shows the customer's finger. The agent's
// Ctrl+click mark and Alt+click land on the element the customer sees where the agent clicked.
// Screenshots of both sides go to the test's output folder (or $TANDEM_SHOTS).
import { devices, type Locator, type Page } from '@playwright/test';
import { expect, mirror, shareSession, test as base } from './fixtures';

const PHONE = devices['Pixel 7'];

const test = base.extend({
  customerContext: async ({ browser }, use) => {
    const ctx = await browser.newContext({ ...PHONE });
    await use(ctx);
    await ctx.close();
  },
});

const shotPath = (name: string) => (process.env.TANDEM_SHOTS ? `${process.env.TANDEM_SHOTS}/${name}` : test.info().outputPath(name));

/** Screenshots of both sides, attached to the report. */
async function shots(agent: Page, customer: Page, name: string): Promise<void> {
  const view = (await agent.locator('.viewport').boundingBox())!;
  const a = await agent.screenshot({ path: shotPath(`${name}-agent.png`), clip: { x: view.x - 8, y: view.y - 8, width: view.width + 16, height: view.height + 16 } });
  const c = await customer.screenshot({ path: shotPath(`${name}-customer.png`) });
  await test.info().attach(`${name}-agent.png`, { body: a, contentType: 'image/png' });
  await test.info().attach(`${name}-customer.png`, { body: c, contentType: 'image/png' });
}

interface Visual { x: number; y: number; width: number; height: number; scale: number; innerWidth: number; innerHeight: number }

async function visual(customer: Page): Promise<Visual> {
  return customer.evaluate(() => {
    const v = window.visualViewport!;
    return { x: v.offsetLeft, y: v.offsetTop, width: v.width, height: v.height, scale: v.scale, innerWidth, innerHeight };
  });
}

/** Where the centre of `selector` is on the customer's screen, as fractions of the screen (the
 * visual viewport: what the phone shows). */
async function onPhoneScreen(customer: Page, selector: string): Promise<{ x: number; y: number }> {
  return customer.locator(selector).evaluate((el) => {
    const r = el.getBoundingClientRect();
    const v = window.visualViewport!;
    return { x: (r.left + r.width / 2 - v.offsetLeft) / v.width, y: (r.top + r.height / 2 - v.offsetTop) / v.height };
  });
}

/** Where the centre of a mirrored element is in the agent's view, as fractions of the view. */
async function onAgentScreen(agent: Page, target: Locator): Promise<{ x: number; y: number }> {
  const view = (await agent.locator('.viewport').boundingBox())!;
  const box = (await target.boundingBox())!;
  return { x: (box.x + box.width / 2 - view.x) / view.width, y: (box.y + box.height / 2 - view.y) / view.height };
}

/** The agent's view shows `selector` where the phone's screen shows it (within 1.5 % of the screen). */
async function sameSpot(agent: Page, customer: Page, selector: string): Promise<void> {
  await expect.poll(async () => {
    const phone = await onPhoneScreen(customer, selector);
    const view = await onAgentScreen(agent, mirror(agent).locator(selector));
    return Math.max(Math.abs(phone.x - view.x), Math.abs(phone.y - view.y));
  }, { message: `${selector} at the same spot of both screens` }).toBeLessThan(0.015);
}

/** A pinch on the phone, centred on a point of its screen: Chromium's synthetic pinch gesture,
 * which zooms as fingers do (its `touch` source does nothing on a headless page; the default
 * one does). */
async function pinch(customer: Page, x: number, y: number, scale: number): Promise<void> {
  const cdp = await customer.context().newCDPSession(customer);
  await cdp.send('Input.synthesizePinchGesture', { x, y, scaleFactor: scale, relativeSpeed: 800 });
  await expect.poll(async () => (await visual(customer)).scale).toBeCloseTo(scale, 1);
  await cdp.detach();
}

/** A finger swipe on the phone's screen, as touch events (negative: the finger moves up, and
 * the page with it). */
async function swipe(customer: Page, x: number, y: number, dy: number): Promise<void> {
  const cdp = await customer.context().newCDPSession(customer);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
  for (let i = 1; i <= 10; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: y + (dy * i) / 10 }] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

/** Waits for a fling after a swipe to come to rest (two looks a frame apart agree). */
async function settled(customer: Page): Promise<void> {
  await expect.poll(() => customer.evaluate(() => new Promise<boolean>((done) => {
    const at = () => [scrollX, scrollY, visualViewport!.offsetLeft, visualViewport!.offsetTop].join();
    const before = at();
    requestAnimationFrame(() => requestAnimationFrame(() => done(at() === before)));
  }))).toBe(true);
}

const iframeSize = (agent: Page) => agent.locator('iframe[title="Customer view"]').evaluate((f: HTMLIFrameElement) => [f.offsetWidth, f.offsetHeight]);

test('the agent sees the phone’s screen: its width, its layout, its scrolling and the customer’s finger', async ({ agent, customer, tandem }) => {
  const view = await shareSession(agent, customer, tandem, 'index.html');
  const screen = await visual(customer);
  expect(screen.innerWidth).toBe(PHONE.viewport.width);
  // The mirror is laid out at the phone's width and height, whatever the agent's window is.
  await expect.poll(() => iframeSize(agent)).toEqual([screen.innerWidth, screen.innerHeight]);
  await expect(view.locator('html')).toHaveJSProperty('clientWidth', screen.innerWidth);
  // The phone's layout (its media queries): a product card is as wide in the mirror as on the phone.
  const cardWidth = (page: Page | ReturnType<typeof mirror>) => page.locator('#product-1').evaluate((el) => Math.round(el.getBoundingClientRect().width));
  expect(await cardWidth(view)).toBe(await cardWidth(customer));
  // The view has the phone screen's proportions, scaled to fit the console.
  const box = (await agent.locator('.viewport').boundingBox())!;
  expect(Math.abs(box.width / box.height - screen.innerWidth / screen.innerHeight)).toBeLessThan(0.01);
  await sameSpot(agent, customer, 'h1');

  // A swipe scrolls the phone; the view follows.
  await swipe(customer, 200, 600, -700);
  await settled(customer);
  expect(await customer.evaluate(() => scrollY)).toBeGreaterThan(300);
  await expect.poll(async () => Math.abs(await view.locator('html').evaluate((el) => el.ownerDocument.defaultView!.scrollY) - await customer.evaluate(() => scrollY))).toBeLessThan(2);
  await sameSpot(agent, customer, '#product-2 button');

  // A tap shows the customer's finger in the view, where the finger is on the phone.
  const tap = { x: 120, y: 420 };
  await customer.touchscreen.tap(tap.x, tap.y);
  const finger = agent.locator('.viewport .pointer.touch');
  await expect(finger).toBeVisible();
  await expect.poll(async () => {
    const v = (await agent.locator('.viewport').boundingBox())!;
    const f = (await finger.boundingBox())!;
    return Math.max(Math.abs((f.x - v.x) / v.width - tap.x / screen.width), Math.abs((f.y - v.y) / v.height - tap.y / screen.height));
  }).toBeLessThan(0.015);
  await shots(agent, customer, 'phone-scrolled');
});

test('a pinch zoom on the phone zooms the agent’s view to what the phone shows; the agent’s marks and clicks land there', async ({ agent, customer, tandem }) => {
  const view = await shareSession(agent, customer, tandem, 'index.html');
  await customer.locator('#product-2').scrollIntoViewIfNeeded();
  const mug = (await customer.locator('button[data-product="mug"]').boundingBox())!;
  await pinch(customer, mug.x + mug.width / 2, mug.y + mug.height / 2, 2.5);
  const zoomed = await visual(customer);
  expect(zoomed.width).toBeLessThan(PHONE.viewport.width / 2);
  // The view follows the visual viewport: the same region, at the same zoom.
  await sameSpot(agent, customer, 'button[data-product="mug"]');
  await sameSpot(agent, customer, '#product-2 h3');
  await expect(agent.getByRole('note').filter({ hasText: 'Zoomed in' })).toHaveText('Zoomed in 250 %');
  // The mirror keeps the phone's layout width (zooming does not re-lay out a page).
  expect(await iframeSize(agent)).toEqual([zoomed.innerWidth, zoomed.innerHeight]);
  // Panning the zoomed view by a swipe moves the visual viewport; the view follows.
  const before = (await visual(customer)).y;
  await swipe(customer, 200, 500, -120);
  await settled(customer);
  expect((await visual(customer)).y).not.toBe(before);
  await sameSpot(agent, customer, 'button[data-product="mug"]');
  await shots(agent, customer, 'phone-zoomed');

  // Ctrl+click on the mug's button in the zoomed view: the customer's circle is on that button.
  const button = view.locator('button[data-product="mug"]');
  const b = (await button.boundingBox())!;
  const p = { x: b.x + b.width * 0.3, y: b.y + b.height / 2 };
  await agent.mouse.move(p.x, p.y);
  await agent.keyboard.down('Control');
  await expect(agent.locator('.viewport')).toHaveAttribute('data-mode', 'point');
  await agent.mouse.click(p.x, p.y);
  await agent.keyboard.up('Control');
  const circle = customer.getByRole('img', { name: /is pointing here/ });
  await expect(circle).toBeVisible();
  const [c, real] = await Promise.all([
    circle.evaluate((el) => { const r = el.getBoundingClientRect(); return { x: r.left + r.width / 2, y: r.top + r.height / 2 }; }),
    customer.locator('button[data-product="mug"]').evaluate((el) => { const r = el.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, x: r.left + r.width * 0.3 }; }),
  ]);
  expect(c.x, 'the circle is on the button, where the agent clicked').toBeGreaterThan(real.left);
  expect(c.x).toBeLessThan(real.right);
  expect(Math.abs(c.x - real.x)).toBeLessThan(3);
  expect(c.y).toBeGreaterThan(real.top);
  expect(c.y).toBeLessThan(real.bottom);
  await shots(agent, customer, 'phone-zoomed-mark');

  // Alt+click on the same button adds the mug to the customer's basket.
  await expect(customer.locator('#cart-count')).toHaveText('0 items');
  await agent.keyboard.down('Alt');
  await expect(agent.locator('.viewport')).toHaveAttribute('data-mode', 'control');
  await agent.mouse.click(p.x, p.y);
  await agent.keyboard.up('Alt');
  await expect(customer.locator('#cart-count')).toHaveText('1 item');
  await expect(view.locator('#cart-count')).toHaveText('1 item');
});

test('turning the phone re-lays out the agent’s view; the on-screen keyboard shows', async ({ agent, customer, tandem }) => {
  const view = await shareSession(agent, customer, tandem, 'index.html');
  const portrait = await visual(customer);
  await expect.poll(() => iframeSize(agent)).toEqual([portrait.innerWidth, portrait.innerHeight]);

  // Landscape: the phone's layout viewport is wide and short; so is the mirror, laid out anew.
  await customer.setViewportSize({ width: PHONE.viewport.height, height: PHONE.viewport.width });
  const landscape = await visual(customer);
  expect(landscape.innerWidth).toBe(PHONE.viewport.height);
  await expect.poll(() => iframeSize(agent)).toEqual([landscape.innerWidth, landscape.innerHeight]);
  const cardWidth = (page: Page | ReturnType<typeof mirror>) => page.locator('#product-1').evaluate((el) => Math.round(el.getBoundingClientRect().width));
  await expect.poll(() => cardWidth(view)).toBe(await cardWidth(customer));
  const box = (await agent.locator('.viewport').boundingBox())!;
  expect(box.width).toBeGreaterThan(box.height);
  await sameSpot(agent, customer, 'h1');
  await shots(agent, customer, 'phone-landscape');

  // Back to portrait.
  await customer.setViewportSize(PHONE.viewport);
  await expect.poll(() => iframeSize(agent)).toEqual([portrait.innerWidth, portrait.innerHeight]);

  // An on-screen keyboard that covers the page without resizing it (Chrome on Android since
  // 108, Safari on iOS) shrinks only the visual viewport. Chromium's emulation has no keyboard:
  // the phone's visual viewport is made shorter as a keyboard makes it, and says so.
  await expect(agent.getByRole('note').filter({ hasText: 'On-screen keyboard' })).toBeHidden();
  const covered = 330;
  await customer.evaluate((h) => {
    const height = window.innerHeight - h;
    Object.defineProperty(window.visualViewport!, 'height', { get: () => height, configurable: true });
    window.visualViewport!.dispatchEvent(new Event('resize'));
  }, covered);
  const keyboard = agent.getByRole('note').filter({ hasText: 'On-screen keyboard' });
  await expect(keyboard).toBeVisible();
  // It covers the bottom of the view, as much of it as the keyboard covers of the phone.
  const v = (await agent.locator('.viewport').boundingBox())!;
  const k = (await keyboard.boundingBox())!;
  expect(Math.abs(k.height / v.height - covered / portrait.innerHeight)).toBeLessThan(0.01);
  expect(Math.abs(k.y + k.height - (v.y + v.height))).toBeLessThan(2);
  await shots(agent, customer, 'phone-keyboard');
  // The keyboard goes away.
  await customer.evaluate(() => {
    delete (window.visualViewport as unknown as Record<string, unknown>).height;
    window.visualViewport!.dispatchEvent(new Event('resize'));
  });
  await expect(keyboard).toBeHidden();
});
