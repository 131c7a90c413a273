// The look of what the customer is doing, beyond the DOM: the element under their pointer and
// the focused one (:hover, :focus, :focus-visible, :focus-within, also in shadow roots), media
// playing, lazy-loaded images, and the device pixel ratio in the viewport.
import { test, expect, type Page } from '@playwright/test';
import { LAUNCH, inMirror, openPair, startSite, type Site } from './helpers';

test.use({ launchOptions: LAUNCH });

let site: Site;
test.beforeAll(async () => { site = await startSite(); });
test.afterAll(async () => { await site.close(); });

/** Computed styles that hover and focus change, on the customer's page or in the mirror. */
function look(page: Page, mirror: boolean) {
  return page.evaluate((m) => {
    const doc = m ? (document.getElementById('mirror') as HTMLIFrameElement).contentDocument! : document;
    const get = (id: string) => id === 'in' ? doc.getElementById('host')!.shadowRoot!.getElementById('in')! : doc.getElementById(id)!;
    const cs = (id: string) => getComputedStyle(get(id));
    return {
      btn: cs('btn').backgroundColor, sub: cs('sub').display, inner: cs('in').color, field: cs('field').borderTopColor,
      ring: cs('field').outlineStyle + ' ' + cs('field').outlineColor, form: cs('form').backgroundColor,
      plain: cs('plain').outlineStyle, hv: cs('hv').color, ahv: cs('ahv').color,
    };
  }, mirror);
}

test('the customer\'s hover and focus look the same in the mirror; the agent\'s own pointer changes nothing', async ({ browser }) => {
  const pair = await openPair(browser, site, site.origin + '/fixtures/hover.html');
  const c = pair.customer;
  const same = async () => {
    await pair.settle();
    const want = await look(c, false);
    expect(await look(pair.agent, true)).toEqual(want);
    return want;
  };
  await c.hover('#btn');
  expect((await same()).btn).toBe('rgb(0, 128, 255)');
  await c.hover('#menu');
  expect((await same()).sub).toBe('block');
  await c.hover('#host #in');
  expect((await same()).inner).toBe('rgb(200, 0, 100)');
  await c.click('#field');
  const focused = await same();
  expect([focused.field, focused.ring, focused.form]).toEqual(['rgb(255, 0, 0)', 'solid rgb(0, 200, 0)', 'rgb(255, 255, 200)']);
  await c.keyboard.press('Tab'); // a keyboard focus shows the browser's ring on the button
  expect((await same()).plain).toBe('auto');
  await c.hover('#far');
  await c.evaluate(() => (document.activeElement as HTMLElement).blur());
  const idle = await same();
  expect([idle.btn, idle.sub, idle.form]).toEqual(['rgb(200, 200, 200)', 'none', 'rgba(0, 0, 0, 0)']);
  // The agent's mouse over the mirror's button: the customer sees no hover, so neither does the agent.
  const box = await pair.agent.frameLocator('#mirror').locator('#btn').boundingBox();
  await pair.agent.mouse.move(box!.x + 5, box!.y + 5);
  expect((await look(pair.agent, true)).btn).toBe('rgb(200, 200, 200)');
  expect(await pair.gaps()).toEqual([]);
  await pair.close();
});

test('video and audio follow the customer (play, pause, seek, speed, mute, volume) and are never audible in the mirror', async ({ browser }) => {
  const pair = await openPair(browser, site, site.origin + '/fixtures/media.html');
  const c = pair.customer;
  const state = (page: Page, mirror: boolean, id: string) => page.evaluate(([m, id]) => {
    const doc = m ? (document.getElementById('mirror') as HTMLIFrameElement).contentDocument! : document;
    const el = doc.getElementById(id) as HTMLMediaElement;
    const silent = ((window as any).__silenced as HTMLMediaElement[] | undefined ?? []).includes(el);
    return { paused: el.paused, time: el.currentTime, rate: el.playbackRate, muted: el.muted, volume: el.volume, silent };
  }, [mirror, id] as const);
  // What the mirror routes into Web Audio, and whether that ends in silence (a gain of 0).
  await pair.agent.evaluate(() => {
    const make = AudioContext.prototype.createMediaElementSource;
    AudioContext.prototype.createMediaElementSource = function (this: AudioContext, el: HTMLMediaElement) {
      const node = make.call(this, el);
      const connect = node.connect.bind(node) as (d: AudioNode) => AudioNode;
      (node as any).connect = (dest: AudioNode) => {
        const gain = (dest as GainNode).gain?.value;
        if (gain === 0 && dest.numberOfOutputs === 1) ((window as any).__silenced ??= []).push(el);
        return connect(dest);
      };
      return node;
    };
  });
  await c.evaluate(async () => {
    const v = document.getElementById('video') as HTMLVideoElement;
    if (v.readyState < 1) await new Promise((r) => v.addEventListener('loadedmetadata', r, { once: true }));
    v.currentTime = 2;
    v.playbackRate = 1.5;
    await v.play();
  });
  await pair.settle();
  // Muted on the customer's side (the page's own attribute): muted here.
  await expect.poll(() => state(pair.agent, true, 'video').then((s) => [s.paused, s.rate, s.muted])).toEqual([false, 1.5, true]);
  const [cv, mv] = [await state(c, false, 'video'), await state(pair.agent, true, 'video')];
  expect(Math.abs(cv.time - mv.time)).toBeLessThan(1);
  // The agent unmutes the mirror's video in its native controls: it is muted again at once.
  await pair.agent.evaluate(() => { ((document.getElementById('mirror') as HTMLIFrameElement).contentDocument!.getElementById('video') as HTMLVideoElement).muted = false; });
  await expect.poll(() => state(pair.agent, true, 'video').then((s) => [s.muted, s.silent])).toEqual([true, false]);
  // The customer turns the sound on at 40 %: the mirror's controls say so, and its sound goes
  // nowhere but into silence.
  await c.evaluate(() => { const v = document.getElementById('video') as HTMLVideoElement; v.muted = false; v.volume = 0.4; });
  await pair.settle();
  await expect.poll(() => state(pair.agent, true, 'video').then((s) => [s.paused, s.muted, s.volume, s.silent])).toEqual([false, false, 0.4, true]);
  await c.evaluate(() => { (document.getElementById('video') as HTMLVideoElement).muted = true; });
  await pair.settle();
  await expect.poll(() => state(pair.agent, true, 'video').then((s) => s.muted)).toBe(true);
  await c.evaluate(() => { const v = document.getElementById('video') as HTMLVideoElement; v.pause(); v.currentTime = 1; });
  await pair.settle();
  await expect.poll(async () => { const s = await state(pair.agent, true, 'video'); return s.paused && Math.abs(s.time - 1) < 0.3; }).toBe(true);
  await c.evaluate(() => (document.getElementById('audio') as HTMLAudioElement).play());
  await pair.settle();
  await expect.poll(() => state(pair.agent, true, 'audio').then((s) => [s.paused, s.muted, s.silent])).toEqual([false, false, true]);
  expect(await pair.gaps()).toEqual([]);
  await pair.close();
});

test('lazy-loaded images load in the mirror: loading=lazy, data-src and data-bg swaps', async ({ browser }) => {
  const pair = await openPair(browser, site, site.origin + '/fixtures/lazy.html');
  expect(await inMirror(pair.agent, (doc) => doc.getElementById('swapped')!.getAttribute('src'))).toMatch(/^data:image\/gif/);
  await pair.customer.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await pair.customer.waitForFunction(() => document.querySelectorAll('.loaded').length === 2);
  await pair.settle();
  const loaded = () => inMirror(pair.agent, (doc) => {
    const img = (id: string) => { const i = doc.getElementById(id) as HTMLImageElement; return i.complete && i.naturalWidth > 0; };
    return [img('native'), img('swapped'), getComputedStyle(doc.getElementById('bg')!).backgroundImage.includes('robot.png')];
  });
  await expect.poll(loaded).toEqual([true, true, true]);
  expect(await inMirror(pair.agent, (doc) => doc.getElementById('swapped')!.getAttribute('src'))).toBe(site.origin + '/pages/rrweb/assets/robot.png');
  await pair.close();
});

test('the viewport op carries the device pixel ratio', async ({ browser }) => {
  const pair = await openPair(browser, site, site.origin + '/fixtures/basic.html', { deviceScaleFactor: 2, viewport: { width: 900, height: 700 } });
  expect(await pair.agent.evaluate(() => (window as any).__events.viewport[0])).toEqual([900, 700, 2]);
  await pair.close();
});
