// Canvas pictures in the mirror: a <canvas> in the agent's sandboxed, script-less document would
// render its fallback content, so the mirror shows the bitmap capture sent as the canvas's
// content image — 2D and WebGL, including WebGL made without preserveDrawingBuffer. Checked on
// screenshots: what the agent's browser paints, not what the element holds.
import { test, expect, type Page } from '@playwright/test';
import { LAUNCH, openPair, startSite, type Site } from './helpers';

test.use({ launchOptions: { ...LAUNCH, args: [...LAUNCH.args, '--enable-unsafe-swiftshader'] } });

let site: Site;
test.beforeAll(async () => { site = await startSite(); });
test.afterAll(async () => { await site.close(); });

/** Average colour [r, g, b] of a PNG, and how many of its pixels are near `near`. */
async function colours(page: Page, png: Buffer, near: [number, number, number]): Promise<{ avg: number[]; share: number }> {
  return page.evaluate(async ([b64, n]) => {
    const img = new Image();
    await new Promise((r, j) => { img.onload = r; img.onerror = j; img.src = 'data:image/png;base64,' + b64; });
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const g = c.getContext('2d')!;
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    const sum = [0, 0, 0];
    let hits = 0;
    for (let i = 0; i < d.length; i += 4) {
      sum[0] += d[i]; sum[1] += d[i + 1]; sum[2] += d[i + 2];
      if (Math.abs(d[i] - n[0]) < 30 && Math.abs(d[i + 1] - n[1]) < 30 && Math.abs(d[i + 2] - n[2]) < 30) hits++;
    }
    const px = d.length / 4;
    return { avg: sum.map((v) => Math.round(v / px)), share: hits / px };
  }, [png.toString('base64'), near] as [string, [number, number, number]]);
}

const mirrorCanvas = (agent: Page, sel: string) => agent.frameLocator('#mirror').locator(sel);

test('a 2D canvas is painted in the mirror as the customer sees it', async ({ browser }) => {
  const pair = await openPair(browser, site, site.origin + '/pages/rrweb/canvas.html');
  const theirs = await colours(pair.customer, await pair.customer.locator('canvas').first().screenshot(), [0, 0, 0]);
  await expect.poll(async () => {
    await pair.settle();
    const ours = await colours(pair.agent, await mirrorCanvas(pair.agent, 'canvas').first().screenshot(), [0, 0, 0]);
    return ours.avg.map((v, i) => Math.abs(v - theirs.avg[i])).every((d) => d < 6);
  }, { timeout: 10_000 }).toBe(true);
  await pair.close();
});

test('a WebGL canvas without preserveDrawingBuffer is painted in the mirror, and follows changes', async ({ browser }) => {
  const pair = await openPair(browser, site, site.origin + '/fixtures/webgl.html');
  test.skip(!(await pair.customer.evaluate(() => (window as any).drawGl(0.1, 0.6, 0.2))), 'no WebGL in this browser');
  const green: [number, number, number] = [26, 153, 51];
  const share = async () => {
    await pair.settle();
    return (await colours(pair.agent, await mirrorCanvas(pair.agent, '#gl').screenshot(), green)).share;
  };
  // 200×120 with a 100×60 white hole: three quarters green.
  await expect.poll(share, { timeout: 10_000 }).toBeGreaterThan(0.6);
  await pair.customer.evaluate(() => (window as any).drawGl(0.8, 0.1, 0.1));
  const red = async () => {
    await pair.settle();
    return (await colours(pair.agent, await mirrorCanvas(pair.agent, '#gl').screenshot(), [204, 26, 26])).share;
  };
  await expect.poll(red, { timeout: 10_000 }).toBeGreaterThan(0.6);
  expect(await pair.gaps()).toEqual([]);
  await pair.close();
});
