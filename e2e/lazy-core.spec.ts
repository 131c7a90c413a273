// A site that pays almost nothing until it shares (issue #16): a visitor who only looks at the
// site downloads the loader and the launcher, and no socket is opened; the core arrives when
// the customer reaches for co-browsing (points at or presses "Co-browsing code" or a help
// button: the panels they open are the core's) and the
// session starts as always; the chat and callback panels only for a customer who uses them. Seen from the customer's browser: the requests it made and what
// the customer sees.
import type { Page } from '@playwright/test';
import { enterCode, expect, signIn, startWithCode, test } from './fixtures';

/** The SDK scripts and sockets this page asked for so far, by file kind (hash cut off). */
function watch(page: Page) {
  const scripts: string[] = [];
  const sockets: string[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/sdk/') && path.endsWith('.js')) scripts.push(path.replace(/\.[0-9a-f]{12}\.js$/, '.js'));
  });
  page.on('websocket', (ws) => sockets.push(new URL(ws.url()).pathname));
  return { scripts, sockets };
}

test('a visitor who never shares downloads the loader and the launcher only, and opens no socket', async ({ customer, tandem }) => {
  const seen = watch(customer);
  await customer.goto(`${tandem.url}/demo/index.html`);
  await expect(customer.getByRole('button', { name: 'Co-browsing code' })).toBeVisible();
  await expect(customer.getByRole('button', { name: 'Chat with us' })).toBeVisible();
  await customer.waitForLoadState('networkidle');
  expect(seen.scripts.sort()).toEqual(['/sdk/tandem-launcher.js', '/sdk/tandem.js']);
  expect(seen.sockets).toEqual([]);
});

test('the SDK adds no long task to the page load: none of its scripts runs for 50 ms', async ({ customer, tandem }) => {
  // Every long animation frame (over 50 ms) names the scripts that ran in it and for how long
  // (`long-animation-frame`); a long task of the page's own is not the SDK's.
  await customer.addInitScript(() => {
    const w = window as unknown as { __sdkRuns: number[]; __loaf: boolean };
    w.__sdkRuns = [];
    w.__loaf = PerformanceObserver.supportedEntryTypes.includes('long-animation-frame');
    new PerformanceObserver((list) => {
      for (const frame of list.getEntries() as unknown as { scripts: { sourceURL: string; duration: number }[] }[]) {
        for (const script of frame.scripts) if (script.sourceURL.includes('/sdk/')) w.__sdkRuns.push(Math.round(script.duration));
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  });
  await customer.goto(`${tandem.url}/demo/index.html`);
  await expect(customer.getByRole('button', { name: 'Co-browsing code' })).toBeVisible();
  await customer.waitForLoadState('networkidle');
  const { runs, loaf } = await customer.evaluate(() => {
    const w = window as unknown as { __sdkRuns: number[]; __loaf: boolean };
    return { runs: w.__sdkRuns, loaf: w.__loaf };
  });
  expect(loaf).toBe(true);
  expect(Math.max(0, ...runs)).toBeLessThan(50);
});

test('the core arrives when the customer opens the code panel, and the session starts as always', async ({ agent, customer, tandem }) => {
  await signIn(agent, tandem);
  const code = await startWithCode(agent);
  const seen = watch(customer);
  await customer.goto(`${tandem.url}/demo/index.html`);
  await expect(customer.getByRole('button', { name: 'Co-browsing code' })).toBeVisible();
  await customer.waitForLoadState('networkidle');
  expect(seen.scripts).not.toContain('/sdk/tandem-core.js');

  // The pointer reaching the button fetches the core ahead; the press opens the panel, which
  // is the core's.
  await customer.getByRole('button', { name: 'Co-browsing code' }).hover();
  await expect.poll(() => seen.scripts).toContain('/sdk/tandem-core.js');
  await customer.getByRole('button', { name: 'Co-browsing code' }).click();
  await expect(customer.getByRole('textbox', { name: 'Code', exact: true })).toBeFocused();
  await expect(customer.getByRole('button', { name: 'Co-browsing code' })).toHaveAttribute('aria-expanded', 'true');
  expect(seen.sockets).toEqual([]);
  await customer.getByRole('textbox', { name: 'Code', exact: true }).fill(code);
  await customer.getByRole('button', { name: 'Start', exact: true }).click();
  const dialog = customer.getByRole('dialog', { name: 'Accept co-browsing?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Yes' }).click();
  await expect(agent.getByRole('status')).toHaveText('Co-browsing');
  await expect(agent.frameLocator('iframe[title="Customer view"]').getByRole('heading', { name: 'Tandem Demo Shop', level: 1 })).toBeVisible();
  expect(seen.sockets).toEqual(['/ws/customer']);
  // Sharing by code never needs the chat and callback panels.
  expect(seen.scripts).not.toContain('/sdk/tandem-help.js');
});

test('the chat panel arrives when the customer presses "Chat with us"', async ({ customer, tandem }) => {
  const seen = watch(customer);
  await customer.goto(`${tandem.url}/demo/index.html`);
  await customer.getByRole('button', { name: 'Chat with us' }).click();
  const chat = customer.getByRole('dialog', { name: 'Chat with us' });
  await expect(chat.getByLabel('Your name')).toBeVisible();
  expect(seen.scripts).toEqual(expect.arrayContaining(['/sdk/tandem-core.js', '/sdk/tandem-help.js']));
});

test('a wrong code is refused in the code panel', async ({ customer, tandem }) => {
  await customer.goto(`${tandem.url}/demo/index.html`);
  await enterCode(customer, '000000');
  await expect(customer.getByRole('alert')).not.toBeEmpty();
  await expect(customer.getByRole('textbox', { name: 'Code', exact: true })).toHaveValue('000000');
});
