// The proactive invitation: "Can we help?" with the company's words, a button for what is
// offered (Start chat / Call me back) and "No thanks". A modal dialog in a shadow root of its
// own (the dock's may be mounted again under it), labelled by its title; it takes the keyboard
// when it shows and keeps Tab and Shift+Tab inside until answered, Escape says No thanks and
// focus goes back where it was; accepted, the panel it opens takes the keyboard (help.ts).
import type { Texts } from '../options';
import { addStyles, createUi, h } from './ui';

/** The invitation's default wording; the site's, company's and language's texts override it. */
export const INVITE_TEXTS = {
  inviteTitle: 'Can we help?',
  inviteChat: 'Would you like to chat with us?',
  inviteCallback: 'Would you like us to call you back?',
  inviteAgent: '{agent} would like to help you.',
  startChat: 'Start chat',
  callMeBack: 'Call me back',
  noThanks: 'No thanks',
};

const CSS = `.invitation{position:fixed;right:20px;bottom:150px;z-index:2147483646;width:min(300px,90vw);background:#fff;color:#111827;border-radius:14px;padding:16px 18px;box-shadow:0 10px 30px rgba(0,0,0,.25);display:grid;gap:10px}.invitation h2{margin:0;font-size:16px;font-weight:700}.invitation p{margin:0}.invitation .actions{display:flex;gap:8px;justify-content:flex-end}.invitation .secondary{background:#e5e7eb;color:#111827}`;

export interface InvitationDialog {
  remove(): void;
}

/** Shows the invitation; `answer` gets true (accepted) or false (declined). */
export function showInvitation(doc: Document, color: string, given: Partial<Texts>, offer: string, body: string, answer: (accepted: boolean) => void): InvitationDialog {
  const texts = { ...INVITE_TEXTS, ...given } as typeof INVITE_TEXTS;
  const ui = createUi(doc, color);
  addStyles(ui.root, CSS);
  const title = h(doc, 'h2', { id: 'tandem-invite-title' }, texts.inviteTitle);
  const yes = h(doc, 'button', { type: 'button' }, offer === 'callback' ? texts.callMeBack : texts.startChat);
  const no = h(doc, 'button', { type: 'button', class: 'secondary' }, texts.noThanks);
  const dialog = h(doc, 'div', { role: 'dialog', 'aria-modal': 'true', class: 'invitation', 'aria-labelledby': 'tandem-invite-title', 'aria-describedby': 'tandem-invite-body' },
    title, h(doc, 'p', { id: 'tandem-invite-body' }, body || (offer === 'callback' ? texts.inviteCallback : texts.inviteChat)), h(doc, 'div', { class: 'actions' }, no, yes));
  let before = doc.activeElement;
  while (before?.shadowRoot?.activeElement) before = before.shadowRoot.activeElement;
  const done = (accepted: boolean) => {
    ui.remove();
    if (!accepted && before?.isConnected) (before as HTMLElement).focus?.();
    answer(accepted);
  };
  yes.addEventListener('click', () => done(true));
  no.addEventListener('click', () => done(false));
  dialog.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') done(false);
    else if (e.key === 'Tab') {
      // Two buttons: Tab and Shift+Tab go from the one that has focus to the other.
      e.preventDefault();
      (ui.root.activeElement === yes ? no : yes).focus();
    }
  });
  ui.root.append(dialog);
  yes.focus();
  return { remove: ui.remove };
}
