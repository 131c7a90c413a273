// The DOM engine's wire format: the one definition shared by capture (customer) and mirror
// (agent). Types and constants only, no DOM code, so importing it costs the SDK nothing.
//
// A batch is `Op[]`; every op is a JSON array whose first item is its `OpCode`. Nodes are named by
// numeric ids that capture assigns and mirror learns. Ids are never sent for new nodes one by one:
// a tree (`NodeT`) is numbered in pre-order starting from the id given with it (the snapshot's
// document is always 1), counting every node entry — text, comment, element, shadow root,
// document, doctype, block — and skipping extras (`StateX`, `SheetX`), which describe their
// element. A shadow root or iframe document is listed among its host's children, first, and is
// numbered where it is listed. Capture never reuses an id within one snapshot generation: a node
// that moves is removed and sent again as a new tree with fresh ids.
//
// Within a batch the mirror keeps removed nodes addressable until the batch ends, so the order
// "removes first, then adds, then attribute/text/state changes" is always safe.

/** Operation codes: the first item of every op. */
export const enum OpCode {
  /** `[0, doc]` — replace everything; ids restart at 1 (the document). */
  Snapshot = 0,
  /** `[1, parentId, beforeId (0 = append), firstId, ...nodes]` — insert new trees, in order,
   * before `beforeId`; they are numbered one after the other from `firstId`. A `ShadowT`
   * attaches an open shadow root to the parent element; a `DocT` replaces the document shown
   * by the parent iframe. */
  Add = 1,
  /** `[2, id, id, ...]` — detach these nodes (forgotten with their subtrees when the batch ends). */
  Remove = 2,
  /** `[3, id, name, value|null, name, value|null, ...]` — set or (null) remove attributes. */
  Attr = 3,
  /** `[4, id, data]` — new data of a text node. */
  Text = 4,
  /** `[5, id, state]` — form state of an input, textarea or select (see `FormState`). */
  State = 5,
  /** `[6, id, x, y]` — scroll position; the id of a document means its window. */
  Scroll = 6,
  /** `[7, x, y, touch?]` — customer pointer, CSS pixels in the top window's client coordinates
   * (the layout viewport's, also on a pinch-zoomed phone); `touch` (1; absent: 0) says it is a
   * finger on a touch screen, not a mouse. */
  Pointer = 7,
  /** `[8, width, height, devicePixelRatio, x?, y?, visualWidth?, visualHeight?]` — customer
   * viewport: the layout viewport (`innerWidth`/`innerHeight`; on a phone the meta viewport's
   * width, whatever the zoom) and the visual viewport in it (`window.visualViewport`: the part
   * the screen shows, in client coordinates), which a pinch zoom makes smaller and moves and an
   * on-screen keyboard that resizes only the visual viewport makes shorter. Without the last
   * four, the screen shows the whole layout viewport. */
  Viewport = 8,
  /** `[9, url, title]` — page URL and title. */
  Location = 9,
  /** `[10, owner, index, ruleText]` — CSSOM insertRule on a top-level sheet (owner: see `SheetOwner`). */
  InsertRule = 10,
  /** `[11, owner, index]` — CSSOM deleteRule on a top-level sheet. */
  DeleteRule = 11,
  /** `[12, owner, rules]` — replace all rules of a sheet (CSS-in-JS, nested CSSOM edits, replaceSync). */
  Sheet = 12,
  /** `[13, nodeId, sheetKeys]` — adoptedStyleSheets of a document or shadow root. */
  Adopt = 13,
  /** `[14, dataUrl | '', id]` — bitmap of a 2D canvas element. */
  Canvas = 14,
  /** `[15, id, index, deleteCount, text]` — splice of a string form state (the value last sent
   * by State or Edit): typing in a long field costs the keystroke, not the whole value. */
  Edit = 15,
  /** `[16, hoverId, focusId, focusVisible, open?]` — the element under the customer's pointer
   * and the focused one (0: none), and whether the focus shows (:focus-visible, 0/1): the mirror
   * gives them the look of :hover and :focus. `open` (1; absent: 0) says the focused control's
   * picker is showing — a select's option list, a date or colour picker, a datalist's
   * suggestions — which the browser draws outside the DOM: the mirror draws its own. */
  Ui = 16,
  /** `[17, checksum]` — the document checksum (digest.ts) as capture sees it once the ops
   * before it in the batch are applied: a mirror whose own sum differs has drifted and asks
   * for a fresh snapshot. */
  Check = 17,
  /** `[18, anchorId, anchorOffset, focusId, focusOffset]` — the customer's text selection (0
   * ids: none). */
  Selection = 18,
  /** `[19, frameId, batch]` — a batch of the document in that iframe, captured by the frame's
   * own capture (another origin's page of the company that runs the SDK; capture/frames.ts)
   * with its own ids and masking: the mirror applies it to a mirror of its own in the frame. */
  Frame = 19,
  /** `[20, url, dataUrl]` — an image only the customer's browser could load (a `blob:` picture,
   * one behind their cookies), handed over by the SDK: the mirror shows `dataUrl` wherever an
   * image's address is `url` (as capture sends addresses), now and in later batches. */
  Asset = 20,
}

/** Node entries inside a tree that are arrays with a numeric head. */
export const enum Kind {
  /** `[1, ...children]` — open shadow root of the enclosing element. */
  Shadow = 1,
  /** `[2, ...children]` — a document (the snapshot root, or an iframe's content). */
  Doc = 2,
  /** `[3, name, publicId, systemId]` — doctype (decides quirks mode). */
  Doctype = 3,
  /** `[4, tag, width, height, display]` — blocked element: an empty box of that rendered size. */
  Block = 4,
  /** `[5, state]` — extra: current form state of the enclosing element (no id). */
  State = 5,
  /** `[6, rules]` — extra: the enclosing `<style>`/`<link>` sheet's rules read from CSSOM (no id). */
  Sheet = 6,
}

/** Flat attribute list: `[name, value, name, value, ...]`; URLs already absolute. */
export type Attrs = string[];

/** A text node: its data (masked at the source when private). */
export type TextT = string;
/** A comment node: always `0`, its data is never sent (it never renders). */
export type CommentT = 0;
/** An element: tag (localName; `"<ns> <localName>"` when its namespace is not the one implied
 * by its parent — ns `s` SVG, `m` MathML, `h` HTML, `` none, or a full URI), attributes, children. */
export type ElementT = [tag: string, attrs: Attrs | 0, ...children: Child[]];
export type ShadowT = [Kind.Shadow, ...children: Child[]];
export type DocT = [Kind.Doc, ...children: Child[]];
export type DoctypeT = [Kind.Doctype, name: string, publicId: string, systemId: string];
export type BlockT = [Kind.Block, tag: string, width: number, height: number, display: string];
/** Form state: a string is `value`; for checkbox/radio a number is `checked` (0/1); for a
 * select, a number is `selectedIndex` and an array lists selected option indexes. For a
 * `<video>`/`<audio>`: `[playing (0/1), currentTime (s), playbackRate, muted (0/1), volume (0–1)]`
 * (a mirror takes a medium without the last two as muted). */
export type FormState = string | number | number[];
export type StateX = [Kind.State, state: FormState];
export type SheetX = [Kind.Sheet, rules: string[]];

/** Everything that numbers as a node. */
export type NodeT = TextT | CommentT | ElementT | ShadowT | DocT | DoctypeT | BlockT;
/** What may appear in a children list. */
export type Child = NodeT | StateX | SheetX;

/** A sheet owner: a positive node id (`<style>`/`<link>`) or a negative constructed-sheet key. */
export type SheetOwner = number;

export type SnapshotOp = [OpCode.Snapshot, doc: DocT];
export type AddOp = [OpCode.Add, parent: number, before: number, firstId: number, ...nodes: NodeT[]];
export type RemoveOp = [OpCode.Remove, ...ids: number[]];
export type AttrOp = [OpCode.Attr, id: number, ...nameValues: (string | null)[]];
export type TextOp = [OpCode.Text, id: number, data: string];
export type StateOp = [OpCode.State, id: number, state: FormState];
export type ScrollOp = [OpCode.Scroll, id: number, x: number, y: number];
export type PointerOp = [OpCode.Pointer, x: number, y: number, touch?: number];
export type ViewportOp = [OpCode.Viewport, width: number, height: number, dpr: number, x?: number, y?: number, visualWidth?: number, visualHeight?: number];
export type LocationOp = [OpCode.Location, url: string, title: string];
export type InsertRuleOp = [OpCode.InsertRule, owner: SheetOwner, index: number, rule: string];
export type DeleteRuleOp = [OpCode.DeleteRule, owner: SheetOwner, index: number];
export type SheetOp = [OpCode.Sheet, owner: SheetOwner, rules: string[]];
export type AdoptOp = [OpCode.Adopt, id: number, sheetKeys: number[]];
export type CanvasOp = [OpCode.Canvas, dataUrl: string, id: number];
export type EditOp = [OpCode.Edit, id: number, index: number, deleteCount: number, text: string];
export type UiOp = [OpCode.Ui, hoverId: number, focusId: number, focusVisible: number, open?: number];
export type CheckOp = [OpCode.Check, checksum: number];
export type SelectionOp = [OpCode.Selection, anchor: number, anchorOffset: number, focus: number, focusOffset: number];
export type FrameOp = [OpCode.Frame, frameId: number, batch: Op[]];
export type AssetOp = [OpCode.Asset, url: string, dataUrl: string];

export type Op =
  | SnapshotOp | AddOp | RemoveOp | AttrOp | TextOp | StateOp | ScrollOp | PointerOp
  | ViewportOp | LocationOp | InsertRuleOp | DeleteRuleOp | SheetOp | AdoptOp | CanvasOp | EditOp | UiOp | CheckOp | SelectionOp | FrameOp | AssetOp;

/** The id of the snapshot's document (its window for `OpCode.Scroll`). */
export const ROOT_ID = 1;

/** Fixed value sent for a non-empty password-like field: it reveals nothing, not even length. */
export const PASSWORD_MASK = '••••••';
/** Character that replaces every non-space character of masked text. */
export const MASK_CHAR = '•';

/** Attributes that mark site policy and SDK widgets in the customer's page. */
export const ATTR_MASK = 'data-tandem-mask';
/** Allow-listed for a private-by-default page: text and values under it are sent as they are. */
export const ATTR_UNMASK = 'data-tandem-unmask';
export const ATTR_BLOCK = 'data-tandem-block';
export const ATTR_UI = 'data-tandem-ui';

export const NS_HTML = 'http://www.w3.org/1999/xhtml';
export const NS_SVG = 'http://www.w3.org/2000/svg';
export const NS_MATHML = 'http://www.w3.org/1998/Math/MathML';
export const NS_XLINK = 'http://www.w3.org/1999/xlink';
export const NS_XML = 'http://www.w3.org/XML/1998/namespace';
export const NS_XMLNS = 'http://www.w3.org/2000/xmlns/';

/** Namespace an element named `localName` gets from its parent when nothing says otherwise,
 * following the HTML parser: `svg` and `math` switch, SVG `foreignObject`/`desc`/`title` and
 * MathML text integration points switch back to HTML. Capture sends an explicit namespace only
 * when the real one differs. */
export function impliedNamespace(parentNs: string, parentName: string, localName: string): string {
  if (localName === 'svg') return NS_SVG;
  if (localName === 'math') return NS_MATHML;
  if (parentNs === NS_HTML) return NS_HTML;
  if (parentNs === NS_SVG) {
    return parentName === 'foreignObject' || parentName === 'desc' || parentName === 'title' ? NS_HTML : NS_SVG;
  }
  if (parentNs === NS_MATHML) {
    return parentName === 'annotation-xml' || parentName === 'mi' || parentName === 'mo' || parentName === 'mn' ||
      parentName === 'ms' || parentName === 'mtext' ? NS_HTML : NS_MATHML;
  }
  return parentNs;
}

/** Short codes for explicit namespaces in a tag (`"s circle"`). */
export const NS_CODES: Record<string, string> = { s: NS_SVG, m: NS_MATHML, h: NS_HTML, '': '' };
