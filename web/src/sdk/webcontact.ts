// The core's side of "Chat with us" and "Call me back": the panels themselves are a chunk of
// their own (widgets/help.ts, `/sdk/tandem-help.<hash>.js`), imported the first time a help
// button is pressed or the server speaks of an open contact. Calls made while it loads wait,
// in order; what would only change panels nobody has opened (an error, the contact's end)
// does not load it.
import type { HelpActions, HelpWidgets } from './widgets/help';
import type { Dock } from './widgets/dock';
import type { Texts } from './options';

/** The chat chunk's file name, content-hashed (set by web/build.mjs). */
declare const __TANDEM_HELP__: string;

export function createWebContact(dock: Dock & { chat: HTMLElement; call: HTMLElement }, texts: Texts, actions: HelpActions): HelpWidgets {
  let ready: Promise<HelpWidgets | null> | null = null;
  let removed = false;
  const load = () =>
    (ready ??= (import(new URL(__TANDEM_HELP__, import.meta.url).href) as Promise<typeof import('./widgets/help')>).then(
      (m) => (removed ? null : m.createHelp(dock, texts, actions)),
      () => null,
    ));
  const later = (fn: (help: HelpWidgets) => void) => void load().then((help) => help && !removed && fn(help));
  return {
    line: (from, text) => later((h) => h.line(from, text)),
    opened: (channel) => later((h) => h.opened(channel)),
    closed: () => ready && later((h) => h.closed()),
    error: (message) => ready && later((h) => h.error(message)),
    toggle: (which) => later((h) => h.toggle(which)),
    remove() {
      removed = true;
      dock.chat.remove();
      dock.call.remove();
      void ready?.then((h) => h?.remove());
    },
  };
}
