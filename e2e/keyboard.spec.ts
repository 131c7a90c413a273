// Issue 13, every ability, done with the keyboard alone on both sides: signing in, starting,
// the code, consent (a focus trap that hands focus on), pointing and control through the
// toolbar (the customer's screen reader hears what the agent does), the Link Menu, and Stop.
import type { Locator, Page } from '@playwright/test';
import { customerChats, DEMO_AGENT_NAME, expect, signIn, test } from './fixtures';

/** Presses Tab (or Shift+Tab) until `target` has the focus, as a keyboard user does. */
async function tabTo(page: Page, target: Locator, back = false): Promise<void> {
  for (let i = 0; i < 60; i++) {
    if (await target.evaluate((e) => e.matches(':focus')).catch(() => false)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  await expect(target).toBeFocused();
}

/** Arrow Down on the Customer view until the console says `name` is chosen. */
async function arrowTo(agent: Page, name: string): Promise<void> {
  const news = agent.locator('.notice');
  for (let i = 0; i < 80; i++) {
    if ((await news.textContent())?.startsWith(`${name}, `)) return;
    await agent.keyboard.press('ArrowDown');
  }
  await expect(news).toContainText(`${name}, `);
}

test('an agent and a customer co-browse, point, control, send a link and stop with the keyboard alone', async ({ agent, customer, tandem }) => {
  // Sign in, create a contact, start co-browsing.
  await agent.goto(`${tandem.url}/console/`);
  await tabTo(agent, agent.getByLabel('Username'));
  await agent.keyboard.type(tandem.username);
  await agent.keyboard.press('Tab');
  await agent.keyboard.type(tandem.password);
  await agent.keyboard.press('Enter');
  await tabTo(agent, agent.getByRole('button', { name: 'Create contact' }));
  await agent.keyboard.press('Enter');
  await tabTo(agent, agent.getByRole('button', { name: 'Start co-browsing' }));
  // Where the keyboard is can be seen.
  await expect(agent.getByRole('button', { name: 'Start co-browsing' })).toHaveCSS('outline-style', 'solid');
  await agent.keyboard.press('Enter');
  await expect(agent.getByLabel('Co-browsing code')).toHaveValue(/^\d{6}$/);
  const code = await agent.getByLabel('Co-browsing code').inputValue();

  // The customer types the code and accepts; the dialog keeps the keyboard until answered.
  await customer.goto(`${tandem.url}/demo/index.html`);
  await tabTo(customer, customer.getByRole('button', { name: 'Co-browsing code' }));
  await expect(customer.getByRole('button', { name: 'Co-browsing code' })).toHaveCSS('outline-style', 'solid');
  await customer.keyboard.press('Enter');
  await expect(customer.getByRole('textbox', { name: 'Code', exact: true })).toBeFocused();
  await customer.keyboard.type(code);
  await customer.keyboard.press('Enter');
  const consent = customer.getByRole('dialog', { name: 'Accept co-browsing?' });
  const yes = consent.getByRole('button', { name: 'Yes' });
  const no = consent.getByRole('button', { name: 'No' });
  await expect(yes).toBeFocused();
  for (const [key, focused] of [['Tab', no], ['Tab', yes], ['Shift+Tab', no], ['Shift+Tab', yes]] as const) {
    await customer.keyboard.press(key);
    await expect(focused).toBeFocused();
  }
  await customer.keyboard.press('Enter');
  await expect(agent.getByRole('status')).toHaveText('Co-browsing');
  // Focus goes on to what comes next, never lost on the page's top.
  await expect(customer.getByRole('button', { name: 'Stop co-browsing' })).toBeFocused();

  // Pointing from the toolbar: choose "Checkout" with the arrows, Enter points at it.
  const heard = customer.locator('[data-tandem-announcer]');
  const tools = agent.getByRole('toolbar', { name: 'Pointing and control' });
  await tabTo(agent, tools.getByRole('button', { name: 'Point' }));
  await agent.keyboard.press('Enter');
  await expect(tools.getByRole('button', { name: 'Point' })).toHaveAttribute('aria-pressed', 'true');
  const surface = agent.getByRole('application', { name: 'Pointing and control surface' });
  await tabTo(agent, surface);
  await arrowTo(agent, 'Checkout');
  await agent.keyboard.press('Enter');
  await expect(customer.locator('.circle')).toBeVisible();
  await expect(heard).toHaveText(`${DEMO_AGENT_NAME} is pointing at: Checkout`);

  // Control from the toolbar: Enter on "Add to basket" clicks it for the customer.
  await tabTo(agent, tools.getByRole('button', { name: 'Control' }), true);
  await agent.keyboard.press('Enter');
  await expect(tools.getByRole('button', { name: 'Control' })).toHaveAttribute('aria-pressed', 'true');
  await tabTo(agent, surface);
  await arrowTo(agent, 'Add to basket');
  await agent.keyboard.press('Enter');
  await expect(customer.locator('#cart-count')).toHaveText('1 item');
  await expect(heard).toHaveText(`${DEMO_AGENT_NAME} is controlling this page`);
  await expect(heard).toHaveText(`${DEMO_AGENT_NAME} stopped controlling this page`);
  await tabTo(agent, tools.getByRole('button', { name: 'Control' }), true);
  await agent.keyboard.press('Enter');
  await expect(tools.getByRole('button', { name: 'Control' })).toHaveAttribute('aria-pressed', 'false');

  // The Link Menu: a favourite made and sent with the keyboard.
  await tabTo(agent, agent.getByRole('button', { name: 'Link Menu' }), true);
  await agent.keyboard.press('Enter');
  await tabTo(agent, agent.getByRole('tab', { name: 'Favourites' }));
  await agent.keyboard.press('Enter');
  await tabTo(agent, agent.getByRole('button', { name: 'Edit' }));
  await agent.keyboard.press('Enter');
  await tabTo(agent, agent.getByRole('button', { name: 'New Favourite' }), true);
  await agent.keyboard.press('Enter');
  await expect(agent.getByLabel('Name', { exact: true })).toBeFocused();
  await agent.keyboard.type('Long page');
  await agent.keyboard.press('Tab');
  await agent.keyboard.type(`${tandem.url}/demo/long.html`);
  await tabTo(agent, agent.getByRole('button', { name: 'Finish editing' }), true);
  await agent.keyboard.press('Enter');
  await expect(agent.getByRole('button', { name: 'Edit' })).toBeFocused();
  await tabTo(agent, agent.getByRole('list', { name: 'My favourites' }).getByRole('button', { name: /Long page/ }));
  await agent.keyboard.press('Enter');
  await expect(customer).toHaveURL(/long\.html/);

  // The customer stops.
  await tabTo(customer, customer.getByRole('button', { name: 'Stop co-browsing' }));
  await customer.keyboard.press('Enter');
  await expect(agent.getByRole('status')).toHaveText('Ended by the customer');
});

test('the consent dialog gives the keyboard back where it was: a customer who says No carries on on the page', async ({ agent, customer, tandem }) => {
  await signIn(agent, tandem);
  await customerChats(customer, tandem.url, 'Kim Keys', 'Can you show me?');
  // Back on the page, on the shop's own menu button, when the question comes.
  const menu = customer.getByRole('button', { name: 'Categories' });
  await menu.focus();
  await agent.getByRole('listitem', { name: 'Kim Keys (chat)' }).getByRole('button', { name: 'Open' }).click();
  await agent.getByRole('button', { name: 'Start co-browsing' }).click();
  const consent = customer.getByRole('dialog', { name: 'Accept co-browsing?' });
  await expect(consent.getByRole('button', { name: 'Yes' })).toBeFocused();
  await customer.keyboard.press('Tab');
  await expect(consent.getByRole('button', { name: 'No' })).toBeFocused();
  await customer.keyboard.press('Enter');
  await expect(agent.getByRole('status')).toContainText('Declined');
  await expect(menu).toBeFocused();
  await customer.keyboard.press('Enter');
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
});
