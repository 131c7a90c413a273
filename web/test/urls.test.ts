// Addresses leave as origin and path only (capture/urls.ts), whatever shape they come in.
import { describe, expect, it } from 'vitest';
import { absolute, absoluteCss, absoluteSrcset, publicUrl, urlBase } from '../src/dom/capture/urls';

const none = { query: [], fragment: false };
const base = urlBase('https://shop.example/a/b/page.html?token=s3cret#frag', none);

describe('publicUrl', () => {
  it('cuts query and fragment of web addresses', () => {
    expect(publicUrl(none, 'https://x.example/reset?token=abc&email=a@b.c#top')).toBe('https://x.example/reset');
    expect(publicUrl(none, 'http://x.example/p#secret')).toBe('http://x.example/p');
  });
  it('keeps only allowed query parameters, and the fragment when allowed', () => {
    const p = { query: ['page', 'q x'], fragment: true };
    expect(publicUrl(p, 'https://x.example/l?token=1&page=2&q+x=3&pagex=4#f')).toBe('https://x.example/l?page=2&q+x=3#f');
    expect(publicUrl({ query: ['page'], fragment: false }, 'https://x.example/l?token=1')).toBe('https://x.example/l');
  });
  it('leaves non-web addresses and same-document references alone', () => {
    expect(publicUrl(none, '#section')).toBe('#section');
    expect(publicUrl(none, 'mailto:a@b.c?subject=x')).toBe('mailto:a@b.c?subject=x');
  });
});

describe('absolute', () => {
  it('resolves every common shape against the base and cuts it', () => {
    expect(absolute(base, '/x?y=1')).toBe('https://shop.example/x');
    expect(absolute(base, '//cdn.example/i.png')).toBe('https://cdn.example/i.png');
    expect(absolute(base, 'c.png')).toBe('https://shop.example/a/b/c.png');
    expect(absolute(base, '../up.png')).toBe('https://shop.example/a/up.png');
    expect(absolute(base, '?q=1')).toBe('https://shop.example/a/b/page.html');
    expect(absolute(base, '')).toBe('https://shop.example/a/b/page.html');
    expect(absolute(base, '#icon')).toBe('#icon');
    expect(absolute(base, '  /trim  ')).toBe('https://shop.example/trim');
  });
  it('resolves srcset entries and CSS url()/@import', () => {
    expect(absoluteSrcset(base, 'a.png 1x, /b.png?t=1 2x')).toBe('https://shop.example/a/b/a.png 1x, https://shop.example/b.png 2x');
    expect(absoluteCss(base, 'background:url("i.png?x=1") ; @import "/s.css?k";')).toBe('background:url("https://shop.example/a/b/i.png") ; @import "https://shop.example/s.css";');
    expect(absoluteCss(base, 'mask:url(#m);b:url(data:image/png;base64,AA)')).toBe('mask:url(#m);b:url(data:image/png;base64,AA)');
  });
});
