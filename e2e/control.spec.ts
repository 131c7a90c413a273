// Pointing and remote control in two real browsers (issue #4, DESIGN.md §4.3): the agent's
// blue and red views, the customer's circle and control indicator, actions performed on the
// customer's page (links, buttons, checkboxes, labels, selects, typing, submits, shadow roots,
// iframes, the wheel), the SDK's refusals, forged messages sent straight over the WebSocket,
// the customer taking control back, the toolbar, the laser and drawing — and the audit event
// each remote action leaves.
import type { Locator, Page } from '@playwright/test';
import { expect, mirror, shareSession, signIn, enterCode, test, type Tandem } from './fixtures';

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

/** Alt+click on a mirrored element. */
async function altClick(agent: Page, target: Locator): Promise<void> {
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

const isBlue = ([r, g, b]: Rgb) => b > 180 && r < 120 && b - r > 100;
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

async function putSiteSettings(agent: Page, change: Record<string, unknown>): Promise<Record<string, unknown>> {
  const url = (p: string) => new URL(p, agent.url()).href;
  const current = (await (await agent.request.get(url('/api/settings'))).json()).site as Record<string, unknown>;
  const res = await agent.request.put(url('/api/settings/site'), { data: { ...current, ...change } });
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
    // It changes size.
    const sizes = new Set<number>();
    for (let i = 0; i < 8; i++) {
      sizes.add(Math.round((await circle.boundingBox())!.width));
      await customer.waitForTimeout(70);
    }
    expect(sizes.size).toBeGreaterThan(1);
    // The customer's screenshot shows the blue circle at that spot.
    const around = await shot(customer, `customer-circle.png`, { x: c.x - 40, y: c.y - 40, width: 80, height: 80 });
    expect(around.filter(isBlue).length, 'blue pixels of the circle').toBeGreaterThan(50);
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
