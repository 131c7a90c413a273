// Canvas pictures in the agent's view (issue #14): the demo shop's "Sales this week" chart is
// drawn on a <canvas>, which a document without scripts (the sandboxed "Customer view") would
// show as its fallback text. The agent sees the chart's pixels: its blue bars and the orange
// Saturday bar, where the customer sees them. The code that reads canvases is a chunk of its
// own (issue #16): a shared page fetches it when it has a canvas, and only then.
import type { Page } from '@playwright/test';
import { expect, shareSession, test } from './fixtures';

/** Share of blue (#2563eb) and orange (#f97316) pixels in a PNG screenshot, counted in `page`. */
async function barColours(page: Page, png: Buffer): Promise<{ blue: number; orange: number }> {
  return page.evaluate(async (b64) => {
    const img = new Image();
    await new Promise((r, j) => { img.onload = r; img.onerror = j; img.src = 'data:image/png;base64,' + b64; });
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const g = c.getContext('2d')!;
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    let blue = 0, orange = 0;
    const near = (i: number, r: number, gr: number, bl: number) => Math.abs(d[i] - r) < 40 && Math.abs(d[i + 1] - gr) < 40 && Math.abs(d[i + 2] - bl) < 40;
    for (let i = 0; i < d.length; i += 4) {
      if (near(i, 0x25, 0x63, 0xeb)) blue++;
      else if (near(i, 0xf9, 0x73, 0x16)) orange++;
    }
    const n = d.length / 4;
    return { blue: blue / n, orange: orange / n };
  }, png.toString('base64'));
}

/** The SDK chunks `page` asked for so far (hash cut off). */
function chunks(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/sdk/')) seen.push(path.replace(/\.[0-9a-f]{12}\.js$/, '.js'));
  });
  return seen;
}

test('the agent sees the sales chart drawn on a canvas', async ({ agent, customer, tandem }) => {
  const seen = chunks(customer);
  const view = await shareSession(agent, customer, tandem);
  const chart = view.getByRole('img', { name: /Bar chart of units sold/ });
  await chart.scrollIntoViewIfNeeded();
  await customer.getByRole('img', { name: /Bar chart of units sold/ }).scrollIntoViewIfNeeded();
  const theirs = await barColours(customer, await customer.getByRole('img', { name: /Bar chart of units sold/ }).screenshot());
  expect(theirs.blue).toBeGreaterThan(0.05);
  expect(theirs.orange).toBeGreaterThan(0.01);
  await expect.poll(async () => (await barColours(agent, await chart.screenshot())).orange, { timeout: 15_000 }).toBeGreaterThan(0.01);
  const ours = await barColours(agent, await chart.screenshot());
  expect(Math.abs(ours.blue - theirs.blue)).toBeLessThan(0.02);
  expect(Math.abs(ours.orange - theirs.orange)).toBeLessThan(0.01);
  expect(seen).toContain('/sdk/tandem-canvas.js');
});

test('a shared page without a canvas never fetches the code that reads canvases', async ({ agent, customer, tandem }) => {
  const seen = chunks(customer);
  const view = await shareSession(agent, customer, tandem, 'checkout.html');
  await expect(view.locator('body')).not.toBeEmpty();
  await customer.waitForLoadState('networkidle');
  expect(seen).toContain('/sdk/tandem-core.js');
  expect(seen).not.toContain('/sdk/tandem-canvas.js');
});
