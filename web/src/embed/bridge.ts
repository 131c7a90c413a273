// The embedded view's side of the postMessage API (packages/embed-host/src/messages.ts): the
// session's states become typed events for the host page — the state, the code issued, the
// customer's consent answer, an interruption, the end — each sent once, in order, to the one
// origin the embed token names (a host on any other origin hears nothing). Commands are taken
// only from that origin and only from the window that framed the view.
import { isCommand, MARK, type EmbedCommand, type EmbedEvent, type EmbedSessionState } from '../../../packages/embed-host/src/messages';
import type { EndedBy, SessionState } from '../protocol';

export interface Bridge {
  /** The session panel's `onState`. */
  state(state: SessionState | null, code: string | null, endedBy: EndedBy | null, reason: string | null): void;
  send(event: EmbedEvent): void;
  /** Hands each accepted command to `handle`; returns the listener's removal. */
  listen(handle: (command: EmbedCommand) => void): () => void;
}

export function createBridge(host: Window, origin: string): Bridge {
  let shown: EmbedSessionState | null | undefined;
  let code: string | null = null;
  const send = (event: EmbedEvent) => host.postMessage({ ...event, tandem: MARK }, origin);
  return {
    send,
    state(state, issued, endedBy, reason) {
      const before = shown;
      if (state !== before) {
        shown = state;
        send({ type: 'state', state });
      }
      if (state === 'awaiting_code' && issued && issued !== code) {
        code = issued;
        send({ type: 'code', code: issued });
      }
      if (state === before) return;
      if (state === 'active' && (before === 'awaiting_consent' || before === 'awaiting_code')) send({ type: 'consent', accepted: true });
      if (state === 'declined') send({ type: 'consent', accepted: false });
      if (state === 'interrupted') send({ type: 'interrupted', reason });
      if (state === 'ended' || state === 'declined') send({ type: 'ended', endedBy });
    },
    listen(handle) {
      const onMessage = (e: MessageEvent) => {
        if (e.origin !== origin || e.source !== host || !isCommand(e.data)) return;
        const { tandem: _mark, ...command } = e.data;
        handle(command as EmbedCommand);
      };
      window.addEventListener('message', onMessage);
      return () => window.removeEventListener('message', onMessage);
    },
  };
}
