// The everyday path without rough edges (issue #11, "small things a person notices at once"):
// each test does what the agent or the customer did when they stumbled, and checks what they
// see — the code typed as the console shows it, the agent's display name in the consent
// dialog, the contact's call state and the actions that fit it, why Start is missing, contacts
// and events arriving live, chat lines named by who wrote them, the customer's chat panel and
// the console's sign-in and ended views keeping their shape. Screenshots go to e2e/results/.
import type { Browser, Page } from '@playwright/test';
import { customerChats, DEMO_AGENT_NAME, enterCode, expect, mirror, signIn, startTandem, startWithCode, test, type Tandem } from './fixtures';

const shot = (page: Page, name: string) => page.screenshot({ path: `e2e/results/small-things-${name}.png` });

/** A second console, in its own browser, signed in as `username`. */
async function otherAgent(browser: Browser, tandem: Tandem, username: string, password: string) {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(`${tandem.url}/console/`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Contacts' })).toBeVisible();
  return { page, close: () => ctx.close() };
}

/** The signed-in admin `admin` adds an agent through the API (as the Admin view does). */
async function addAgent(admin: Page, tandem: Tandem, username: string, rights: string[]) {
  const res = await admin.request.post(`${tandem.url}/api/agents`, { data: { username, password: `${username}-password-1`, rights } });
  expect([200, 409]).toContain(res.status());
  return `${username}-password-1`;
}

test('the customer types the code as the console shows it, with a space or a dash', async ({ agent, customer, tandem }) => {
  await signIn(agent, tandem);
  const code = await startWithCode(agent);
  await customer.goto(`${tandem.url}/demo/index.html`);
  await customer.getByRole('button', { name: 'Co-browsing code' }).click();
  const box = customer.getByRole('textbox', { name: 'Code', exact: true });
  await box.pressSequentially(`${code.slice(0, 3)} ${code.slice(3)}`);
  await expect(box).toHaveValue(`${code.slice(0, 3)} ${code.slice(3)}`);
  await customer.getByRole('button', { name: 'Start', exact: true }).click();
  await expect(customer.getByRole('dialog', { name: 'Accept co-browsing?' })).toBeVisible();
  await shot(customer, 'code-with-space-customer');
  await customer.getByRole('button', { name: 'No' }).click();

  // A dash, on a fresh code.
  await agent.getByRole('button', { name: 'Start co-browsing' }).click();
  await expect(agent.getByLabel('Co-browsing code')).not.toHaveValue(code);
  const next = await agent.getByLabel('Co-browsing code').inputValue();
  await customer.reload();
  await enterCode(customer, `${next.slice(0, 3)}-${next.slice(3)}`);
  await expect(customer.getByRole('dialog', { name: 'Accept co-browsing?' })).toBeVisible();
});

test('the consent dialog names the agent by display name, which an admin sets', async ({ agent, customer, tandem }) => {
  await signIn(agent, tandem);
  const code = await startWithCode(agent);
  await customer.goto(`${tandem.url}/demo/index.html`);
  await enterCode(customer, code);
  const ask = customer.getByRole('dialog', { name: 'Accept co-browsing?' });
  await expect(ask).toContainText(`${DEMO_AGENT_NAME} would like to see this page`);
  await expect(ask).not.toContainText('demo would like');
  await shot(customer, 'consent-display-name-customer');
  await ask.getByRole('button', { name: 'No' }).click();

  // The admin renames the demo agent in the Admin view; the next request uses the new name.
  await agent.getByRole('button', { name: 'Admin' }).click();
  const name = agent.getByLabel('Display name of demo');
  await expect(name).toHaveValue('Sam from Demo Shop');
  await name.fill('Samira at the Shop');
  await name.press('Enter');
  await name.blur();
  await expect.poll(async () => (await (await agent.request.get(`${tandem.url}/api/me`)).json()).display_name).toBe('Samira at the Shop');
  await shot(agent, 'admin-display-name-agent');
  await agent.getByRole('button', { name: 'Contacts' }).click();
  const again = await startWithCode(agent, 'Second Customer');
  await customer.reload();
  await enterCode(customer, again);
  await expect(ask).toContainText('Samira at the Shop would like to see this page');
  await ask.getByRole('button', { name: 'No' }).click();
  // Put the shared server's demo agent back.
  await agent.request.put(`${tandem.url}/api/agents/demo/display-name`, { data: { display_name: 'Sam from Demo Shop' } });
});

test('park, enquiry and conference show the contact state and offer only what fits; drop asks first', async ({ agent, tandem }) => {
  await signIn(agent, tandem);
  await agent.getByLabel('Customer', { exact: true }).fill('Phoebe Phase');
  await agent.getByRole('button', { name: 'Create contact' }).click();
  const bar = agent.getByRole('group', { name: 'Contact' });
  const button = (name: string) => bar.getByRole('button', { name, exact: true });
  await expect(bar).toContainText('In call');
  await expect(button('Unpark')).toHaveCount(0);

  await button('Park').click();
  await expect(bar).toContainText('Parked');
  await expect(button('Park')).toHaveCount(0);
  await expect(button('Enquiry')).toHaveCount(0);
  await shot(agent, 'phase-parked-agent');
  await button('Unpark').click();
  await expect(bar).toContainText('In call');
  await expect(button('Unpark')).toHaveCount(0);

  await button('Enquiry').click();
  await expect(bar).toContainText('In enquiry');
  await expect(button('Conference')).toBeVisible();
  await button('Alternate').click();
  await expect(bar).toContainText('Alternating');
  await button('Conference').click();
  await expect(bar).toContainText('In conference');
  await expect(button('Conference')).toHaveCount(0);
  await expect(button('Alternate')).toHaveCount(0);
  await shot(agent, 'phase-conference-agent');

  // Drop asks first; "Keep contact" keeps it.
  await button('Drop contact').click();
  const confirm = agent.getByRole('dialog', { name: 'Drop this contact?' });
  await expect(confirm).toBeVisible();
  await expect(confirm).toContainText('Phoebe Phase');
  await shot(agent, 'drop-confirm-agent');
  await confirm.getByRole('button', { name: 'Keep contact' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(bar).toContainText('In conference');
  await button('Drop contact').click();
  await confirm.getByRole('button', { name: 'Drop contact' }).click();
  await expect(bar).toContainText('Ended');
  await expect(agent.getByText('This contact has ended.')).toBeVisible();
});

test('an agent without the cobrowse right is told why there is no Start button', async ({ agent, tandem, browser }) => {
  await signIn(agent, tandem);
  const password = await addAgent(agent, tandem, 'nadia', []);
  const nadia = await otherAgent(browser, tandem, 'nadia', password);
  await nadia.page.getByRole('button', { name: 'Create contact' }).click();
  await expect(nadia.page.getByRole('button', { name: 'Start co-browsing' })).toHaveCount(0);
  await expect(nadia.page.getByText('You cannot co-browse: your account does not have the co-browsing right.')).toBeVisible();
  await shot(nadia.page, 'no-right-agent');
  await nadia.close();
});

test('contacts created through the API, their events and transfers arrive live', async ({ agent, browser }) => {
  // A server of its own: the agent added here would get the web contacts other tests of the
  // worker's shared server expect for the demo agent (web contacts go to the least busy agent).
  const { tandem, stop } = await startTandem();
  try {
    await signIn(agent, tandem);
    const created = await agent.request.post(`${tandem.url}/api/contacts`, { data: { channel: 'email', customer: 'Ivy Integration' } });
    expect(created.status()).toBe(200);
    const contact = agent.getByRole('listitem', { name: 'Ivy Integration (email)' });
    await expect(contact).toBeVisible();
    await contact.getByRole('button', { name: 'Open' }).click();
    const bar = agent.getByRole('group', { name: 'Contact' });
    await expect(bar).toContainText('In call');
    // The contact centre parks it through the API: the console follows.
    const { id } = await created.json();
    expect((await agent.request.post(`${tandem.url}/api/contacts/${id}/events`, { data: { type: 'park' } })).status()).toBe(200);
    await expect(bar).toContainText('Parked');
    await shot(agent, 'api-contact-live-agent');

    // A transfer arrives at the other agent's open console without a reload.
    const password = await addAgent(agent, tandem, 'tara', ['cobrowse']);
    const tara = await otherAgent(browser, tandem, 'tara', password);
    expect((await agent.request.post(`${tandem.url}/api/contacts/${id}/events`, { data: { type: 'transfer', to: 'tara' } })).status()).toBe(200);
    await expect(tara.page.getByRole('listitem', { name: 'Ivy Integration (email)' })).toBeVisible();
    await expect(contact).toHaveCount(0);
    await tara.close();
  } finally {
    await stop();
  }
});

test('after a transfer the receiving agent sees who wrote each chat line', async ({ agent, customer, browser }) => {
  // A server of its own: the agent added here would get the web contacts other tests of the
  // worker's shared server expect for the demo agent (web contacts go to the least busy agent).
  const { tandem, stop } = await startTandem();
  try {
    await signIn(agent, tandem);
    // Make the demo agent the least busy one, so the customer's chat comes to them.
    const password = await addAgent(agent, tandem, 'rex', ['cobrowse']);
    for (const c of await (await agent.request.get(`${tandem.url}/api/contacts`)).json()) {
      if (c.state === 'open') await agent.request.post(`${tandem.url}/api/contacts/${c.id}/events`, { data: { type: 'drop' } });
    }
    const rex = await otherAgent(browser, tandem, 'rex', password);
    await rex.page.getByRole('button', { name: 'Create contact' }).click();

    await customerChats(customer, tandem.url, 'Carla Chat', 'Hello, anyone there?');
    await agent.getByRole('listitem', { name: 'Carla Chat (chat)' }).getByRole('button', { name: 'Open' }).click();
    const log = agent.getByRole('log', { name: 'Chat' });
    await expect(log).toContainText('Carla Chat: Hello, anyone there?');
    await agent.getByLabel('Reply').fill('Hi Carla, Sam here.');
    await agent.getByRole('button', { name: 'Send' }).click();
    await expect(log).toContainText('You: Hi Carla, Sam here.');

    await agent.getByLabel('Transfer to agent').fill('rex');
    await agent.getByRole('button', { name: 'Transfer' }).click();
    await rex.page.getByRole('listitem', { name: 'Carla Chat (chat)' }).getByRole('button', { name: 'Open' }).click();
    const rexLog = rex.page.getByRole('log', { name: 'Chat' });
    await expect(rexLog).toContainText('Sam from Demo Shop: Hi Carla, Sam here.');
    await expect(rexLog).not.toContainText('You: Hi Carla');
    await rex.page.getByLabel('Reply').fill('Rex here, I can help.');
    await rex.page.getByRole('button', { name: 'Send' }).click();
    await expect(rexLog).toContainText('You: Rex here, I can help.');
    await expect(rexLog).toContainText('Carla Chat: Hello, anyone there?');
    await shot(rex.page, 'chat-after-transfer-agent');
    await rex.close();
  } finally {
    await stop();
  }
});

test('the customer’s chat panel keeps the Send button and long messages inside', async ({ agent, customer, tandem }) => {
  await signIn(agent, tandem);
  await customer.goto(`${tandem.url}/demo/index.html`);
  await customer.getByRole('button', { name: 'Chat with us' }).click();
  const chat = customer.getByRole('dialog', { name: 'Chat with us' });
  await chat.getByLabel('Your name').fill('Lena Longword');
  const long = `https://example.com/${'very-long-path-segment-'.repeat(8)}end`;
  await chat.getByRole('textbox', { name: 'Message' }).fill(`Look at ${long}`);
  await chat.getByRole('button', { name: 'Send' }).click();
  await expect(chat.getByRole('log')).toContainText('Look at https://example.com/');
  await chat.getByRole('textbox', { name: 'Message' }).fill('A'.repeat(120));
  await chat.getByRole('button', { name: 'Send' }).click();
  const lines = chat.getByRole('log').getByRole('listitem');
  await expect(lines).toHaveCount(2);
  await shot(customer, 'chat-panel-customer');
  const panel = await chat.boundingBox();
  expect(panel).not.toBeNull();
  const inside = async (what: string, box: { x: number; y: number; width: number; height: number } | null) => {
    expect(box, what).not.toBeNull();
    expect(box!.x, `${what} left edge`).toBeGreaterThanOrEqual(panel!.x);
    expect(box!.x + box!.width, `${what} right edge`).toBeLessThanOrEqual(panel!.x + panel!.width + 0.5);
  };
  await inside('Send button', await chat.getByRole('button', { name: 'Send' }).boundingBox());
  await inside('message box', await chat.getByRole('textbox', { name: 'Message' }).boundingBox());
  for (let i = 0; i < 2; i++) await inside(`chat line ${i + 1}`, await lines.nth(i).boundingBox());
  expect(panel!.x + panel!.width).toBeLessThanOrEqual(customer.viewportSize()!.width);
});

test('the sign-in form is compact, and a declined session leaves no empty view behind', async ({ agent, customer, tandem }) => {
  await agent.goto(`${tandem.url}/console/`);
  const username = agent.getByLabel('Username');
  const password = agent.getByLabel('Password');
  await expect(username).toBeVisible();
  await shot(agent, 'sign-in-agent');
  const u = (await username.boundingBox())!;
  const p = (await password.boundingBox())!;
  expect(u.height, 'input height').toBeLessThanOrEqual(44);
  expect(p.height, 'input height').toBeLessThanOrEqual(44);
  expect(p.y - (u.y + u.height), 'gap from Username to Password').toBeLessThanOrEqual(48);
  const form = (await agent.getByRole('form', { name: 'Sign in' }).boundingBox())!;
  expect(form.height, 'form height').toBeLessThanOrEqual(360);

  await signIn(agent, tandem);
  const code = await startWithCode(agent);
  await customer.goto(`${tandem.url}/demo/index.html`);
  await enterCode(customer, code);
  await customer.getByRole('dialog', { name: 'Accept co-browsing?' }).getByRole('button', { name: 'No' }).click();
  await expect(agent.getByRole('status')).toContainText('Declined');
  await shot(agent, 'declined-agent');
  await expect(agent.locator('iframe[title="Customer view"]')).toBeHidden();
  const stage = await agent.locator('.viewport').boundingBox();
  expect(stage === null || stage.height === 0, 'no empty view box after Declined').toBe(true);

  // Ended after a share: the last frame does not stay as a big box either.
  await agent.getByRole('button', { name: 'Start co-browsing' }).click();
  await expect(agent.getByLabel('Co-browsing code')).not.toHaveValue(code);
  const next = await agent.getByLabel('Co-browsing code').inputValue();
  await customer.reload();
  await enterCode(customer, next);
  await customer.getByRole('dialog', { name: 'Accept co-browsing?' }).getByRole('button', { name: 'Yes' }).click();
  await expect(mirror(agent).getByRole('heading', { name: 'Tandem Demo Shop' })).toBeVisible();
  await agent.getByRole('button', { name: 'Stop co-browsing' }).click();
  await expect(agent.getByRole('status')).toContainText('Ended');
  await shot(agent, 'ended-agent');
  await expect(agent.locator('iframe[title="Customer view"]')).toBeHidden();
});
