// "Chat with us" and "Call me back": the minimal web chat and callback request that make a
// web-initiated contact out of the box. Once the contact is open, the agent can ask to
// co-browse directly (no code). The chat keeps its transcript in a role=log list. The two
// buttons are the dock's (every page shows them); the panels they open are built here, in a
// chunk of their own (`/sdk/tandem-help.<hash>.js`) that the core loads when one is pressed or
// a contact is open (webcontact.ts), so a page shared by code never carries it.
import type { Texts } from '../options';
import type { Dock, HelpChannel } from './dock';
import CSS from './help.css';
import { addStyles, h } from './ui';

/** The panels' default wording; a site's or company's texts override it. */
const DEFAULTS = {
  yourName: 'Your name',
  message: 'Message',
  phone: 'Phone number',
  send: 'Send',
  requestCallback: 'Request callback',
  callbackRequested: 'Thank you. We will call you back shortly.',
  you: 'You',
};

export interface HelpWidgets {
  /** A chat line arrived (from the agent or echoed from the customer). */
  line(from: string, text: string): void;
  /** The contact is open: the chat shows its conversation, the callback its confirmation. */
  opened(channel: string): void;
  /** The contact ended: back to the forms. */
  closed(): void;
  error(message: string): void;
  /** Opens the panel of `which` (closing the other), or closes it. */
  toggle(which: HelpChannel): void;
  remove(): void;
}

export interface HelpActions {
  contact(channel: 'chat' | 'callback', name: string, detail: string): void;
  send(text: string): void;
}

export function createHelp(dock: Dock & { chat: HTMLElement; call: HTMLElement }, given: Texts, actions: HelpActions): HelpWidgets {
  const { ui, chat: chatButton, call: callButton } = dock;
  const doc = ui.root.ownerDocument;
  const texts = { ...given } as Texts & typeof DEFAULTS;
  for (const [k, v] of Object.entries(DEFAULTS)) texts[k as keyof typeof DEFAULTS] ||= v;
  addStyles(ui.root, CSS);
  const alert = h(doc, 'p', { role: 'alert', class: 'alert' });

  // Chat: a first form (name + message), then the conversation.
  const chatName = h(doc, 'input', { type: 'text', autocomplete: 'name' }) as HTMLInputElement;
  const chatFirst = h(doc, 'textarea', { rows: '2' }) as HTMLTextAreaElement;
  const chatStart = h(doc, 'form', { class: 'stack' }, h(doc, 'label', {}, texts.yourName, chatName), h(doc, 'label', {}, texts.message, chatFirst), h(doc, 'button', { type: 'submit' }, texts.send));
  // role=log on a wrapper: on the <ul> itself it would take away the list its lines are in.
  const lines = h(doc, 'ul', {});
  const log = h(doc, 'div', { role: 'log', 'aria-label': texts.chat, class: 'log' }, lines);
  const input = h(doc, 'input', { type: 'text', 'aria-label': texts.message }) as HTMLInputElement;
  const chatTalk = h(doc, 'form', { class: 'stack', hidden: '' }, log, h(doc, 'div', { class: 'row' }, input, h(doc, 'button', { type: 'submit' }, texts.send)));
  const chatPanel = h(doc, 'div', { class: 'panel help', role: 'dialog', 'aria-label': texts.chat, hidden: '' }, chatStart, chatTalk);

  // Callback: name + phone, then a confirmation.
  const callName = h(doc, 'input', { type: 'text', autocomplete: 'name' }) as HTMLInputElement;
  const phone = h(doc, 'input', { type: 'tel', autocomplete: 'tel' }) as HTMLInputElement;
  const callForm = h(doc, 'form', { class: 'stack' }, h(doc, 'label', {}, texts.yourName, callName), h(doc, 'label', {}, texts.phone, phone), h(doc, 'button', { type: 'submit' }, texts.requestCallback));
  const callDone = h(doc, 'p', { hidden: '' }, texts.callbackRequested);
  const callPanel = h(doc, 'div', { class: 'panel help', role: 'dialog', 'aria-label': texts.callback, hidden: '' }, callForm, callDone);

  // An opened panel takes the keyboard: the chat at its message field (the question is what the
  // visitor came to type; the name is one Shift+Tab away), the callback at the name.
  const toggle = (panel: HTMLElement, button: HTMLElement, other: HTMLElement, field: () => HTMLElement) => {
    panel.hidden = !panel.hidden;
    other.hidden = true;
    button.setAttribute('aria-expanded', String(!panel.hidden));
    alert.textContent = '';
    if (!panel.hidden) field().focus();
  };
  chatStart.addEventListener('submit', (e) => {
    e.preventDefault();
    actions.contact('chat', chatName.value, chatFirst.value);
  });
  chatTalk.addEventListener('submit', (e) => {
    e.preventDefault();
    if (input.value.trim()) actions.send(input.value);
    input.value = '';
  });
  callForm.addEventListener('submit', (e) => {
    e.preventDefault();
    actions.contact('callback', callName.value, phone.value);
  });
  chatPanel.append(alert);
  ui.dock.append(chatPanel, callPanel);

  return {
    line(from, text) {
      const who = from === 'agent' ? texts.agentName : texts.you;
      lines.append(h(doc, 'li', { class: from }, h(doc, 'strong', {}, `${who}: `), text));
      log.scrollTop = log.scrollHeight;
    },
    opened(channel) {
      if (channel === 'chat') {
        if (chatFirst.value) this.line('customer', chatFirst.value);
        chatFirst.value = '';
        chatStart.hidden = true;
        chatTalk.hidden = false;
      } else {
        callForm.hidden = true;
        callDone.hidden = false;
      }
    },
    closed() {
      chatStart.hidden = false;
      chatTalk.hidden = true;
      lines.replaceChildren();
      callForm.hidden = false;
      callDone.hidden = true;
    },
    error(message) {
      alert.textContent = message;
      if (chatPanel.hidden && !callPanel.hidden) callPanel.append(alert);
    },
    toggle(which) {
      if (which === 'chat') toggle(chatPanel, chatButton, callPanel, () => (chatTalk.hidden ? chatFirst : input));
      else toggle(callPanel, callButton, chatPanel, () => callName);
    },
    remove() {
      for (const e of [chatButton, callButton, chatPanel, callPanel]) e.remove();
    },
  };
}
