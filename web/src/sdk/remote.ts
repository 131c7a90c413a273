// The core's side of pointing and remote control. The executor and the marks live in a
// chunk loaded on the first such message of a shared page (control/chunk.ts); until it has
// arrived the messages wait here, in order. If it cannot load, every waiting command is
// refused and said, so the agent is never left without an answer.
import { CHUNK_EVENT, SAY_KEY, type Control, type ControlChunk, type ControlDeps, type RemoteMsg } from './control/types';

export interface Remote {
  handle(msg: RemoteMsg): void;
  pause(): void;
  end(): void;
}

export function createRemote(win: Window, chunkUrl: string, deps: ControlDeps): Remote {
  const doc = win.document;
  let control: Control | null = null;
  /** Messages waiting for the chunk; null while it is not loading. */
  let waiting: RemoteMsg[] | null = null;

  function load(queue: RemoteMsg[]): void {
    const onChunk = (e: Event) => {
      control = (e as CustomEvent<ControlChunk>).detail.createControl(win, deps);
      queue.forEach(control.handle);
      waiting = null;
    };
    doc.addEventListener(CHUNK_EVENT, onChunk, { once: true });
    const script = doc.createElement('script');
    script.src = chunkUrl;
    script.onerror = () => {
      doc.removeEventListener(CHUNK_EVENT, onChunk);
      waiting = null;
      for (const m of queue) {
        if (m.t === 'control') deps.send({ t: 'control_report', seq: m.seq, performed: false, action: m.command.do, reason: 'Remote control could not start on this page.' });
      }
    };
    doc.head.append(script);
  }

  return {
    handle(msg) {
      if (control) return control.handle(msg);
      if (!waiting) load((waiting = []));
      if (waiting.length < 200) waiting.push(msg);
    },
    pause: () => control?.pause(),
    end() {
      control?.end();
      // The customer's say ends with the session, also when this page never loaded the chunk.
      try { win.sessionStorage.removeItem(SAY_KEY); } catch { /* storage off: nothing kept */ }
    },
  };
}
