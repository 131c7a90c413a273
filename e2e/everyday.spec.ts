// The everyday path as a new agent and a new customer walk it (issue 11): both sides see the
// same thing, and neither is left stuck — restarting after Stop or No without a reload, the
// console showing the contact's real session whatever was clicked in between, messages that
// belong to their moment, the control bar while the agent controls, the typing marker on its
// field, and the new page's scroll from the first frame.
import { DEMO_AGENT_NAME, enterCode, expect, mirror, shareSession, signIn, startWithCode, test } from './fixtures';
import type { Page } from '@playwright/test';

// `localhost` is the company's only domain: 127.0.0.1 (the same server) is another site.
test.use({ tandemArgs: ['--domain', 'localhost'] });

/** The agent presses Start co-browsing again on the open contact; returns the new code. */
async function startAgain(agent: Page): Promise<string> {
  await agent.getByRole('button', { name: 'Start co-browsing' }).click();
  const code = agent.getByLabel('Co-browsing code');
  await expect(agent.getByRole('status')).toContainText('Waiting for the customer to enter the code');
  await expect(code).toHaveValue(/^\d{6}$/);
  return code.inputValue();
}

/** The customer enters `code` and answers the consent dialog. */
async function accept(customer: Page, code: string, answer: 'Yes' | 'No' = 'Yes'): Promise<void> {
  await enterCode(customer, code);
  const dialog = customer.getByRole('dialog', { name: 'Accept co-browsing?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: answer }).click();
}

test('after Stop on either side, or a No, a new code works on the same page without a reload', async ({ agent, customer, tandem }) => {
  await shareSession(agent, customer, tandem, 'checkout.html', tandem.localhostUrl);
  const page = customer.url();

  // The customer stops; the agent starts again; the customer types the new code.
  await customer.getByRole('button', { name: 'Stop co-browsing' }).click();
  await expect(agent.getByRole('status')).toHaveText('Ended by the customer');
  await accept(customer, await startAgain(agent));
  await expect(agent.getByRole('status')).toHaveText('Co-browsing');
  await expect(mirror(agent).locator('#name')).toBeAttached();

  // The agent stops; again.
  await agent.getByRole('button', { name: 'Stop co-browsing' }).click();
  await expect(agent.getByRole('status')).toHaveText('Ended by you');
  await expect(customer.getByRole('button', { name: 'Co-browsing code' })).toBeVisible();
  await accept(customer, await startAgain(agent), 'No');
  await expect(agent.getByRole('status')).toHaveText('Declined: the customer did not accept');

  // After a No, again.
  await accept(customer, await startAgain(agent));
  await expect(agent.getByRole('status')).toHaveText('Co-browsing');
  await expect(customer.getByRole('button', { name: 'Stop co-browsing' })).toBeVisible();
  expect(customer.url()).toBe(page);
  await customer.screenshot({ path: 'e2e/results/restart-customer.png' });
  await agent.screenshot({ path: 'e2e/results/restart-agent.png' });
});

test('the console shows the contact’s real session after looking at another contact meanwhile', async ({ agent, customer, tandem }) => {
  await signIn(agent, tandem, tandem.localhostUrl);
  await agent.getByLabel('Customer', { exact: true }).fill('Bob Other');
  await agent.getByRole('button', { name: 'Create contact' }).click();
  await expect(agent.getByRole('listitem', { name: 'Bob Other (phone)' })).toBeVisible();
  const code = await startWithCode(agent, 'Ada Customer');
  // The agent looks at the other contact while the customer enters the code and accepts.
  await agent.getByRole('listitem', { name: 'Bob Other (phone)' }).getByRole('button', { name: 'Open' }).click();
  await expect(agent.getByRole('status')).toHaveText('Not co-browsing');
  await customer.goto(`${tandem.localhostUrl}/demo/checkout.html`);
  await accept(customer, code);
  await expect(customer.getByRole('button', { name: 'Stop co-browsing' })).toBeVisible();

  // Back on the first contact: its live session, with Stop, not Start.
  await agent.getByRole('listitem', { name: 'Ada Customer (phone)' }).getByRole('button', { name: 'Open' }).click();
  await expect(agent.getByRole('status')).toHaveText('Co-browsing');
  await expect(agent.getByRole('button', { name: 'Stop co-browsing' })).toBeVisible();
  await expect(agent.getByRole('button', { name: 'Start co-browsing' })).toBeHidden();
  await expect(mirror(agent).locator('#name')).toBeAttached();
  await agent.screenshot({ path: 'e2e/results/real-session-agent.png' });

  // And back and forth once more, through the other contact.
  await agent.getByRole('listitem', { name: 'Bob Other (phone)' }).getByRole('button', { name: 'Open' }).click();
  await expect(agent.getByRole('status')).toHaveText('Not co-browsing');
  await agent.getByRole('listitem', { name: 'Ada Customer (phone)' }).getByRole('button', { name: 'Open' }).click();
  await expect(agent.getByRole('status')).toHaveText('Co-browsing');
  await expect(customer.getByRole('button', { name: 'Stop co-browsing' })).toBeVisible();
});

test('a stray Start on a contact that is co-browsing does not end the customer’s share', async ({ agent, customer, tandem }) => {
  await shareSession(agent, customer, tandem, 'checkout.html', tandem.localhostUrl);
  // The console's own API call, as a second tab or a stale page would make it.
  const answer = await agent.evaluate(async () => {
    const contacts = await (await fetch('/api/contacts')).json();
    const live = contacts.find((c: { session?: { state: string } }) => c.session?.state === 'active');
    const r = await fetch(`/api/contacts/${live.id}/cobrowse`, { method: 'POST' });
    return { status: r.status, body: await r.json(), was: live.session.id };
  });
  expect(answer.status).toBe(200);
  expect(answer.body.state).toBe('active');
  expect(answer.body.id).toBe(answer.was);
  expect(answer.body.code).toBeNull();
  await customer.locator('#name').fill('Still shared');
  await expect(mirror(agent).locator('#name')).toHaveValue('Still shared');
  await expect(customer.getByRole('button', { name: 'Stop co-browsing' })).toBeVisible();
  await expect(agent.getByRole('status')).toHaveText('Co-browsing');
});

/** Alt+click on a mirrored element, as the agent does (the view is scaled to fit). */
async function altClick(agent: Page, target: ReturnType<ReturnType<typeof mirror>['locator']>): Promise<void> {
  await target.scrollIntoViewIfNeeded();
  const box = await target.boundingBox();
  if (!box) throw new Error('not visible in the agent’s view');
  const p = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await agent.mouse.move(p.x, p.y);
  await agent.keyboard.down('Alt');
  await expect(agent.locator('.viewport')).toHaveAttribute('data-mode', 'control');
  await agent.mouse.click(p.x, p.y);
  await agent.keyboard.up('Alt');
}

test('messages at the foot of the console belong to their moment', async ({ agent, customer, tandem }) => {
  const view = await shareSession(agent, customer, tandem, 'checkout.html', tandem.localhostUrl);
  const notice = agent.locator('.notice');

  // A refusal on this page goes when the customer moves to another page.
  await altClick(agent, view.getByRole('button', { name: 'Delete my account' }));
  await expect(notice).toContainText('Refused on the customer’s page');
  await customer.getByRole('link', { name: 'Home' }).click();
  await expect(view.getByRole('heading', { name: 'Tandem Demo Shop' })).toBeVisible();
  await expect(notice).toHaveText('');

  // The customer's answer to a redirect goes when co-browsing stops.
  await agent.getByRole('button', { name: 'Link Menu' }).click();
  await agent.getByRole('list', { name: 'Page links' }).getByRole('button', { name: /Partner site/ }).click();
  await customer.getByRole('dialog', { name: 'You are about to be redirected. OK?' }).getByRole('button', { name: 'Cancel' }).click();
  await expect(notice).toContainText('The customer declined the redirect');
  await agent.screenshot({ path: test.info().outputPath('notice-before-stop.png') });
  await agent.getByRole('button', { name: 'Stop co-browsing' }).click();
  await expect(agent.getByRole('status')).toHaveText('Ended by you');
  await expect(notice).toHaveText('');
  await agent.screenshot({ path: test.info().outputPath('notice-after-stop.png') });
});

/** The agent's mirror window's scroll position. */
function mirrorScroll(agent: Page): Promise<{ x: number; y: number }> {
  return agent.locator('iframe[title="Customer view"]').evaluate((f) => {
    const w = (f as HTMLIFrameElement).contentWindow as Window;
    return { x: w.scrollX, y: w.scrollY };
  });
}

test('the new page shows where the customer is from its first frame, and a Ctrl+click lands on it', async ({ agent, customer, tandem }) => {
  const view = await shareSession(agent, customer, tandem, 'long.html', tandem.localhostUrl);
  // The customer reads to the bottom of the long page; the agent follows.
  await customer.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const bottom = await customer.evaluate(() => window.scrollY);
  expect(bottom).toBeGreaterThan(1000);
  await expect.poll(async () => (await mirrorScroll(agent)).y).toBe(bottom);

  // The agent sends the Checkout page; the customer lands at its top.
  await agent.getByRole('button', { name: 'Link Menu' }).click();
  await agent.getByRole('list', { name: 'Page links' }).getByRole('button', { name: /^Checkout/ }).first().click();
  await expect(customer).toHaveURL(/checkout\.html/);
  await expect(view.locator('#name')).toBeAttached();
  expect(await customer.evaluate(() => window.scrollY)).toBe(0);
  expect(await mirrorScroll(agent)).toEqual({ x: 0, y: 0 });
  await agent.getByRole('button', { name: 'Link Menu' }).click();

  // A Ctrl+click on the Email field shows the customer a circle on their Email field.
  const box = await view.locator('#email').boundingBox();
  if (!box) throw new Error('Email is not in the agent’s view');
  await agent.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await agent.keyboard.down('Control');
  await agent.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await agent.keyboard.up('Control');
  const circle = customer.getByRole('img', { name: /is pointing here/ });
  await expect(circle).toBeVisible();
  const under = await circle.evaluate((c) => {
    const s = (c as HTMLElement).style;
    return document.elementFromPoint(parseFloat(s.left), parseFloat(s.top))?.id;
  });
  expect(under).toBe('email');
  await customer.screenshot({ path: test.info().outputPath('scroll-customer.png') });
  await agent.screenshot({ path: test.info().outputPath('scroll-agent.png') });

  // The customer scrolls the checkout down and follows a link of their own: the long page
  // opens at its top for both, its delivery log at its top too.
  await customer.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const down = await customer.evaluate(() => window.scrollY);
  expect(down).toBeGreaterThan(100);
  await expect.poll(async () => (await mirrorScroll(agent)).y).toBe(down);
  await customer.evaluate(() => (document.querySelector('nav a[href="long.html"]') as HTMLAnchorElement).click());
  await expect(customer).toHaveURL(/long\.html/);
  await expect(view.locator('#inner-scroll')).toBeAttached();
  expect(await mirrorScroll(agent)).toEqual({ x: 0, y: 0 });
  expect(await view.locator('#inner-scroll').evaluate((e) => e.scrollTop)).toBe(await customer.locator('#inner-scroll').evaluate((e) => e.scrollTop));
});

test('the control bar shows while the agent controls, by name, on every page, and goes after', async ({ agent, customer, tandem }) => {
  const view = await shareSession(agent, customer, tandem, 'index.html', tandem.localhostUrl);
  const bar = customer.getByRole('region', { name: 'Remote control' });
  await altClick(agent, view.locator('button[data-product="mug"]'));
  await expect(customer.locator('#cart-count')).toHaveText('1 item');
  await expect(bar).toContainText(`${DEMO_AGENT_NAME} is controlling this page`);
  await customer.screenshot({ path: test.info().outputPath('controlling-customer.png') });
  // One action, then nothing: the bar goes by itself.
  await expect(bar).toHaveCount(0, { timeout: 20_000 });

  // Holding Alt over the view is controlling too; letting go, the bar goes again.
  const mug = await view.locator('button[data-product="mug"]').boundingBox();
  if (!mug) throw new Error('no mug in the view');
  await agent.mouse.move(mug.x + 5, mug.y + 5);
  await agent.keyboard.down('Alt');
  await agent.mouse.move(mug.x + 10, mug.y + 8);
  await expect(bar).toBeVisible();
  await agent.keyboard.up('Alt');
  await expect(bar).toHaveCount(0, { timeout: 20_000 });

  // The customer goes to the checkout: no bar there until the agent acts, then their name.
  await customer.getByRole('link', { name: 'Checkout' }).first().click();
  await expect(view.locator('#gift')).toBeAttached();
  await expect(customer.getByRole('button', { name: 'Stop co-browsing' })).toBeVisible();
  await expect(bar).toHaveCount(0);
  await altClick(agent, view.locator('#gift'));
  await expect(customer.locator('#gift')).toBeChecked();
  await expect(bar).toContainText(`${DEMO_AGENT_NAME} is controlling this page`);
  await customer.screenshot({ path: test.info().outputPath('controlling-customer-next-page.png') });
});

/** How far the marker's box is from the field's box, the worst side, in the page's pixels. */
async function markerOffset(marker: { boundingBox(): Promise<{ x: number; y: number; width: number; height: number } | null> }, field: { boundingBox(): Promise<{ x: number; y: number; width: number; height: number } | null> }): Promise<number> {
  const [m, f] = [await marker.boundingBox(), await field.boundingBox()];
  if (!m || !f) return Infinity;
  // The marker is drawn just outside the field: a few pixels around it on every side.
  return Math.max(Math.abs(m.x - f.x), Math.abs(m.y - f.y), Math.abs(m.x + m.width - f.x - f.width), Math.abs(m.y + m.height - f.y - f.height));
}

test('while the agent types, the marker is on the field in both views, also when the page scrolls', async ({ agent, customer, tandem }) => {
  const view = await shareSession(agent, customer, tandem, 'checkout.html', tandem.localhostUrl);
  const field = view.locator('#promo-code');
  await altClick(agent, field);
  const marker = agent.locator('.typing-box');
  await expect(marker).toBeVisible();
  await agent.keyboard.type('SPRING');
  await expect(customer.locator('#promo-code')).toHaveValue('SPRING');
  await expect.poll(() => markerOffset(marker, field)).toBeLessThan(6);
  const customerMarker = customer.getByRole('img', { name: /is typing here/ });
  await expect(customerMarker).toBeVisible();
  await expect.poll(() => markerOffset(customerMarker, customer.locator('#promo-code'))).toBeLessThan(6);

  // The customer scrolls: both markers stay on the field.
  await customer.mouse.wheel(0, 180);
  await expect.poll(async () => (await mirrorScroll(agent)).y).toBe(await customer.evaluate(() => window.scrollY));
  await agent.keyboard.type(' SALE');
  await expect(customer.locator('#promo-code')).toHaveValue('SPRING SALE');
  await expect.poll(() => markerOffset(marker, field)).toBeLessThan(6);
  await expect.poll(() => markerOffset(customerMarker, customer.locator('#promo-code'))).toBeLessThan(6);
  await customer.screenshot({ path: test.info().outputPath('typing-customer.png') });
  await agent.screenshot({ path: test.info().outputPath('typing-agent.png') });

  // Escape: the agent stops typing, and the markers go.
  await agent.keyboard.press('Escape');
  await expect(marker).toBeHidden();
  await expect(customerMarker).toHaveCount(0, { timeout: 15_000 });
});

test('the typing marker is on a field inside a same-origin iframe too, in both views', async ({ agent, customer, tandem }) => {
  const view = await shareSession(agent, customer, tandem, 'frame.html', tandem.localhostUrl);
  await customer.evaluate(() => (window as unknown as { Tandem: { init(o: object): void } }).Tandem.init({ editableSelector: '#help-question' }));
  const field = view.frameLocator('#help-frame').locator('#help-question');
  await expect(field).toBeAttached();
  await altClick(agent, field);
  const marker = agent.locator('.typing-box');
  await expect(marker).toBeVisible();
  await agent.keyboard.type('Where is my order?');
  const own = customer.frameLocator('#help-frame').locator('#help-question');
  await expect(own).toHaveValue('Where is my order?');
  await expect.poll(() => markerOffset(marker, field)).toBeLessThan(6);
  await expect.poll(() => markerOffset(customer.getByRole('img', { name: /is typing here/ }), own)).toBeLessThan(6);
  await customer.screenshot({ path: test.info().outputPath('typing-frame-customer.png') });
  await agent.screenshot({ path: test.info().outputPath('typing-frame-agent.png') });
});
