// The state of one capture instance. Everything capture knows hangs off this object (no module
// state), so two captures — or a capture restarted after stop() — never see each other.
//
// Node ids live on the customer's nodes under a per-snapshot Symbol (`id`): a property read is
// several times cheaper than a WeakMap lookup on the snapshot's hot path, the key is invisible
// to the page's own string-keyed code, and taking a fresh Symbol resets every id at once.
// A node holds an id exactly while the mirror holds it: removal forgets the whole subtree at
// once (see mutations.ts), and a node that comes back is serialised anew with fresh ids.
import type { Op } from '../format';
import type { UrlBase } from './urls';

export interface CapturePolicy { maskSelector: string; blockSelector: string }

/** A node carrying its capture id under the instance's current Symbol. */
export type Tagged = Node & Record<symbol, number | undefined>;

export interface CaptureState {
  win: Window;
  /** Mask selector for `closest`, always including the data-tandem-mask attribute. */
  maskSel: string;
  /** Policy selectors given by the site ('' when none): the only ones needing `matches`. */
  policyMask: string;
  policyBlock: string;
  /** Elements matching the policy selectors, collected per root with querySelectorAll. */
  polMask: WeakSet<Element>;
  polBlock: WeakSet<Element>;

  /** Key of the node ids of the current snapshot generation. */
  id: symbol;
  nextId: number;
  /** Ids at or above this were assigned during the flush in progress. */
  flushStart: number;
  started: boolean;
  stopped: boolean;

  /** Elements whose children are never captured: blocked ones, script, noscript. */
  opaque: WeakSet<Node>;
  /** Elements sent as blocked boxes. */
  blocked: WeakSet<Element>;
  /** Elements that start a masked region (matched the mask selector when serialised). */
  maskRoots: WeakSet<Element>;
  /** How many mask roots this generation has seen: while 0, nothing is masked (fast path). */
  maskRootCount: number;
  /** Inputs ever seen as password-like: they stay masked even if their type changes. */
  secretInputs: WeakSet<Element>;
  /** Last form state sent per element, to send changes only. */
  lastState: WeakMap<Element, string>;
  /** Documents and shadow roots being observed, with the teardown of their listeners. */
  roots: Map<Document | ShadowRoot, () => void>;
  /** Size of `roots` at which gone roots are pruned next (roots keep their listeners). */
  pruneAt: number;
  /** Elements seen scrolling: their position is part of the next snapshot. */
  everScrolled: Set<Element>;

  url: UrlBase;
  /** The document `url` was last taken from in this flush. */
  baseDoc: Document | null;

  // Time slicing: serialisation stops at `deadline` and leaves the rest of each unfinished
  // parent's children id-less, the parent queued in `pending` for the next slice.
  deadline: number;
  tick: number;
  late: boolean;
  pending: Node[];

  // Pending work, drained by flush().
  removed: number[];
  adds: Set<Node>;
  attrs: Map<Element, string[]>;
  texts: Set<Node>;
  inputs: Set<Element>;
  scrolls: Set<Element | Document>;
  frames: Set<HTMLIFrameElement>;
  hosts: Set<Element>;
  adopters: Set<Document | ShadowRoot>;
  sheetOps: Array<[owner: CSSStyleSheet, op: Op]>;
  dirtySheets: Set<CSSStyleSheet>;
  /** Canvases mirrored, with the last bitmap sent. */
  canvases: Set<HTMLCanvasElement>;
  canvasSent: WeakMap<HTMLCanvasElement, string>;
  pointer: { x: number; y: number; doc: Document } | null;
  viewport: boolean;
  lastLocation: string;

  /** Constructed stylesheets already described to the mirror, by key. */
  sheetKeys: WeakMap<CSSStyleSheet, number>;
  nextSheetKey: number;
  /** Sheets modified through CSSOM: serialise them from cssRules, not from their text. */
  touchedSheets: WeakSet<CSSStyleSheet>;

  /** Called for every discovered document or shadow root (wired by index.ts). */
  attachRoot: (root: Document | ShadowRoot) => void;
  schedule: (urgent: boolean) => void;
  teardown: Array<() => void>;
}

export function idOf(s: CaptureState, node: Node): number | undefined {
  return (node as unknown as Tagged)[s.id];
}
