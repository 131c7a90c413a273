// A video on the customer's page (issue #14): the agent sees it playing where the customer is,
// at their speed, and the mirror's controls show the customer's mute and volume — yet the
// agent's browser never plays its sound (it goes into a Web Audio graph that ends in silence).
import { expect, shareSession, test } from './fixtures';
import type { Page } from '@playwright/test';

interface MediaState { paused: boolean; time: number; rate: number; muted: boolean; volume: number; silent: boolean }

/** The video's state on the customer's page, or in the agent's mirror. */
function video(page: Page, mirror: boolean): Promise<MediaState> {
  return page.evaluate((m) => {
    const doc = m ? (document.querySelector('iframe[title="Customer view"]') as HTMLIFrameElement).contentDocument! : document;
    const v = doc.querySelector('video') as HTMLVideoElement;
    const silent = ((window as unknown as { __silenced?: HTMLMediaElement[] }).__silenced ?? []).includes(v);
    return { paused: v.paused, time: v.currentTime, rate: v.playbackRate, muted: v.muted, volume: v.volume, silent };
  }, mirror);
}

test('the customer’s video plays in the agent’s view in step, with their mute and volume, and silent', async ({ agent, customer, tandem }) => {
  // Everything the console routes into Web Audio, and whether it ends in silence (a gain of 0).
  await agent.addInitScript(() => {
    const make = AudioContext.prototype.createMediaElementSource;
    AudioContext.prototype.createMediaElementSource = function (this: AudioContext, el: HTMLMediaElement) {
      const node = make.call(this, el);
      const connect = node.connect.bind(node) as (d: AudioNode) => AudioNode;
      (node as unknown as { connect: (d: AudioNode) => AudioNode }).connect = (dest: AudioNode) => {
        if ((dest as GainNode).gain?.value === 0) ((window as unknown as { __silenced?: HTMLMediaElement[] }).__silenced ??= []).push(el);
        return connect(dest);
      };
      return node;
    };
  });
  const view = await shareSession(agent, customer, tandem, 'video.html');
  await expect(view.getByRole('heading', { name: 'Assembling the desk lamp' })).toBeVisible();
  const clip = customer.getByLabel('Assembly video');
  await expect.poll(() => clip.evaluate((v: HTMLVideoElement) => v.readyState)).toBeGreaterThanOrEqual(1);
  // The customer starts it, a little faster than normal.
  await clip.evaluate((v: HTMLVideoElement) => { v.playbackRate = 1.25; return v.play(); });
  await expect.poll(() => video(agent, true).then((s) => [s.paused, s.rate, s.muted, s.silent])).toEqual([false, 1.25, false, true]);
  await expect.poll(async () => Math.abs((await video(customer, false)).time - (await video(agent, true)).time)).toBeLessThan(1);
  // Turns the sound down, then off: the agent's controls show it.
  await clip.evaluate((v: HTMLVideoElement) => { v.volume = 0.3; });
  await expect.poll(() => video(agent, true).then((s) => [s.muted, s.volume])).toEqual([false, 0.3]);
  await clip.evaluate((v: HTMLVideoElement) => { v.muted = true; });
  await expect.poll(() => video(agent, true).then((s) => s.muted)).toBe(true);
  // Pauses and goes back to the start of step two.
  await clip.evaluate((v: HTMLVideoElement) => { v.pause(); v.currentTime = 4; });
  await expect.poll(async () => { const s = await video(agent, true); return s.paused && Math.abs(s.time - 4) < 0.3; }).toBe(true);
  // Sound on again and playing: still going nowhere in the agent's browser.
  await clip.evaluate((v: HTMLVideoElement) => { v.muted = false; return v.play(); });
  await expect.poll(() => video(agent, true).then((s) => [s.paused, s.muted, s.volume, s.silent])).toEqual([false, false, 0.3, true]);
});
