// The widgets every page of the site shows before any session: the "Co-browsing code" button
// and the "Chat with us" / "Call me back" buttons, in the SDK's shadow root. Part of the small
// launcher bundle (page.ts), which hands the mounted dock to the core once co-browsing or a
// contact is about to start; the core mounts it again through the same function, so this code
// is never shipped twice. What the buttons open is the core's: the code panel (launcher.ts)
// and the chat and callback panels (help.ts).
import { createUi, h, type Ui } from './ui';

/** The default wording of the dock (the rest is in options.ts, which starts from these). */
export const DOCK_TEXTS = {
  launcher: 'Co-browsing code',
  chat: 'Chat with us',
  callback: 'Call me back',
};
export type DockTexts = typeof DOCK_TEXTS;
export const DEFAULT_COLOR = '#2563eb';

export interface DockSetup {
  color: string;
  texts: DockTexts;
  /** Show the "Co-browsing code" button / the help buttons. */
  launcher: boolean;
  help: boolean;
}

export type HelpChannel = 'chat' | 'callback';

export interface DockActions {
  /** The "Co-browsing code" button was pressed: its panel opens or closes (launcher.ts). */
  code(): void;
  /** A help button was pressed. */
  help(which: HelpChannel): void;
  /** The customer reached for a widget: what comes next may be fetched now. */
  intent?(what: 'code' | 'help'): void;
}

export interface Dock {
  ui: Ui;
  /** The "Co-browsing code" button, when shown. */
  launcher: HTMLElement | null;
  /** The help buttons, when shown. */
  chat: HTMLElement | null;
  call: HTMLElement | null;
  remove(): void;
}

export function mountDock(doc: Document, setup: DockSetup, actions: DockActions): Dock {
  const ui = createUi(doc, setup.color);
  const button = (cls: string, text: string, press: () => void, intent: 'code' | 'help') => {
    const b = h(doc, 'button', { type: 'button', class: `launcher ${cls}`, 'aria-expanded': 'false' }, text);
    b.addEventListener('click', press);
    if (actions.intent) b.addEventListener('pointerenter', () => actions.intent?.(intent));
    ui.dock.append(b);
    return b;
  };
  const launcher = setup.launcher ? button('code', setup.texts.launcher, actions.code, 'code') : null;
  const chat = setup.help ? button('help-chat', setup.texts.chat, () => actions.help('chat'), 'help') : null;
  const call = setup.help ? button('help-call', setup.texts.callback, () => actions.help('callback'), 'help') : null;
  return { ui, launcher, chat, call, remove: ui.remove };
}
