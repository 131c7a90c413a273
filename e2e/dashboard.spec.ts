// Issue 13, the supervisor's view: after a few sessions an admin opens the dashboard and sees
// what happened, counted — sessions per day, consent rate, median duration, interruptions and
// control refusals, by agent and by channel — and the dashboard passes axe-core.
import type { Locator } from '@playwright/test';
import { seriousViolations } from './axe';
import { DEMO_AGENT_NAME, enterCode, expect, signIn, startTandem, startWithCode, test } from './fixtures';

/** A table's body rows as their cells' texts. */
async function rows(table: Locator): Promise<string[][]> {
  return table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? '')));
}

test('an admin sees on the dashboard the sessions that just happened, counted right', async ({ agent, customer }) => {
  // A server of its own: the dashboard counts every session the server has seen.
  const own = await startTandem(['--redeem-per-client-per-minute', '1000']);
  const tandem = own.tandem;
  await signIn(agent, tandem);
  // 1. By phone: the customer says yes, then stops.
  const first = await startWithCode(agent, 'Ann', 'phone');
  await customer.goto(`${tandem.url}/demo/index.html`);
  await enterCode(customer, first);
  await customer.getByRole('dialog', { name: 'Accept co-browsing?' }).getByRole('button', { name: 'Yes' }).click();
  await expect(agent.getByRole('status')).toHaveText('Co-browsing');
  await customer.getByRole('button', { name: 'Stop co-browsing' }).click();
  await expect(agent.getByRole('status')).toHaveText('Ended by the customer');
  // 2. By e-mail: the customer says no.
  const second = await startWithCode(agent, 'Bo', 'email');
  await customer.goto(`${tandem.url}/demo/index.html`);
  await enterCode(customer, second);
  await customer.getByRole('dialog', { name: 'Accept co-browsing?' }).getByRole('button', { name: 'No' }).click();
  await expect(agent.getByRole('status')).toContainText('Declined');
  // 3. By phone: a code nobody types.
  await startWithCode(agent, 'Cy', 'phone');

  await agent.getByRole('button', { name: 'Admin' }).click();
  const dashboard = agent.getByRole('region', { name: 'Dashboard' });
  const figures = dashboard.getByRole('definition');
  await expect(figures).toHaveText([/^3$/, '50 %', /^\d+ s$/, '0', '0']);
  const today = new Date().toISOString().slice(0, 10);
  expect(await rows(dashboard.getByRole('table', { name: 'Sessions per day' }))).toEqual([[today, '3']]);
  await expect(dashboard.getByRole('img', { name: 'Sessions per day, 14 days: 3 in all' }).locator('canvas')).not.toHaveCount(0);
  const byAgent = await rows(dashboard.getByRole('table', { name: 'By agent' }));
  expect(byAgent.map((r) => [r[0], r[1], r[2]])).toEqual([[DEMO_AGENT_NAME, '3', '50 %']]);
  const byChannel = await rows(dashboard.getByRole('table', { name: 'By channel' }));
  expect(byChannel.map((r) => [r[0], r[1], r[2], r[4], r[5]])).toEqual([['email', '1', '0 %', '0', '0'], ['phone', '2', '100 %', '0', '0']]);
  expect(byChannel[0][3]).toBe('–');
  expect(byChannel[1][3]).toMatch(/^\d+ s$/);

  // Another period: the same sessions, over 7 days.
  await dashboard.getByRole('combobox', { name: /^Period/ }).selectOption('7');
  await expect(dashboard.getByRole('img', { name: 'Sessions per day, 7 days: 3 in all' })).toBeVisible();
  expect(await seriousViolations(agent), 'dashboard').toEqual([]);
  await own.stop();
});
