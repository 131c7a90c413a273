// What the core borrows from the launcher: the widgets' builder and stylesheet helper (ui.ts),
// the dock's words and colour (dock.ts) and the language rule and loader (language.ts). The
// launcher always runs first and already holds them, so the core's build (web/build.mjs) links
// the core's imports of those three modules to the bindings below, which `lend` fills from the
// launcher's copies when the core starts (page.ts hands them over): a page that shares
// downloads that code once. Nothing of the core uses them before it is started.
import type { chooseLanguage as ChooseLanguage, loadLanguage as LoadLanguage } from './language';
import type { DOCK_TEXTS as DockTexts, mountDock as MountDock } from './widgets/dock';
import type { addStyles as AddStyles, h as H } from './widgets/ui';

export interface Lent {
  h: typeof H;
  addStyles: typeof AddStyles;
  mountDock: typeof MountDock;
  DOCK_TEXTS: typeof DockTexts;
  DEFAULT_COLOR: string;
  chooseLanguage: typeof ChooseLanguage;
  loadLanguage: typeof LoadLanguage;
}

export let h: Lent['h'];
export let addStyles: Lent['addStyles'];
export let mountDock: Lent['mountDock'];
export let DOCK_TEXTS: Lent['DOCK_TEXTS'];
export let DEFAULT_COLOR: Lent['DEFAULT_COLOR'];
export let chooseLanguage: Lent['chooseLanguage'];
export let loadLanguage: Lent['loadLanguage'];

export function lend(from: Lent): void {
  ({ h, addStyles, mountDock, DOCK_TEXTS, DEFAULT_COLOR, chooseLanguage, loadLanguage } = from);
}
