// Knowing when the agent's view is behind the customer's page. Frames are numbered per snapshot
// epoch (transport/frame.ts): a frame that is not the next one of the epoch shown means one was
// lost, and from then on the view would be silently wrong, so frames are set aside until a fresh
// snapshot arrives. The same happens when the server says this agent's stream lagged, when the
// socket dropped, or when the mirror itself finds it disagrees (a failed op, a checksum that
// does not match). While behind, the view carries an "Updating…" badge and the snapshot is
// asked for again every few seconds until it comes — only while the customer is sharing.
import type { FrameNumber } from '../../transport/frame';

export interface Drift {
  /** A frame arrived: whether it follows what the view shows (apply it) or not (drop it). */
  accept(n: FrameNumber): boolean;
  /** The view is behind; `ask`: request a fresh snapshot (false when one is on its way). */
  behind(reason: string, ask: boolean): void;
  /** Whether the customer is sharing (snapshots can be asked for). */
  setActive(active: boolean): void;
  destroy(): void;
}

export interface DriftHooks {
  askSnapshot(): void;
  showUpdating(on: boolean): void;
}

/** A snapshot asked for and not arrived by then is asked for again. */
const RETRY_MS = 4000;

export function createDrift(hooks: DriftHooks): Drift {
  let epoch = -1;
  let last = -1;
  /** Frames are set aside until the next snapshot (the first one, too). */
  let waiting = true;
  let active = false;
  let retry: ReturnType<typeof setTimeout> | undefined;

  function show(): void {
    hooks.showUpdating(waiting && active);
  }

  function arm(): void {
    clearTimeout(retry);
    retry = undefined;
    if (!waiting || !active) return;
    retry = setTimeout(() => {
      hooks.askSnapshot();
      arm();
    }, RETRY_MS);
  }

  return {
    accept(n) {
      if (n.seq === 0) {
        epoch = n.epoch;
        last = 0;
        if (waiting) { waiting = false; arm(); show(); }
        return true;
      }
      if (waiting) return false;
      if (n.epoch === epoch && n.seq === last + 1) {
        last = n.seq;
        return true;
      }
      this.behind(`frame ${n.epoch}:${n.seq} after ${epoch}:${last}`, true);
      return false;
    },
    behind(reason, ask) {
      const already = waiting;
      waiting = true;
      if (ask && active && !already) hooks.askSnapshot();
      if (!already) console.info('tandem: the view is behind, updating:', reason);
      show();
      if (!already || retry === undefined) arm();
    },
    setActive(on) {
      active = on;
      show();
      arm();
    },
    destroy() {
      clearTimeout(retry);
      retry = undefined;
    },
  };
}
