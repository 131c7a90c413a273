// A whole co-browsing session in two real browsers, as the agent and the customer do it:
// code → consent → live view → changes, pointer, scrolling → Stop from either side.
import { enterCode, expect, mirror, shareSession, signIn, startWithCode, test } from './fixtures';

test('the agent sees the customer page live after Yes, and the customer stops', async ({ agent, customer, tandem }) => {
  await signIn(agent, tandem);
  const code = await startWithCode(agent);
  await expect(agent.getByRole('button', { name: 'Copy' })).toBeVisible();

  await customer.goto(`${tandem.url}/demo/index.html`);
  await enterCode(customer, code);
  await expect(agent.getByRole('status')).toContainText('Waiting for the customer to accept');
  const dialog = customer.getByRole('dialog', { name: 'Accept co-browsing?' });
  await dialog.getByRole('button', { name: 'Yes' }).click();
  await expect(agent.getByRole('status')).toHaveText('Co-browsing');
  await expect(customer.getByRole('button', { name: 'Stop co-browsing' })).toBeVisible();
  await expect(agent.getByRole('button', { name: 'Stop co-browsing' })).toBeVisible();

  const view = mirror(agent);
  await expect(view.getByRole('heading', { name: 'Tandem Demo Shop' })).toBeVisible();
  // The page's styles reach the mirror: the header bar has the same background colour.
  const headerBg = (e: Element) => getComputedStyle(e).backgroundColor;
  expect(await view.locator('header').first().evaluate(headerBg)).toBe(await customer.locator('header').first().evaluate(headerBg));
  // The customer's SDK widgets are not part of what the agent sees.
  await expect(view.locator('[data-tandem-ui]')).toHaveCount(0);

  // A change made by the page's own script shows up at once.
  const promo = customer.locator('#promo');
  const before = await promo.textContent();
  await expect(promo).not.toHaveText(before ?? '', { timeout: 5000 });
  await expect(view.locator('#promo')).toHaveText((await promo.textContent()) ?? '');

  // A menu the customer opens opens in the mirror too.
  await customer.locator('#menu-button').click();
  await expect(view.locator('#menu')).toBeVisible();

  // The customer's pointer is drawn over the view.
  await customer.mouse.move(400, 300);
  await customer.mouse.move(420, 310);
  await expect(agent.locator('.pointer')).toBeVisible();
  // At the customer's point of the view (the view is scaled to fit: data-scale console pixels a CSS pixel).
  await expect.poll(async () => {
    const v = (await agent.locator('.viewport').boundingBox())!;
    const p = (await agent.locator('.pointer').boundingBox())!;
    const k = Number(await agent.locator('.viewport').getAttribute('data-scale'));
    return Math.max(Math.abs((p.x - v.x) / k - 420), Math.abs((p.y - v.y) / k - 310));
  }).toBeLessThan(1.5);

  // The customer stops: both sides return to normal.
  await customer.getByRole('button', { name: 'Stop co-browsing' }).click();
  await expect(agent.getByRole('status')).toHaveText('Ended by the customer');
  await expect(customer.getByRole('button', { name: 'Stop co-browsing' })).toHaveCount(0);
  await expect(customer.getByRole('button', { name: 'Co-browsing code' })).toBeVisible();
  await expect(agent.getByRole('button', { name: 'Start co-browsing' })).toBeVisible();

  // The code can never be used again.
  await enterCode(customer, code);
  await expect(customer.getByRole('alert')).toContainText('not valid');
});

test('typing in a form on the customer side appears in the mirror', async ({ agent, customer, tandem }) => {
  const view = await shareSession(agent, customer, tandem, 'checkout.html');
  await customer.locator('#name').pressSequentially('Ada Lovelace');
  await expect(view.locator('#name')).toHaveValue('Ada Lovelace');
  await customer.locator('#address').fill('1 Analytical Way');
  await expect(view.locator('#address')).toHaveValue('1 Analytical Way');
  await customer.locator('#country').selectOption('GB');
  await expect(view.locator('#country')).toHaveValue('GB');
  await customer.locator('#gift').check();
  await expect(view.locator('#gift')).toBeChecked();
  await customer.getByRole('button', { name: 'Place order' }).click();
  await expect(view.locator('#order-result')).toContainText('Thank you, Ada Lovelace');
});

test('No declines: the customer page stays private and the agent sees Declined', async ({ agent, customer, tandem }) => {
  await signIn(agent, tandem);
  const code = await startWithCode(agent);
  await customer.goto(`${tandem.url}/demo/index.html`);
  await enterCode(customer, code);
  await customer.getByRole('dialog', { name: 'Accept co-browsing?' }).getByRole('button', { name: 'No' }).click();
  await expect(agent.getByRole('status')).toContainText('Declined');
  await expect(customer.getByRole('button', { name: 'Stop co-browsing' })).toHaveCount(0);
  await expect(mirror(agent).getByRole('heading', { name: 'Tandem Demo Shop' })).toHaveCount(0);
  // The agent may start again, with a new code.
  await agent.getByRole('button', { name: 'Start co-browsing' }).click();
  await expect(agent.getByLabel('Co-browsing code')).not.toHaveValue(code);
});

test('a wrong code is refused with a clear message', async ({ customer, tandem }) => {
  await customer.goto(`${tandem.url}/demo/index.html`);
  await enterCode(customer, '000000');
  await expect(customer.getByRole('alert')).toContainText('That code is not valid');
  await expect(customer.getByRole('dialog')).toHaveCount(0);
});

test('the agent stops from the console and the customer returns to normal', async ({ agent, customer, tandem }) => {
  await shareSession(agent, customer, tandem);
  await agent.getByRole('button', { name: 'Stop co-browsing' }).click();
  await expect(agent.getByRole('status')).toHaveText('Ended by you');
  await expect(customer.getByRole('button', { name: 'Stop co-browsing' })).toHaveCount(0);
  await expect(customer.getByRole('button', { name: 'Co-browsing code' })).toBeVisible();
  // A new start gives a new code.
  await agent.getByRole('button', { name: 'Start co-browsing' }).click();
  await expect(agent.getByLabel('Co-browsing code')).toHaveValue(/^\d{6}$/);
});

test('scrolling on either side scrolls the other', async ({ agent, customer, tandem }) => {
  const view = await shareSession(agent, customer, tandem, 'long.html');
  await expect(view.getByRole('heading', { name: 'Section 30' })).toBeAttached();
  const mirrorScrollY = () => agent.frameLocator('iframe[title="Customer view"]').locator('html').evaluate(() => window.scrollY);

  // Customer → agent.
  await customer.evaluate(() => window.scrollTo(0, 2000));
  await expect.poll(mirrorScrollY).toBe(2000);

  // Agent → customer: the agent scrolls the view with the wheel.
  const box = await agent.locator('iframe[title="Customer view"]').boundingBox();
  await agent.mouse.move(box!.x + box!.width / 2, box!.y + box!.height / 2);
  await agent.mouse.wheel(0, 900);
  await expect.poll(() => customer.evaluate(() => window.scrollY)).toBeGreaterThan(2300);
  // Both settle on the same place.
  await expect.poll(async () => Math.abs((await customer.evaluate(() => window.scrollY)) - (await mirrorScrollY()))).toBeLessThan(2);
});

test('co-browsing carries on when the customer opens another page of the site', async ({ agent, customer, tandem }) => {
  const view = await shareSession(agent, customer, tandem);
  await customer.getByRole('link', { name: 'Checkout' }).first().click();
  await expect(customer).toHaveURL(/checkout\.html/);
  await expect(view.locator('#name')).toBeAttached();
  await expect(agent.getByRole('status')).toHaveText('Co-browsing');
  await expect(customer.getByRole('dialog')).toHaveCount(0);
  await expect(customer.getByRole('button', { name: 'Stop co-browsing' })).toBeVisible();
});
