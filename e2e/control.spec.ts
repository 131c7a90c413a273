// Pointing and remote control in two real browsers (issue #4, ARCHITECTURE.md §4.3): the agent's
// blue and red views, the customer's circle and control indicator, actions performed on the
// customer's page (links, buttons, checkboxes, labels, selects, typing, submits, shadow roots,
// iframes, the wheel), the SDK's refusals, forged messages sent straight over the WebSocket,
// the customer taking control back, the toolbar, the laser and drawing — and the audit event
// each remote action leaves.
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { DEMO_AGENT_NAME, enterCode, expect, shareSession, signIn, startTandem, startWithCode, test, type Tandem } from './fixtures';

/** Where the screenshots go: the test's own output folder, or $TANDEM_SHOTS to keep them. */
const shotPath = (name: string) => (process.env.TANDEM_SHOTS ? `${process.env.TANDEM_SHOTS}/${name}` : test.info().outputPath(name));

/** The mirrored element's centre in the agent's page (the view is scaled to fit). */
async function centre(target: Locator): Promise<{ x: number; y: number }> {
  const box = await target.boundingBox();
  if (!box) throw new Error('not visible in the agent’s view');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Holds a key over the view, as the agent does, and checks the view's colour mode. */
async function holding(agent: Page, key: 'Control' | 'Alt', mode: 'point' | 'control', act: () => Promise<void>): Promise<void> {
  await agent.keyboard.down(key);
  await expect(agent.locator('.viewport')).toHaveAttribute('data-mode', mode);
  try {
    await act();
  } finally {
    await agent.keyboard.up(key);
  }
  await expect(agent.locator('.viewport')).toHaveAttribute('data-mode', 'view');
}

/** Waits until `target` has stopped moving: a scroll into view (and the customer's page and
 * the mirror following it) has finished. */
async function steady(target: Locator): Promise<void> {
  let last = '';
  await expect.poll(async () => {
    const box = JSON.stringify(await target.boundingBox());
    const same = box === last;
    last = box;
    return same;
  }, { intervals: [100] }).toBe(true);
}

/** Alt+click on a mirrored element. */
async function altClick(agent: Page, target: Locator): Promise<void> {
  // The agent scrolls the element into their view first, as a person would.
  await target.scrollIntoViewIfNeeded();
  await steady(target);
  const p = await centre(target);
  await agent.mouse.move(p.x, p.y);
  await holding(agent, 'Alt', 'control', () => agent.mouse.click(p.x, p.y));
}

type Rgb = [number, number, number];

/** Screenshots `box` (page coordinates) as `name` and returns the colours at `points` of it
 * (all pixels when none are given), read back from the PNG itself, decoded by the browser: the
 * check is on what a person would see. */
async function shot(page: Page, name: string, box: { x: number; y: number; width: number; height: number }, points?: [number, number][]): Promise<Rgb[]> {
  const png = await page.screenshot({ path: shotPath(name), clip: box });
  await test.info().attach(name, { body: png, contentType: 'image/png' });
  return page.evaluate(async ([b64, points]) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width;
    canvas.height = img.height;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, img.width, img.height).data;
    const all: [number, number][] = [];
    if (!points) for (let y = 0; y < img.height; y++) for (let x = 0; x < img.width; x++) all.push([x, y]);
    return (points ?? all).map(([x, y]) => {
      const i = (Math.round(y) * img.width + Math.round(x)) * 4;
      return [data[i], data[i + 1], data[i + 2]] as [number, number, number];
    });
  }, [png.toString('base64'), points] as const);
}

const isBlue = ([r, , b]: Rgb) => b > 180 && r < 120 && b - r > 100;
const isRed = ([r, g, b]: Rgb) => r > 180 && g < 90 && b < 90;

/** The agent's view in a screenshot: its ring (just outside the view) and its tint inside. */
async function viewColours(agent: Page, file: string): Promise<{ ring: Rgb; inside: Rgb }> {
  const box = (await agent.locator('.viewport').boundingBox())!;
  const mid = Math.round(box.height / 2) + 8;
  const [ring, inside] = await shot(agent, file, { x: box.x - 8, y: box.y - 8, width: box.width + 16, height: box.height + 16 }, [[4, mid], [40, mid]]);
  return { ring, inside };
}

async function session(agent: Page): Promise<string> {
  const res = await agent.request.get(new URL('/api/contacts', agent.url()).href);
  const contacts = (await res.json()) as { session: { id: string; state: string } | null }[];
  const live = contacts.find((c) => c.session && c.session.state === 'active') ?? contacts.find((c) => c.session);
  if (!live?.session) throw new Error('no session');
  return live.session.id;
}

interface AuditEvent { actor: string; kind: string; detail: string }

async function audit(agent: Page, sessionId: string): Promise<AuditEvent[]> {
  const res = await agent.request.get(new URL(`/api/audit?session_id=${sessionId}`, agent.url()).href);
  expect(res.status()).toBe(200);
  return (await res.json()) as AuditEvent[];
}

/** Waits until the audit log holds an event of `kind` whose detail contains `text`. */
async function audited(agent: Page, sessionId: string, kind: string, text: string): Promise<void> {
  await expect.poll(async () => (await audit(agent, sessionId)).filter((e) => e.kind === kind && e.detail.includes(text)).length).toBeGreaterThan(0);
}

async function refusedOnCustomerPage(agent: Page, reason: string): Promise<void> {
  await expect(agent.locator('.notice')).toHaveText(`Refused on the customer’s page: ${reason}`);
}

/** An admin changes the company's site settings through the API; returns the previous ones. */
async function putSiteSettings(request: APIRequestContext, tandem: Tandem, change: Record<string, unknown>): Promise<Record<string, unknown>> {
  const login = await request.post(`${tandem.url}/api/login`, { data: { username: tandem.username, password: tandem.password } });
  const headers = { authorization: `Bearer ${(await login.json()).token}` };
  const current = (await (await request.get(`${tandem.url}/api/settings`, { headers })).json()).site as Record<string, unknown>;
  const res = await request.put(`${tandem.url}/api/settings/site`, { headers, data: { ...current, ...change } });
  expect(res.status()).toBe(200);
  return current;
}

test('Ctrl turns the view blue and a Ctrl+click shows the customer a pulsing circle; the pointer is seen while pointing', async ({ agent, customer, tandem }) => {
  const view = await shareSession(agent, customer, tandem, 'index.html');
  const heading = await centre(view.getByRole('heading', { name: 'Tandem Demo Shop' }));
  await agent.mouse.move(heading.x, heading.y);
  // Normally the customer does not see the agent's pointer.
  await agent.mouse.move(heading.x + 20, heading.y + 5);
  await expect(customer.locator('.agent-pointer')).toHaveCount(0);

  await holding(agent, 'Control', 'point', async () => {
    await agent.mouse.move(heading.x + 40, heading.y + 10);
    // The agent's pointer is visible to the customer while pointing.
    await expect(customer.locator('.agent-pointer')).toBeVisible();
    // The screenshot shows a blue view: a blue ring, and the page under a blue tint.
    await expect.poll(async () => isBlue((await viewColours(agent, `agent-point-blue.png`)).ring)).toBe(true);
    const { inside } = await viewColours(agent, `agent-point-blue.png`);
    expect(inside[2] - inside[0], `tint ${inside}`).toBeGreaterThan(10);
    await agent.mouse.click(heading.x + 40, heading.y + 10);
    const circle = customer.getByRole('img', { name: /is pointing here/ });
    await expect(circle).toBeVisible();
    // The circle sits where the agent clicked: the same spot of the customer's page.
    const spot = await customer.getByRole('heading', { name: 'Tandem Demo Shop' }).boundingBox();
    const box = (await circle.boundingBox())!;
    const c = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    expect(Math.abs(c.y - (spot!.y + spot!.height / 2))).toBeLessThan(25);
    // The customer's screenshot shows the blue circle at that spot.
    const around = await shot(customer, `customer-circle.png`, { x: c.x - 40, y: c.y - 40, width: 80, height: 80 });
    expect(around.filter(isBlue).length, 'blue pixels of the circle').toBeGreaterThan(50);
    // It pulses: its size read on every frame for 400 ms in the page itself (the circle lives
    // 3 s, which a round trip per sample can outlast on a busy machine).
    const widths = await circle.evaluate((el) => new Promise<number[]>((done) => {
      const seen: number[] = [];
      const t0 = performance.now();
      const step = () => {
        seen.push(Math.round(el.getBoundingClientRect().width));
        if (performance.now() - t0 < 400) requestAnimationFrame(step);
        else done(seen);
      };
      requestAnimationFrame(step);
    }));
    expect(new Set(widths).size, `widths ${widths}`).toBeGreaterThan(1);
  });
  // Letting go of Ctrl hides the agent's pointer again; the circle goes by itself.
  await expect(customer.locator('.agent-pointer')).toBeHidden();
  await expect(customer.getByRole('img', { name: /is pointing here/ })).toHaveCount(0, { timeout: 5000 });
});

test('Alt turns the view red and an Alt+click adds to the basket on the customer page; the customer sees who controls', async ({ agent, customer, tandem }) => {
  const view = await shareSession(agent, customer, tandem, 'index.html');
  await expect(customer.locator('#cart-count')).toHaveText('0 items');
  const button = view.locator('button[data-product="mug"]');
  const p = await centre(button);
  await agent.mouse.move(p.x, p.y);
  await holding(agent, 'Alt', 'control', async () => {
    await agent.mouse.move(p.x + 2, p.y);
    await expect(customer.locator('.agent-pointer[data-mode="control"]')).toBeVisible();
    // The screenshot shows a red view: a red ring, and the page under a red tint.
    await expect.poll(async () => isRed((await viewColours(agent, `agent-control-red.png`)).ring)).toBe(true);
    const { inside } = await viewColours(agent, `agent-control-red.png`);
    expect(inside[0] - inside[2], `tint ${inside}`).toBeGreaterThan(10);
    await agent.mouse.click(p.x, p.y);
  });
  await expect(customer.locator('#cart-count')).toHaveText('1 item');
  await expect(view.locator('#cart-count')).toHaveText('1 item');
  const bar = customer.getByRole('region', { name: 'Remote control' });
  await expect(bar).toContainText('is controlling this page');
  await expect(bar.getByRole('button', { name: 'Take back control' })).toBeVisible();
  await customer.screenshot({ path: shotPath('customer-controlled.png') });
  const id = await session(agent);
  await audited(agent, id, 'control_performed', 'click on button "Add to basket"');
});

test('on the checkout the agent ticks a checkbox, clicks a label, chooses a country, types a promo code and places the order', async ({ agent, customer, tandem }) => {
  const view = await shareSession(agent, customer, tandem, 'checkout.html');
  const id = await session(agent);
  await customer.locator('#name').fill('Ada Lovelace');
  await expect(view.locator('#name')).toHaveValue('Ada Lovelace');

  // A checkbox.
  await altClick(agent, view.locator('#gift'));
  await expect(customer.locator('#gift')).toBeChecked();
  // A label passes the click to its radio button.
  await altClick(agent, view.locator('label[for="delivery-express"]'));
  await expect(customer.locator('#delivery-express')).toBeChecked();
  await expect(view.locator('#delivery-express')).toBeChecked();

  // A select: the console offers its options, the customer's select changes (input, change).
  await customer.locator('#country').evaluate((s) => s.addEventListener('change', () => s.setAttribute('data-changed', (s as HTMLSelectElement).value)));
  await altClick(agent, view.locator('#country'));
  await agent.getByRole('listbox', { name: 'Choose for the customer' }).selectOption({ label: 'Ireland' });
  await expect(customer.locator('#country')).toHaveValue('IE');
  await expect(customer.locator('#country')).toHaveAttribute('data-changed', 'IE');

  // Typing in the field the site marked editable, with a correction.
  await altClick(agent, view.locator('#promo-code'));
  await expect(agent.locator('.typing-box')).toBeVisible();
  await agent.evaluate(() => {
    const w = window as unknown as { prevented: string[] };
    w.prevented = [];
    addEventListener('keydown', (e) => e.defaultPrevented && w.prevented.push(`${e.ctrlKey ? 'Control+' : ''}${e.key}`));
  });
  await agent.keyboard.type('SAVE10X');
  await agent.keyboard.press('Backspace');
  await expect(customer.locator('#promo-code')).toHaveValue('SAVE10');
  await expect(view.locator('#promo-code')).toHaveValue('SAVE10');
  // While typing goes to the customer, the agent's own shortcuts still reach their browser.
  await agent.keyboard.press('Control+a');
  await agent.keyboard.press('Control+c');
  const prevented = await agent.evaluate(() => (window as unknown as { prevented: string[] }).prevented);
  expect(prevented).toContain('X');
  expect(prevented.filter((k) => k.startsWith('Control+'))).toEqual([]);
  await expect(customer.locator('#promo-code')).toHaveValue('SAVE10');
  await agent.keyboard.press('Escape');
  await expect(agent.locator('.typing-box')).toBeHidden();

  // The submit button places the order.
  await altClick(agent, view.getByRole('button', { name: 'Place order' }));
  await expect(customer.locator('#order-result')).toHaveText('Thank you, Ada Lovelace! Your order has been placed (express delivery).');

  // Each remote action left an audit event, and none holds what was typed.
  await audited(agent, id, 'control_performed', 'click on button#place-order "Place order"');
  const events = (await audit(agent, id)).filter((e) => e.kind === 'control_performed').map((e) => e.detail);
  for (const what of ['click on input#gift', 'click on label "Express (next day, $9.00)"', 'chose option 5 in select#country',
    'click on input#promo-code', 'key Backspace in input#promo-code']) {
    expect(events, what).toContain(what);
  }
  // Typing travels in small batches: each batch is one event, together all 7 characters.
  const typed = events.map((e) => e.match(/^typed (\d+) characters? into input#promo-code$/)).filter((m) => m !== null);
  expect(typed.reduce((n, m) => n + Number(m![1]), 0)).toBe(7);
  expect(JSON.stringify(events)).not.toContain('SAVE10');
});

test('elements inside a shadow root and a same-origin iframe are performed on the right node', async ({ agent, customer, tandem }) => {
  const view = await shareSession(agent, customer, tandem, 'index.html');
  await altClick(agent, view.locator('#shop-rating .star').nth(1));
  await expect(customer.locator('#shop-rating')).toHaveAttribute('value', '2');
  await expect(view.locator('#shop-rating')).toHaveAttribute('value', '2');

  await customer.getByRole('link', { name: 'Help centre' }).first().click();
  const frame = view.frameLocator('#help-frame');
  await expect(frame.locator('#help-button')).toBeVisible();
  await altClick(agent, frame.locator('#help-button'));
  await expect(customer.frameLocator('#help-frame').locator('#help-result')).not.toBeEmpty();
  await expect(frame.locator('#help-result')).not.toBeEmpty();
  await audited(agent, await session(agent), 'control_performed', 'click on button#help-button');
});

test('a link Alt+clicked by the agent takes the customer there, and co-browsing carries on', async ({ agent, customer, tandem }) => {
  const view = await shareSession(agent, customer, tandem, 'index.html');
  await altClick(agent, view.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Checkout' }));
  await expect(customer).toHaveURL(/checkout\.html/);
  await expect(view.getByRole('heading', { name: 'Checkout', level: 1 })).toBeVisible();
  // The customer allowed control on the first page: the next one acts without asking again,
  // and says who controls.
  await altClick(agent, view.locator('#gift'));
  await expect(customer.locator('#gift')).toBeChecked();
  await expect(customer.getByRole('dialog', { name: 'Allow remote control?' })).toHaveCount(0);
  await expect(customer.getByRole('region', { name: 'Remote control' })).toContainText(`${DEMO_AGENT_NAME} is controlling this page`);
});

test('the agent scrolls the customer page and an inner scroll box with Alt+wheel', async ({ agent, customer, tandem }) => {
  const view = await shareSession(agent, customer, tandem, 'long.html');
  const box = view.locator('#inner-scroll');
  await box.scrollIntoViewIfNeeded();
  await expect.poll(() => customer.locator('#inner-scroll').evaluate((e) => e.getBoundingClientRect().top)).toBeLessThan(700);
  const p = await centre(box);
  await agent.mouse.move(p.x, p.y);
  await holding(agent, 'Alt', 'control', () => agent.mouse.wheel(0, 200));
  await expect.poll(() => customer.locator('#inner-scroll').evaluate((e) => e.scrollTop)).toBeGreaterThan(50);
  const pageBefore = await customer.evaluate(() => scrollY);
  // Over the page itself, the window scrolls.
  const heading = await centre(view.getByRole('heading', { level: 1 }).first());
  await agent.mouse.move(heading.x, heading.y);
  await holding(agent, 'Alt', 'control', () => agent.mouse.wheel(0, 300));
  await expect.poll(() => customer.evaluate(() => scrollY)).toBeGreaterThan(pageBefore + 100);
  await audited(agent, await session(agent), 'control_performed', 'wheel on');
});

test('the SDK refuses the no-control zone, password and masked fields, and typing where the site does not allow it', async ({ agent, customer, tandem }) => {
  const view = await shareSession(agent, customer, tandem, 'checkout.html');
  const id = await session(agent);

  await altClick(agent, view.locator('#danger-button'));
  await refusedOnCustomerPage(agent, 'This part of the page is a no-control zone.');
  await altClick(agent, view.locator('#password'));
  await refusedOnCustomerPage(agent, 'Password fields are never controlled.');
  // Masked elements keep no id in the mirror: the card number is the payment box's first field.
  await altClick(agent, view.locator('.masked-box input').first());
  await refusedOnCustomerPage(agent, 'Masked fields are never controlled.');
  // The name field may be clicked, but the site did not make it editable for the agent.
  await altClick(agent, view.locator('#name'));
  await agent.keyboard.type('Mallory');
  await refusedOnCustomerPage(agent, 'The site does not allow the agent to type in this field.');
  await agent.keyboard.press('Escape');

  await expect(customer.locator('#danger-result')).toBeEmpty();
  await expect(customer.locator('#name')).toHaveValue('');
  await expect(customer.locator('#password')).toHaveValue('');
  for (const why of ['no-control zone', 'Password fields', 'Masked fields', 'does not allow the agent to type']) {
    await audited(agent, id, 'control_refused', why);
  }
  // The SDK's own widgets are never the agent's to press.
  await expect(customer.getByRole('button', { name: 'Stop co-browsing' })).toBeVisible();
});

test('the company\'s site settings add editable fields and no-control zones, applied at once', async ({ agent, customer, tandem, request }) => {
  const view = await shareSession(agent, customer, tandem, 'checkout.html');
  const before = await putSiteSettings(request, tandem, { editable_selector: '#address', no_control_selector: '#gift' });
  try {
    // The delivery address is editable now: typing, and Enter breaks the line in a textarea.
    await altClick(agent, view.locator('#address'));
    await agent.keyboard.type('1 Analytical Way');
    await agent.keyboard.press('Enter');
    await agent.keyboard.type('London');
    await expect(customer.locator('#address')).toHaveValue('1 Analytical Way\nLondon');
    await agent.keyboard.press('Escape');
    // The gift checkbox is out of the agent's reach now.
    await altClick(agent, view.locator('#gift'));
    await refusedOnCustomerPage(agent, 'This part of the page is a no-control zone.');
    await expect(customer.locator('#gift')).not.toBeChecked();
  } finally {
    await putSiteSettings(request, tandem, before);
  }
});

/** Opens a raw agent socket from the agent's page and sends `messages`; returns what came back
 * once every control message among them has its answer (a report or an error), or after 10 s. */
async function forge(agent: Page, sessionId: string, messages: unknown[]): Promise<{ t: string; [k: string]: unknown }[]> {
  return agent.evaluate(async ([id, messages]) => {
    const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/agent/${id}`);
    const got: { t: string }[] = [];
    const due = messages.filter((m) => (m as { t: string }).t === 'control').length;
    const answered = () => got.filter((m) => m.t === 'control_report' || m.t === 'error').length >= due;
    let done: () => void = () => {};
    const all = new Promise<void>((r) => (done = r));
    ws.onmessage = (e) => {
      if (typeof e.data === 'string') got.push(JSON.parse(e.data));
      if (answered()) done();
    };
    await new Promise((r) => (ws.onopen = r));
    for (const m of messages) ws.send(JSON.stringify(m));
    await Promise.race([all, new Promise((r) => setTimeout(r, 10_000))]);
    ws.close();
    return got;
  }, [sessionId, messages] as const) as Promise<{ t: string; [k: string]: unknown }[]>;
}

const forged = (seq: number, x: number, y: number, command: Record<string, unknown>) => ({ t: 'control', seq, target: { node: 0, tag: '', x, y }, command });

test('forged control messages straight over the WebSocket are refused by the SDK, reported to the agent and audited', async ({ agent, customer, tandem }) => {
  await shareSession(agent, customer, tandem, 'checkout.html');
  const id = await session(agent);
  // The forger aims at what is on the customer's screen.
  const aim = async (selector: string) => {
    await customer.locator(selector).scrollIntoViewIfNeeded();
    await steady(customer.locator(selector));
    return (await customer.locator(selector).boundingBox())!;
  };
  const danger = await aim('#danger-button');
  const replies = await forge(agent, id, [forged(901, danger.x + 5, danger.y + 5, { do: 'click' })]);
  const password = await aim('#password');
  replies.push(...(await forge(agent, id, [
    forged(902, password.x + 5, password.y + 5, { do: 'type', text: 'stolen' }),
    { t: 'control', seq: 903, target: { node: 1, tag: 'html', x: 0, y: 0 }, command: { do: 'key', key: 'Enter' } },
  ])));
  const reports = replies.filter((r) => r.t === 'control_report');
  expect(reports.find((r) => r.seq === 901)).toMatchObject({ performed: false, reason: 'This part of the page is a no-control zone.' });
  expect(reports.find((r) => r.seq === 902)).toMatchObject({ performed: false, reason: 'Password fields are never controlled.' });
  // A node that is no longer (or never was) what the agent says is refused too.
  expect(reports.find((r) => r.seq === 903)).toMatchObject({ performed: false });
  await expect(customer.locator('#danger-result')).toBeEmpty();
  await expect(customer.locator('#password')).toHaveValue('');
  // The agent's console heard it too.
  await expect(agent.locator('.notice')).toContainText('Refused on the customer’s page');
  await audited(agent, id, 'control_refused', 'no-control zone');
  await audited(agent, id, 'control_refused', 'Password fields');
});

test('forged control messages are refused by the server when the company turned remote control off, and after the end', async ({ agent, customer, tandem, request }) => {
  await shareSession(agent, customer, tandem, 'index.html');
  const id = await session(agent);
  const button = (await customer.locator('button[data-product="teapot"]').boundingBox())!;
  const click = forged(1, button.x + 5, button.y + 5, { do: 'click' });
  const before = await putSiteSettings(request, tandem, { remote_control: false });
  try {
    const replies = await forge(agent, id, [click]);
    expect(replies.find((r) => r.t === 'error')).toMatchObject({ code: 'not_allowed', message: 'Remote control is turned off for this company.' });
  } finally {
    await putSiteSettings(request, tandem, before);
  }
  await expect(customer.locator('#cart-count')).toHaveText('0 items');
  await audited(agent, id, 'control_refused', 'turned off for this company');

  await agent.getByRole('button', { name: 'Stop co-browsing' }).click();
  await expect(agent.getByRole('status')).toHaveText('Ended by you');
  const replies = await forge(agent, id, [click]);
  expect(replies.find((r) => r.t === 'error')).toMatchObject({ code: 'wrong_state' });
  await expect(customer.locator('#cart-count')).toHaveText('0 items');
  await audited(agent, id, 'control_refused', 'only while the customer shares');
});

test('an agent without the remote-control right sees control greyed out, and forged commands are refused and audited', async ({ agent, customer, browser }) => {
  // A server of its own: the agent added here would get the web contacts other tests of the
  // worker's shared server expect for the demo agent (web contacts go to the least busy agent).
  const { tandem, stop } = await startTandem();
  try {
    // An admin adds an agent who may co-browse but not control.
    await signIn(agent, tandem);
    const add = await agent.request.post(`${tandem.url}/api/agents`, { data: { username: 'nora', password: 'nora-password-1', rights: ['cobrowse'] } });
    expect([200, 409]).toContain(add.status());
    const noraContext = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const nora = await noraContext.newPage();
    try {
      await nora.goto(`${tandem.url}/console/`);
      await nora.getByLabel('Username').fill('nora');
      await nora.getByLabel('Password').fill('nora-password-1');
      await nora.getByRole('button', { name: 'Sign in' }).click();
      const code = await startWithCode(nora, 'Cy');
      await customer.goto(`${tandem.url}/demo/index.html`);
      await enterCode(customer, code);
      await customer.getByRole('dialog', { name: 'Accept co-browsing?' }).getByRole('button', { name: 'Yes' }).click();
      await expect(nora.getByRole('status')).toHaveText('Co-browsing');

      // The console greys out Control and Alt does not turn the view red.
      await expect(nora.getByRole('button', { name: 'Control' })).toBeDisabled();
      await nora.keyboard.down('Alt');
      await expect(nora.locator('.viewport')).toHaveAttribute('data-mode', 'view');
      await nora.keyboard.up('Alt');
      // Pointing needs no right.
      await nora.getByRole('button', { name: 'Point' }).click();
      await expect(nora.locator('.viewport')).toHaveAttribute('data-mode', 'point');
      await nora.getByRole('button', { name: 'Point' }).click();

      const id = await session(nora);
      const button = (await customer.locator('button[data-product="teapot"]').boundingBox())!;
      const replies = await forge(nora, id, [forged(1, button.x + 5, button.y + 5, { do: 'click' })]);
      expect(replies.find((r) => r.t === 'grant')).toMatchObject({ control: false, typing: false });
      expect(replies.find((r) => r.t === 'error')).toMatchObject({ code: 'not_allowed', message: 'You do not have the remote-control right.' });
      await expect(customer.locator('#cart-count')).toHaveText('0 items');
      await audited(agent, id, 'control_refused', 'You do not have the remote-control right.');
    } finally {
      await noraContext.close();
    }
  } finally {
    await stop();
  }
});

test('the customer takes back control at once; the next action asks first, and Deny keeps the page untouched', async ({ agent, customer, tandem }) => {
  const view = await shareSession(agent, customer, tandem, 'index.html');
  const id = await session(agent);
  const mug = view.locator('button[data-product="mug"]');
  await altClick(agent, mug);
  await expect(customer.locator('#cart-count')).toHaveText('1 item');

  await customer.getByRole('button', { name: 'Take back control' }).click();
  await expect(customer.getByRole('region', { name: 'Remote control' })).toHaveCount(0);
  await expect(agent.locator('.notice')).toHaveText('The customer took back control.');

  await altClick(agent, mug);
  const ask = customer.getByRole('dialog', { name: 'Allow remote control?' });
  await expect(ask).toBeVisible();
  await expect(agent.locator('.notice')).toHaveText('Waiting for the customer to allow remote control…');
  await ask.getByRole('button', { name: 'Deny' }).click();
  await refusedOnCustomerPage(agent, 'The customer declined remote control.');
  await expect(customer.locator('#cart-count')).toHaveText('1 item');

  await altClick(agent, mug);
  await customer.getByRole('dialog', { name: 'Allow remote control?' }).getByRole('button', { name: 'Allow' }).click();
  await expect(customer.locator('#cart-count')).toHaveText('2 items');
  await expect(customer.getByRole('region', { name: 'Remote control' })).toBeVisible();
  for (const kind of ['control_taken_back', 'control_asking', 'control_denied', 'control_allowed']) await audited(agent, id, kind, '');
});

test('with the site setting "ask before control" the customer is asked before the first action', async ({ agent, customer, tandem, request }) => {
  const before = await putSiteSettings(request, tandem, { ask_before_control: true });
  try {
    const view = await shareSession(agent, customer, tandem, 'index.html');
    await altClick(agent, view.locator('button[data-product="fern"]'));
    const ask = customer.getByRole('dialog', { name: 'Allow remote control?' });
    await expect(ask).toContainText('would like to click and type on this page');
    await expect(customer.locator('#cart-count')).toHaveText('0 items');
    await ask.getByRole('button', { name: 'Allow' }).click();
    await expect(customer.locator('#cart-count')).toHaveText('1 item');
  } finally {
    await putSiteSettings(request, tandem, before);
  }
});

test('toolbar buttons give the same modes without keys; the legend explains Ctrl and Alt; browser shortcuts keep working', async ({ agent, customer, tandem }) => {
  const view = await shareSession(agent, customer, tandem, 'index.html');
  const tools = agent.getByRole('toolbar', { name: 'Pointing and control' });
  await expect(tools).toContainText('Ctrl + click: point');
  await expect(tools).toContainText('Alt + click: act on the customer’s page');

  await tools.getByRole('button', { name: 'Point' }).click();
  await expect(tools.getByRole('button', { name: 'Point' })).toHaveAttribute('aria-pressed', 'true');
  await expect(agent.locator('.viewport')).toHaveAttribute('data-mode', 'point');
  const heading = await centre(view.getByRole('heading', { name: 'Tandem Demo Shop' }));
  await agent.mouse.click(heading.x, heading.y);
  await expect(customer.getByRole('img', { name: /is pointing here/ })).toBeVisible();

  await tools.getByRole('button', { name: 'Control' }).click();
  await expect(agent.locator('.viewport')).toHaveAttribute('data-mode', 'control');
  const mug = await centre(view.locator('button[data-product="mug"]'));
  await agent.mouse.click(mug.x, mug.y);
  await expect(customer.locator('#cart-count')).toHaveText('1 item');
  await agent.keyboard.press('Escape');
  await expect(agent.locator('.viewport')).toHaveAttribute('data-mode', 'view');

  // The agent's own shortcuts are never swallowed, even while typing on the customer's page.
  await agent.evaluate(() => {
    (window as unknown as { prevented: string[] }).prevented = [];
    addEventListener('keydown', (e) => e.defaultPrevented && (window as unknown as { prevented: string[] }).prevented.push(e.key));
  });
  for (const key of ['Control+a', 'Control+c', 'Control+f', 'Control+l', 'Control+Shift+i']) await agent.keyboard.press(key);
  expect(await agent.evaluate(() => (window as unknown as { prevented: string[] }).prevented)).toEqual([]);
});

test('the laser and a drawing that fades are shown to the customer, and either side clears the drawing', async ({ agent, customer, tandem }) => {
  const view = await shareSession(agent, customer, tandem, 'index.html');
  const tools = agent.getByRole('toolbar', { name: 'Pointing and control' });
  const p = await centre(view.getByRole('heading', { name: 'Products' }));

  await tools.getByRole('button', { name: 'Laser' }).click();
  await agent.mouse.move(p.x, p.y);
  for (let i = 1; i <= 10; i++) await agent.mouse.move(p.x + i * 12, p.y + i * 3);
  await expect(customer.locator('.agent-pointer[data-mode="laser"]')).toBeVisible();
  await expect(customer.locator('.trail').first()).toBeAttached();
  await tools.getByRole('button', { name: 'Laser' }).click();
  await expect(customer.locator('.agent-pointer')).toBeHidden();
  // The trail fades away behind the laser.
  await expect(customer.locator('.trail')).toHaveCount(0);

  const draw = async () => {
    await agent.mouse.move(p.x, p.y);
    await agent.mouse.down();
    for (let i = 1; i <= 12; i++) await agent.mouse.move(p.x + i * 10, p.y + (i % 2) * 15);
    await agent.mouse.up();
  };
  await tools.getByRole('button', { name: 'Draw', exact: true }).click();
  await draw();
  await expect(customer.locator('.stroke').first()).toBeVisible();
  await customer.screenshot({ path: shotPath('customer-drawing.png') });
  // The customer clears it; the agent's view clears too.
  await customer.getByRole('button', { name: 'Clear drawing' }).click();
  await expect(customer.locator('.stroke')).toHaveCount(0);
  await expect(agent.locator('.notice')).toHaveText('The customer cleared the drawing.');
  await expect(agent.locator('.remote-overlay .stroke')).toHaveCount(0);
  // The agent draws again and clears it.
  await draw();
  await expect(customer.locator('.stroke').first()).toBeVisible();
  await tools.getByRole('button', { name: 'Clear drawing' }).click();
  await expect(customer.locator('.stroke')).toHaveCount(0);
  // Left alone, a drawing fades away by itself.
  await draw();
  await expect(customer.locator('.stroke').first()).toBeVisible();
  await expect(customer.locator('.stroke')).toHaveCount(0, { timeout: 9000 });
});

// The SDK's own checks, reached past the server: every command the tests above send passed the
// server's checks first, so here the customer's page is handed messages as if the server had
// sent them (straight into the SDK's socket), and the SDK alone must refuse.

/** Before the page's scripts run: keeps the SDK's socket and every frame it sends. */
async function tapSdkSocket(customer: Page): Promise<void> {
  await customer.addInitScript(() => {
    const w = window as unknown as { WebSocket: typeof WebSocket; __socket?: WebSocket; __sent: unknown[] };
    w.__sent = [];
    const Native = w.WebSocket;
    w.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        w.__socket = this;
      }
      send(data: string | ArrayBufferLike | Blob | ArrayBufferView) {
        if (typeof data === 'string') w.__sent.push(JSON.parse(data));
        super.send(data);
      }
    };
  });
}

/** Hands the SDK `msg` as if the server had sent it. */
async function fromServer(customer: Page, msg: unknown): Promise<void> {
  await customer.evaluate((m) => {
    const socket = (window as unknown as { __socket: WebSocket }).__socket;
    socket.dispatchEvent(new MessageEvent('message', { data: JSON.stringify(m) }));
  }, msg);
}

/** The SDK's report on command `seq`, once it has sent it. */
async function reportOn(customer: Page, seq: number): Promise<{ performed: boolean; reason: string }> {
  const find = () => customer.evaluate((s) => (window as unknown as { __sent: { t: string; seq?: number }[] }).__sent.find((m) => m.t === 'control_report' && m.seq === s) ?? null, seq);
  await expect.poll(find).not.toBeNull();
  return (await find()) as unknown as { performed: boolean; reason: string };
}

/** A click the server never checked, at the centre of `target` on the customer's page. */
async function clickPastServer(customer: Page, seq: number, target: Locator) {
  const box = (await target.boundingBox())!;
  await fromServer(customer, forged(seq, box.x + box.width / 2, box.y + box.height / 2, { do: 'click' }));
  return reportOn(customer, seq);
}

test('past the server, the SDK itself refuses without the grant and on its own widgets', async ({ agent, customer, tandem }) => {
  await tapSdkSocket(customer);
  await shareSession(agent, customer, tandem, 'index.html');
  const teapot = customer.locator('button[data-product="teapot"]');
  await fromServer(customer, { t: 'grant', control: false, typing: false });
  expect(await clickPastServer(customer, 9001, teapot)).toMatchObject({ performed: false, reason: 'Remote control is not allowed in this session.' });
  await expect(customer.locator('#cart-count')).toHaveText('0 items');
  // The same message with the grant is performed: the refusal above was the grant's.
  await fromServer(customer, { t: 'grant', control: true, typing: true });
  expect(await clickPastServer(customer, 9002, teapot)).toMatchObject({ performed: true });
  await expect(customer.locator('#cart-count')).toHaveText('1 item');
  // The SDK's own controls are never the agent's to press.
  const stop = customer.getByRole('button', { name: 'Stop co-browsing' });
  expect(await clickPastServer(customer, 9003, stop)).toMatchObject({ performed: false, reason: 'The co-browsing controls belong to the customer.' });
  await expect(stop).toBeVisible();
  await expect(agent.getByRole('status')).toHaveText('Co-browsing');
});

test('past the server, the SDK itself refuses when the company turned remote control off, and follows it being turned on', async ({ agent, customer, request }) => {
  test.setTimeout(120_000);
  const { tandem, stop } = await startTandem();
  try {
    await tapSdkSocket(customer);
    const before = await putSiteSettings(request, tandem, { remote_control: false });
    await shareSession(agent, customer, tandem, 'index.html');
    const teapot = customer.locator('button[data-product="teapot"]');
    await fromServer(customer, { t: 'grant', control: true, typing: true });
    expect(await clickPastServer(customer, 9101, teapot)).toMatchObject({ performed: false, reason: 'Remote control is not allowed in this session.' });
    await expect(customer.locator('#cart-count')).toHaveText('0 items');
    // Turned on again: the running page hears it and the same message is performed.
    await putSiteSettings(request, tandem, { ...before, remote_control: true });
    await expect.poll(async () => (await clickPastServer(customer, 9102 + Math.floor(Math.random() * 1e6), teapot)).performed).toBe(true);
    await expect(customer.locator('#cart-count')).toHaveText('1 item');
  } finally {
    await stop();
  }
});

/** The company's site calls `Tandem.init(options)` on its pages, as a site does after the
 * script tag (here from a script that runs first, on the demo shop's own pages). */
async function siteInit(customer: Page, options: Record<string, boolean>): Promise<void> {
  await customer.addInitScript((o) => {
    let tandem: unknown;
    Object.defineProperty(window, 'Tandem', {
      configurable: true,
      get: () => tandem,
      set: (v: { init(o: unknown): void }) => {
        if (!tandem) v.init(o);
        tandem = v;
      },
    });
  }, options);
}

for (const [options, seq, command, reason] of [
  [{ remoteControl: false }, 9201, 'click', 'Remote control is not allowed in this session.'],
  [{ typing: false }, 9202, 'type', 'Typing is not allowed in this session.'],
  [{ remoteControl: false, typing: false }, 9203, 'type', 'Remote control is not allowed in this session.'],
  // Without the options the same messages are performed: the refusals above are the options'.
  [{}, 9204, 'click', ''],
  [{}, 9205, 'type', ''],
] as const) {
  test(`past the server, the SDK under Tandem.init(${JSON.stringify(options)}) ${reason ? 'refuses' : 'performs'} a ${command}`, async ({ agent, customer, tandem }) => {
    await tapSdkSocket(customer);
    await siteInit(customer, options);
    await shareSession(agent, customer, tandem, 'checkout.html');
    await fromServer(customer, { t: 'grant', control: true, typing: true });
    const target = customer.locator(command === 'click' ? '#gift' : '#promo-code');
    await target.scrollIntoViewIfNeeded();
    await steady(target);
    const box = (await target.boundingBox())!;
    await fromServer(customer, forged(seq, box.x + box.width / 2, box.y + box.height / 2, command === 'click' ? { do: 'click' } : { do: 'type', text: 'typed' }));
    if (reason) {
      expect(await reportOn(customer, seq)).toMatchObject({ performed: false, reason });
      await expect(customer.locator('#gift')).not.toBeChecked();
      await expect(customer.locator('#promo-code')).toHaveValue('');
    } else {
      expect(await reportOn(customer, seq)).toMatchObject({ performed: true });
      if (command === 'click') await expect(customer.locator('#gift')).toBeChecked();
      else await expect(customer.locator('#promo-code')).toHaveValue('typed');
    }
  });
}
