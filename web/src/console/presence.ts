// "Visitors on the site": who is on the company's pages now (when an admin turned presence on),
// each with the page (origin and path, allowed query parameters only) and time on that page,
// and an "Invite to chat" button whose invitation the visitor sees within seconds. Asked again
// every few seconds while the workspace shows; `close()` stops that.
import { api, ApiError, type PresenceList } from './api';
import { el } from './dom';
import { t } from './texts';

const EVERY_MS = 5000;

function minutes(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? t('{s} s', { s }) : t('{m} min {s} s', { m: Math.floor(s / 60), s: s % 60 });
}

export function createPresence(): { element: HTMLElement; close(): void } {
  const list = el('ul', { 'aria-label': t('Visitors on the site') });
  // Not role=status: the workspace's one status is the session's state (DESIGN.md §3).
  const status = el('p', { class: 'meta', 'aria-live': 'polite' });
  let timer = 0;
  let closed = false;

  function draw(p: PresenceList): void {
    status.textContent = p.visitors.length ? '' : t('No visitors on the site now.');
    list.replaceChildren(...p.visitors.map((v) => {
      let path = v.page;
      try {
        const u = new URL(v.page);
        path = u.pathname + u.search;
      } catch {
        /* shown as it is */
      }
      const invite = el('button', { type: 'button', class: 'secondary' }, v.invited ? t('Invited') : t('Invite to chat'));
      invite.setAttribute('aria-label', t('Invite the visitor on {page} to chat', { page: path }));
      if (v.invited) invite.setAttribute('disabled', '');
      invite.addEventListener('click', async () => {
        invite.setAttribute('disabled', '');
        try {
          await api.invite(v.visitor, 'chat');
          invite.textContent = t('Invited');
        } catch (e) {
          status.textContent = e instanceof ApiError ? e.message : String(e);
          invite.removeAttribute('disabled');
        }
      });
      return el('li', { class: 'contact', 'aria-label': t('Visitor on {page}', { page: path }) },
        el('strong', {}, path), el('span', { class: 'meta' }, t('on this page {time}', { time: minutes(p.now - v.since) })), invite);
    }));
  }

  async function poll(): Promise<void> {
    try {
      draw(await api.presence());
    } catch (e) {
      status.textContent = e instanceof ApiError ? e.message : String(e);
    }
    if (!closed) timer = window.setTimeout(() => void poll(), EVERY_MS);
  }
  void poll();
  return {
    element: el('section', { class: 'presence', 'aria-label': t('Visitors on the site') }, el('h2', {}, t('Visitors on the site')), status, list),
    close() {
      closed = true;
      window.clearTimeout(timer);
    },
  };
}
