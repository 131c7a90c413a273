// Contacts and their lifecycle, rights, browser support and audit, as the people involved see
// them: a web chat co-browsed without a code, a transfer to a second agent in a third browser,
// a drop, an agent without the right, an old browser, and the admin's audit log.
import { customerChats, enterCode, expect, mirror, shareSession, signIn, startTandem, startWithCode, test } from './fixtures';

test('a web chat is co-browsed without a code', async ({ agent, customer, tandem }) => {
  await signIn(agent, tandem);
  const chat = await customerChats(customer, tandem.url, 'Wendy Web', 'Where is my parcel?');
  // The contact appears in the console by itself.
  const contact = agent.getByRole('listitem', { name: 'Wendy Web (chat)' });
  await expect(contact).toBeVisible();
  await contact.getByRole('button', { name: 'Open' }).click();
  await expect(agent.getByRole('log', { name: 'Chat' })).toContainText('Where is my parcel?');
  await agent.getByLabel('Reply').fill('Let me look at it with you.');
  await agent.getByRole('button', { name: 'Send' }).click();
  await expect(chat.getByRole('log')).toContainText('Let me look at it with you.');

  await agent.getByRole('button', { name: 'Start co-browsing' }).click();
  await expect(agent.getByLabel('Co-browsing code')).toBeHidden();
  await expect(agent.getByRole('status')).toContainText('Waiting for the customer to accept');
  await customer.getByRole('dialog', { name: 'Accept co-browsing?' }).getByRole('button', { name: 'Yes' }).click();
  await expect(agent.getByRole('status')).toHaveText('Co-browsing');
  await expect(mirror(agent).getByRole('heading', { name: 'Tandem Demo Shop' })).toBeVisible();
});

test('"Call me back" reaches the console at once and is co-browsed without a code', async ({ agent, customer, tandem }) => {
  await signIn(agent, tandem);
  await customer.goto(`${tandem.url}/demo/index.html`);
  await customer.getByRole('button', { name: 'Call me back' }).click();
  const panel = customer.getByRole('dialog', { name: 'Call me back' });
  await panel.getByLabel('Your name').fill('Cal Callback');
  await panel.getByLabel('Phone number').fill('+46 70 123 45 67');
  await panel.getByRole('button', { name: 'Request callback' }).click();
  await expect(panel).toContainText('Thank you. We will call you back shortly.');
  // The contact appears in the console by itself.
  const contact = agent.getByRole('listitem', { name: 'Cal Callback (callback)' });
  await expect(contact).toBeVisible();
  await contact.getByRole('button', { name: 'Open' }).click();
  await agent.getByRole('button', { name: 'Start co-browsing' }).click();
  await expect(agent.getByLabel('Co-browsing code')).toBeHidden();
  await customer.getByRole('dialog', { name: 'Accept co-browsing?' }).getByRole('button', { name: 'Yes' }).click();
  await expect(agent.getByRole('status')).toHaveText('Co-browsing');
  await expect(mirror(agent).getByRole('heading', { name: 'Tandem Demo Shop' })).toBeVisible();
});

test('a transfer moves co-browsing to a second agent, who asks the customer again', async ({ agent, customer, browser }) => {
  // A server of its own: the agent added here would get the web contacts other tests of the
  // worker's shared server expect for the demo agent (web contacts go to the least busy agent).
  const { tandem, stop } = await startTandem();
  try {
    // The demo agent is an admin: add a second agent in the console. The contact has a name of
    // its own: the worker's server still holds other tests' "Demo Customer" contacts.
    await signIn(agent, tandem);
    const code = await startWithCode(agent, 'Tove Transfer');
    await customer.goto(`${tandem.url}/demo/index.html`);
    await enterCode(customer, code);
    await customer.getByRole('dialog', { name: 'Accept co-browsing?' }).getByRole('button', { name: 'Yes' }).click();
    await expect(agent.getByRole('status')).toHaveText('Co-browsing');
    const consoleUrl = agent.url();
    await agent.getByRole('button', { name: 'Admin' }).click();
    await agent.getByLabel('New agent').fill('bo');
    await agent.getByLabel('Initial password').fill('bo-password-1');
    await agent.getByRole('button', { name: 'Add agent' }).click();
    await expect(agent.getByRole('checkbox', { name: 'cobrowse for bo' })).toBeChecked();
    await agent.getByRole('button', { name: 'Contacts' }).click();
    await expect(agent.getByRole('status')).toHaveText('Co-browsing');

    await agent.getByLabel('Transfer to agent').fill('bo');
    await agent.getByRole('button', { name: 'Transfer' }).click();
    await expect(customer.getByText('You are being transferred to another agent.')).toBeVisible();
    await expect(customer.getByRole('button', { name: 'Stop co-browsing' })).toHaveCount(0);

    // Bo, in a third browser.
    const boContext = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const bo = await boContext.newPage();
    await bo.goto(consoleUrl);
    await bo.getByLabel('Username').fill('bo');
    await bo.getByLabel('Password').fill('bo-password-1');
    await bo.getByRole('button', { name: 'Sign in' }).click();
    await bo.getByRole('listitem', { name: 'Tove Transfer (phone)' }).getByRole('button', { name: 'Open' }).click();
    await bo.getByRole('button', { name: 'Start co-browsing' }).click();
    await expect(bo.getByLabel('Co-browsing code')).toBeHidden();
    const ask = customer.getByRole('dialog', { name: 'Accept co-browsing?' });
    await expect(ask).toContainText('bo would like to see this page');
    await ask.getByRole('button', { name: 'Yes' }).click();
    await expect(bo.getByRole('status')).toHaveText('Co-browsing');
    await expect(mirror(bo).getByRole('heading', { name: 'Tandem Demo Shop' })).toBeVisible();
    // The first agent no longer has the contact.
    await expect(agent.getByRole('listitem', { name: 'Tove Transfer (phone)' })).toHaveCount(0);
    await boContext.close();
  } finally {
    await stop();
  }
});

test('dropping the contact ends co-browsing on both sides at once', async ({ agent, customer, tandem }) => {
  await shareSession(agent, customer, tandem);
  await agent.getByRole('button', { name: 'Drop contact' }).click();
  await agent.getByRole('dialog', { name: 'Drop this contact?' }).getByRole('button', { name: 'Drop contact' }).click();
  await expect(agent.getByRole('status')).toContainText('Ended');
  await expect(customer.getByRole('button', { name: 'Stop co-browsing' })).toHaveCount(0);
  await expect(customer.getByRole('button', { name: 'Co-browsing code' })).toBeVisible();
  await expect(agent.getByText('This contact has ended.')).toBeVisible();
  await expect(agent.getByRole('button', { name: 'Start co-browsing' })).toBeDisabled();
});

test('parking and a conference leave co-browsing alone', async ({ agent, customer, tandem }) => {
  const view = await shareSession(agent, customer, tandem);
  for (const [name, state] of [['Park', 'Parked'], ['Unpark', 'In call'], ['Enquiry', 'In enquiry'], ['Conference', 'In conference']]) {
    await agent.getByRole('button', { name, exact: true }).click();
    await expect(agent.getByRole('group', { name: 'Contact' })).toContainText(state);
  }
  await expect(agent.getByRole('status')).toHaveText('Co-browsing');
  await customer.locator('#menu-button').click();
  await expect(view.locator('#menu')).toBeVisible();
});

test('an agent without the cobrowse right gets no Start button, and the API refuses', async ({ agent, tandem, browser }) => {
  await signIn(agent, tandem);
  const add = await agent.request.post(`${tandem.url}/api/agents`, { data: { username: 'nora', password: 'nora-password-1', rights: [] } });
  expect(add.status()).toBe(200);
  const ctx = await browser.newContext();
  const nora = await ctx.newPage();
  await nora.goto(`${tandem.url}/console/`);
  await nora.getByLabel('Username').fill('nora');
  await nora.getByLabel('Password').fill('nora-password-1');
  await nora.getByRole('button', { name: 'Sign in' }).click();
  await nora.getByRole('button', { name: 'Create contact' }).click();
  await expect(nora.getByRole('status')).toHaveText('Not co-browsing');
  await expect(nora.getByRole('button', { name: 'Start co-browsing' })).toHaveCount(0);
  await expect(nora.getByText('your account does not have the co-browsing right')).toBeVisible();
  const contacts = await (await nora.request.get(`${tandem.url}/api/contacts`)).json();
  const refused = await nora.request.post(`${tandem.url}/api/contacts/${contacts[0].id}/cobrowse`);
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error).toContain('cobrowse right');
  await ctx.close();
});

test('an old browser: the SDK stays inactive and the agent is told', async ({ agent, customer, customerContext, tandem }) => {
  await customerContext.addInitScript(() => {
    // A browser without WebSocket support.
    (window as unknown as { WebSocket?: unknown }).WebSocket = undefined;
  });
  await customer.goto(`${tandem.url}/demo/index.html`);
  await customer.waitForLoadState('networkidle');
  await expect(customer.getByRole('button', { name: 'Co-browsing code' })).toHaveCount(0);
  const visitor = await customer.evaluate(() => (window as unknown as { Tandem: { visitorId(): string } }).Tandem.visitorId());
  expect(visitor).toMatch(/^[0-9a-f]{32}$/);

  // The company's chat system created the contact for this visitor through the API.
  await signIn(agent, tandem);
  const created = await agent.request.post(`${tandem.url}/api/contacts`, { data: { channel: 'chat', customer: 'Olive Oldbrowser', visitor } });
  expect(created.status()).toBe(200);
  await agent.reload();
  await agent.getByRole('listitem', { name: 'Olive Oldbrowser (chat)' }).getByRole('button', { name: 'Open' }).click();
  await expect(agent.getByText('Co-browsing is not available for this customer’s browser.')).toBeVisible();
  await expect(agent.getByRole('button', { name: 'Start co-browsing' })).toBeDisabled();
});

test('the audit log holds each event, never masked content, and exports', async ({ agent, customer, tandem }) => {
  await shareSession(agent, customer, tandem, 'checkout.html');
  await customer.locator('#password').fill('audit-secret-pw');
  await customer.locator('#card-number').fill('4111 1111 1111 1111');
  await agent.getByRole('button', { name: 'Link Menu' }).click();
  await agent.getByRole('list', { name: 'Page links' }).getByRole('button', { name: /^Home/ }).first().click();
  await expect(customer).toHaveURL(/index\.html/);
  await customer.getByRole('button', { name: 'Stop co-browsing' }).click();
  await expect(agent.getByRole('status')).toHaveText('Ended by the customer');

  await agent.getByRole('button', { name: 'Admin' }).click();
  const table = agent.getByRole('table', { name: 'Audit events' });
  for (const kind of ['session_started', 'code_redeemed', 'consent_given', 'link_sent', 'session_ended']) {
    await expect(table).toContainText(kind);
  }
  await agent.getByRole('textbox', { name: 'Event' }).fill('consent_given');
  await agent.getByRole('button', { name: 'Filter' }).click();
  await expect(table).not.toContainText('session_started');
  const csvHref = await agent.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
  const csv = await (await agent.request.get(`${tandem.url}${csvHref}`)).text();
  expect(csv.split('\n')[0]).toBe('at,actor,kind,session_id,contact_id,detail');
  expect(csv).toContain('consent_given');
  const all = await (await agent.request.get(`${tandem.url}/api/audit?format=json`)).text();
  for (const secret of ['audit-secret-pw', '4111 1111', '1,234.56']) expect(all).not.toContain(secret);
});

test('an admin changes the wording and colour of the customer widgets; an idle page reads them on its next load', async ({ agent, customer, tandem }) => {
  await signIn(agent, tandem);
  await customer.goto(`${tandem.url}/demo/index.html`);
  await expect(customer.getByRole('button', { name: 'Co-browsing code' })).toBeVisible();
  await agent.getByRole('button', { name: 'Admin' }).click();
  const site = agent.getByRole('form', { name: 'Site settings' });
  // The form shows the saved settings first (the domains are never empty here); edit after that.
  await expect(site.getByLabel('Company domains (one per line)')).not.toHaveValue('');
  await site.getByLabel('Text: Launcher button').fill('Share my screen');
  await site.getByLabel('Widget colour').fill('#0f766e');
  await site.getByRole('button', { name: 'Save settings' }).click();
  await expect(site.getByRole('status')).toContainText('Saved');
  // Pages that share or listen get the change pushed at once; an idle page reads it on its next
  // load (no site redeploy either way).
  await customer.reload();
  const launcher = customer.getByRole('button', { name: 'Share my screen' });
  await expect(launcher).toBeVisible();
  await launcher.click();
  await customer.getByRole('textbox', { name: 'Code', exact: true }).fill('000000');
  await customer.getByRole('button', { name: 'Start', exact: true }).click();
  await expect(customer.getByRole('alert').first()).toContainText('not valid');
  expect(await launcher.evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(15, 118, 110)');
  // The server is shared by the other tests of this worker: put the defaults back.
  const reset = await agent.request.put(`${tandem.url}/api/settings/site`, { data: { remote_control: true, typing: true } });
  expect(reset.status()).toBe(200);
});

test('requeue hands the contact to the least busy agent, who asks the customer again', async ({ agent, customer, browser }) => {
  // Who is least busy is company-wide: a server of this test's own, with one more agent.
  const { tandem, stop } = await startTandem();
  const boContext = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    await signIn(agent, tandem);
    const add = await agent.request.post(`${tandem.url}/api/agents`, { data: { username: 'rita', password: 'rita-password-1', rights: ['cobrowse'] } });
    expect(add.status()).toBe(200);
    const code = await startWithCode(agent, 'Rory Requeue');
    await customer.goto(`${tandem.url}/demo/index.html`);
    await enterCode(customer, code);
    await customer.getByRole('dialog', { name: 'Accept co-browsing?' }).getByRole('button', { name: 'Yes' }).click();
    await expect(agent.getByRole('status')).toHaveText('Co-browsing');

    await agent.getByRole('button', { name: 'Requeue' }).click();
    await expect(customer.getByText('You are being transferred to another agent.')).toBeVisible();
    await expect(customer.getByRole('button', { name: 'Stop co-browsing' })).toHaveCount(0);
    await expect(agent.getByRole('listitem', { name: 'Rory Requeue (phone)' })).toHaveCount(0);

    // Rita, with no contacts, is the least busy: the contact is in her console.
    const rita = await boContext.newPage();
    await rita.goto(`${tandem.url}/console/`);
    await rita.getByLabel('Username').fill('rita');
    await rita.getByLabel('Password').fill('rita-password-1');
    await rita.getByRole('button', { name: 'Sign in' }).click();
    await rita.getByRole('listitem', { name: 'Rory Requeue (phone)' }).getByRole('button', { name: 'Open' }).click();
    await rita.getByRole('button', { name: 'Start co-browsing' }).click();
    const ask = customer.getByRole('dialog', { name: 'Accept co-browsing?' });
    await expect(ask).toContainText('rita would like to see this page');
    await ask.getByRole('button', { name: 'Yes' }).click();
    await expect(rita.getByRole('status')).toHaveText('Co-browsing');
    await expect(mirror(rita).getByRole('heading', { name: 'Tandem Demo Shop' })).toBeVisible();
  } finally {
    await boContext.close();
    await stop();
  }
});
