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

test('the agent sees the list an open select, datalist or colour picker shows the customer', async ({ browser }) => {
  const pair = await openPair(browser, site, site.origin + '/fixtures/native.html');
  const view = pair.agent.frameLocator('#mirror');
  const list = view.getByRole('listbox');
  await expect(list).toHaveCount(0);
  // Focus alone opens nothing: the agent sees a closed select.
  await pair.customer.getByLabel('Size').focus();
  await pair.settle();
  await expect(list).toHaveCount(0);
  await pair.customer.getByLabel('Size').click();
  await expect(list).toBeVisible();
  await expect(list).toHaveAccessibleName('Options the customer is choosing from');
  await expect(list.getByRole('option')).toHaveText(['Small', 'Medium', 'Large']);
  await expect(list.getByRole('option', { selected: true })).toHaveText('Medium');
  // Under the select, as the customer's list is.
  const [sel, box] = [await view.locator('#size').boundingBox(), await list.boundingBox()];
  expect(Math.abs(box!.y - (sel!.y + sel!.height))).toBeLessThan(3);
  expect(Math.abs(box!.x - sel!.x)).toBeLessThan(3);
  await pair.customer.keyboard.press('ArrowDown');
  await pair.customer.keyboard.press('Enter');
  await expect(list).toHaveCount(0);
  await expect(view.locator('#size')).toHaveValue('Large');

  // A datalist's suggestions for what the customer typed.
  await pair.customer.getByLabel('Fruit').click();
  await pair.customer.keyboard.type('Ap');
  await expect(list).toHaveAccessibleName('Suggestions the customer sees');
  await expect(list.getByRole('option')).toHaveText(['Apple', 'Apricot']);
  await pair.customer.keyboard.type('r');
  await expect(list.getByRole('option')).toHaveText(['Apricot']);
  await pair.customer.getByLabel('Fruit').blur();
  await expect(list).toHaveCount(0);

  // A colour picker, with the colour.
  await pair.customer.getByLabel('Colour').click();
  await expect(list).toHaveAccessibleName('Colour picker the customer has open');
  await expect(list.getByRole('option')).toHaveText('#336699');
  await pair.customer.keyboard.press('Escape');
  await expect(list).toHaveCount(0);

  // A select in a masked region reports no picker at all.
  await pair.customer.getByLabel('Secret').click();
  await pair.settle();
  await pair.customer.waitForTimeout(300); // two polls of the open state: nothing may come
  await pair.settle();
  await expect(list).toHaveCount(0);
  expect(pair.wire.join()).not.toContain('Plan');
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
