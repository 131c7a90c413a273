// Frames the customer's page cannot read (issue #14): a third-party iframe on another origin
// shows the agent a labelled box of its size instead of a blank hole; one that runs the SDK (a
// company page on another origin) is stitched in place, masked by its own policy.
import { test, expect } from '@playwright/test';
import { LAUNCH, openPair, startSite, type Site } from './helpers';

test.use({ launchOptions: LAUNCH });

let site: Site;
test.beforeAll(async () => { site = await startSite(); });
test.afterAll(async () => { await site.close(); });

test('a third-party frame shows a labelled placeholder of its size', async ({ browser }) => {
  const pair = await openPair(browser, site, site.origin + '/fixtures/frame-parent.html');
  const other = site.agentOrigin + '/fixtures/frame-child.html';
  await pair.customer.evaluate((src) => new Promise((r) => {
    const f = document.createElement('iframe');
    f.id = 'map';
    f.src = src;
    f.width = '300';
    f.height = '120';
    f.onload = r;
    document.body.appendChild(f);
  }), other);
  await pair.settle();
  const view = pair.agent.frameLocator('#mirror');
  const note = view.frameLocator('#map').getByRole('note');
  await expect(note).toHaveText(`Content from ${new URL(other).host} is not shared`);
  const [mine, theirs] = [await view.locator('#map').boundingBox(), await pair.customer.locator('#map').boundingBox()];
  expect([mine!.width, mine!.height]).toEqual([theirs!.width, theirs!.height]);
  const box = await note.boundingBox();
  expect(box!.width).toBeGreaterThan(280);
  expect(box!.height).toBeGreaterThan(100);
  // The same-origin frame beside it is mirrored, not replaced.
  await expect(view.frameLocator('#child').locator('#inner')).toHaveText('Inside the frame');
  await expect(view.frameLocator('#child').getByRole('note')).toHaveCount(0);
  expect(await pair.gaps()).toEqual([]);
  await pair.close();
});

test('a frame on another origin that runs the SDK is stitched in place, masked by its own policy', async ({ browser }) => {
  const pair = await openPair(browser, site, site.origin + '/fixtures/stitch-parent.html', { frameOrigins: [site.agentOrigin] });
  const view = pair.agent.frameLocator('#mirror');
  const pay = view.frameLocator('#pay');
  await expect(pay.getByRole('heading', { name: 'Card payment' })).toHaveCSS('color', 'rgb(0, 90, 160)');
  await expect(pay.getByRole('note')).toHaveCount(0);
  const child = pair.customer.frameLocator('#pay');
  await child.getByLabel('Name on card').fill('Jane Doe');
  await child.locator('#card').fill('4111 1111 1111 1111');
  await pair.settle();
  await expect(pay.getByLabel('Name on card')).toHaveValue('Jane Doe');
  // (A masked element keeps only the attributes layout needs: no id.)
  await expect(pay.locator('input').nth(1)).toHaveValue(/^[• ]+$/);
  await expect(pay.locator('span')).toHaveText(/^[•: ]+$/);
  // In place: the stitched frame sits where the customer's does, at its size.
  const [mine, theirs] = [await view.locator('#pay').boundingBox(), await pair.customer.locator('#pay').boundingBox()];
  expect([mine!.x, mine!.y, mine!.width, mine!.height]).toEqual([theirs!.x, theirs!.y, theirs!.width, theirs!.height]);
  // The frame's masked content never left it: not on the wire, not in any mirrored document.
  const wire = pair.wire.join('\n');
  for (const secret of ['4111', '5500']) expect(wire).not.toContain(secret);
  const everywhere = await pair.agent.evaluate(() => {
    const texts: string[] = [];
    const walk = (d: Document) => {
      texts.push(d.documentElement.outerHTML);
      for (const i of Array.from(d.querySelectorAll('input'))) texts.push(i.value);
      for (const f of Array.from(d.querySelectorAll('iframe'))) if (f.contentDocument) walk(f.contentDocument);
    };
    walk(document);
    return texts.join('\n');
  });
  expect(everywhere).toContain('Jane Doe');
  for (const secret of ['4111', '5500']) expect(everywhere).not.toContain(secret);
  expect(await pair.gaps()).toEqual([]);
  await pair.close();
});

test('a frame is not stitched in for a parent its SDK does not allow, nor one the parent does not', async ({ browser }) => {
  // The parent allows no frame origin: the frame shows as a placeholder, and nothing of it is sent.
  const pair = await openPair(browser, site, site.origin + '/fixtures/stitch-parent.html', { frameOrigins: [] });
  const pay = pair.agent.frameLocator('#mirror').frameLocator('#pay');
  await expect(pay.getByRole('note')).toHaveText(/is not shared$/);
  await pair.customer.frameLocator('#pay').getByLabel('Name on card').fill('Jane Doe');
  await pair.settle();
  expect(pair.wire.join('\n')).not.toContain('Card payment');
  expect(pair.wire.join('\n')).not.toContain('Jane');
  await pair.close();
});
