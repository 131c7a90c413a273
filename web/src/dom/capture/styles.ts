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
  return sheet.href ? urlBase(sheet.href) : s.url;
}

/** Top-level rules in CSS text, counted the way a parser would (comments and strings skipped,
 * nested blocks counted once, `@charset` not a rule). Only compared with cssRules.length. */
export function countRules(css: string): number {
  let depth = 0, count = 0, start = -1;
  const n = css.length;
  for (let i = 0; i < n; i++) {
    const c = css.charCodeAt(i);
    if (c === 47 && css.charCodeAt(i + 1) === 42) {
      const end = css.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 1;
    } else if (c === 34 || c === 39) {
      for (i++; i < n; i++) {
        const d = css.charCodeAt(i);
        if (d === 92) i++;
        else if (d === c || d === 10) break;
      }
    } else if (c === 123) {
      depth++;
    } else if (c === 125) {
      if (depth > 0 && --depth === 0) { count++; start = -1; }
    } else if (c === 59 && depth === 0) {
      if (start >= 0 && !css.startsWith('@charset', start)) count++;
      start = -1;
    } else if (depth === 0 && start < 0 && c > 32) {
      start = i;
    }
  }
  return count;
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
  if (!s.touchedSheets.has(sheet)) {
    if (n === 0) return null;
    if (n <= countRules(el.textContent ?? '')) return null;
  }
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
