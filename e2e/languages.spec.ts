// Issue 13, languages: the widgets speak the site's language (`Tandem.init({ language })`),
// else the company's, else the browser's; the consent's words and language are audited.
import { DEMO_AGENT_NAME, expect, signIn, startWithCode, test } from './fixtures';

test('a Swedish browser gets Swedish widgets, and the audit log keeps the consent in Swedish', async ({ agent, tandem, browser }) => {
  await signIn(agent, tandem);
  const code = await startWithCode(agent);

  const swedish = await browser.newContext({ locale: 'sv-SE' });
  const customer = await swedish.newPage();
  await customer.goto(`${tandem.url}/demo/index.html`);
  // The launcher is drawn before the core (and its languages) load: it is still in English.
  await customer.getByRole('button', { name: 'Co-browsing code' }).click();
  await customer.getByRole('textbox', { name: 'Code', exact: true }).fill(code);
  await customer.getByRole('button', { name: 'Start', exact: true }).click();
  const consent = customer.getByRole('dialog', { name: 'Vill du samsurfa?' });
  await expect(consent).toContainText(`${DEMO_AGENT_NAME} vill se den här sidan tillsammans med dig.`);
  await consent.getByRole('button', { name: 'Ja' }).click();
  await expect(agent.getByRole('status')).toHaveText('Co-browsing');
  await expect(customer.getByRole('button', { name: 'Avsluta samsurfning' })).toBeVisible();

  await expect.poll(async () => {
    const res = await agent.request.get(`${tandem.url}/api/audit?kind=consent_given`);
    return ((await res.json()) as { detail: string }[]).map((e) => e.detail);
  }).toContainEqual(`language: sv; text: Vill du samsurfa? ${DEMO_AGENT_NAME} vill se den här sidan tillsammans med dig. Lösenord och dolda fält visas inte.`);
  await swedish.close();
});
