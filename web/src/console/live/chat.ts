// The web chat of a chat or callback contact: the transcript (role=log) and a reply box.
// New lines arrive through the console's event stream.
import { api, ApiError, type ChatLine, type ContactView } from '../api';
import { el } from '../dom';

export interface ChatPanel {
  element: HTMLElement;
  add(from: string, text: string): void;
}

export function createChat(contact: ContactView): ChatPanel {
  const log = el('ul', { role: 'log', 'aria-label': 'Chat', class: 'chat-log' });
  const input = el('input', { 'aria-label': 'Reply', placeholder: 'Type a reply…' });
  const error = el('p', { class: 'error', role: 'alert' });
  const form = el('form', { class: 'chat-reply' }, input, el('button', { type: 'submit' }, 'Send'));
  const add = (from: string, text: string) => {
    log.append(el('li', { class: from }, el('strong', {}, from === 'agent' ? 'You: ' : `${contact.customer}: `), text));
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
  void api.chat(contact.id).then((lines: ChatLine[]) => lines.forEach((l) => add(l.sender, l.text)));
  return { element: el('section', { class: 'chat', 'aria-label': 'Web chat' }, log, form, error), add };
}
