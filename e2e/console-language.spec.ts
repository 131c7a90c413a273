// Issue 13, languages: the console speaks the agent's language — the one chosen in the console
// (kept in the browser), else the browser's, else the company's, else English — on every view,
// and passes axe-core in Swedish as in English. English stays the default: the rest of the suite
// runs in English browsers and reads English.
import type { Browser, Page } from '@playwright/test';
import { seriousViolations } from './axe';
import { enterCode, expect, signIn, startTandem, test, type Tandem } from './fixtures';

async function swedishAgent(browser: Browser, locale = 'sv-SE'): Promise<Page> {
  const ctx = await browser.newContext({ locale, viewport: { width: 1400, height: 900 } });
  return ctx.newPage();
}

async function signInSwedish(agent: Page, tandem: Tandem): Promise<void> {
  await agent.goto(`${tandem.url}/console/`);
  await agent.getByLabel('Användarnamn').fill(tandem.username);
  await agent.getByLabel('Lösenord').fill(tandem.password);
  await agent.getByRole('button', { name: 'Logga in' }).click();
  await expect(agent.getByRole('heading', { name: 'Kontakter' })).toBeVisible();
}

test('a Swedish agent signs in, co-browses and stops in Swedish, and every view passes axe-core', async ({ browser, customer, tandem }) => {
  const agent = await swedishAgent(browser);
  await agent.goto(`${tandem.url}/console/`);
  await expect(agent.getByRole('button', { name: 'Logga in' })).toBeVisible();
  await expect(agent.locator('html')).toHaveAttribute('lang', 'sv');
  expect(await seriousViolations(agent), 'inloggning').toEqual([]);
  await signInSwedish(agent, tandem);
  expect(await seriousViolations(agent), 'kontakter').toEqual([]);

  // A contact, and Start co-browsing: the code and the state in Swedish.
  await agent.getByLabel('Kanal').selectOption('phone');
  await expect(agent.getByLabel('Kanal').locator('option:checked')).toHaveText('telefon');
  await agent.getByLabel('Kund', { exact: true }).fill('Sven Svensson');
  await agent.getByRole('button', { name: 'Skapa kontakt' }).click();
  await agent.getByRole('button', { name: 'Starta samsurfning' }).click();
  const code = agent.getByLabel('Kod för samsurfning');
  await expect(code).toHaveValue(/^\d{6}$/);
  await expect(agent.getByRole('status')).toHaveText('Väntar på att kunden ska ange koden …');
  await expect(agent.getByText('Läs upp koden för kunden.')).toBeVisible();
  expect(await seriousViolations(agent), 'livevy: kod').toEqual([]);

  // The customer (an English browser) joins; the agent's view says so in Swedish.
  await customer.goto(`${tandem.url}/demo/index.html`);
  await enterCode(customer, await code.inputValue());
  await expect(agent.getByRole('status')).toHaveText('Väntar på att kunden ska godkänna …');
  await customer.getByRole('dialog', { name: 'Accept co-browsing?' }).getByRole('button', { name: 'Yes' }).click();
  await expect(agent.getByRole('status')).toHaveText('Samsurfning');
  await expect(agent.frameLocator('iframe[title="Kundens vy"]').getByRole('heading').first()).toBeVisible();
  const tools = agent.getByRole('toolbar', { name: 'Peka och styra' });
  for (const tool of ['Peka', 'Styr', 'Laser', 'Rita']) await expect(tools.getByRole('button', { name: tool, exact: true })).toBeVisible();
  await tools.getByRole('button', { name: 'Peka', exact: true }).click();
  await expect(tools.getByRole('button', { name: 'Peka', exact: true })).toHaveAttribute('aria-pressed', 'true');
  expect(await seriousViolations(agent), 'livevy: samsurfning').toEqual([]);

  // The Link Menu.
  await agent.getByRole('button', { name: 'Länkmeny' }).click();
  await expect(agent.getByRole('tab', { name: 'Sidans länkar' })).toHaveAttribute('aria-selected', 'true');
  await agent.getByRole('tab', { name: 'Favoriter' }).click();
  await expect(agent.getByRole('button', { name: 'Redigera' })).toBeEnabled();
  expect(await seriousViolations(agent), 'länkmeny').toEqual([]);
  await agent.getByRole('button', { name: 'Minimera länkmenyn' }).click();

  // Stop.
  await agent.getByRole('button', { name: 'Avsluta samsurfning' }).click();
  await expect(agent.getByRole('status')).toHaveText('Avslutad av dig');

  // Admin: the dashboard and every section, the embedding section among them.
  await agent.getByRole('button', { name: 'Administration' }).click();
  await expect(agent.getByRole('heading', { name: 'Översikt' })).toBeVisible();
  await expect(agent.getByRole('table', { name: 'Per handläggare' })).toBeVisible();
  const embedding = agent.getByRole('region', { name: 'Inbäddning' });
  await embedding.getByLabel('Applikationer som får bädda in handläggarvyn (ursprung, ett per rad)').fill('crm.example.com');
  await embedding.getByRole('button', { name: 'Spara ursprung för inbäddning' }).click();
  await expect(embedding.getByRole('alert')).toHaveText('Rad 1: ”crm.example.com” är ingen adress. Skriv den med https://, t.ex. https://crm.example.com.');
  expect(await seriousViolations(agent), 'administration').toEqual([]);
  await agent.context().close();
});

test('the agent chooses the console’s language, and the choice is kept; English stays the default', async ({ agent, tandem }) => {
  // An English browser: English, as before.
  await agent.goto(`${tandem.url}/console/`);
  await expect(agent.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expect(agent.locator('html')).toHaveAttribute('lang', 'en');
  await expect(agent.getByLabel('Language')).toHaveValue('en');

  // Chosen on the sign-in page: Swedish, and still after signing in and reloading.
  await agent.getByLabel('Language').selectOption('sv');
  await expect(agent.getByRole('button', { name: 'Logga in' })).toBeVisible();
  await signInSwedish(agent, tandem);
  await agent.reload();
  await expect(agent.getByRole('heading', { name: 'Kontakter' })).toBeVisible();
  await expect(agent.getByLabel('Språk')).toHaveValue('sv');
  expect(await seriousViolations(agent), 'språkväljare').toEqual([]);

  // And back to English.
  await agent.getByLabel('Språk').selectOption('en');
  await expect(agent.getByRole('heading', { name: 'Contacts' })).toBeVisible();
  await agent.reload();
  await expect(agent.getByRole('heading', { name: 'Contacts' })).toBeVisible();
});

test('a browser in a language the console lacks gets the company’s language', async ({ browser, agent }) => {
  // The company's language is company-wide: a server of its own.
  const own = await startTandem();
  try {
    await signIn(agent, own.tandem);
    await agent.getByRole('button', { name: 'Admin' }).click();
    await agent.getByLabel('Company language: widgets, and the console for agents whose browser language it lacks').selectOption('sv');
    await agent.getByRole('button', { name: 'Save settings' }).click();
    await expect(agent.getByText('Saved. Running pages use the new settings now.')).toBeVisible();
    // The admin's own English browser keeps English.
    await agent.reload();
    await expect(agent.getByRole('heading', { name: 'Contacts' })).toBeVisible();

    const german = await swedishAgent(browser, 'de-DE');
    await german.goto(`${own.tandem.url}/console/`);
    await expect(german.getByRole('button', { name: 'Logga in' })).toBeVisible();
    await german.context().close();
  } finally {
    await own.stop();
  }
});
