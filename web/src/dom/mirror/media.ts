// Video and audio in the mirror: each follows the customer's play state, position, speed, mute
// and volume (the `FormState` of a media element), and the agent never hears it — they are
// usually on a call with the customer, whose page's sound would come back as an echo.
//
// The native controls should still tell the truth, so a medium the customer has not muted is
// not muted here: its sound is routed into a Web Audio graph of the mirror's own that ends in
// silence (a gain of 0), and the element then plays as unmuted, at the customer's volume, and
// inaudible. Routing needs a running AudioContext (the console's window has had the agent's
// gestures); where there is none, or the browser refuses unmuted playback, the element is
// muted instead, which always plays — the picture goes on, only the mute button differs.
// Nothing the agent does in the mirror makes a medium audible either: an unmute that is not
// routed is undone (`keepSilent`).
import type { FormState } from '../format';
import type { MirrorState } from './state';

/** The mirror's silent sound graph: where routed media play into. */
export interface Silence {
  ctx: AudioContext;
  sink: GainNode;
  routed: WeakSet<HTMLMediaElement>;
}

/** The silent graph, made on first use in the console's window; null while it cannot play
 * (not made, or suspended until the agent's next gesture). */
function silence(m: MirrorState): Silence | null {
  if (m.silence === undefined) {
    m.silence = null;
    try {
      const view = m.iframe.ownerDocument.defaultView as (Window & typeof globalThis) | null;
      if (view && typeof view.AudioContext === 'function') {
        const ctx = new view.AudioContext();
        const sink = ctx.createGain();
        sink.gain.value = 0;
        sink.connect(ctx.destination);
        m.silence = { ctx, sink, routed: new WeakSet() };
      }
    } catch { /* no Web Audio here: media stay muted */ }
  }
  const s = m.silence;
  if (s === null) return null;
  if (s.ctx.state !== 'running') {
    s.ctx.resume().catch(() => { /* wants a gesture: muted until then */ });
    return null;
  }
  return s;
}

/** Whether `media`'s sound goes into the silent graph (routing it now if it can). */
function routed(m: MirrorState, media: HTMLMediaElement): boolean {
  if (m.silence?.routed.has(media)) return true;
  const s = silence(m);
  if (s === null) return false;
  try {
    s.ctx.createMediaElementSource(media).connect(s.sink);
    s.routed.add(media);
    return true;
  } catch {
    return false;
  }
}

/** Apply `[playing, time, rate, muted, volume]` (an older SDK sends the first three: muted). */
export function applyMedia(m: MirrorState, media: HTMLMediaElement, state: FormState): void {
  if (!Array.isArray(state)) return;
  const [playing, time, rate, muted, volume] = state;
  media.playbackRate = Number(rate) || 1;
  const v = Number(volume);
  media.volume = volume === undefined || !(v >= 0) ? 1 : Math.min(1, v);
  media.muted = muted !== 0 || !routed(m, media);
  if (Math.abs(media.currentTime - Number(time)) > 0.5) media.currentTime = Number(time) || 0;
  if (playing) {
    media.play().catch(() => {
      // Unmuted playback refused (autoplay policy): muted playback never is.
      if (media.muted) return;
      media.muted = true;
      media.play().catch(() => { /* not playable here: the poster shows */ });
    });
  } else media.pause();
}

/** A medium of the mirror became audible by the agent's hand (unmuted or played in its native
 * controls) without being routed into silence: mute it. */
export function keepSilent(m: MirrorState, target: EventTarget | null): void {
  const media = target as HTMLMediaElement | null;
  if (media === null || typeof media.muted !== 'boolean' || media.muted || media.volume === 0) return;
  if (!m.silence?.routed.has(media)) media.muted = true;
}

/** Let go of the silent graph (the mirror is destroyed). */
export function closeSilence(m: MirrorState): void {
  m.silence?.ctx.close().catch(() => { /* already closed */ });
  m.silence = undefined;
}
