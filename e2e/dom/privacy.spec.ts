// Invariant §4.1: masked, blocked and password content never leaves the customer's browser —
// searched for in every batch on the wire and in the mirrored DOM.
import { test, expect } from '@playwright/test';
import { LAUNCH, inMirror, openPair, startSite, type Pair, type Site } from './helpers';

test.use({ launchOptions: LAUNCH });

let site: Site;
test.beforeAll(async () => { site = await startSite(); });
test.afterAll(async () => { await site.close(); });

const POLICY = { maskSelector: '.private-policy', blockSelector: '.block-me' };

async function mirrorHtml(pair: Pair): Promise<string> {
  return inMirror(pair.agent, (doc) => {
    let html = doc.documentElement.outerHTML;
    doc.querySelectorAll('input, textarea').forEach((i) => { html += '\n' + (i as HTMLInputElement).value; });
    return html;
  });
}

function expectNowhere(pair: Pair, html: string, secrets: string[]): void {
  const wire = pair.wire.join('\n');
  for (const s of secrets) {
    expect(wire, `wire contains ${s}`).not.toContain(s);
    expect(html, `mirror contains ${s}`).not.toContain(s);
  }
}

test('typed values are mirrored, passwords and card numbers never leave', async ({ browser }) => {
  const pair = await openPair(browser, site, site.origin + '/fixtures/form.html', POLICY);
  const c = pair.customer;
  await c.fill('#name', 'Alice Visible');
  await c.click('#pw');
  await c.keyboard.type('hunter2-typed-secret');
  await c.fill('#card', '4111111111111111');
  await c.fill('#cvc', '737');
  await c.check('#agree');
  await c.check('#r2');
  await c.selectOption('#sel', 'Blue');
  await c.selectOption('#multi', ['a', 'c']);
  await c.fill('#notes', 'typed notes');
  await pair.settle();

  const m = await inMirror(pair.agent, (doc) => {
    const v = (s: string) => (doc.querySelector(s) as HTMLInputElement);
    return {
      name: v('#name').value, pw: v('#pw').value, card: v('#card').value, agree: v('#agree').checked,
      r1: v('#r1').checked, r2: v('#r2').checked, sel: (doc.querySelector('#sel') as HTMLSelectElement).selectedIndex,
      multi: Array.from((doc.querySelector('#multi') as HTMLSelectElement).selectedOptions).map((o) => o.text),
      notes: (doc.querySelector('#notes') as HTMLTextAreaElement).value,
      hidden: doc.querySelector('input[type=hidden]')!.getAttribute('value'),
    };
  });
  expect(m.name).toBe('Alice Visible');
  expect(m.pw).toBe('••••••');
  expect(m.card).toBe('••••••');
  expect(m.agree).toBe(true);
  expect(m.r1).toBe(false);
  expect(m.r2).toBe(true);
  expect(m.sel).toBe(2);
  expect(m.multi).toEqual(['a', 'c']);
  expect(m.notes).toBe('typed notes');
  expect(m.hidden).toBeNull();
  expectNowhere(pair, await mirrorHtml(pair), [
    'hunter2', 'server-secret-pw', '4111111111111111', '4111', '737', 'hidden-token-123',
  ]);
  // A password field reports emptiness, not keystrokes: typing sent at most one state for it.
  const pwId = await inMirror(pair.agent, (doc) => (doc.querySelector('#pw') as HTMLInputElement).value);
  expect(pwId).toBe('••••••');
  const maskStates = pair.wire.join('\n').match(/"••••••"\]/g) ?? [];
  expect(maskStates.length).toBeLessThanOrEqual(3); // snapshot (pw), card, cvc: once each

  expect(await pair.gaps()).toEqual([]);
  await pair.close();
});

test('a password shown as text by the page stays masked', async ({ browser }) => {
  const pair = await openPair(browser, site, site.origin + '/pages/rrweb/password.html');
  await pair.customer.fill('#password', 'toggle-secret-99');
  await pair.customer.click('#show-password');
  await pair.customer.fill('#password', 'toggle-secret-100');
  await pair.settle();
  const v = await inMirror(pair.agent, (doc) => (doc.querySelector('#password') as HTMLInputElement).value);
  expect(v).toBe('••••••');
  expectNowhere(pair, await mirrorHtml(pair), ['toggle-secret']);
  await pair.close();
});

test('masked regions keep their shape but not their content', async ({ browser }) => {
  const pair = await openPair(browser, site, site.origin + '/fixtures/form.html', POLICY);
  await pair.customer.fill('#mfield', 'masked-typed-answer');
  await pair.settle();
  const html = await mirrorHtml(pair);
  expectNowhere(pair, html, [
    'Jane', 'Secretname', 'masked-initial', 'masked-typed-answer', 'Your secret answer', 'tip-secret',
    'example.com/private', 'private-avatar', 'Policy masked sentence',
  ]);
  const m = await inMirror(pair.agent, (doc) => ({
    // Masked elements keep no id: they are found by class.
    text: doc.querySelector('.masked p')!.textContent,
    field: (doc.querySelector('.mfield') as HTMLInputElement).value,
    policy: doc.querySelector('.private-policy')!.textContent,
  }));
  expect(m.text).toBe('Account holder: Jane Secretname'.replace(/\S/g, '•'));
  expect(m.field).toBe('•'.repeat('masked-typed-answer'.length));
  expect(m.policy).toBe('•••••• •••••• ••••••••');
  await pair.close();
});

test('blocked elements arrive as empty boxes of the same size', async ({ browser }) => {
  const pair = await openPair(browser, site, site.origin + '/fixtures/form.html', POLICY);
  expectNowhere(pair, await mirrorHtml(pair), ['Blocked secret content', 'policy blocked secret']);
  for (const sel of ['#blocked', 'section']) {
    const c = await pair.customer.evaluate((s) => { const r = document.querySelector(s)!.getBoundingClientRect(); return [r.width, r.height]; }, sel);
    const m = await inMirror(pair.agent, (doc, s) => {
      const el = doc.querySelector(s === '#blocked' ? '[data-tandem-blocked]' : 'section')!;
      const r = el.getBoundingClientRect();
      return { size: [r.width, r.height], children: el.childNodes.length, attrs: el.getAttributeNames().sort() };
    }, sel);
    expect(m.size).toEqual(c);
    expect(m.children).toBe(0);
    expect(m.attrs).toEqual(['data-tandem-blocked', 'style']);
  }
  await pair.close();
});

test('an element masked or blocked later is sent again, masked', async ({ browser }) => {
  const pair = await openPair(browser, site, site.origin + '/fixtures/form.html', POLICY);
  await pair.customer.evaluate(() => {
    document.getElementById('later')!.setAttribute('data-tandem-mask', '');
    document.getElementById('name')!.classList.add('private-policy');
  });
  await pair.settle();
  await pair.customer.fill('#name', 'typed-after-masking');
  await pair.customer.evaluate(() => { document.getElementById('later')!.firstChild!.textContent = 'Changed secret words'; });
  await pair.settle();
  const m = await inMirror(pair.agent, (doc) => ({
    later: doc.querySelector('.later')!.textContent,
    name: (doc.querySelector('.name') as HTMLInputElement).value,
  }));
  expect(m.later).toBe('••••••• •••••• •••••');
  expect(m.name).toBe('•'.repeat('typed-after-masking'.length));
  expectNowhere(pair, await mirrorHtml(pair), ['typed-after-masking', 'Changed secret words']);
  expect(await pair.gaps()).toEqual([]);
  await pair.close();
});
