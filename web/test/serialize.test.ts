// @vitest-environment jsdom
// @vitest-environment-options {"url": "https://shop.example/app/page?session=s3cret"}
// Serialisation of a live tree to the wire format (capture/serialize.ts): pre-order ids,
// namespaces, masked text, secret values, blocked boxes, opaque scripts, SDK widgets left out.
import { describe, expect, it } from 'vitest';
import { collectPolicy } from '../src/dom/capture/privacy';
import { serializeDoc, serializeNode } from '../src/dom/capture/serialize';
import { idOf } from '../src/dom/capture/state';
import { MASK_CHAR } from '../src/dom/format';
import { testState } from './capture-state';

describe('serializeDoc', () => {
  it('serialises the document in pre-order, numbering every node from 1', () => {
    document.open();
    document.write('<!DOCTYPE html><html><head><title>T</title></head><body><p class=a>Hi <b>you</b></p><!--c--></body></html>');
    document.close();
    const s = testState(window);
    const tree = serializeDoc(s, document, 0);
    expect(tree).toEqual([2,
      [3, 'html', '', ''],
      ['html', 0,
        ['head', 0, ['title', 0, 'T']],
        ['body', 0, ['p', ['class', 'a'], 'Hi ', ['b', 0, 'you']], 0]]]);
    expect(idOf(s, document)).toBe(1);
    expect(idOf(s, document.doctype!)).toBe(2);
    expect(idOf(s, document.documentElement)).toBe(3);
    expect(idOf(s, document.querySelector('b')!.firstChild!)).toBe(11);
    expect(s.nextId).toBe(13);
  });
});

function ser(html: string, policy = {}) {
  document.body.innerHTML = html;
  const s = testState(window, policy);
  if (s.policy) collectPolicy(s, document);
  return serializeNode(s, document.body, 'http://www.w3.org/1999/xhtml', 'html', 0);
}

describe('serializeNode', () => {
  it('prefixes namespaces only where they are not implied', () => {
    expect(ser('<svg viewBox="0 0 1 1"><circle r="1"></circle></svg>')).toEqual(['body', 0, ['svg', ['viewBox', '0 0 1 1'], ['circle', ['r', '1']]]]);
  });
  it('drops handlers, makes URLs absolute and cut', () => {
    expect(ser('<a href="next?token=1#x" onclick="steal()">n</a>')).toEqual(['body', 0, ['a', ['href', 'https://shop.example/app/next'], 'n']]);
  });
  it('masks text and content attributes under a mask region, keeps the shape', () => {
    expect(ser('<div data-tandem-mask><span title="Jane" class="c">Jane Doe</span></div>')).toEqual(
      ['body', 0, ['div', 0, ['span', ['class', 'c'], `${MASK_CHAR.repeat(4)} ${MASK_CHAR.repeat(3)}`]]]);
    expect(ser('<p class=pii>secret</p>', { maskSelector: '.pii' })).toEqual(['body', 0, ['p', ['class', 'pii'], MASK_CHAR.repeat(6)]]);
  });
  it('sends blocked elements and plugins as boxes, scripts without their text, SDK widgets not at all', () => {
    // (jsdom lays nothing out: sizes are 0, and an <object>'s computed display is empty.)
    const out = ser('<div data-tandem-block>hidden</div><object data="x.swf"></object><script>var k="x"</script><div data-tandem-ui>w</div>') as unknown[];
    expect(out.length).toBe(5);
    expect(out.slice(0, 4)).toEqual(['body', 0, [4, 'div', 0, 0, 'block'], [4, 'object', 0, 0, expect.any(String)]]);
    expect(out[4]).toEqual(['script', 0]);
  });
  it('never sends the value attribute of a password field', () => {
    const out = ser('<input type=password value="hunter2">');
    expect(JSON.stringify(out)).not.toContain('hunter2');
  });
});
