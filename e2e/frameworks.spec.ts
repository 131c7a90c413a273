// Remote control against real framework builds from npm (web/demo-apps): the agent clicks,
// types, chooses and submits in React, Preact, Vue and Svelte apps, and each framework's own
// state — rendered back into the page — must follow, as it does for a person: React's
// controlled inputs, Preact's onInput, Vue's v-model, Svelte's bindings, keydown handlers,
// and Enter submitting the form.
import type { Locator, Page } from '@playwright/test';
import { expect, shareSession, test } from './fixtures';

/** Waits until `target` has stopped moving (the scroll into view has finished). */
async function steady(target: Locator): Promise<void> {
  let last = '';
  await expect.poll(async () => {
    const box = JSON.stringify(await target.boundingBox());
    const same = box === last;
    last = box;
    return same;
  }, { intervals: [100] }).toBe(true);
}

async function altClick(agent: Page, target: Locator): Promise<void> {
  await target.scrollIntoViewIfNeeded();
  await steady(target);
  const box = (await target.boundingBox())!;
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await agent.mouse.move(x, y);
  await agent.keyboard.down('Alt');
  await expect(agent.locator('.viewport')).toHaveAttribute('data-mode', 'control');
  await agent.mouse.click(x, y);
  await agent.keyboard.up('Alt');
}

// Each app test does a dozen remote actions end to end; give a loaded machine room.
test.describe.configure({ timeout: 120_000 });

for (const [app, title] of [['react', 'React'], ['preact', 'Preact'], ['vue', 'Vue'], ['svelte', 'Svelte']] as const) {
  test(`${title}: the agent types, ticks, chooses, clicks and submits, and the app's state follows`, async ({ agent, customer, tandem }) => {
    const view = await shareSession(agent, customer, tandem, `${app}.html`);
    await expect(view.getByRole('heading', { name: `${title} app` })).toBeVisible();
    const page = (id: string) => customer.locator(`#${id}`);

    // Typing in a field the app controls: the framework's state, not just the DOM, changes.
    await altClick(agent, view.locator('#fw-name'));
    await agent.keyboard.type('Adaa');
    await agent.keyboard.press('Backspace');
    await expect(page('fw-greeting')).toHaveText('Hello, Ada');
    await expect(page('fw-name')).toHaveValue('Ada');
    await expect(view.locator('#fw-greeting')).toHaveText('Hello, Ada');
    await expect(page('fw-keys')).toHaveText('Keys: 5');
    await agent.keyboard.press('Escape');

    await altClick(agent, view.locator('#fw-news'));
    await expect(page('fw-news')).toBeChecked();
    await altClick(agent, view.locator('#fw-plan'));
    await agent.getByRole('listbox', { name: 'Choose for the customer' }).selectOption({ label: 'Pro' });
    await expect(page('fw-plan-shown')).toHaveText('Plan: pro');
    await altClick(agent, view.locator('#fw-more'));
    await altClick(agent, view.locator('#fw-more'));
    await expect(page('fw-count')).toHaveText('Count: 2');

    // Enter in the field submits the form, as implicit submission does.
    await altClick(agent, view.locator('#fw-name'));
    await agent.keyboard.press('Enter');
    await expect(page('fw-result')).toHaveText('Sent: Ada, pro, news');

    // The state survives a re-render: typing on goes on from the framework's value.
    await altClick(agent, view.locator('#fw-name'));
    await agent.keyboard.press('End');
    await agent.keyboard.type(' L');
    await expect(page('fw-greeting')).toHaveText('Hello, Ada L');
    await agent.keyboard.press('Escape');
    await altClick(agent, view.getByRole('button', { name: 'Send' }));
    await expect(page('fw-result')).toHaveText('Sent: Ada L, pro, news');
  });
}
