// ARCHITECTURE.md §4.1: a password, masked content and blocked content never leave the customer's
// browser. Every WebSocket frame the customer's page sends and the agent's console receives is
// recorded and decoded, and the agent's mirror is searched, after the customer typed secrets.
import { expect, shareSession, test } from './fixtures';
import { record } from './frames';

const PASSWORD = 'Tr0ub4dor&3-hunter2';
const CARD = '4111 1111 1111 1111';
const CVC = '7391';

test('passwords, masked and blocked content never reach the agent', async ({ agent, customer, tandem }) => {
  const sent: string[] = [];
  const received: string[] = [];
  record(customer, 'framesent', sent);
  record(agent, 'framereceived', received);

  const view = await shareSession(agent, customer, tandem, 'checkout.html');
  await customer.locator('#password').pressSequentially(PASSWORD);
  await customer.locator('#card-number').pressSequentially(CARD);
  await customer.locator('#card-cvc').pressSequentially(CVC);
  await customer.locator('#name').pressSequentially('Visible Name');
  // The visible field arrives, so the secrets typed before it had every chance to be sent.
  await expect(view.locator('#name')).toHaveValue('Visible Name');
  // A password field turned into a text field by a page script still keeps its secret.
  await customer.locator('#password').evaluate((e) => ((e as HTMLInputElement).type = 'text'));
  await customer.locator('#password').press('End');
  await customer.locator('#password').pressSequentially('X');
  await customer.locator('#name').press('End');
  await customer.locator('#name').pressSequentially('!');
  await expect(view.locator('#name')).toHaveValue('Visible Name!');

  const mirrorHtml = await agent
    .locator('iframe[title="Customer view"]')
    .evaluate((f) => {
      const doc = (f as HTMLIFrameElement).contentDocument!;
      const values = [...doc.querySelectorAll('input, textarea')].map((i) => (i as HTMLInputElement).value).join('\n');
      return doc.documentElement.outerHTML + '\n' + values;
    });

  const everything = { 'sent by the customer': sent.join('\n'), 'received by the agent': received.join('\n'), 'in the mirror': mirrorHtml };
  expect(sent.length).toBeGreaterThan(3);
  expect(received.join('')).toContain('Visible Name');
  for (const [where, text] of Object.entries(everything)) {
    for (const secret of [PASSWORD, 'hunter2', CARD, CARD.replace(/ /g, ''), '1,234.56', 'Special offer for you']) {
      expect(text, `"${secret}" ${where}`).not.toContain(secret);
    }
    expect(text, `CVC ${where}`).not.toMatch(new RegExp(`\\b${CVC}\\b`));
  }

  // Masked text keeps its place, the blocked element its size.
  await expect(view.locator('.balance')).toBeAttached(); // masked elements keep no id
  const size = async (p: { boundingBox: () => Promise<{ width: number; height: number } | null> }) => {
    const b = await p.boundingBox();
    return [Math.round(b!.width), Math.round(b!.height)];
  };
  const scale = Number(await agent.locator('.viewport').getAttribute('data-scale'));
  const [cw, ch] = await size(customer.locator('#blocked-ad'));
  // The only block placeholder on the page stands where #blocked-ad is.
  const [mw, mh] = await size(view.locator('[data-tandem-blocked]'));
  expect(Math.abs(mw / scale - cw)).toBeLessThan(3);
  expect(Math.abs(mh / scale - ch)).toBeLessThan(3);
});

test('the console shields the agent: sandboxed mirror and a strict CSP', async ({ agent, tandem }) => {
  const res = await agent.request.get(`${tandem.url}/console/`);
  // The whole policy, directive by directive: a source added anywhere ('unsafe-inline' in
  // script-src, say) fails.
  const directives = (csp: string) => csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]);
  expect(directives(res.headers()['content-security-policy'])).toEqual(directives(
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'; " +
    "img-src 'self' data: blob:; font-src 'self' data:; media-src 'self' http: https: blob:; frame-src 'self' about:; " +
    "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"));
  await agent.goto(`${tandem.url}/console/`);
  await agent.getByLabel('Username').fill(tandem.username);
  await agent.getByLabel('Password').fill(tandem.password);
  await agent.getByRole('button', { name: 'Sign in' }).click();
  await agent.getByRole('button', { name: 'Create contact' }).click();
  await agent.getByRole('button', { name: 'Start co-browsing' }).click();
  const sandbox = await agent.locator('iframe[title="Customer view"]').getAttribute('sandbox');
  expect(sandbox).toBe('allow-same-origin');
});
