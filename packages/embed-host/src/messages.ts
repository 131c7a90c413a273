// The messages between a host application's page and the embedded agent view (`/embed/` in an
// iframe), defined once: the view (web/src/embed) and the host package both import them. Each
// is a plain object marked `tandem: 'embed'`, sent with `postMessage` to one named origin only
// (never `*`), and read only from that origin and that window.

/** A co-browsing session's state as the view shows it (`null`: not co-browsing yet). */
export type EmbedSessionState = 'awaiting_code' | 'awaiting_consent' | 'active' | 'interrupted' | 'declined' | 'ended';

/** Who ended a session. */
export type EmbedEndedBy = 'customer' | 'agent' | 'system';

/** What the view tells its host. */
export type EmbedEvent =
  /** The view has loaded its contact and takes commands. */
  | { type: 'ready'; contact: string; customer: string }
  /** The session's state changed. */
  | { type: 'state'; state: EmbedSessionState | null }
  /** A one-time code was issued, to read to the customer. */
  | { type: 'code'; code: string }
  /** The customer answered the consent question. */
  | { type: 'consent'; accepted: boolean }
  /** The customer left the company's site; co-browsing resumes by itself when they come back. */
  | { type: 'interrupted'; reason: string | null }
  /** The session ended (stopped by either side, declined, or the contact dropped). */
  | { type: 'ended'; endedBy: EmbedEndedBy | null }
  /** A command could not be carried out. */
  | { type: 'error'; message: string };

/** What the host may ask of the view. */
export type EmbedCommand =
  /** Start co-browsing ("Start co-browsing"). */
  | { command: 'start' }
  /** Stop co-browsing ("Stop co-browsing"). */
  | { command: 'stop' }
  /** Send a link to the customer's browser (asks the customer first). */
  | { command: 'push_link'; url: string };

export const MARK = 'embed';

/** A message on the wire: the payload with its mark. */
export type Wire<T> = T & { tandem: typeof MARK };

export function isEvent(data: unknown): data is Wire<EmbedEvent> {
  return typeof data === 'object' && data !== null && (data as { tandem?: unknown }).tandem === MARK && typeof (data as { type?: unknown }).type === 'string';
}

export function isCommand(data: unknown): data is Wire<EmbedCommand> {
  if (typeof data !== 'object' || data === null || (data as { tandem?: unknown }).tandem !== MARK) return false;
  const c = data as { command?: unknown; url?: unknown };
  return c.command === 'start' || c.command === 'stop' || (c.command === 'push_link' && typeof c.url === 'string' && c.url.length <= 2048);
}
