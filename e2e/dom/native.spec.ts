// Native controls whose state is not text (issue #14): what the customer opens, ticks or shows
// is what the agent sees — <details> open or shut, a checkbox's :checked look, a <dialog> shown
// and closed. (Play state, time and mute of media: interaction.spec.ts.)
import { test, expect } from '@playwright/test';
import { LAUNCH, openPair, startSite, type Site } from './helpers';

test.use({ launchOptions: LAUNCH });

let site: Site;
test.beforeAll(async () => { site = await startSite(); });
test.afterAll(async () => { await site.close(); });

test('details, checkboxes and dialogs follow the customer', async ({ browser }) => {
  const pair = await openPair(browser, site, site.origin + '/fixtures/native.html');
  const view = pair.agent.frameLocator('#mirror');
  await expect(view.locator('#answer')).toBeHidden();
  await pair.customer.getByText('Delivery times').click();
  await pair.settle();
  await expect(view.locator('#answer')).toBeVisible();
  await expect(view.locator('#answer')).toHaveText('Two to three working days.');

  await pair.customer.getByLabel('Send me the newsletter').check();
  await pair.settle();
  await expect(view.locator('#news')).toBeChecked();
  await expect(view.getByText('Send me the newsletter')).toHaveCSS('color', 'rgb(0, 128, 0)');

  await expect(view.getByText('How can we help?')).toBeHidden();
  await pair.customer.getByRole('button', { name: 'Help' }).click();
  await pair.settle();
  await expect(view.getByText('How can we help?')).toBeVisible();
  await pair.customer.getByRole('button', { name: 'Close' }).click();
  await pair.settle();
  await expect(view.getByText('How can we help?')).toBeHidden();

  await pair.customer.getByText('Delivery times').click();
  await pair.settle();
  await expect(view.locator('#answer')).toBeHidden();
  expect(await pair.gaps()).toEqual([]);
  await pair.close();
});

test('the agent sees what the customer highlights, never inside a masked region', async ({ browser }) => {
  const pair = await openPair(browser, site, site.origin + '/fixtures/native.html', { maskSelector: 'label' });
  const mirrored = () => pair.agent.evaluate(() => (document.getElementById('mirror') as HTMLIFrameElement).contentDocument!.getSelection()!.toString());
  await pair.customer.getByText('Delivery times').click();
  await pair.customer.evaluate(() => {
    const t = document.getElementById('answer')!.firstChild!;
    document.getSelection()!.setBaseAndExtent(t, 7, t, 12);
  });
  await pair.settle();
  await expect.poll(mirrored).toBe('three');
  // A selection in masked text is not sent: the agent's highlight goes away.
  await pair.customer.evaluate(() => {
    const t = document.querySelector('label')!.firstChild!;
    document.getSelection()!.setBaseAndExtent(t, 0, t, 4);
  });
  await pair.settle();
  await expect.poll(mirrored).toBe('');
  await pair.customer.evaluate(() => document.getSelection()!.removeAllRanges());
  await pair.settle();
  expect(await mirrored()).toBe('');
  expect(await pair.gaps()).toEqual([]);
  await pair.close();
});
