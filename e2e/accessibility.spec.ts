// Issue 13, every ability: no serious or critical axe-core violations on any console view or
// customer widget; the one-time code fully visible. `localhost` is the company's domain, so a
// favourite on 127.0.0.1 brings up the redirect question too.
import { seriousViolations } from './axe';
import { customerChats, expect, signIn, startWithCode, test } from './fixtures';

test.use({ tandemArgs: ['--domain', 'localhost'] });

test('every console view and every customer widget passes axe-core (no serious or critical violations)', async ({ agent, customer, tandem, browser }) => {
  const base = tandem.localhostUrl;
  const widgets = '[data-tandem-ui]';
  await agent.goto(`${base}/console/`);
  await expect(agent.getByLabel('Username')).toBeVisible();
  expect(await seriousViolations(agent), 'sign-in').toEqual([]);
  await signIn(agent, tandem, base);
  expect(await seriousViolations(agent), 'contacts').toEqual([]);

  await agent.getByRole('button', { name: 'Link Menu' }).click();
  expect(await seriousViolations(agent), 'Link Menu: Page Links').toEqual([]);
  await agent.getByRole('tab', { name: 'Favourites' }).click();
  await agent.getByRole('button', { name: 'Edit' }).click();
  await agent.getByLabel('Name', { exact: true }).last().fill('Partner a11y');
  await agent.getByLabel('URL', { exact: true }).last().fill(`${tandem.url}/demo/long.html`);
  await agent.getByRole('button', { name: 'Delete Partner a11y' }).click();
  expect(await seriousViolations(agent), 'Link Menu: editing favourites').toEqual([]);
  await agent.getByRole('button', { name: 'Keep' }).click();
  await agent.getByRole('button', { name: 'Finish editing' }).click();
  expect(await seriousViolations(agent), 'Link Menu: favourites').toEqual([]);

  const code = await startWithCode(agent);
  expect(await seriousViolations(agent), 'live view: code').toEqual([]);
  // The whole code shows: the field does not scroll.
  const field = agent.getByLabel('Co-browsing code');
  expect(await field.evaluate((e: HTMLInputElement) => e.scrollWidth <= e.clientWidth)).toBe(true);

  await customer.goto(`${base}/demo/index.html`);
  expect(await seriousViolations(customer, widgets), 'launcher').toEqual([]);
  await customer.getByRole('button', { name: 'Co-browsing code' }).click();
  await customer.getByRole('textbox', { name: 'Code', exact: true }).fill('000000');
  await customer.getByRole('button', { name: 'Start', exact: true }).click();
  await expect(customer.getByRole('alert')).not.toBeEmpty();
  expect(await seriousViolations(customer, widgets), 'code entry, refused').toEqual([]);
  await customer.getByRole('textbox', { name: 'Code', exact: true }).fill(code);
  await customer.getByRole('button', { name: 'Start', exact: true }).click();
  const consent = customer.getByRole('dialog', { name: 'Accept co-browsing?' });
  await expect(consent).toBeVisible();
  expect(await seriousViolations(customer, widgets), 'consent').toEqual([]);
  await consent.getByRole('button', { name: 'Yes' }).click();
  await expect(agent.getByRole('status')).toHaveText('Co-browsing');
  await expect(customer.getByRole('button', { name: 'Stop co-browsing' })).toBeVisible();
  expect(await seriousViolations(customer, widgets), 'sharing bar').toEqual([]);
  await expect(agent.getByRole('toolbar', { name: 'Pointing and control' })).toBeVisible();
  expect(await seriousViolations(agent), 'live view: co-browsing').toEqual([]);

  await agent.getByRole('list', { name: 'My favourites' }).getByRole('button', { name: /^Partner a11y/ }).click();
  const redirect = customer.getByRole('dialog', { name: 'You are about to be redirected. OK?' });
  await expect(redirect).toBeVisible();
  expect(await seriousViolations(customer, widgets), 'redirect question').toEqual([]);
  await redirect.getByRole('button', { name: 'Cancel' }).click();

  await agent.getByRole('button', { name: 'Admin' }).click();
  await expect(agent.getByRole('heading', { name: 'Company favourites' })).toBeVisible();
  expect(await seriousViolations(agent), 'admin').toEqual([]);

  // A visitor who chats (another browser: no session there).
  const visitor = await (await browser.newContext()).newPage();
  const chat = await customerChats(visitor, base, 'Ann', 'Hello');
  await expect(chat.getByRole('log').getByRole('listitem')).toContainText('Hello');
  expect(await seriousViolations(visitor, widgets), 'chat').toEqual([]);
  await agent.getByRole('button', { name: 'Contacts' }).click();
  await agent.getByRole('listitem', { name: 'Ann (chat)' }).getByRole('button', { name: 'Open' }).click();
  await expect(agent.getByRole('log', { name: 'Chat' }).getByRole('listitem')).toContainText('Hello');
  expect(await seriousViolations(agent), 'live view: web chat').toEqual([]);
  await visitor.context().close();
});
