// Proactive web invitations, as the contact centre runs them: an admin makes a rule in the
// console, a visitor on a matching page is invited after their time on the page, accepts a
// chat, and the agent co-browses with them by asking directly (no code); a declined invitation
// is counted; the site's `Tandem.invite()` shows one; an agent invites a visitor they see on
// the site. The visitor's clock is Playwright's, so "time on page" passes without waiting.
import type { Page } from '@playwright/test';
import { DEMO_AGENT_NAME, expect, signIn, test } from './fixtures';

const METRICS_TOKEN = 'invitations-e2e-metrics-token';
test.use({ tandemArgs: ['--metrics-token', METRICS_TOKEN] });

async function openAdmin(agent: Page) {
  await agent.getByRole('button', { name: 'Admin' }).click();
  const section = agent.getByRole('region', { name: 'Invitations' });
  await expect(section.getByRole('button', { name: 'Save invitations' })).toBeEnabled();
  return section;
}

async function backToContacts(agent: Page) {
  await agent.getByRole('button', { name: 'Contacts' }).click();
  await expect(agent.getByRole('heading', { name: 'Contacts' })).toBeVisible();
}

test('the rules match page addresses as admins write them', async ({ customer, tandem }) => {
  await customer.goto(`${tandem.url}/demo/index.html`);
  const launcher = (await (await customer.request.get(`${tandem.url}/sdk/tandem.js`)).text()).match(/tandem-launcher\.[0-9a-f]{12}\.js/)![0];
  const chunk = (await (await customer.request.get(`${tandem.url}/sdk/${launcher}`)).text()).match(/tandem-invite\.[0-9a-f]{12}\.js/)![0];
  const results = await customer.evaluate(async (url) => {
    const m = await import(url);
    const rules = [
      { id: 'manual', name: 'M', page: '/help*', seconds_on_page: 0, idle_seconds: 0, manual: true, offer: 'callback', text: '' },
      { id: 'checkout', name: 'C', page: '/shop/*/checkout', seconds_on_page: 5, idle_seconds: 0, manual: false, offer: 'chat', text: '' },
      { id: 'all', name: 'A', page: '', seconds_on_page: 60, idle_seconds: 0, manual: false, offer: 'chat', text: '' },
    ];
    return {
      star: [m.pageMatches('/checkout*', '/checkout'), m.pageMatches('/checkout*', '/checkout/pay'), m.pageMatches('/checkout*', '/shop/checkout')],
      literal: [m.pageMatches('/a.b', '/a.b'), m.pageMatches('/a.b', '/axb'), m.pageMatches('/(x)', '/(x)')],
      every: m.pageMatches('', '/anything'),
      auto: [m.ruleFor(rules, '/shop/42/checkout', false)?.id, m.ruleFor(rules, '/help/faq', false)?.id],
      manual: [m.ruleFor(rules, '/help/faq', true)?.id, m.ruleFor([], '/x', true)],
    };
  }, `${tandem.url}/sdk/${chunk}`);
  expect(results).toEqual({
    star: [true, true, false],
    literal: [true, false, true],
    every: true,
    auto: ['checkout', 'all'],
    manual: ['manual', null],
  });
});

test('an admin’s rule invites a visitor after their time on the page; accepted, it is a web chat the agent co-browses without a code; declined, it is counted', async ({ agent, customer, browser, tandem }) => {
  await signIn(agent, tandem);
  const admin = await openAdmin(agent);
  await admin.getByRole('button', { name: 'Add rule' }).click();
  await admin.getByLabel('Rule 1 name').fill('Checkout help');
  await admin.getByLabel('Rule 1 page address').fill('/demo/checkout*');
  await admin.getByLabel('Rule 1 seconds on page').fill('20');
  await admin.getByLabel('Rule 1 invitation text').fill('Questions about paying? We are here.');
  await admin.getByRole('button', { name: 'Save invitations' }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await backToContacts(agent);

  // The checkout: shown after 20 s on the page, not before.
  const invitation = customer.getByRole('dialog', { name: 'Can we help?' });
  await customer.clock.install();
  await customer.goto(`${tandem.url}/demo/checkout.html`);
  await expect(customer.getByRole('button', { name: 'Chat with us' })).toBeVisible();
  await customer.clock.fastForward(10_000);
  await expect(invitation).toHaveCount(0);
  await customer.clock.fastForward(11_000);
  await expect(invitation).toBeVisible();
  await expect(invitation).toContainText('Questions about paying? We are here.');
  // A modal dialog: Tab and Shift+Tab stay on its two buttons until it is answered.
  const startChat = invitation.getByRole('button', { name: 'Start chat' });
  const noThanks = invitation.getByRole('button', { name: 'No thanks' });
  await expect(startChat).toBeFocused();
  for (const [key, next] of [['Tab', noThanks], ['Tab', startChat], ['Shift+Tab', noThanks], ['Shift+Tab', startChat]] as const) {
    await customer.keyboard.press(key);
    await expect(next).toBeFocused();
  }
  await customer.keyboard.press('Enter');
  await expect(invitation).toHaveCount(0);

  // Accepted, the chat takes the keyboard at its message field: the visitor just types.
  const chat = customer.getByRole('dialog', { name: 'Chat with us' });
  await expect(chat).toBeVisible();
  await expect(chat.getByRole('textbox', { name: 'Message' })).toBeFocused();
  await customer.keyboard.type('Can I pay by invoice?');
  await chat.getByLabel('Your name').fill('Ines Invited');
  await chat.getByRole('button', { name: 'Send' }).click();
  await expect(chat.getByRole('log')).toContainText('Can I pay by invoice?');

  // The agent: a web chat contact, and Start co-browsing asks the visitor at once.
  const contact = agent.getByRole('listitem', { name: 'Ines Invited (chat)' });
  await expect(contact).toBeVisible();
  await contact.getByRole('button', { name: 'Open' }).click();
  await agent.getByRole('button', { name: 'Start co-browsing' }).click();
  const consent = customer.getByRole('dialog', { name: 'Accept co-browsing?' });
  await expect(consent).toBeVisible();
  await expect(agent.getByLabel('Co-browsing code')).toBeHidden();
  await consent.getByRole('button', { name: 'Yes' }).click();
  await expect(agent.getByRole('status')).toHaveText('Co-browsing');

  // Another visitor declines; the rule leaves them alone on their next page.
  const other = await browser.newContext();
  const visitor = await other.newPage();
  await visitor.clock.install();
  await visitor.goto(`${tandem.url}/demo/checkout.html`);
  await expect(visitor.getByRole('button', { name: 'Chat with us' })).toBeVisible();
  await visitor.clock.fastForward(21_000);
  const declined = visitor.getByRole('dialog', { name: 'Can we help?' });
  await expect(declined).toBeVisible();
  await visitor.keyboard.press('Escape');
  await expect(declined).toHaveCount(0);
  await visitor.reload();
  await expect(visitor.getByRole('button', { name: 'Chat with us' })).toBeVisible();
  await visitor.clock.fastForward(30_000);
  await expect(declined).toHaveCount(0);
  await other.close();

  // Counted: in /metrics and for the admin.
  await expect(async () => {
    const metrics = await (await agent.request.get(`${tandem.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    expect(metrics).toMatch(/tandem_invitations_total\{[^}]*event="shown"[^}]*\} 2/);
    expect(metrics).toMatch(/tandem_invitations_total\{[^}]*event="accepted"[^}]*\} 1/);
    expect(metrics).toMatch(/tandem_invitations_total\{[^}]*event="declined"[^}]*\} 1/);
  }).toPass();
  await agent.getByRole('button', { name: 'Stop co-browsing' }).click();
  const again = await openAdmin(agent);
  await expect(again.getByRole('table', { name: 'Invitations counted' }).getByRole('row', { name: 'Checkout help 2 1 1' })).toBeVisible();
  const audit = await (await agent.request.get(`${tandem.url}/api/audit?kind=invitation_declined`)).json();
  expect(JSON.stringify(audit)).toContain('invitation_declined');
});

test('the site’s Tandem.invite() shows an invitation, and an agent invites a visitor they see on the site', async ({ agent, customer, tandem }) => {
  await signIn(agent, tandem);
  const admin = await openAdmin(agent);
  await admin.getByLabel('Show agents the visitors on the site (presence)').check();
  await admin.getByRole('button', { name: 'Save invitations' }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await backToContacts(agent);

  // The checkout's rule from the test before stays off this page, whatever the time.
  await customer.clock.install();
  await customer.goto(`${tandem.url}/demo/index.html?token=s3cret`);
  const invitation = customer.getByRole('dialog', { name: 'Can we help?' });
  await expect(customer.getByRole('button', { name: 'Chat with us' })).toBeVisible();
  await customer.clock.fastForward(30_000);
  await expect(invitation).toHaveCount(0);
  const search = customer.getByRole('link').first();
  await search.focus();
  await customer.evaluate(() => (window as unknown as { Tandem: { invite(): void } }).Tandem.invite());
  await expect(invitation).toBeVisible();
  await expect(invitation).toContainText('Would you like to chat with us?');
  await customer.keyboard.press('Escape');
  await expect(invitation).toHaveCount(0);
  await expect(search).toBeFocused();

  // The agent sees the visitor (the page without its secret query) and invites them.
  const present = agent.getByRole('list', { name: 'Visitors on the site' }).getByRole('listitem', { name: 'Visitor on /demo/index.html' });
  await expect(present).toBeVisible();
  await expect(present).toContainText('on this page');
  await present.getByRole('button', { name: 'Invite the visitor on /demo/index.html to chat' }).click();
  await expect(present.getByRole('button', { name: /Invite the visitor/ })).toHaveText('Invited');
  await customer.clock.fastForward(11_000);
  await expect(invitation).toBeVisible();
  await expect(invitation).toContainText(`${DEMO_AGENT_NAME} would like to help you.`);
  await invitation.getByRole('button', { name: 'Start chat' }).click();
  await expect(customer.getByRole('dialog', { name: 'Chat with us' })).toBeVisible();
  await expect(customer.getByRole('dialog', { name: 'Chat with us' }).getByRole('textbox', { name: 'Message' })).toBeFocused();
});
