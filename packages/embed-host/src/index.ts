// `@tandem/embed-host`: the host application's side of the embedded agent view. It puts the
// view in an iframe (`/embed/#token=…`, the token in the fragment so it never reaches a
// server log or a referrer), hands the view's typed events to listeners, and sends commands.
// Messages are exchanged with the Tandem server's origin only, and only with that iframe's
// window: another frame or origin can neither be heard nor be told anything.
import { isEvent, MARK, type EmbedCommand, type EmbedEvent } from './messages';

export type { EmbedCommand, EmbedEndedBy, EmbedEvent, EmbedSessionState } from './messages';

export interface EmbedOptions {
  /** The Tandem server, e.g. `https://tandem.example.com`. */
  server: string;
  /** An embed token minted with `POST /api/embed-tokens` for this page's origin. */
  token: string;
  /** Where the view goes. */
  container: HTMLElement;
  /** The iframe's accessible title (default "Co-browsing"). */
  title?: string;
}

type Listener<K extends EmbedEvent['type']> = (event: Extract<EmbedEvent, { type: K }>) => void;

export interface EmbeddedView {
  iframe: HTMLIFrameElement;
  /** Calls `listener` with each event of `type` (`'*'`: every event); returns its removal. */
  on<K extends EmbedEvent['type']>(type: K, listener: Listener<K>): () => void;
  on(type: '*', listener: (event: EmbedEvent) => void): () => void;
  /** Resolves once the view has loaded its contact and takes commands. */
  ready: Promise<Extract<EmbedEvent, { type: 'ready' }>>;
  start(): void;
  stop(): void;
  pushLink(url: string): void;
  /** Removes the view and stops listening. */
  destroy(): void;
}

export function embed(options: EmbedOptions): EmbeddedView {
  const origin = new URL(options.server).origin;
  const iframe = document.createElement('iframe');
  iframe.title = options.title ?? 'Co-browsing';
  iframe.src = `${origin}/embed/#token=${encodeURIComponent(options.token)}`;
  iframe.allow = 'clipboard-write';
  iframe.style.border = '0';
  iframe.style.width = '100%';
  iframe.style.height = '100%';
  const listeners = new Map<string, Set<(e: EmbedEvent) => void>>();
  let resolveReady: (e: Extract<EmbedEvent, { type: 'ready' }>) => void = () => {};
  const ready = new Promise<Extract<EmbedEvent, { type: 'ready' }>>((r) => (resolveReady = r));

  const onMessage = (e: MessageEvent) => {
    if (e.origin !== origin || e.source !== iframe.contentWindow || !isEvent(e.data)) return;
    const { tandem: _mark, ...event } = e.data;
    if (event.type === 'ready') resolveReady(event);
    for (const key of [event.type, '*']) for (const l of listeners.get(key) ?? []) l(event as EmbedEvent);
  };
  window.addEventListener('message', onMessage);
  options.container.append(iframe);

  const send = (command: EmbedCommand) => iframe.contentWindow?.postMessage({ ...command, tandem: MARK }, origin);
  return {
    iframe,
    ready,
    on(type: string, listener: (e: never) => void) {
      const set = listeners.get(type) ?? new Set();
      listeners.set(type, set);
      set.add(listener as (e: EmbedEvent) => void);
      return () => set.delete(listener as (e: EmbedEvent) => void);
    },
    start: () => send({ command: 'start' }),
    stop: () => send({ command: 'stop' }),
    pushLink: (url) => send({ command: 'push_link', url }),
    destroy() {
      window.removeEventListener('message', onMessage);
      listeners.clear();
      iframe.remove();
    },
  };
}
