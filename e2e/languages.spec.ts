// Issue 13, languages: the widgets — the launcher too — speak the site's language
// (`Tandem.init({ language })`), else the company's, else the browser's; the consent's words and
// language are audited.
import type { Page } from '@playwright/test';
import { DEMO_AGENT_NAME, expect, signIn, startTandem, startWithCode, test, type Tandem } from './fixtures';

/** The consent entries' details in the audit log, as an admin reads them. */
async function consents(agent: Page, tandem: Tandem): Promise<string[]> {
  const res = await agent.request.get(`${tandem.url}/api/audit?kind=consent_given`);
  return ((await res.json()) as { detail: string }[]).map((e) => e.detail);
}

test('a Swedish browser gets Swedish widgets, and the audit log keeps the consent in Swedish', async ({ agent, tandem, browser }) => {
  await signIn(agent, tandem);
  const code = await startWithCode(agent);

  const swedish = await browser.newContext({ locale: 'sv-SE' });
  const customer = await swedish.newPage();
  await customer.goto(`${tandem.url}/demo/index.html`);
  // The launcher, drawn before the core loads, speaks Swedish too.
  await customer.getByRole('button', { name: 'Kod för samsurfning' }).click();
  await customer.getByRole('textbox', { name: 'Kod', exact: true }).fill(code);
  await customer.getByRole('button', { name: 'Starta', exact: true }).click();
  const consent = customer.getByRole('dialog', { name: 'Vill du samsurfa?' });
  await expect(consent).toContainText(`${DEMO_AGENT_NAME} vill se den här sidan tillsammans med dig.`);
  await consent.getByRole('button', { name: 'Ja' }).click();
  await expect(agent.getByRole('status')).toHaveText('Co-browsing');
  await expect(customer.getByRole('button', { name: 'Avsluta samsurfning' })).toBeVisible();

  await expect.poll(() => consents(agent, tandem)).toContainEqual(
    `language: sv; text: Vill du samsurfa? ${DEMO_AGENT_NAME} vill se den här sidan tillsammans med dig. Lösenord och dolda fält visas inte.`,
  );
  await swedish.close();
});

test('the company chooses Swedish for an English browser; the site’s Tandem.init({ language: "en" }) comes first', async ({ agent, customer }) => {
  // A server of its own: the company language would reach every other test's pages.
  const own = await startTandem(['--redeem-per-client-per-minute', '1000']);
  const tandem = own.tandem;
  await signIn(agent, tandem);
  await agent.getByRole('button', { name: 'Admin' }).click();
  await agent.getByLabel('Company language: widgets, and the console for agents whose browser language it lacks').selectOption('sv');
  await agent.getByRole('button', { name: 'Save settings' }).click();
  await expect(agent.getByText('Saved. Running pages use the new settings now.')).toBeVisible();

  // The company's choice: Swedish, launcher included.
  await customer.goto(`${tandem.url}/demo/index.html`);
  await expect(customer.getByRole('button', { name: 'Kod för samsurfning' })).toBeVisible();

  // The site names English: the launcher redraws in English and the rest follows.
  await customer.evaluate(() => (window as unknown as { Tandem: { init(o: object): void } }).Tandem.init({ language: 'en' }));
  await customer.getByRole('button', { name: 'Co-browsing code' }).click();
  await agent.getByRole('button', { name: 'Contacts' }).click();
  const code = await startWithCode(agent);
  await customer.getByRole('textbox', { name: 'Code', exact: true }).fill(code);
  await customer.getByRole('button', { name: 'Start', exact: true }).click();
  const consent = customer.getByRole('dialog', { name: 'Accept co-browsing?' });
  await consent.getByRole('button', { name: 'Yes' }).click();
  await expect(customer.getByRole('button', { name: 'Stop co-browsing' })).toBeVisible();
  await expect.poll(() => consents(agent, tandem)).toContainEqual(expect.stringMatching(/^language: en; text: Accept co-browsing\? /));
  await own.stop();
});
