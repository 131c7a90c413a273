// The state of one capture instance. Everything capture knows hangs off this object (no module
// state), so two captures — or a capture restarted after stop() — never see each other.
//
// Node ids live on the customer's nodes under a per-snapshot Symbol (`id`): a property read is
// several times cheaper than a WeakMap lookup on the snapshot's hot path, the key is invisible
// to the page's own string-keyed code, and taking a fresh Symbol resets every id at once.
// A node holds an id exactly while the mirror holds it: removal forgets the whole subtree at
// once (see mutations.ts), and a node that comes back is serialised anew with fresh ids.
import type { Op } from '../format';
import type { UrlBase, UrlPolicy } from './urls';

export interface CapturePolicy {
  maskSelector: string;
  blockSelector: string;
  /** Private by default (ARCHITECTURE.md §4.1): all text and values are masked except under elements
   * marked data-tandem-unmask or matching `unmaskSelector`. An explicit mask still wins. */
  privateByDefault?: boolean;
  unmaskSelector?: string;
  /** Query parameters that may leave with addresses (by name); every other one is dropped. */
  allowQueryParams?: string[];
  /** Fragments of addresses may leave too. */
  allowFragment?: boolean;
  /** Frames on other origins that run the SDK are stitched in when their origin passes this
   * (frames.ts); without it, they show as placeholders. */
  frameOrigins?: (origin: string) => boolean;
  /** Milliseconds between document checksums sent to the mirror (default 3000; 0: never). */
  checkInterval?: number;
  /** Called for each `<img>` serialised unmasked with a `blob:` address, which only this page
   * can read (the SDK hands its bytes over: sdk/handover.ts). */
  onBlobImage?: (img: Element) => void;
}

/** How the text under an element is sent. `Private` is the default mask of a private-by-default
 * page, which an allow-listed element lifts; `Masked` (a mask region) is never lifted. */
export const enum TextMode { Plain = 0, Masked = 1, Css = 2, Private = 3 }

/** A node carrying its capture id under the instance's current Symbol. */
export type Tagged = Node & Record<symbol, number | undefined>;

export interface CaptureState {
  win: Window;
  /** Mask selector for `closest`, always including the data-tandem-mask attribute. */
  maskSel: string;
  /** Policy selectors given by the site ('' when none): the only ones needing `matches`. */
  policyMask: string;
  policyBlock: string;
  policyUnmask: string;
  /** Whether any of the three is given. */
  policy: boolean;
  /** Elements matching the policy selectors, collected per root with querySelectorAll. */
  polMask: WeakSet<Element>;
  polBlock: WeakSet<Element>;
  polUnmask: WeakSet<Element>;
  /** Private by default: the document starts masked (TextMode.Private). */
  priv: boolean;
  /** Unmask selector for `closest`, always including the data-tandem-unmask attribute. */
  unmaskSel: string;
  /** Elements that were allow-listed when serialised (to notice when that changes). */
  unmaskRoots: WeakSet<Element>;

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
  /** What of an address may leave (query parameters by name, fragments). */
  urlPolicy: UrlPolicy;
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
  /** Canvases mirrored, with the last bitmap sent (and the size it had), and those drawn on
   * since (canvas.ts). */
  canvases: Set<HTMLCanvasElement>;
  canvasSent: WeakMap<HTMLCanvasElement, { url: string; size: string }>;
  canvasDirty: WeakSet<HTMLCanvasElement>;
  /** Canvases being encoded right now. */
  canvasBusy: WeakSet<HTMLCanvasElement>;
  /** Where the pointer is, in the client coordinates of `hover`'s document (`touch`: a finger). */
  pointer: { x: number; y: number; touch?: boolean } | null;
  /** The window was resized, or the visual viewport moved or was resized (pinch zoom, keyboard). */
  viewport: boolean;
  /** The node under the customer's pointer, and the UI state last sent (see OpCode.Ui). */
  hover: Node | null;
  ui: string;
  /** The focused control has a picker (events.ts): its open state is polled, since opening one
   * fires no event. */
  pickerWatch?: boolean;
  lastLocation: string;

  /** Constructed stylesheets already described to the mirror, by key. */
  sheetKeys: WeakMap<CSSStyleSheet, number>;
  nextSheetKey: number;
  /** Sheets modified through CSSOM: serialise them from cssRules, not from their text. */
  touchedSheets: WeakSet<CSSStyleSheet>;

  /** See `CapturePolicy.onBlobImage`. */
  onBlob?: (img: Element) => void;
  /** Called for every discovered document or shadow root (wired by index.ts). */
  attachRoot: (root: Document | ShadowRoot) => void;
  schedule: (urgent: boolean) => void;
  teardown: Array<() => void>;
}

export function idOf(s: CaptureState, node: Node): number | undefined {
  return (node as unknown as Tagged)[s.id];
}

/** The part of the state that belongs to one snapshot generation: what a new snapshot starts
 * afresh (ids, pending work, what was sent). */
export function generation() {
  return {
    id: Symbol('tandem'), nextId: 1, flushStart: 1, pending: [] as Node[],
    opaque: new WeakSet<Node>(), blocked: new WeakSet<Element>(), maskRoots: new WeakSet<Element>(), maskRootCount: 0,
    polMask: new WeakSet<Element>(), polBlock: new WeakSet<Element>(), polUnmask: new WeakSet<Element>(), unmaskRoots: new WeakSet<Element>(),
    lastState: new WeakMap<Element, string>(), canvasSent: new WeakMap<HTMLCanvasElement, { url: string; size: string }>(),
    canvasDirty: new WeakSet<HTMLCanvasElement>(), canvasBusy: new WeakSet<HTMLCanvasElement>(),
    sheetKeys: new WeakMap<CSSStyleSheet, number>(), nextSheetKey: 1, lastLocation: '',
    removed: [] as number[], adds: new Set<Node>(), attrs: new Map<Element, string[]>(), texts: new Set<Node>(), inputs: new Set<Element>(),
    scrolls: new Set<Element | Document>(), frames: new Set<HTMLIFrameElement>(), hosts: new Set<Element>(),
    adopters: new Set<Document | ShadowRoot>(), sheetOps: [] as Array<[owner: CSSStyleSheet, op: Op]>, dirtySheets: new Set<CSSStyleSheet>(),
    canvases: new Set<HTMLCanvasElement>(), pointer: null as CaptureState['pointer'], viewport: false,
    hover: null as Node | null, ui: '',
  };
}
