// Frames the customer's page cannot read (issue #14): a third-party iframe on another origin
// shows the agent a labelled box of its size instead of a blank hole.
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
