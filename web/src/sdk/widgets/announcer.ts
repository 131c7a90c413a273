// A polite live region in the SDK's shadow root that tells a screen-reader user what the agent
// does and a sighted customer sees: "… is pointing at: Checkout", "… is controlling this page",
// "… stopped controlling this page". It is on the page before anything is said (regions added
// together with their text are often not read), and each message is a new text node so the
// same words said twice are read twice.
import { h, type Ui } from './ui';

export interface Announcer {
  say(text: string): void;
  remove(): void;
}

const HIDDEN = 'position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0';

export function createAnnouncer(ui: Ui): Announcer {
  const doc = ui.root.ownerDocument;
  const region = h(doc, 'div', { role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true', 'data-tandem-announcer': '', style: HIDDEN });
  ui.root.append(region);
  return {
    say: (text) => region.replaceChildren(doc.createTextNode(text)),
    remove: () => region.remove(),
  };
}
