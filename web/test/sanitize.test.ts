// The mirror's sanitiser tables (mirror/sanitize.ts): nothing built from the wire may run or load.
import { describe, expect, it } from 'vitest';
import { Make, boxTag, doctypeHtml, makeOf, safeAttr, safeCss, safeUrl } from '../src/dom/mirror/sanitize';

describe('safeAttr', () => {
  it('drops every on* handler, whatever its case', () => {
    expect(safeAttr('div', 'onclick', 'x()')).toBeNull();
    expect(safeAttr('img', 'OnError', 'x()')).toBeNull();
    expect(safeAttr('svg', 'onload', 'x()')).toBeNull();
  });
  it('drops srcdoc, ping, formaction and attributes only the mirror writes', () => {
    expect(safeAttr('iframe', 'srcdoc', '<script>x()</script>')).toBeNull();
    expect(safeAttr('a', 'ping', 'https://t.example/')).toBeNull();
    expect(safeAttr('button', 'formaction', 'https://x.example/')).toBeNull();
    expect(safeAttr('div', 'data-tandem-was', 'script')).toBeNull();
  });
  it('drops javascript:, vbscript: and document data: URLs, even obfuscated', () => {
    expect(safeAttr('a', 'href', 'javascript:alert(1)')).toBeNull();
    expect(safeAttr('a', 'href', ' JaVa\tScRiPt:alert(1)')).toBeNull();
    expect(safeAttr('a', 'href', 'java\u0000script:alert(1)')).toBeNull();
    expect(safeAttr('img', 'src', 'vbscript:x')).toBeNull();
    expect(safeAttr('a', 'href', 'data:text/html,<script>x()</script>')).toBeNull();
    expect(safeAttr('img', 'srcset', 'a.png 1x, javascript:x 2x')).toBeNull();
    expect(safeAttr('a', 'href', 'https://x.example/')).toEqual(['href', 'https://x.example/']);
    expect(safeAttr('img', 'src', 'data:image/png;base64,AA')).toEqual(['src', 'data:image/png;base64,AA']);
  });
  it('makes meta inert: http-equiv (refresh) and acting names renamed, script refresh dropped', () => {
    expect(safeAttr('meta', 'http-equiv', 'refresh')).toEqual(['data-tandem-http-equiv', 'refresh']);
    expect(safeAttr('meta', 'name', 'referrer')).toEqual(['data-tandem-name', 'referrer']);
    expect(safeAttr('meta', 'name', 'description')).toEqual(['name', 'description']);
    expect(safeAttr('meta', 'content', '0; url=javascript:alert(1)')).toBeNull();
    expect(safeAttr('meta', 'content', '0; url=https://x.example/')).toEqual(['content', '0; url=https://x.example/']);
  });
  it('keeps frames, forms, links and targets from acting', () => {
    expect(safeAttr('iframe', 'src', 'https://x.example/')).toEqual(['data-tandem-src', 'https://x.example/']);
    expect(safeAttr('iframe', 'sandbox', 'allow-scripts')).toBeNull();
    expect(safeAttr('form', 'action', '/go')).toEqual(['data-tandem-action', '/go']);
    expect(safeAttr('a', 'target', '_top')).toEqual(['data-tandem-target', '_top']);
    expect(safeAttr('link', 'href', '/s.css')).toEqual(['data-tandem-href', '/s.css']);
    expect(safeAttr('use', 'href', 'https://x.example/sprite.svg#i')).toBeNull();
    expect(safeAttr('use', 'href', '#i')).toEqual(['href', '#i']);
    expect(safeAttr('input', 'autofocus', '')).toEqual(['data-tandem-autofocus', '']);
  });
  it('keeps SVG animations off hrefs and handlers', () => {
    expect(safeAttr('set', 'attributeName', 'href')).toEqual(['data-tandem-attributename', 'href']);
    expect(safeAttr('animate', 'attributeName', 'onclick')).toEqual(['data-tandem-attributename', 'onclick']);
    expect(safeAttr('set', 'to', 'javascript:alert(1)')).toBeNull();
    expect(safeAttr('animate', 'values', 'a;javascript:x')).toBeNull();
  });
  it('routes images through the asset route', () => {
    const route = (u: string) => '/asset?u=' + encodeURIComponent(u);
    expect(safeAttr('img', 'src', 'https://x.example/i.png', route)).toEqual(['src', '/asset?u=https%3A%2F%2Fx.example%2Fi.png']);
    expect(safeAttr('a', 'href', 'https://x.example/', route)).toEqual(['href', 'https://x.example/']);
  });
});

describe('elements', () => {
  it('turns scripts and base into placeholders, plugins into boxes, frames into frames — prefixes too', () => {
    expect(makeOf('script')).toBe(Make.Placeholder);
    expect(makeOf('SCRIPT')).toBe(Make.Placeholder);
    expect(makeOf('base')).toBe(Make.Placeholder);
    expect(makeOf('x:script')).toBe(Make.Placeholder);
    expect(makeOf('svg:set')).toBe(Make.Placeholder);
    expect(makeOf('object')).toBe(Make.Box);
    expect(makeOf('iframe')).toBe(Make.Frame);
    expect(makeOf('div')).toBe(Make.Normal);
    expect(boxTag('embed')).toBe('div');
    expect(boxTag('section')).toBe('section');
  });
});

describe('urls and css', () => {
  it('safeUrl', () => {
    expect(safeUrl('relative/path')).toBe(true);
    expect(safeUrl('mailto:a@b.c')).toBe(true);
    expect(safeUrl('javascript:x')).toBe(false);
    expect(safeUrl('data:application/javascript,x')).toBe(false);
    expect(safeUrl('chrome://settings')).toBe(false);
  });
  it('safeCss empties script URLs and renames expression/binding/behavior', () => {
    expect(safeCss('a{background:url(javascript:x)}')).toBe('a{background:url()}');
    expect(safeCss('@import "javascript:x";')).toBe('@import "";');
    expect(safeCss('width:expression(alert(1))')).toBe('width:invalid(alert(1))');
    expect(safeCss('-moz-binding: url(x.xml#b)')).toContain('-tandem-binding:');
    expect(safeCss('a{behavior: url(x.htc)}')).toContain('-tandem-behavior:');
    expect(safeCss('color:red')).toBe('color:red');
  });
  it('doctypeHtml strips what could break out', () => {
    expect(doctypeHtml('html"><script>', 'a"<b', '')).toBe('<!DOCTYPE htmlscript PUBLIC "ab">');
    expect(doctypeHtml('html', '', '')).toBe('<!DOCTYPE html>');
  });
});
