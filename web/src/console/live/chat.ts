// The web chat of a chat or callback contact: the transcript (role=log) and a reply box.
// New lines arrive through the console's event stream. Each line names who wrote it: "You"
// for the signed-in agent's own lines, a colleague's display name for theirs (a transferred
// contact keeps its history), the customer's name for the customer's.
import { api, ApiError, type ChatLine, type ContactView } from '../api';
import { el } from '../dom';
import { t } from '../texts';

export interface ChatPanel {
  element: HTMLElement;
  add(line: Pick<ChatLine, 'sender' | 'text' | 'agent' | 'agent_name'>): void;
}

export function createChat(contact: ContactView, me: string): ChatPanel {
  // role=log on a wrapper: on the <ul> itself it would take away the list its lines are in.
  const lines = el('ul', {});
  const log = el('div', { role: 'log', 'aria-label': t('Chat'), class: 'chat-log' }, lines);
  const input = el('input', { 'aria-label': t('Reply'), placeholder: t('Type a reply…') });
  const error = el('p', { class: 'error', role: 'alert' });
  const form = el('form', { class: 'chat-reply' }, input, el('button', { type: 'submit' }, t('Send')));
  const add: ChatPanel['add'] = ({ sender, text, agent, agent_name }) => {
    const who = sender !== 'agent' ? contact.customer : !agent || agent === me ? t('You') : agent_name || agent;
    lines.append(el('li', { class: sender }, el('strong', {}, `${who}: `), text));
    log.scrollTop = log.scrollHeight;
  };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    error.textContent = '';
    try {
      await api.sendChat(contact.id, text);
      input.value = '';
    } catch (err) {
      error.textContent = err instanceof ApiError ? err.message : String(err);
    }
  });
  void api.chat(contact.id).then((lines: ChatLine[]) => lines.forEach(add));
  return { element: el('section', { class: 'chat', 'aria-label': t('Web chat') }, log, form, error), add };
}
