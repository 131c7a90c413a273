// The embedded agent view (`/embed/#token=…`), framed by a host application (a CRM, a
// contact-centre desktop): one contact's co-browsing — the code, the state, the Customer view
// with its modes, the Link Menu and Stop — and nothing else of the console. It is the console's
// own session panel and Link Menu, making their calls with the embed token instead of a cookie
// (a cross-site frame gets none). The token is read from the fragment and taken out of the
// address at once; the host page is told what happens (bridge.ts).
import { ApiError, tokenApi } from '../console/api';
import { el } from '../console/dom';
import { createLinkMenu } from '../console/linkmenu';
import { openSession } from '../console/live/session';
import { createBridge } from './bridge';
import { startLanguage, t } from '../console/texts';

function refuse(root: HTMLElement, why: string): void {
  root.replaceChildren(el('p', { role: 'alert', class: 'embed-refused' }, t('This co-browsing view cannot open: {why}', { why })));
}

async function show(root: HTMLElement, token: string): Promise<void> {
  if (!token) return refuse(root, t('it was opened without an embed token.'));
  const calls = tokenApi(token);
  let view;
  try {
    view = await calls.embed();
  } catch (e) {
    const expired = e instanceof ApiError && e.status === 401;
    return refuse(root, expired ? t('its embed token is unknown or has expired, or this site may no longer embed it.') : (e as Error).message);
  }
  if (window.parent === window) return refuse(root, t('it runs only inside the application it was made for.'));
  const bridge = createBridge(window.parent, view.origin);
  bridge.send({ type: 'ready', contact: view.contact.id, customer: view.contact.customer });
  const links = createLinkMenu(calls);
  const main = el('section', { class: 'session', 'aria-label': t('Co-browsing') });
  root.replaceChildren(el('div', { class: 'workspace' }, links.element, main));
  const panel = openSession(main, view.contact, view.agent.rights.includes('cobrowse'), links, view.agent.username, {
    api: calls,
    socketToken: token,
    embedded: true,
    onState: bridge.state,
  });
  bridge.listen((c) => {
    if (c.command === 'start') void panel.start();
    else if (c.command === 'stop') panel.stop();
    else if (!panel.pushLink(c.url)) bridge.send({ type: 'error', message: t('A link can be sent only while co-browsing.') });
  });
}

const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
history.replaceState(null, '', location.pathname);
void startLanguage().then(() => show(document.getElementById('app') as HTMLElement, token));
