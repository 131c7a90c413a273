// Personal data in the console's Admin view: the admin sets how long each kind of data is kept
// and that customers' IP addresses are discarded (the settings stay after a reload), then
// erases one customer's contact by its id: it leaves the contact list, and the audit log says
// it happened.
import { expect, signIn, test } from './fixtures';

test('an admin sets retention, discards addresses and erases a customer', async ({ agent, tandem }) => {
  await signIn(agent, tandem);
  await agent.getByLabel('Channel').selectOption('phone');
  await agent.getByLabel('Customer', { exact: true }).fill('Erin Example');
  await agent.getByRole('button', { name: 'Create contact' }).click();
  await expect(agent.getByRole('listitem', { name: 'Erin Example (phone)' })).toBeVisible();
  // The contact's id, as an integration or a data request names it.
  const contacts = (await (await agent.request.get(`${tandem.url}/api/contacts`)).json()) as { id: string; customer: string }[];
  const erin = contacts.find((c) => c.customer === 'Erin Example')!.id;

  await agent.getByRole('button', { name: 'Admin' }).click();
  const form = agent.getByRole('form', { name: 'Personal data settings' });
  await form.getByLabel('Keep chat messages (days)').fill('30');
  await form.getByLabel('Keep audit entries (days)').fill('365');
  await form.getByLabel('Discard customers’ IP addresses').check();
  await form.getByRole('button', { name: 'Save personal-data settings' }).click();
  await expect(form.getByRole('status')).toContainText('Saved');

  await agent.reload();
  await agent.getByRole('button', { name: 'Admin' }).click();
  await expect(form.getByLabel('Keep chat messages (days)')).toHaveValue('30');
  await expect(form.getByLabel('Keep audit entries (days)')).toHaveValue('365');
  await expect(form.getByLabel('Keep ended contacts (days)')).toHaveValue('');
  await expect(form.getByLabel('Discard customers’ IP addresses')).toBeChecked();
  // A value the server refuses is said, not saved.
  await form.getByLabel('Keep ended contacts (days)').fill('99999');
  await form.getByRole('button', { name: 'Save personal-data settings' }).click();
  await expect(form.getByRole('alert')).toContainText('contact_days: at most 36500');

  const erase = agent.getByRole('form', { name: 'Erase a customer' });
  await erase.getByLabel('Contact id').fill('no-such-contact');
  await erase.getByRole('button', { name: 'Erase personal data' }).click();
  await expect(erase.getByRole('alert')).toHaveText('No contact no-such-contact.');
  await erase.getByLabel('Contact id').fill(erin);
  await erase.getByRole('button', { name: 'Erase personal data' }).click();
  await expect(erase.getByRole('status')).toContainText('Erased: the contact');

  const table = agent.getByRole('table', { name: 'Audit events' });
  await agent.getByRole('textbox', { name: 'Event' }).fill('personal_data_erased');
  await agent.getByRole('button', { name: 'Filter' }).click();
  await expect(table).toContainText('personal_data_erased');
  await agent.getByRole('button', { name: 'Contacts' }).click();
  await expect(agent.getByRole('listitem', { name: 'Erin Example (phone)' })).toHaveCount(0);
});

test('settings that arrive late never overwrite what the admin typed', async ({ agent, tandem }) => {
  await signIn(agent, tandem);
  // A slow answer: the saved settings arrive a second after the section opens.
  await agent.route('**/api/settings/privacy', async (r) => {
    if (r.request().method() === 'GET') await new Promise((done) => setTimeout(done, 1000));
    await r.continue();
  });
  const loaded = agent.waitForResponse((r) => r.url().endsWith('/api/settings/privacy') && r.request().method() === 'GET');
  await agent.getByRole('button', { name: 'Admin' }).click();
  const form = agent.getByRole('form', { name: 'Personal data settings' });
  await form.getByLabel('Keep chat messages (days)').fill('31');
  await loaded;
  await form.getByRole('button', { name: 'Save personal-data settings' }).click();
  await expect(form.getByRole('status')).toContainText('Saved');
  await agent.unroute('**/api/settings/privacy');
  await agent.reload();
  await agent.getByRole('button', { name: 'Admin' }).click();
  await expect(form.getByLabel('Keep chat messages (days)')).toHaveValue('31');
});
