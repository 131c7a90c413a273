// ARCHITECTURE.md §4.7: nothing is lost on restart — a live session reconnects and resumes after the
// server restarts, on both sides, with no new code or consent.
import { createServer } from 'node:net';
import { enterCode, expect, mirror, signIn, startTandem, startWithCode, test } from './fixtures';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

test('a live session resumes by itself after the server restarts', async ({ agent, customer }) => {
  const port = await freePort();
  const first = await startTandem(['--listen', `127.0.0.1:${port}`]);
  await signIn(agent, first.tandem);
  const code = await startWithCode(agent);
  await customer.goto(`${first.tandem.url}/demo/index.html`);
  await enterCode(customer, code);
  await customer.getByRole('dialog', { name: 'Accept co-browsing?' }).getByRole('button', { name: 'Yes' }).click();
  await expect(agent.getByRole('status')).toHaveText('Co-browsing');
  await first.stop(true);

  // The same data, the same address: both sides reconnect on their own.
  const second = await startTandem(['--listen', `127.0.0.1:${port}`], first.data);
  await customer.locator('#menu-button').click();
  await expect(mirror(agent).locator('#menu')).toBeVisible({ timeout: 30_000 });
  await expect(agent.getByRole('status')).toHaveText('Co-browsing');
  await expect(customer.getByRole('button', { name: 'Stop co-browsing' })).toBeVisible();
  await expect(customer.getByRole('dialog')).toHaveCount(0);
  await second.stop();
});
