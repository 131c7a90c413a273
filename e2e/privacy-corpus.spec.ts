// ARCHITECTURE.md §4.1, proven as an attacker would try it: the leak corpus (web/demo/privacy-corpus.html)
// holds a secret on every route one could take — masked text, every attribute and inline style
// of masked content painted back by the page's own CSS (attr(), var()), fields secret by nature,
// addresses of the page, links and images, the pointer over an on-screen PIN pad — under one
// masked region per way a site configures masking: markup, `Tandem.init`, `window.tandemSettings`
// before and after the script, the company's site settings (before and changed mid-session),
// and private by default. Through the real SDK, server and console, every secret (and its obvious
// encodings) must be absent from every WebSocket frame either side sends or receives, from the
// agent's mirror (DOM, field values, generated ::before/::after content) and from the console.
import type { APIRequestContext, Page } from '@playwright/test';
import { enterCode, expect, mirror, signIn, startWithCode, test, type Tandem } from './fixtures';
import { record } from './frames';

const REGIONS = ['markup', 'init', 'before', 'after', 'central', 'late'];
const KINDS = ['data', 'text', 'title', 'aria', 'var', 'bgurl', 'id', 'name', 'value', 'placeholder', 'datetime',
  'microdata', 'href', 'src', 'alt', 'abbr', 'digit', 'typed'];
const FIELDS: Record<string, string> = {
  '#otp': 'zq-otp-typed-1', '#cc-name': 'zq-ccname-typed-1', '#cc-type': 'zq-cctype-typed-1', '#newpw': 'zq-newpw-typed-1',
  '#curpw': 'zq-curpw-typed-1', '#pin': 'zq-pin-typed-1', '#cc-note': 'zq-ccnote-typed-1',
};
const ADDRESS_SECRETS = ['zq-link-query-1', 'zq-link-frag-1', 'zq-leaving-token-1', 'zq-leaving-frag-1', 'zq-img-session-1',
  'zq-img-frag-1', 'zq-page-token-1', 'zq-page-frag-1', 'zq-replace-1', 'zq-replace-frag-1', 'zq-push-1'];
const PAGE = 'privacy-corpus.html?token=zq-page-token-1&q=shoes#zq-page-frag-1';

/** The secret itself and its obvious encodings. */
function encodings(secret: string): string[] {
  return [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64').replace(/=+$/, ''), secret.split('').reverse().join('')];
}

interface Wire { customerSent: string[]; customerReceived: string[]; agentSent: string[]; agentReceived: string[] }

function recordAll(agent: Page, customer: Page): Wire {
  const w: Wire = { customerSent: [], customerReceived: [], agentSent: [], agentReceived: [] };
  record(customer, 'framesent', w.customerSent);
  record(customer, 'framereceived', w.customerReceived);
  record(agent, 'framesent', w.agentSent);
  record(agent, 'framereceived', w.agentReceived);
  return w;
}

/** Everything the agent could see: the mirror's DOM and field values, the generated content of
 * every mirrored element, and the console page around it (status, address, Page Links). */
async function agentSees(agent: Page): Promise<Record<string, string>> {
  const inMirror = await agent.locator('iframe[title="Customer view"]').evaluate((f) => {
    const doc = (f as HTMLIFrameElement).contentDocument!;
    const view = doc.defaultView!;
    const values: string[] = [];
    const generated: string[] = [];
    for (const el of doc.querySelectorAll('*')) {
      if (el.localName === 'input' || el.localName === 'textarea') values.push((el as HTMLInputElement).value);
      if (el.localName === 'select') {
        const s = el as HTMLSelectElement;
        values.push(`selected:${s.selectedIndex}:${s.selectedOptions[0]?.text ?? ''}`);
      }
      for (const pseudo of ['::before', '::after']) {
        const c = view.getComputedStyle(el, pseudo).content;
        if (c && c !== 'none' && c !== 'normal') generated.push(c);
      }
    }
    return { dom: doc.documentElement.outerHTML, values: values.join('\n'), generated: generated.join('\n'), title: doc.title };
  });
  return { ...inMirror, console: await agent.locator('body').innerHTML() };
}

function expectAbsent(where: Record<string, string>, secrets: string[]): void {
  for (const [name, text] of Object.entries(where)) {
    for (const secret of secrets) {
      for (const form of encodings(secret)) expect(text, `"${form}" (from ${secret}) in ${name}`).not.toContain(form);
    }
  }
}

/** A change the page makes after the others, seen in the mirror: everything before it arrived. */
async function sync(customer: Page, agent: Page, marker: string): Promise<void> {
  await customer.evaluate((m) => { document.getElementById('visible')!.firstChild!.textContent = m; }, marker);
  await expect(mirror(agent).locator('#visible')).toContainText(marker);
}

async function admin(request: APIRequestContext, tandem: Tandem) {
  const login = await request.post(`${tandem.url}/api/login`, { data: { username: tandem.username, password: tandem.password } });
  const headers = { authorization: `Bearer ${(await login.json()).token}` };
  const current = (await (await request.get(`${tandem.url}/api/settings`, { headers })).json()).site as Record<string, unknown>;
  return {
    current,
    async put(change: Record<string, unknown>) {
      const res = await request.put(`${tandem.url}/api/settings/site`, { headers, data: { ...current, ...change } });
      expect(res.status(), await res.text()).toBe(200);
    },
  };
}

/** Ops of one kind in the customer's DOM frames. */
function ops(frames: string[], code: number): number[][] {
  const out: number[][] = [];
  for (const f of frames) {
    if (!f.startsWith('[')) continue;
    try { for (const op of JSON.parse(f) as number[][]) if (Array.isArray(op) && op[0] === code) out.push(op); } catch { /* not a batch */ }
  }
  return out;
}

test('no secret of the leak corpus reaches the agent, however masking is configured', async ({ agent, customer, tandem, request }) => {
  // Six regions, seven fields, a pointer walk and three address changes: minutes on a loaded machine.
  test.setTimeout(240_000);
  const wire = recordAll(agent, customer);
  const settings = await admin(request, tandem);
  // Central site settings, before the session: masks the "central" region.
  await settings.put({ mask_selector: '.via-central' });
  try {
    // window.tandemSettings before the script loads, as the README documents.
    await customer.addInitScript(() => { (window as unknown as { tandemSettings: unknown }).tandemSettings = { maskSelector: '.via-settings-before' }; });
    await customer.route('https://elsewhere.example/**', (r) => r.fulfill({ contentType: 'text/html', body: '<title>away</title>elsewhere' }));
    await signIn(agent, tandem);
    const code = await startWithCode(agent);
    await customer.goto(`${tandem.url}/demo/${PAGE}`);
    await customer.waitForFunction(() => (window as unknown as { Tandem?: { core?: boolean } }).Tandem?.core === true);
    // Tandem.init, and window.tandemSettings set after the script loaded.
    await customer.evaluate(() => {
      const w = window as unknown as { Tandem: { init(o: unknown): void }; tandemSettings: unknown };
      w.Tandem.init({ maskSelector: '.via-init', allowQueryParams: ['q'] });
      w.tandemSettings = { maskSelector: '.via-settings-after' };
    });
    await enterCode(customer, code);
    await customer.getByRole('dialog', { name: 'Accept co-browsing?' }).getByRole('button', { name: 'Yes' }).click();
    await expect(agent.getByRole('status')).toHaveText('Co-browsing');
    const view = mirror(agent);
    await expect(view.locator('#visible')).toContainText('Visible text');

    // The company masks one more region while the page is shared; it is filled afterwards.
    await settings.put({ mask_selector: '.via-central, .via-central-late' });
    await expect(view.locator('.r-late p')).toHaveText(/^[•\s]+$/);
    await customer.evaluate(() => (window as unknown as { fillRegion(e: Element): void }).fillRegion(document.querySelector('[data-region=late]')!));

    // The customer types into every secret-by-nature field and every masked field.
    for (const [sel, value] of Object.entries(FIELDS)) await customer.locator(sel).pressSequentially(value);
    await customer.locator('#cc-month').selectOption({ label: 'zqmonth07' });
    for (const r of REGIONS) await customer.locator(`[data-region=${r}] input`).pressSequentially(`zq-${r}-typed`);
    await customer.locator('#plain').pressSequentially('plain words');
    await expect(view.locator('#plain')).toHaveValue('plain words');

    // The pointer over an on-screen PIN pad, and the focus on one of its keys.
    for (const r of REGIONS) {
      const key = customer.locator(`[data-region=${r}] .pinpad button`).nth(4);
      await key.hover();
      const pad = (await customer.locator(`[data-region=${r}] .pinpad`).boundingBox())!;
      const before = ops(wire.customerSent, 7).length;
      await customer.mouse.move(pad.x + 10, pad.y + 10, { steps: 4 });
      await customer.mouse.move(pad.x + pad.width - 10, pad.y + pad.height - 10, { steps: 4 });
      await key.click();
      await sync(customer, agent, `sync-${r}`);
      // No pointer position over the PIN pad left the customer's browser, and the mirror never
      // shows hover or focus inside a masked region.
      for (const [, x, y] of ops(wire.customerSent, 7).slice(before)) {
        const inside = x >= pad.x && x <= pad.x + pad.width && y >= pad.y && y <= pad.y + pad.height &&
          await customer.evaluate(([px, py]) => !!document.elementFromPoint(px, py)?.closest('.pinpad'), [x, y]);
        expect(inside, `pointer ${x},${y} over the ${r} PIN pad`).toBe(false);
      }
      await expect(view.locator('.region [data-tandem-hover], .region [data-tandem-focus]')).toHaveCount(0);
    }

    // The page's own address changes (a reset link's token put in the URL, then taken out).
    await customer.evaluate(() => history.replaceState(null, '', '?reset=zq-replace-1&q=shoes#zq-replace-frag-1'));
    await customer.evaluate(() => history.pushState(null, '', '?step=zq-push-1'));
    await sync(customer, agent, 'sync-address');
    await agent.getByRole('button', { name: 'Link Menu' }).click();
    await expect(agent.getByRole('tab', { name: 'Page Links' })).toBeVisible();
    await expect(agent.getByText('Home').first()).toBeVisible();

    const secrets = [
      ...REGIONS.flatMap((r) => KINDS.map((k) => `zq-${r}-${k}`)),
      ...Object.values(FIELDS), 'zqmonth07', ...ADDRESS_SECRETS,
    ];
    const seen = await agentSees(agent);
    // What should be seen is seen: masked regions keep their shape, allowed query parameters
    // and same-document references (SVG <use>) keep working, the visible field arrives.
    expect(await view.locator('#icon-use').getAttribute('href')).toBe('#corpus-icon');
    expect(await view.locator('#link-query').getAttribute('data-tandem-href') ?? await view.locator('#link-query').getAttribute('href')).toMatch(/\/demo\/index\.html\?q=shoes$/);
    expect(seen.console).toContain('/demo/privacy-corpus.html');
    await expect(view.locator('.r-markup .pinpad button')).toHaveCount(9);
    expect(seen.values).toContain('selected:0:');
    const styled = await view.locator('.r-markup .leak-var').evaluate((e) => getComputedStyle(e).color);
    expect(styled).toBe('rgb(1, 2, 3)');

    // The customer leaves for another site: the agent learns where, without the query.
    await customer.locator('#link-away').click();
    await expect.poll(() => wire.customerSent.some((f) => f.includes('"leaving"'))).toBe(true);
    expect(wire.customerSent.find((f) => f.includes('"leaving"'))).toContain('https://elsewhere.example/reset');

    expectAbsent({
      ...seen,
      'frames the customer sent': wire.customerSent.join('\n'), 'frames the customer received': wire.customerReceived.join('\n'),
      'frames the agent sent': wire.agentSent.join('\n'), 'frames the agent received': wire.agentReceived.join('\n'),
    }, secrets);
  } finally {
    await settings.put({ mask_selector: settings.current.mask_selector ?? '' });
  }
});

test('private by default: only the allowed parts are seen, the title too is masked, the outline stays home', async ({ agent, customer, tandem }) => {
  const wire = recordAll(agent, customer);
  await customer.addInitScript(() => {
    (window as unknown as { tandemSettings: unknown }).tandemSettings = { privateByDefault: true, unmaskSelector: '#links', showMasked: true };
  });
  await signIn(agent, tandem);
  const code = await startWithCode(agent);
  await customer.goto(`${tandem.url}/demo/${PAGE}`);
  await customer.evaluate(() => { document.title = 'Inbox of zq-title-secret'; });
  await enterCode(customer, code);
  await customer.getByRole('dialog', { name: 'Accept co-browsing?' }).getByRole('button', { name: 'Yes' }).click();
  await expect(agent.getByRole('status')).toHaveText('Co-browsing');
  const view = mirror(agent);
  // The allow-listed parts arrive in clear, the rest keeps its shape only.
  await expect(view.locator('#allowed')).toHaveText('Allowed text');
  await expect(view.locator('#links a').first()).toHaveText('Home');
  await expect(view.locator('h1')).toHaveText(/^[•\s]+$/);
  for (const [sel, value] of Object.entries(FIELDS)) await customer.locator(sel).pressSequentially(value);
  await customer.locator('#plain').pressSequentially('zq-private-plain');
  await expect(view.locator('form input').nth(6)).toHaveValue('••••••••••••••••');
  await customer.locator('[data-region=markup] .pinpad button').nth(4).hover();
  await customer.evaluate(() => { document.getElementById('allowed')!.textContent = 'sync-private'; });
  await expect(view.locator('#allowed')).toHaveText('sync-private');
  await expect(view.locator('[data-tandem-hover]')).toHaveCount(0);
  // The customer sees the outline of what is hidden; it is the SDK's own and never sent.
  expect(await customer.locator('body').evaluate((b) => getComputedStyle(b).outlineStyle)).toBe('dashed');

  const secrets = [
    ...['markup', 'init', 'before', 'after', 'central'].flatMap((r) => KINDS.map((k) => `zq-${r}-${k}`)),
    ...Object.values(FIELDS), 'zq-private-plain', 'zq-title-secret', 'Privacy corpus', 'Visible text', ...ADDRESS_SECRETS,
  ];
  const seen = await agentSees(agent);
  expect(seen.title).not.toContain('zq');
  expectAbsent({
    ...seen,
    'frames the customer sent': wire.customerSent.join('\n'), 'frames the agent received': wire.agentReceived.join('\n'),
    outline: wire.customerSent.some((f) => f.includes('d97706')) ? 'd97706' : '',
  }, [...secrets, 'd97706']);
});
