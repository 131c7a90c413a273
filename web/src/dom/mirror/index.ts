// Mirror: op batches (format.ts) → a live copy of the customer's document inside the agent's
// `<iframe sandbox="allow-same-origin">`. The parent builds the iframe's document with DOM
// APIs; nothing inside ever runs (sanitize.ts). A snapshot rebuilds the document from scratch;
// other ops patch it through the id → node map. Any inconsistency is reported once through
// `onGap` (the caller asks for a fresh snapshot) and further ops are ignored until it arrives.
import { Kind, OpCode, type Op } from '../format';
import { buildDocument } from './build';
import { listen, scrollWindow } from './document';
import { cancelCheck } from './checksum';
import { applyOp, endBatch } from './ops';
import { closeSilence } from './media';
import { fail, type MirrorState } from './state';
import type { AssetRoute } from './sanitize';

export interface MirrorHooks {
  onViewport?(width: number, height: number, dpr: number): void;
  /** Customer pointer, client coordinates; `touch`: a finger on a touch screen. */
  onPointer?(x: number, y: number, touch: boolean): void;
  /** The customer's visual viewport (OpCode.Viewport): the part of the layout viewport their
   * screen shows, in client coordinates; a width of 0: all of it (a capture that does not say). */
  onVisual?(x: number, y: number, width: number, height: number): void;
  onLocation?(url: string, title: string): void;
  /** The agent scrolled the mirror window (never called for scrolling applied from ops). */
  onAgentScroll?(x: number, y: number): void;
  /** Inconsistency detected: the caller will request a fresh snapshot. */
  onGap?(reason: string): void;
  /** An image did not load from `src` (its address as the mirror asked for it): the caller may
   * ask the customer's SDK to hand it over (handover.ts). */
  onAssetMissing?(src: string): void;
}

export interface Mirror {
  apply(batch: Op[]): void;
  destroy(): void;
  document(): Document | null;
  /** The capture id of a mirrored node (the agent's remote commands name nodes by it), or null. */
  idOf(node: Node): number | null;
}

export interface MirrorOptions {
  /** Where images, fonts and stylesheets load from (Tandem's asset proxy); absent: the site. */
  assets?: AssetRoute;
}

export function createMirror(iframe: HTMLIFrameElement, hooks: MirrorHooks, options: MirrorOptions = {}): Mirror {
  const m: MirrorState = {
    iframe, hooks, assets: options.assets ?? null,
    nodes: new Map(), ids: new WeakMap(), doc: null, broken: false, destroyed: false,
    detached: [], sheets: new Map(), uaSheets: new WeakMap(), applied: new Map(), shortScrolls: new Map(), values: new WeakMap(), frameDocs: new WeakMap(), bitmaps: new WeakMap(), uiMarks: [], picker: null, subMirrors: new WeakMap(), unlisten: null, check: null, handed: new Map(),
  };

  function snapshot(op: Op): void {
    const tree = op[1];
    if (!Array.isArray(tree) || tree[0] !== Kind.Doc) return fail(m, 'snapshot: not a document');
    const doc = iframe.contentDocument;
    if (!doc) return fail(m, 'snapshot: the iframe has no document');
    m.unlisten?.();
    m.unlisten = null;
    m.nodes.clear();
    m.ids = new WeakMap();
    m.sheets.clear();
    m.detached.length = 0;
    m.applied.clear();
    m.shortScrolls.clear();
    m.values = new WeakMap();
    m.uiMarks.length = 0;
    m.picker = null;
    m.broken = false;
    buildDocument(m, doc, tree, { next: 1 });
    // The iframe's window outlives its documents and keeps the last page's scroll: the new
    // page starts at its top (and the snapshot's own Scroll op puts it where the customer is),
    // remembered as ours so that it never reads as the agent scrolling the customer's page.
    scrollWindow(m, doc, 0, 0);
    m.doc = doc;
    m.unlisten = listen(m, doc);
  }

  function apply(batch: Op[]): void {
    if (m.destroyed || !Array.isArray(batch)) return;
    try {
      for (const op of batch) {
        cancelCheck(m);
        if (!Array.isArray(op)) { fail(m, 'malformed op'); continue; }
        if (op[0] === OpCode.Snapshot) snapshot(op);
        else if (!m.broken) applyOp(m, op);
      }
    } catch (err) {
      fail(m, 'apply failed: ' + (err instanceof Error ? err.message : String(err)));
    } finally {
      endBatch(m);
    }
  }

  function destroy(): void {
    m.destroyed = true;
    cancelCheck(m);
    closeSilence(m);
    m.unlisten?.();
    m.unlisten = null;
    m.nodes.clear();
    m.sheets.clear();
    m.applied.clear();
    m.shortScrolls.clear();
    m.doc = null;
  }

  return { apply, destroy, document: () => (m.destroyed ? null : m.doc), idOf: (node) => m.ids.get(node) ?? null };
}
