// The masking check in the console: a site owner runs `tandem scan` against the server's store,
// and an admin opens the latest report in the Admin view — each finding, and the customer's page
// beside the agent's "Customer view".
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, signIn, startTandem, test } from './fixtures';

test('an admin opens the latest masking check in the console', async ({ agent }) => {
  test.setTimeout(300_000);
  const { tandem, stop, data } = await startTandem();
  try {
    const bin = resolve(process.env.TANDEM_BIN ?? 'target/debug/tandem');
    // A site-specific detector that matches the demo's name: a finding whatever else the scan sees.
    const args = ['scan', `${tandem.url}/demo/checkout.html`, '--pattern', 'shop name=Tandem Demo Shop', '--data', data];
    const exit = await new Promise<number>((done) => execFile(bin, args, { timeout: 240_000 }, (err) => done(err ? Number(err.code) : 0)));
    expect(exit).toBe(1);

    await signIn(agent, tandem);
    await agent.getByRole('button', { name: 'Admin' }).click();
    const check = agent.getByRole('region', { name: 'Masking check' });
    await expect(check).toContainText('findings');
    await expect(check.getByRole('table', { name: /Findings on .*checkout\.html/ })).toContainText('shop name "Tandem Demo Shop"');
    await expect(check.getByRole('img', { name: 'The customer’s page' })).toBeVisible();
    await expect(check.getByRole('img', { name: 'The agent’s Customer view' })).toBeVisible();
  } finally {
    await stop();
  }
});

test('an admin is told when no masking check has run yet', async ({ agent }) => {
  const { tandem, stop } = await startTandem();
  try {
    await signIn(agent, tandem);
    await agent.getByRole('button', { name: 'Admin' }).click();
    await expect(agent.getByRole('region', { name: 'Masking check' })).toContainText('No masking check yet');
  } finally {
    await stop();
  }
});
