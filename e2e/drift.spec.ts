// A mirror that knows when it drifts (issue #14): the agent's view is never silently wrong. A
// DOM frame lost on the way, a relay that could not keep up (this server keeps only 4 frames of
// room per agent: `--bus-capacity 4`) or a mirror changed behind the engine's back: each time
// the agent sees "Updating…" over the view for a moment, and then the customer's page as it is.
import type { Page } from '@playwright/test';
import { expect, mirror, shareSession, test } from './fixtures';

test.use({ tandemArgs: ['--bus-capacity', '4'] });

/** On the customer's page, before the SDK loads: binary (DOM) frames can be dropped on purpose
 * (`__drop` frames), and the last one can be sent again in a burst, as a network or a relay
 * would lose or pile them up. */
async function tapFrames(customer: Page): Promise<void> {
  await customer.addInitScript(() => {
    const w = window as unknown as { __drop: number; __burst(n: number): void };
    const send = WebSocket.prototype.send;
    let last: { socket: WebSocket; frame: ArrayBufferLike | ArrayBufferView } | null = null;
    w.__drop = 0;
    w.__burst = (n) => { for (let i = 0; i < n && last; i++) send.call(last.socket, last.frame as ArrayBuffer); };
    WebSocket.prototype.send = function (data) {
      if (typeof data !== 'string') {
        if (w.__drop > 0) { w.__drop--; return; }
        last = { socket: this, frame: data as ArrayBuffer };
      }
      return send.call(this, data);
    };
  });
}

/** Counts, on the agent's console, each time the "Updating…" badge shows. */
async function watchBadge(agent: Page): Promise<void> {
  await agent.evaluate(() => {
    const badge = document.querySelector('.viewport .updating') as HTMLElement;
    const w = window as unknown as { __updating: number };
    w.__updating = 0;
    new MutationObserver(() => { if (!badge.hidden) w.__updating++; }).observe(badge, { attributes: true, attributeFilter: ['hidden'] });
  });
}

const badgeShown = (agent: Page) => agent.evaluate(() => (window as unknown as { __updating: number }).__updating);

async function addLine(customer: Page, text: string): Promise<void> {
  await customer.evaluate((t) => {
    const p = document.createElement('p');
    p.textContent = t;
    document.querySelector('main')!.prepend(p);
  }, text);
}

test('a DOM frame lost on the way: the view says it is updating and catches up', async ({ agent, customer, tandem }) => {
  await tapFrames(customer);
  const view = await shareSession(agent, customer, tandem);
  await expect(view.getByRole('heading', { name: 'Sales this week' })).toBeVisible();
  await watchBadge(agent);
  await customer.evaluate(() => { (window as unknown as { __drop: number }).__drop = 1; });
  await addLine(customer, 'First change, lost on the way');
  await customer.waitForFunction(() => (window as unknown as { __drop: number }).__drop === 0);
  await addLine(customer, 'Second change');
  await expect(view.getByText('Second change')).toBeVisible();
  await expect(view.getByText('First change, lost on the way')).toBeVisible();
  expect(await badgeShown(agent)).toBeGreaterThan(0);
  await expect(agent.getByText('Updating…')).toBeHidden();
});

test('frames piling up faster than the relay forwards them: the view catches up', async ({ agent, customer, tandem }) => {
  await tapFrames(customer);
  const view = await shareSession(agent, customer, tandem);
  await expect(view.getByRole('heading', { name: 'Sales this week' })).toBeVisible();
  await watchBadge(agent);
  await customer.evaluate(() => (window as unknown as { __burst(n: number): void }).__burst(300));
  await addLine(customer, 'After the burst');
  await expect(view.getByText('After the burst')).toBeVisible();
  await expect.poll(() => badgeShown(agent)).toBeGreaterThan(0);
  await expect(agent.getByText('Updating…')).toBeHidden();
  await expect(view.getByRole('heading', { name: 'Sales this week' })).toBeVisible();
});

test('a mirror changed behind the engine\'s back is put right by the checksum', async ({ agent, customer, tandem }) => {
  const view = await shareSession(agent, customer, tandem);
  const heading = view.getByRole('heading', { name: 'Sales this week' });
  await expect(heading).toBeVisible();
  await watchBadge(agent);
  await agent.evaluate(() => {
    const doc = (document.querySelector('iframe[title="Customer view"]') as HTMLIFrameElement).contentDocument!;
    doc.getElementById('chart-heading')!.textContent = 'Something else';
  });
  await expect(view.getByText('Something else')).toBeVisible();
  // The customer's page never changed: the next checksum (every 3 s) finds the difference.
  await expect(heading).toBeVisible({ timeout: 15_000 });
  await expect(view.getByText('Something else')).toHaveCount(0);
  expect(await badgeShown(agent)).toBeGreaterThan(0);
  await expect(agent.getByText('Updating…')).toBeHidden();
  // Nothing of the page was lost for it.
  await expect(view.getByRole('img', { name: /Bar chart/ })).toBeAttached();
  await expect(mirror(agent).locator('main')).toBeVisible();
});
