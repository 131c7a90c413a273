// Stylesheets at the source. A <style> normally travels as its text nodes; when its CSSOM holds
// rules its text does not (CSS-in-JS insertRule), the rules are read from cssRules instead. A
// same-origin <link rel=stylesheet> travels as its rules so the agent does not depend on
// reaching the customer's server. CSSOM edits made after the snapshot are streamed by wrapping
// insertRule/deleteRule (top level: one op each; nested rules and replace(): the whole sheet),
// and constructed sheets adopted by documents and shadow roots are described once by key.
import { OpCode, type Op } from '../format';
import { patchMethod, patchSetter } from './patch';
import type { CaptureState, Tagged } from './state';
import { absoluteCss, urlBase, type UrlBase } from './urls';

/** Every rule of `sheet` as text with absolute URLs, or null when it cannot be read. */
export function readRules(sheet: CSSStyleSheet, base: UrlBase): string[] | null {
  let rules: CSSRuleList;
  try {
    rules = sheet.cssRules;
  } catch {
    return null;
  }
  const out: string[] = [];
  for (let i = 0; i < rules.length; i++) out.push(absoluteCss(base, rules[i].cssText));
  return out;
}

function sheetBase(s: CaptureState, sheet: CSSStyleSheet): UrlBase {
  return sheet.href ? urlBase(sheet.href, s.urlPolicy) : s.url;
}

/** An upper bound of the rules in CSS text: one per closing brace (nested blocks only make it
 * larger) plus statement at-rules. Counting with indexOf keeps big inline sheets cheap. */
export function maxRules(css: string): number {
  let n = 0;
  for (let i = css.indexOf('}'); i >= 0; i = css.indexOf('}', i + 1)) n++;
  for (let i = css.indexOf('@'); i >= 0; i = css.indexOf('@', i + 1)) n++;
  return n;
}

/** Rules of a <style> when its CSSOM says more than its text, else null (the text suffices). */
export function styleRules(s: CaptureState, el: HTMLStyleElement): string[] | null {
  const sheet = el.sheet;
  if (!sheet) return null;
  let n: number;
  try {
    n = sheet.cssRules.length;
  } catch {
    return null;
  }
  // More rules than the text could hold: some came through insertRule before we were here.
  if (!s.touchedSheets.has(sheet) && (n === 0 || n <= maxRules(el.textContent ?? ''))) return null;
  return readRules(sheet, s.url);
}

/** Rules of a loaded, same-origin stylesheet <link>, else null (the mirror loads its href). */
export function linkRules(s: CaptureState, el: HTMLLinkElement): string[] | null {
  if (!/(?:^|\s)stylesheet(?:\s|$)/i.test(el.rel)) return null;
  const sheet = el.sheet;
  return sheet ? readRules(sheet, sheetBase(s, sheet)) : null;
}

/** The wire owner of a sheet: its <style>/<link> id, or minus its constructed-sheet key. */
function ownerOf(s: CaptureState, sheet: CSSStyleSheet): number | undefined {
  const node = sheet.ownerNode;
  if (node) return (node as unknown as Tagged)[s.id];
  const key = s.sheetKeys.get(sheet);
  return key === undefined ? undefined : -key;
}

/** Key of a constructed sheet; describes it (pushes a Sheet op) the first time. */
export function sheetKey(s: CaptureState, sheet: CSSStyleSheet, ops: Op[]): number {
  let key = s.sheetKeys.get(sheet);
  if (key === undefined) {
    key = s.nextSheetKey++;
    s.sheetKeys.set(sheet, key);
    ops.push([OpCode.Sheet, -key, readRules(sheet, sheetBase(s, sheet)) ?? []]);
  }
  return key;
}

/** Queued CSSOM ops whose owner is still the one they were made for, then whole-sheet resends. */
export function flushSheets(s: CaptureState, ops: Op[]): void {
  for (const [sheet, op] of s.sheetOps) {
    const owner = ownerOf(s, sheet);
    if (owner !== undefined && owner === op[1] && (owner < 0 || owner < s.flushStart) && !s.dirtySheets.has(sheet)) ops.push(op);
  }
  s.sheetOps.length = 0;
  for (const sheet of s.dirtySheets) {
    const owner = ownerOf(s, sheet);
    if (owner === undefined || (owner > 0 && owner >= s.flushStart)) continue;
    ops.push([OpCode.Sheet, owner, readRules(sheet, sheetBase(s, sheet)) ?? []]);
  }
  s.dirtySheets.clear();
}

/** adoptedStyleSheets of the roots that changed (or were just discovered). */
export function flushAdopted(s: CaptureState, ops: Op[]): void {
  for (const root of s.adopters) {
    const id = (root as unknown as Tagged)[s.id];
    if (id === undefined) continue;
    const sheets = root.adoptedStyleSheets;
    if (!sheets) continue;
    const keys: number[] = [];
    for (let i = 0; i < sheets.length; i++) keys.push(sheetKey(s, sheets[i], ops));
    ops.push([OpCode.Adopt, id, keys]);
  }
  s.adopters.clear();
}

/** Wrap the CSSOM mutators of one window; returns the teardown. */
export function patchCssom(s: CaptureState, win: Window & typeof globalThis): () => void {
  const touch = (sheet: CSSStyleSheet | null) => {
    if (!sheet) return;
    s.touchedSheets.add(sheet);
    if (s.started && ownerOf(s, sheet) !== undefined) {
      s.dirtySheets.add(sheet);
      s.schedule(true);
    }
  };
  const onInsert = (sheet: CSSStyleSheet, index: unknown) => {
    s.touchedSheets.add(sheet);
    const owner = ownerOf(s, sheet);
    if (!s.started || owner === undefined || typeof index !== 'number') return;
    const text = absoluteCss(sheetBase(s, sheet), sheet.cssRules[index].cssText);
    s.sheetOps.push([sheet, [OpCode.InsertRule, owner, index, text]]);
    s.schedule(true);
  };
  const onDelete = (sheet: CSSStyleSheet, index: unknown) => {
    s.touchedSheets.add(sheet);
    const owner = ownerOf(s, sheet);
    if (!s.started || owner === undefined) return;
    s.sheetOps.push([sheet, [OpCode.DeleteRule, owner, Number(index) || 0]]);
    s.schedule(true);
  };
  const sheetProto = win.CSSStyleSheet.prototype;
  const groupProto = win.CSSGroupingRule ? win.CSSGroupingRule.prototype : null;
  const undo = [
    patchMethod(sheetProto, 'insertRule', (sheet, index) => onInsert(sheet, index)),
    patchMethod(sheetProto, 'deleteRule', (sheet, _r, args) => onDelete(sheet, args[0])),
    patchMethod(sheetProto, 'addRule', (sheet) => touch(sheet)),
    patchMethod(sheetProto, 'removeRule', (sheet) => touch(sheet)),
    patchMethod(sheetProto, 'replaceSync', (sheet) => touch(sheet)),
    patchMethod(sheetProto, 'replace', (sheet, result) => {
      (result as Promise<unknown>).then(() => touch(sheet), () => {});
    }),
  ];
  if (groupProto) {
    undo.push(
      patchMethod(groupProto, 'insertRule', (rule: CSSRule) => touch(rule.parentStyleSheet)),
      patchMethod(groupProto, 'deleteRule', (rule: CSSRule) => touch(rule.parentStyleSheet)),
    );
  }
  const adopted = (root: Document | ShadowRoot) => {
    if (s.started && (root as unknown as Tagged)[s.id] !== undefined) {
      s.adopters.add(root);
      s.schedule(true);
    }
  };
  undo.push(patchSetter(win.Document.prototype, 'adoptedStyleSheets', adopted));
  undo.push(patchSetter(win.ShadowRoot.prototype, 'adoptedStyleSheets', adopted));
  return () => { for (const u of undo) u(); };
}
