// A web visitor is the browser that holds the secret the server issued, not whoever knows the
// public `Tandem.visitorId()`: someone who says hello with it from another browser gets neither
// the agent's chat nor the co-browsing request, and cannot accept in the customer's place.
import { customerChats, expect, mirror, signIn, startTandem, test } from './fixtures';

test('a stranger who knows the visitor id gets nothing of the customer\'s chat or consent', async ({ agent, customer, browser }) => {
  // A server of its own: the chat must reach the demo agent, the only agent there.
  const { tandem, stop } = await startTandem();
  try {
    await signIn(agent, tandem);
    const chat = await customerChats(customer, tandem.url, 'Vera Visitor', 'My card is blocked');
    const visitorId = await customer.evaluate(() => (window as unknown as { Tandem: { visitorId(): string } }).Tandem.visitorId());
    expect(visitorId).toMatch(/^[0-9a-f]{32}$/);

    // A stranger, in another browser, opens a customer socket and says hello with that id.
    const strangerContext = await browser.newContext();
    const stranger = await strangerContext.newPage();
    await stranger.goto(`${tandem.url}/demo/index.html`);
    await stranger.evaluate((id) => {
      const w = window as unknown as { got: string[]; ws: WebSocket };
      w.got = [];
      w.ws = new WebSocket(location.origin.replace(/^http/, 'ws') + '/ws/customer');
      w.ws.onmessage = (e) => { if (typeof e.data === 'string') w.got.push(e.data); };
      w.ws.onopen = () => w.ws.send(JSON.stringify({ t: 'hello', visitor: id }));
    }, visitorId);
    const got = () => stranger.evaluate(() => (window as unknown as { got: string[] }).got.map((m) => JSON.parse(m).t as string));
    await expect.poll(got).toContain('visitor_refused');

    // The agent answers and asks to co-browse: the customer sees both.
    const contact = agent.getByRole('listitem', { name: /Vera Visitor/ });
    await contact.getByRole('button', { name: 'Open' }).click();
    await agent.getByLabel('Reply').fill('Your temporary PIN is 4711');
    await agent.getByRole('button', { name: 'Send' }).click();
    await expect(chat.getByRole('log')).toContainText('Your temporary PIN is 4711');
    await agent.getByRole('button', { name: 'Start co-browsing' }).click();
    const ask = customer.getByRole('dialog', { name: 'Accept co-browsing?' });
    await expect(ask).toBeVisible();

    // The stranger tries to accept in the customer's place and is told there is nothing to answer.
    await stranger.evaluate(() => (window as unknown as { ws: WebSocket }).ws.send(JSON.stringify({ t: 'consent', accept: true })));
    await expect.poll(got).toContain('error');
    const received = await got();
    for (const t of ['chat_line', 'consent_request', 'contact_opened', 'share']) expect(received).not.toContain(t);
    await expect(agent.getByRole('status')).toContainText('Waiting');
    await strangerContext.close();

    // The customer accepts, and co-browsing starts as usual.
    await ask.getByRole('button', { name: 'Yes' }).click();
    await expect(agent.getByRole('status')).toHaveText('Co-browsing');
    await expect(mirror(agent).getByRole('heading', { name: 'Tandem Demo Shop' })).toBeVisible();
  } finally {
    await stop();
  }
});
