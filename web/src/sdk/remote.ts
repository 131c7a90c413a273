// The core's side of pointing and remote control. The executor and the marks live in a
// chunk loaded on the first such message of a shared page (control/chunk.ts); until it has
// arrived the messages wait here, in order. If it cannot load, every waiting command is
// refused and said, so the agent is never left without an answer.
import { CHUNK_EVENT, type Control, type ControlChunk, type ControlDeps, type RemoteMsg } from './control/types';

export interface Remote {
  handle(msg: RemoteMsg): void;
  pause(): void;
  end(): void;
}

const MAX_WAITING = 200;

export function createRemote(win: Window, chunkUrl: string, deps: ControlDeps): Remote {
  const doc = win.document;
  let control: Control | null = null;
  let loading = false;
  let waiting: RemoteMsg[] = [];

  function load(): void {
    if (loading) return;
    loading = true;
    const onChunk = (e: Event) => {
      control = (e as CustomEvent<ControlChunk>).detail.createControl(win, deps);
      for (const msg of waiting.splice(0)) control.handle(msg);
    };
    doc.addEventListener(CHUNK_EVENT, onChunk, { once: true });
    const script = doc.createElement('script');
    script.src = chunkUrl;
    script.async = true;
    script.onerror = () => {
      doc.removeEventListener(CHUNK_EVENT, onChunk);
      loading = false;
      for (const msg of waiting.splice(0)) {
        if (msg.t === 'control') deps.report(msg.seq, false, msg.command.do, 'Remote control could not start on this page.');
      }
    };
    (doc.head ?? doc.documentElement).appendChild(script);
  }

  return {
    handle(msg) {
      if (control) return control.handle(msg);
      if (waiting.length < MAX_WAITING) waiting.push(msg);
      load();
    },
    pause() {
      waiting = waiting.filter((m) => m.t === 'control');
      control?.pause();
    },
    end() {
      waiting = [];
      control?.end();
    },
  };
}
