// Private by default (ARCHITECTURE.md §4.1, a site option): every text and value is masked except under
// allow-listed elements (data-tandem-unmask, the unmaskSelector), an explicit mask inside those
// still wins, and the customer can be shown an outline of what the agent cannot see.
import { test, expect } from '@playwright/test';
import { LAUNCH, inMirror, openPair, startSite, type Site } from './helpers';

test.use({ launchOptions: LAUNCH });

let site: Site;
test.beforeAll(async () => { site = await startSite(); });
test.afterAll(async () => { await site.close(); });

const ALLOW = '[data-tandem-unmask], .public';

/** Text nodes and field values of the mirror outside the allow list that are not masked. */
function leaks(doc: Document, allow: string): string[] {
  const out: string[] = [];
  const allowed = (n: Node): boolean => {
    let el: Element | null = n.nodeType === 1 ? n as Element : n.parentElement;
    let open = false;
    while (el) {
      if (el.closest('[data-tandem-mask]')) return false;
      if (el.closest(allow)) open = true;
      const root = el.getRootNode();
      el = root instanceof ShadowRoot ? root.host : null;
    }
    return open;
  };
  const walk = (root: Node) => {
    const w = doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let n: Node | null = w.currentNode; n; n = w.nextNode()) {
      if (n.nodeType === 3) {
        const parent = (n as Text).parentElement?.localName;
        if (parent !== 'style' && !/^[\s•]*$/.test((n as Text).data) && !allowed(n)) out.push((n as Text).data);
      } else {
        const el = n as Element;
        if ((el.localName === 'input' || el.localName === 'textarea') && !/^[\s•]*$/.test((el as HTMLInputElement).value) && !allowed(el)) {
          out.push('value: ' + (el as HTMLInputElement).value);
        }
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    }
  };
  walk(doc);
  return out;
}

test('a private-by-default page sends nothing but the allow-listed text and values', async ({ browser }) => {
  const pair = await openPair(browser, site, site.origin + '/fixtures/private.html', { privateByDefault: true, unmaskSelector: '.public' });
  const c = pair.customer;
  await c.fill('#name', 'Typed allowed name');
  await c.fill('#town', 'Shelbyville-public');
  await c.fill('#notes', 'typed secret CAMEL-words');
  await c.evaluate(() => {
    const li = document.createElement('li');
    li.textContent = 'Log entry with OTTER-secret';
    document.getElementById('log')!.appendChild(li);
    const pub = document.createElement('li');
    pub.className = 'public';
    pub.textContent = 'Public log line';
    document.getElementById('log')!.appendChild(pub);
    document.getElementById('greeting')!.firstChild!.textContent = 'Hello again, Jane Privatename, PELICAN';
  });
  await pair.settle();

  const wire = pair.wire.join('\n');
  for (const secret of ['Privatename', '12,345', 'DE89', 'ZEBRA', 'MORTGAGE', 'pw-Secret', 'Savings-option', 'Checking-option',
    'avatar-jane', 'Jane avatar', 'QUOKKA', 'CAMEL', 'OTTER', 'PELICAN', 'Account of']) {
    expect(wire, `the wire carries ${secret}`).not.toContain(secret);
  }
  expect(await inMirror(pair.agent, leaks, ALLOW)).toEqual([]);
  const seen = await inMirror(pair.agent, (doc) => ({
    text: doc.body.innerText,
    name: (doc.getElementById('name') as HTMLInputElement).value,
    town: (doc.getElementById('town') as HTMLInputElement).value,
    // Private elements keep no id: they are found by class.
    notes: (doc.querySelector('.notes') as HTMLTextAreaElement).value,
    shadow: doc.querySelector('.host')!.shadowRoot!.textContent,
    title: doc.title,
    stylesheet: getComputedStyle(doc.querySelector('.card')!).borderTopStyle,
  }));
  for (const visible of ['Northwind Bank', 'Help centre', 'Our branches close at five on Fridays.', 'Your name', 'Town', 'Public log line', 'registered in Footland']) {
    expect(seen.text).toContain(visible);
  }
  expect(seen.name).toBe('Typed allowed name');
  expect(seen.town).toBe('Shelbyville-public');
  expect(seen.notes).toBe('typed secret CAMEL-words'.replace(/\S/g, '•'));
  expect(seen.shadow).toContain('Shadow public words');
  expect(seen.title).toMatch(/^[•\s]+$/);
  expect(seen.stylesheet).toBe('solid'); // the page's own styles still apply
  const location = await pair.agent.evaluate(() => (window as any).__events.location.at(-1));
  expect(location[1]).toMatch(/^[•\s]+$/);

  // Allow-listing an element later sends it again, readable; taking it off hides it again.
  await c.evaluate(() => document.getElementById('balance')!.setAttribute('data-tandem-unmask', ''));
  await pair.settle();
  expect(await inMirror(pair.agent, (doc) => doc.getElementById('balance')!.textContent)).toContain('12,345.67 EUR');
  await c.evaluate(() => {
    const el = document.getElementById('balance')!;
    el.removeAttribute('data-tandem-unmask');
    el.firstChild!.textContent = 'Balance: 99,999.00 EUR';
  });
  await pair.settle();
  expect(await inMirror(pair.agent, (doc) => doc.querySelector('.balance')!.textContent)).toMatch(/^[•\s]+$/);
  expect(pair.wire.join('\n')).not.toContain('99,999');
  expect(await inMirror(pair.agent, leaks, ALLOW)).toEqual([]);
  expect(await pair.gaps()).toEqual([]);
  await pair.close();
});

test('the customer can see what the agent cannot: an outline that never leaves the page', async ({ browser }, info) => {
  const policy = { maskSelector: '.policy-masked', blockSelector: '' };
  const pair = await openPair(browser, site, site.origin + '/fixtures/masked-outline.html', policy);
  const c = pair.customer;
  await c.evaluate((o) => { (window as any).__undo = (window as any).TandemDom.outlineMasked(document, o); }, policy);
  await pair.settle();
  const styles = () => c.evaluate(() => ['address', 'masked', 'blocked', 'policy', 'pw', 'card']
    .map((id) => getComputedStyle(document.getElementById(id)!).outlineStyle));
  expect(await styles()).toEqual(['none', 'dashed', 'dashed', 'dashed', 'dashed', 'dashed']);
  const shot = await c.screenshot({ path: info.outputPath('outline.png') });
  await info.attach('what the agent cannot see', { body: shot, contentType: 'image/png' });
  // The outline's stylesheet is the SDK's own: never captured, never in the mirror.
  expect(pair.wire.join('\n')).not.toMatch(/d97706|dashed/);
  expect(await inMirror(pair.agent, (doc) => Array.from(doc.querySelectorAll('style')).some((s) => s.textContent!.includes('outline')))).toBe(false);
  expect(await inMirror(pair.agent, (doc) => getComputedStyle(doc.querySelectorAll('section')[1]).outlineStyle)).toBe('none');
  await c.evaluate(() => (window as any).__undo());
  expect(await styles()).toEqual(['none', 'none', 'none', 'none', 'none', 'none']);
  await pair.close();
});

test('on a private-by-default page the outline marks the body hidden and the allow list visible', async ({ browser }, info) => {
  const pair = await openPair(browser, site, site.origin + '/fixtures/private.html', { privateByDefault: true, unmaskSelector: '.public' });
  const c = pair.customer;
  await c.evaluate(() => (window as any).TandemDom.outlineMasked(document, { maskSelector: '', blockSelector: '', privateByDefault: true, unmaskSelector: '.public' }));
  const look = await c.evaluate(() => ['brand', 'notice', 'inner-mask', 'balance'].map((id) => {
    const el = document.getElementById(id)!.closest('header, .public, [data-tandem-mask], #balance')!;
    return getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineColor;
  }));
  expect(look).toEqual(['solid rgb(22, 163, 74)', 'solid rgb(22, 163, 74)', 'dashed rgb(217, 119, 6)', 'none rgb(0, 0, 0)']);
  expect(await c.evaluate(() => getComputedStyle(document.body).outlineStyle)).toBe('dashed');
  await info.attach('private by default, outlined', { body: await c.screenshot({ path: info.outputPath('private-outline.png') }), contentType: 'image/png' });
  await pair.close();
});
