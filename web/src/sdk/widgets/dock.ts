// The widgets every page of the site shows before any session: the "Co-browsing code" launcher
// and the "Chat with us" / "Call me back" buttons, in the SDK's shadow root. Part of the small
// launcher bundle (page.ts), which hands the mounted dock to the core once co-browsing or a
// contact is about to start; the core mounts it again through the same function, so this code
// is never shipped twice. What the help buttons open is the core's (help.ts).
import { createLauncher, type Launcher } from './launcher';
import { createUi, h, type Ui } from './ui';

/** The default wording of the dock (the rest is in options.ts, which starts from these). */
export const DOCK_TEXTS = {
  launcher: 'Co-browsing code',
  codeLabel: 'Code',
  start: 'Start',
  chat: 'Chat with us',
  callback: 'Call me back',
};
export type DockTexts = typeof DOCK_TEXTS;
export const DEFAULT_COLOR = '#2563eb';

export interface DockSetup {
  color: string;
  texts: DockTexts;
  /** Show the code launcher / the help buttons. */
  launcher: boolean;
  help: boolean;
}

export type HelpChannel = 'chat' | 'callback';

export interface DockActions {
  /** A code of the right shape was entered. */
  code(code: string): void;
  /** A help button was pressed. */
  help(which: HelpChannel): void;
  /** The customer reached for a widget: what comes next may be fetched now. */
  intent?(what: 'code' | 'help'): void;
}

export interface Dock {
  ui: Ui;
  launcher: Launcher | null;
  /** The help buttons, when shown. */
  chat: HTMLElement | null;
  call: HTMLElement | null;
  remove(): void;
}

export function mountDock(doc: Document, setup: DockSetup, actions: DockActions): Dock {
  const ui = createUi(doc, setup.color);
  const launcher = setup.launcher ? createLauncher(ui, setup.texts, actions.code, () => actions.intent?.('code')) : null;
  const button = (which: HelpChannel, cls: string, text: string) => {
    const b = h(doc, 'button', { type: 'button', class: `launcher ${cls}`, 'aria-expanded': 'false' }, text);
    b.addEventListener('click', () => actions.help(which));
    if (actions.intent) b.addEventListener('pointerenter', () => actions.intent?.('help'));
    ui.dock.append(b);
    return b;
  };
  const chat = setup.help ? button('chat', 'help-chat', setup.texts.chat) : null;
  const call = setup.help ? button('callback', 'help-call', setup.texts.callback) : null;
  return { ui, launcher, chat, call, remove: ui.remove };
}
