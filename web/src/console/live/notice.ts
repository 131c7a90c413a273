// The line of news at the foot of the session panel: what just happened that the status does
// not say (the customer's answer to a redirect, a refused action, who took back control).
// News belongs to its moment: it is cleared when the session's state changes, when the customer
// moves to another page, and after a while on its own, so nothing stays that stopped being true
// ("accepted the redirect" after Stop, a refusal on the page before).
import { el } from '../dom';

export interface Notice {
  element: HTMLElement;
  say(text: string): void;
  clear(): void;
  destroy(): void;
}

/** How long news stays when nothing else moves on. */
const LIFETIME_MS = 20_000;

export function createNotice(): Notice {
  const element = el('p', { class: 'notice', 'aria-live': 'polite' });
  let timer: ReturnType<typeof setTimeout> | undefined;

  function clear(): void {
    clearTimeout(timer);
    element.textContent = '';
  }

  return {
    element,
    say(text) {
      clearTimeout(timer);
      element.textContent = text;
      timer = setTimeout(clear, LIFETIME_MS);
    },
    clear,
    destroy: () => clearTimeout(timer),
  };
}
