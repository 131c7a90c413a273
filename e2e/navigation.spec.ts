// Issue: Link Menu, navigation across pages and domains, interruption and automatic resume.
// `localhost` is the company's domain here; `127.0.0.1` (the same server) is outside it.
import { enterCode, expect, shareSession, signIn, startTandem, startWithCode, test } from './fixtures';

test.use({ tandemArgs: ['--domain', 'localhost'] });

test('leaving the company domain interrupts, coming back resumes by itself', async ({ agent, customer, tandem }) => {
  const view = await shareSession(agent, customer, tandem, 'index.html', tandem.localhostUrl);
  await customer.locator('#external-link').click();
  await expect(agent.getByRole('status')).toHaveText('Interrupted', { timeout: 15_000 });
  await expect(agent.getByText('The customer went to 127.0.0.1')).toBeVisible();
  await expect(agent.getByText('Ask the customer to go back')).toBeVisible();
  await expect(agent.locator('.viewport')).toHaveClass(/stale/);

  await customer.goBack();
  await expect(agent.getByRole('status')).toHaveText('Co-browsing');
  await expect(view.getByRole('heading', { name: 'Tandem Demo Shop' })).toBeVisible();
  await expect(agent.locator('.viewport')).not.toHaveClass(/stale/);
  await expect(customer.getByRole('dialog')).toHaveCount(0);
});

test('a stopped session never resumes on reload', async ({ agent, customer, tandem }) => {
  await shareSession(agent, customer, tandem, 'index.html', tandem.localhostUrl);
  await customer.getByRole('button', { name: 'Stop co-browsing' }).click();
  await expect(agent.getByRole('status')).toHaveText('Ended by the customer');
  await customer.reload();
  await expect(customer.getByRole('button', { name: 'Co-browsing code' })).toBeVisible();
  await expect(customer.getByRole('button', { name: 'Stop co-browsing' })).toHaveCount(0);
  await expect(agent.getByRole('status')).toHaveText('Ended by the customer');
});

test('Page Links lists the page links and sends one; outside links ask the customer first', async ({ agent, customer, tandem }) => {
  const view = await shareSession(agent, customer, tandem, 'index.html', tandem.localhostUrl);
  await agent.getByRole('button', { name: 'Link Menu' }).click();
  await expect(agent.getByRole('tab', { name: 'Page Links' })).toHaveAttribute('aria-selected', 'true');
  const pageLinks = agent.getByRole('list', { name: 'Page links' });
  await expect(pageLinks.getByRole('button', { name: /Partner site/ })).toContainText('http://127.0.0.1:9/elsewhere');

  // Inside the company's domains: the customer simply goes there.
  await pageLinks.getByRole('button', { name: /^Checkout/ }).first().click();
  await expect(customer).toHaveURL(/checkout\.html/);
  await expect(view.locator('#name')).toBeAttached();
  await expect(agent.getByRole('status')).toHaveText('Co-browsing');
  // The list follows the new page.
  await expect(pageLinks.getByRole('button', { name: /Partner site/ })).toHaveCount(0);

  // Outside: the customer is asked, and the agent learns the answer.
  await agent.getByRole('tab', { name: 'Favourites' }).click();
  await agent.getByRole('button', { name: 'Edit' }).click();
  await agent.getByRole('button', { name: 'New Favourite' }).click();
  // The new row is the last (the worker's server may hold other tests' favourites).
  await agent.getByLabel('Name', { exact: true }).last().fill('Partner long page');
  await agent.getByLabel('URL', { exact: true }).last().fill(`${tandem.url}/demo/long.html`);
  await agent.getByRole('button', { name: 'Finish editing' }).click();
  const partner = agent.getByRole('list', { name: 'My favourites' }).getByRole('button', { name: /^Partner long page/ });
  await partner.click();
  const redirect = customer.getByRole('dialog', { name: 'You are about to be redirected. OK?' });
  await expect(redirect).toContainText('127.0.0.1');
  await redirect.getByRole('button', { name: 'Cancel' }).click();
  await expect(agent.getByText('The customer declined the redirect')).toBeVisible();
  await expect(customer).toHaveURL(/localhost.*checkout\.html/);

  await partner.click();
  await customer.getByRole('dialog', { name: 'You are about to be redirected. OK?' }).getByRole('button', { name: 'OK' }).click();
  await expect(agent.getByText('The customer accepted the redirect')).toBeVisible();
  await expect(customer).toHaveURL(/127\.0\.0\.1.*long\.html/);
  await expect(agent.getByRole('status')).toHaveText('Interrupted', { timeout: 15_000 });
});

test('favourites are edited, validated, and survive a server restart', async ({ browser }) => {
  const first = await startTandem(['--domain', 'localhost']);
  const ctx = await browser.newContext();
  const agent = await ctx.newPage();
  await signIn(agent, first.tandem);
  await agent.getByRole('button', { name: 'Link Menu' }).click();
  await agent.getByRole('tab', { name: 'Favourites' }).click();
  await agent.getByRole('button', { name: 'Edit' }).click();
  for (const [name, url] of [['Opening hours', 'https://shop.example.com/hours'], ['Returns', 'https://shop.example.com/returns'], ['Bad', 'javascript:alert(1)']]) {
    await agent.getByRole('button', { name: 'New Favourite' }).click();
    await agent.getByLabel('Name', { exact: true }).fill(name);
    await agent.getByLabel('URL', { exact: true }).fill(url);
  }
  await agent.getByRole('button', { name: 'Finish editing' }).click();
  await expect(agent.getByRole('alert')).toContainText('Only http and https links');
  // Still editing, nothing lost: delete the bad one (asked first), rename another, save.
  await agent.getByRole('button', { name: 'Delete Bad' }).click();
  await agent.getByRole('alertdialog', { name: 'Delete Bad?' }).getByRole('button', { name: 'Delete' }).click();
  await agent.getByLabel('Name of favourite 2').fill('Returns & refunds');
  await agent.getByRole('button', { name: 'Finish editing' }).click();
  const mine = agent.getByRole('list', { name: 'My favourites' });
  await expect(mine.getByRole('button')).toHaveCount(2);
  await expect(mine.getByRole('button').nth(1)).toContainText('Returns & refunds');
  // Without a session the links cannot be sent, but the menu works.
  await expect(mine.getByRole('button').first()).toBeDisabled();
  await first.stop(true);

  const second = await startTandem(['--domain', 'localhost'], first.data);
  const agent2 = await (await browser.newContext()).newPage();
  await signIn(agent2, second.tandem);
  await agent2.getByRole('button', { name: 'Link Menu' }).click();
  await agent2.getByRole('tab', { name: 'Favourites' }).click();
  const after = agent2.getByRole('list', { name: 'My favourites' });
  await expect(after.getByRole('button').first()).toContainText('Opening hours');
  await expect(after.getByRole('button').nth(1)).toContainText('https://shop.example.com/returns');
  await second.stop();
  await ctx.close();
});

test('with two tabs open, the tab in front is the one shared', async ({ agent, customer, tandem }) => {
  const view = await shareSession(agent, customer, tandem, 'index.html', tandem.localhostUrl);
  const [second] = await Promise.all([customer.waitForEvent('popup'), customer.evaluate(() => window.open('/demo/long.html'))]);
  await expect(view.getByRole('heading', { name: 'Section 30' })).toBeAttached();
  await expect(agent.getByLabel('Customer page')).toContainText('long.html');

  // Back to the first tab.
  await customer.bringToFront();
  await customer.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await expect(view.getByRole('heading', { name: 'Tandem Demo Shop' })).toBeVisible();
  await expect(agent.getByLabel('Customer page')).toContainText('index.html');
  await second.close();
});

test('a page outside the company domains cannot start co-browsing', async ({ agent, customer, tandem }) => {
  // 127.0.0.1 is outside the company's domains: the SDK there cannot even connect.
  await signIn(agent, tandem, tandem.localhostUrl);
  const code = await startWithCode(agent);
  await customer.goto(`${tandem.url}/demo/index.html`);
  await enterCode(customer, code);
  await expect(customer.getByRole('alert')).toContainText('not available');
  await expect(agent.getByRole('status')).toContainText('Waiting for the customer to enter the code');
});
