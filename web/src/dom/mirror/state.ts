// The state of one mirror instance: the id ↔ node maps and what an op batch needs to finish.
// Nodes removed during a batch stay addressable until the batch ends (format.ts), then are
// forgotten with their subtrees unless they are back in the document.
import type { Mirror, MirrorHooks } from './index';
import type { Silence } from './media';
import type { AssetRoute } from './sanitize';

/** A constructed stylesheet as the customer adopted it, instantiated per mirrored document
 * (a constructed sheet can only be adopted by the document that made it). */
export interface SharedSheet {
  rules: string[];
  perDoc: Map<Document, CSSStyleSheet>;
}

export interface MirrorState {
  iframe: HTMLIFrameElement;
  hooks: MirrorHooks;
  nodes: Map<number, Node>;
  ids: WeakMap<Node, number>;
  doc: Document | null;
  /** A gap was reported: ops are ignored until the next snapshot. */
  broken: boolean;
  destroyed: boolean;
  /** Removed in the current batch; forgotten at its end if still detached. */
  detached: Node[];
  sheets: Map<number, SharedSheet>;
  /** The mirror's own rules for each mirrored document (hide <noscript>, …). */
  uaSheets: WeakMap<Document, CSSStyleSheet>;
  /** Last window scroll applied per document (where it landed, and where the customer is), to
   * tell the agent's scrolling from ours and to retry when content was too short to get there. */
  applied: Map<Document, { x: number; y: number; wantX: number; wantY: number }>;
  /** Element scrolls that could not reach the customer's position yet (content still
   * loading): tried again at the end of each batch until they land or the element goes. */
  shortScrolls: Map<Element, { x: number; y: number }>;
  /** String form state last applied per field: the base of the next Edit (the agent may have
   * typed into the mirror's own field since). */
  values: WeakMap<Element, string>;
  /** The document built in each mirrored frame: a removed frame no longer shows it, yet its
   * nodes must be forgotten with the frame. */
  frameDocs: WeakMap<Element, Document>;
  /** The bitmap last sent for each canvas (a data URL), shown as its content (ops.ts). */
  bitmaps: WeakMap<Element, string>;
  /** Attributes the last Ui op set (ui.ts), to take off at the next. */
  uiMarks: Array<[Element, string]>;
  /** Mirrors of stitched frames (frames.ts), by the mirrored frame element. */
  subMirrors: WeakMap<Element, Mirror>;
  /** The control whose picker the customer has open (picker.ts), or null. */
  picker: Element | null;
  /** Where images, fonts and stylesheets load from (Tandem's asset proxy); null: the site. */
  assets: AssetRoute | null;
  /** Teardown of the listeners on the mirrored top document and window. */
  unlisten: (() => void) | null;
  /** Pictures the customer's SDK handed over, by the address capture sends (handover.ts). */
  handed: Map<string, string>;
  /** `assets` with the handed-over pictures in front (handover.ts), made on first use. */
  route?: AssetRoute;
  /** Where unmuted media play into, inaudibly (media.ts); undefined: not made yet. */
  silence?: Silence | null;
  /** The next slice of a checksum comparison under way (checksum.ts). */
  check: ReturnType<typeof setTimeout> | null;
}

export function fail(m: MirrorState, reason: string): void {
  if (m.broken) return;
  m.broken = true;
  try { m.hooks.onGap?.(reason); } catch { /* the caller's problem */ }
}
