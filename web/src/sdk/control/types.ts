// The contract between the SDK's core and its remote-control chunk (types only, so the core
// pays nothing for it): the messages the chunk handles and what the core lends it.
import type { FromCustomer, SiteSettings, ToCustomer } from '../../protocol';
import type { Options } from '../options';
import type { Ui } from '../widgets/ui';

/** The server's messages about pointing and remote control. */
export type RemoteMsg = Extract<ToCustomer, { t: 'grant' | 'pointer' | 'point' | 'stroke' | 'clear_drawing' | 'control' }>;

/** The site's remote-control policy, set in `Tandem.init` like any option; the company's
 * site settings add to it (control/policy.ts). */
export interface ControlOptions {
  /** Elements inside which the agent may not click or type (besides [data-tandem-no-control]). */
  noControlSelector: string;
  /** Fields the agent may type in (besides [data-tandem-editable]). */
  editableSelector: string;
  /** `false` turns remote control off on this site, whatever the company allows. */
  remoteControl: boolean;
  /** `false` turns agent typing off on this site. */
  typing: boolean;
  /** Ask the customer before the agent's first remote action. */
  askBeforeControl: boolean;
}

export interface ControlDeps {
  /** The SDK's options, with whatever control options the site gave. */
  options(): Options & Partial<ControlOptions>;
  /** The company's site settings, as the server last sent them. */
  central(): SiteSettings | null;
  /** The node the agent's mirror names by id; null when this tab is not shared. */
  nodeOf(id: number): Node | null;
  /** Sends to the server: reports, the customer's say, a cleared drawing. */
  send(msg: FromCustomer): void;
  ui(): Ui | null;
  agent(): string;
}

export interface Control {
  handle(msg: RemoteMsg): void;
  /** This tab is no longer shared (another is in front): nothing pending, no marks. */
  pause(): void;
  /** The session is over: as pause, and the customer's answer is forgotten. */
  end(): void;
}

/** What the chunk hands the core when it has loaded. */
export interface ControlChunk {
  createControl(win: Window, deps: ControlDeps): Control;
}

/** The event the chunk fires on its document once loaded, carrying a `ControlChunk`. */
export const CHUNK_EVENT = 'tandem:control';

/** The customer's say on remote control, kept per tab (sessionStorage) for the session's pages. */
export const SAY_KEY = 'tandem.control';
