// Images only the customer's browser can load (issue #14): the demo account page's photo is
// served only with the customer's sign-in cookie (Tandem's asset proxy, without it, gets a 401)
// and its card design is a blob: picture the page made. The agent sees both, handed over by the
// SDK; the scanned ID, a blob: picture in a masked region, never leaves the customer's browser —
// not its address, not its bytes (every frame is recorded, and every picture in it decoded).
import { expect, shareSession, test } from './fixtures';
import { record } from './frames';

/** The text of every SVG picture handed over in these frames (data URLs, base64). */
function pictures(frames: string[]): string[] {
  return frames.flatMap((f) => [...f.matchAll(/data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)/g)].map((m) => Buffer.from(m[1], 'base64').toString('utf8')));
}

test('a cookie-protected and a blob: image show in the agent’s view; a masked blob: image never leaves', async ({ agent, customer, tandem }) => {
  const sent: string[] = [];
  const received: string[] = [];
  record(customer, 'framesent', sent);
  record(agent, 'framereceived', received);
  const view = await shareSession(agent, customer, tandem, 'account.html');
  // The customer's own page shows all three.
  for (const name of ['Your photo', 'Your card design', 'Scanned ID']) {
    await expect.poll(() => customer.getByRole('img', { name }).evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth)).toBeGreaterThan(0);
  }
  // The agent sees the photo and the card design, as pictures the SDK handed over.
  for (const name of ['Your photo', 'Your card design']) {
    const img = view.getByRole('img', { name });
    await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await img.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
  }
  const handed = pictures(received);
  expect(handed.some((p) => p.includes('CARD-DESIGN-OK'))).toBe(true);
  expect(handed.some((p) => p.includes('<circle'))).toBe(true);
  // The masked picture: neither its bytes nor its address went anywhere.
  const secretUrl = await customer.locator('#scanned-id').evaluate((i: HTMLImageElement) => i.src);
  expect(secretUrl).toMatch(/^blob:/);
  for (const frames of [sent, received]) {
    expect(pictures(frames).filter((p) => p.includes('SECRET-ID-4711'))).toEqual([]);
    expect(frames.filter((f) => f.includes('SECRET-ID-4711') || f.includes(secretUrl))).toEqual([]);
  }
  expect(await view.locator('main div img').getAttribute('src')).toBeNull();
});
