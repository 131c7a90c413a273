// @vitest-environment jsdom
// Op application (mirror/index.ts, mirror/ops.ts) on a jsdom iframe: snapshot, add, remove,
// attribute and text ops, sanitising on the way, and gaps reported for bad ids.
import { describe, expect, it } from 'vitest';
import type { Op } from '../src/dom/format';
import { createMirror } from '../src/dom/mirror/index';

function setup() {
  const iframe = document.createElement('iframe');
  document.body.appendChild(iframe);
  const gaps: string[] = [];
  const m = createMirror(iframe, { onGap: (r) => gaps.push(r) });
  return { iframe, m, gaps };
}

const SNAP: Op = [0, [2, [3, 'html', '', ''], ['html', 0, ['head', 0], ['body', 0, ['p', ['id', 'a'], 'one'], ['div', ['id', 'b']]]]]];
// ids: doc 1, doctype 2, html 3, head 4, body 5, p 6, text 7, div 8

describe('mirror', () => {
  it('builds a snapshot and applies add, attr, text and remove ops', () => {
    const { m, gaps } = setup();
    m.apply([SNAP]);
    const doc = m.document()!;
    expect(doc.body.innerHTML).toBe('<p id="a">one</p><div id="b"></div>');
    m.apply([[1, 8, 0, 9, ['span', ['class', 's'], 'new']], [3, 6, 'title', 't', 'id', null], [4, 7, 'two']]);
    expect(doc.body.innerHTML).toBe('<p title="t">two</p><div id="b"><span class="s">new</span></div>');
    expect(m.idOf(doc.querySelector('span')!)).toBe(9);
    m.apply([[2, 6]]);
    expect(doc.body.innerHTML).toBe('<div id="b"><span class="s">new</span></div>');
    expect(gaps).toEqual([]);
  });
  it('sanitises what it builds and what ops set', () => {
    const { m } = setup();
    m.apply([[0, [2, ['html', 0, ['head', 0, ['meta', ['http-equiv', 'refresh', 'content', '0; url=https://evil.example/']]],
      ['body', 0, ['a', ['href', 'javascript:alert(1)', 'onclick', 'x()'], 'l'], ['script', 0], ['iframe', ['srcdoc', '<b>x</b>', 'src', 'https://x.example/']]]]]]]);
    const doc = m.document()!;
    const a = doc.querySelector('a')!;
    expect(a.hasAttribute('href')).toBe(false);
    expect(a.hasAttribute('onclick')).toBe(false);
    expect(doc.querySelector('script')).toBeNull();
    const meta = doc.querySelector('meta')!;
    expect(meta.hasAttribute('http-equiv')).toBe(false);
    expect(meta.getAttribute('data-tandem-http-equiv')).toBe('refresh');
    const frame = doc.querySelector('iframe')!;
    expect(frame.hasAttribute('srcdoc')).toBe(false);
    expect(frame.hasAttribute('src')).toBe(false);
    expect(frame.getAttribute('sandbox')).toBe('allow-same-origin');
    const aId = m.idOf(a)!;
    m.apply([[3, aId, 'onmouseover', 'x()', 'href', 'javascript:y()']]);
    expect(a.hasAttribute('onmouseover')).toBe(false);
    expect(a.hasAttribute('href')).toBe(false);
  });
  it('reports a gap for an unknown id and ignores ops until the next snapshot', () => {
    const { m, gaps } = setup();
    m.apply([SNAP]);
    m.apply([[4, 999, 'x']]);
    expect(gaps.length).toBe(1);
    m.apply([[4, 7, 'ignored']]);
    expect(m.document()!.getElementById('a')!.textContent).toBe('one');
    m.apply([SNAP]);
    m.apply([[4, 7, 'back']]);
    expect(m.document()!.getElementById('a')!.textContent).toBe('back');
  });
});
