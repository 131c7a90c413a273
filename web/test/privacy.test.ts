// @vitest-environment jsdom
// Privacy at the source (capture/privacy.ts, capture/attrs.ts): masked text and attributes,
// secret inputs, addresses cut, handlers and srcdoc never sent.
import { describe, expect, it } from 'vitest';
import { attrKind, attrValue, isHandler, keptWhenMasked } from '../src/dom/capture/attrs';
import { isMasked, isSecretInput, maskMode, maskText, safeValue } from '../src/dom/capture/privacy';
import { MASK_CHAR, PASSWORD_MASK } from '../src/dom/format';
import { testState } from './capture-state';

function el(html: string): Element {
  document.body.innerHTML = html;
  return document.body.firstElementChild as Element;
}

function wire(e: Element, name: string, masked = false, secret = false, s = testState(window)): string | null {
  return attrValue(s, e, name, e.getAttribute(name) ?? '', attrKind(name), masked, secret);
}

describe('masking', () => {
  it('keeps the shape of text but none of its characters', () => {
    expect(maskText('ab c\n d')).toBe(`${MASK_CHAR}${MASK_CHAR} ${MASK_CHAR}\n ${MASK_CHAR}`);
  });
  it('sends a fixed mask for secrets (never their length), shape for masked values', () => {
    expect(safeValue('hunter2', true, false)).toBe(PASSWORD_MASK);
    expect(safeValue('x', true, false)).toBe(PASSWORD_MASK);
    expect(safeValue('', true, false)).toBe('');
    expect(safeValue('ab', false, true)).toBe(MASK_CHAR + MASK_CHAR);
    expect(safeValue('ab', false, false)).toBe('ab');
  });
});

describe('secret inputs', () => {
  it('knows passwords and secret autocomplete fields, and stays sure once it knew', () => {
    const s = testState(window);
    document.body.innerHTML = '<input id=p type=password><input id=c autocomplete="cc-number"><textarea id=o autocomplete="one-time-code"></textarea><input id=t type=text>';
    const p = document.getElementById('p') as HTMLInputElement;
    expect(isSecretInput(s, p)).toBe(true);
    expect(isSecretInput(s, document.getElementById('c')!)).toBe(true);
    expect(isSecretInput(s, document.getElementById('o')!)).toBe(true);
    expect(isSecretInput(s, document.getElementById('t')!)).toBe(false);
    p.type = 'text'; // a "show password" button
    expect(isSecretInput(s, p)).toBe(true);
  });
});

describe('mask regions', () => {
  it('masks under data-tandem-mask and the site selector, private-by-default except unmasked parts', () => {
    document.body.innerHTML = '<div data-tandem-mask><p id=a>x</p></div><div class=pii><p id=b>y</p></div><p id=c>z</p>';
    const s = testState(window, { maskSelector: '.pii' });
    s.maskRootCount = 1;
    expect(isMasked(s, document.getElementById('a')!.firstChild!)).toBe(true);
    expect(isMasked(s, document.getElementById('b')!)).toBe(true);
    expect(isMasked(s, document.getElementById('c')!)).toBe(false);

    document.body.innerHTML = '<p id=a>x</p><div data-tandem-unmask><p id=b>y</p><p data-tandem-mask id=c>z</p></div>';
    const priv = testState(window, { privateByDefault: true });
    expect(isMasked(priv, document.getElementById('a')!)).toBe(true);
    expect(maskMode(priv, document.getElementById('b')!)).toBe(0);
    expect(isMasked(priv, document.getElementById('c')!)).toBe(true);
  });
});

describe('attributes on the wire', () => {
  it('never sends event handlers; srcdoc only as present', () => {
    expect(isHandler('onclick')).toBe(true);
    expect(isHandler('on')).toBe(false);
    expect(isHandler('one')).toBe(true);
    expect(wire(el('<iframe srcdoc="<b>secret</b>"></iframe>'), 'srcdoc')).toBe('');
    expect(wire(el('<a ping="https://t.example/">x</a>'), 'ping')).toBeNull();
  });
  it('makes URLs absolute and cut, and drops script URLs', () => {
    document.head.innerHTML = '';
    const s = testState(window);
    const a = el('<a href="/reset?token=abc#t">x</a>');
    expect(wire(a, 'href', false, false, s)).toBe(new URL('/reset', location.href).href);
    expect(wire(el('<a href=" javascript:alert(1)">x</a>'), 'href')).toBeNull();
    expect(wire(el('<a href="vbscript:x">x</a>'), 'href')).toBeNull();
  });
  it('cuts a meta refresh or og:url address', () => {
    const s = testState(window);
    expect(wire(el('<meta http-equiv=refresh content="5; url=https://x.example/next?sid=1">'), 'content', false, false, s)).toBe('5; url=https://x.example/next');
    expect(wire(el('<meta property=og:url content="https://x.example/p?email=a@b">'), 'content', false, false, s)).toBe('https://x.example/p');
  });
  it('drops content-bearing attributes inside masked regions, keeps layout ones', () => {
    const e = el('<div title="Jane Doe" data-user="42" class="card" aria-label="Jane" style="width:10px;content:attr(data-user);--x:1"></div>');
    expect(wire(e, 'title', true)).toBeNull();
    expect(wire(e, 'data-user', true)).toBeNull();
    expect(wire(e, 'aria-label', true)).toBeNull();
    expect(wire(e, 'class', true)).toBe('card');
    expect(wire(e, 'title', false)).toBe('Jane Doe');
    expect(wire(e, 'style', true)).toBe('width:10px;');
    expect(keptWhenMasked('id')).toBe(false);
  });
  it('never sends the value of secret, masked or hidden inputs', () => {
    expect(wire(el('<input type=password value="pw">'), 'value', false, true)).toBeNull();
    expect(wire(el('<input value="v">'), 'value', true, false)).toBeNull();
    expect(wire(el('<input type=hidden value="csrf">'), 'value')).toBeNull();
    expect(wire(el('<input value="v">'), 'value')).toBe('v');
  });
  it('keeps URL-named attributes as plain data where they are no URL', () => {
    expect(wire(el('<fancy-tabs background="blue?x=1"></fancy-tabs>'), 'background')).toBe('blue?x=1');
  });
});
