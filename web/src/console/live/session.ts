// The selected contact's co-browsing panel: "Start co-browsing", the one-time code to read to
// the customer, the state in a role=status element, the live "Customer view", and
// "Stop co-browsing" at the bottom. It follows the server's state messages; the mirror follows
// the customer's DOM frames. The embedded agent view (web/src/embed) opens the same panel with
// its own calls and socket credential, without the contact's actions and chat (its host
// application has those), and follows it through `onState`.
import type { ControlStatus, EndedBy, SessionState, ToAgent } from '../../protocol';
import { OpCode } from '../../dom/format';
import { createMirror, type Mirror } from '../../dom/mirror';
import { createFrameDecoder } from '../../transport/decode';
import { api, type Api, type ChatLine, type ContactView, type SessionView } from '../api';
import { el } from '../dom';
import { createChat, type ChatPanel } from './chat';
import { createNotice } from './notice';
import { contactActions } from './contact-actions';
import { createDrift, type Drift } from './drift';
import { openAgentSocket, type AgentSocket } from './socket';
import { createViewport, type Viewport } from './viewport';
import { createRemote, type Remote } from './remote';
import { warmMirror, type Warmup } from './warmup';
import { t } from '../texts';
import { channelName } from '../channels';

export interface SessionPanel {
  contactId: string;
  /** The contact changed (hand-over, drop, browser support): show it. */
  update(contact: ContactView): void;
  /** A chat line on this contact arrived. */
  chatLine(line: Pick<ChatLine, 'sender' | 'text' | 'agent' | 'agent_name'>): void;
  close(): void;
  /** What "Start co-browsing" and "Stop co-browsing" do, for a host that commands them. */
  start(): Promise<void>;
  stop(): void;
  /** Sends a link to the customer's browser; false when not co-browsing. */
  pushLink(url: string): boolean;
}

/** Where the panel runs: the console (defaults) or the embedded view. */
export interface SessionHost {
  /** The API calls: the console's (cookie) by default. */
  api?: Api;
  /** The agent socket's credential when there is no cookie (the embed token). */
  socketToken?: string;
  /** Without the contact's actions and chat. */
  embedded?: boolean;
  /** Every state shown, with the code and, once ended, who ended it. */
  onState?(state: SessionState | null, code: string | null, endedBy: EndedBy | null, reason: string | null): void;
}

/** What the live session tells the Link Menu. */
export interface LinkTarget {
  setSession(session: { send(url: string): void; document(): Document | null } | null): void;
  pageChanged(): void;
}

const LIVE: SessionState[] = ['awaiting_code', 'awaiting_consent', 'active', 'interrupted'];

const controlStatus = (): Record<ControlStatus, string> => ({
  asking: t('Waiting for the customer to allow remote control…'),
  allowed: t('The customer allowed remote control.'),
  denied: t('The customer declined remote control.'),
  taken_back: t('The customer took back control.'),
});

function statusText(state: SessionState | null, endedBy?: string | null): string {
  switch (state) {
    case 'awaiting_code': return t('Waiting for the customer to enter the code…');
    case 'awaiting_consent': return t('Waiting for the customer to accept…');
    case 'active': return t('Co-browsing');
    case 'interrupted': return t('Interrupted');
    case 'declined': return t('Declined: the customer did not accept');
    case 'ended': return endedBy === 'customer' ? t('Ended by the customer') : endedBy === 'agent' ? t('Ended by you') : t('Ended');
    default: return t('Not co-browsing');
  }
}

export function openSession(main: HTMLElement, initial: ContactView, canCobrowse: boolean, links: LinkTarget, me = '', host: SessionHost = {}): SessionPanel {
  let contact = initial;
  const calls = host.api ?? api;
  const status = el('p', { role: 'status', class: 'status' });
  const why = el('p', { class: 'why', hidden: '' });
  const location = el('p', { class: 'location', role: 'note', 'aria-label': t('Customer page') });
  const notice = createNotice();
  const codeInput = el('input', { readonly: '', 'aria-describedby': 'code-help' });
  const copy = el('button', { type: 'button', class: 'secondary' }, t('Copy'));
  const codeBox = el('div', { class: 'code', hidden: '' }, el('label', {}, t('Co-browsing code'), codeInput), copy,
    el('span', { id: 'code-help', class: 'meta' }, t('Read this code to the customer.')));
  const start = el('button', { type: 'button' }, t('Start co-browsing'));
  const stop = el('button', { type: 'button', class: 'danger', hidden: '' }, t('Stop co-browsing'));
  const stageWrap = el('div', { class: 'stage-wrap' });
  const unavailable = el('p', { class: 'unavailable', role: 'note', hidden: '' });
  const bar = el('div', { class: 'session-bar' }, el('strong', {}, `${contact.customer} · ${channelName(contact.channel)}`), status, codeBox, start, unavailable, location);
  const actions = el('div', { class: 'actions-slot' });
  const chat: ChatPanel | null = !host.embedded && (contact.channel === 'chat' || contact.channel === 'callback') ? createChat(contact, me) : null;
  const body = el('div', { class: 'session-body' }, stageWrap, ...(chat ? [chat.element] : []));
  main.replaceChildren(bar, actions, why, body, el('div', { class: 'session-foot' }, notice.element, stop));

  // Without the cobrowse right there is nothing to start (the server refuses it too): say why.
  if (!canCobrowse) start.remove();

  function showContact(c: ContactView): void {
    contact = c;
    if (!host.embedded) actions.replaceChildren(contactActions(c, showContact));
    const reason = c.state === 'ended' ? t('This contact has ended.')
      : !canCobrowse ? t('You cannot co-browse: your account does not have the co-browsing right. Ask an admin to grant it.')
      : c.unsupported ? t('Co-browsing is not available for this customer’s browser.') : '';
    unavailable.textContent = reason;
    unavailable.hidden = !reason;
    start.disabled = !!reason;
    if (c.session) render(c.session.state, c.session.code, c.session.ended_by);
  }

  let socket: AgentSocket | null = null;
  let mirror: Mirror | null = null;
  let viewport: Viewport | null = null;
  let remote: Remote | null = null;
  let drift: Drift | null = null;
  let warmup: Warmup | null = null;
  let lastScrollSent = 0;
  /** The state last shown: news is cleared when it moves on (and when a new page arrives). */
  let shownState: SessionState | null | undefined;
  /** The customer's page last shown: news is cleared when another page arrives. */
  let shownUrl: string | null = null;

  function render(state: SessionState | null, code: string | null, endedBy?: EndedBy | null, reason?: string): void {
    if (state !== shownState) notice.clear();
    shownState = state;
    status.textContent = statusText(state, endedBy);
    why.hidden = state !== 'interrupted';
    why.textContent = state === 'interrupted'
      ? t('{reason} Ask the customer to go back to the company’s site; co-browsing resumes by itself.', { reason: reason ?? t('The customer left the company’s site.') })
      : '';
    links.setSession(state === 'active' || state === 'interrupted' ? { send: (url) => socket?.send({ t: 'push_url', url }), document: () => mirror?.document() ?? null } : null);
    status.dataset.state = state ?? 'none';
    const live = state !== null && LIVE.includes(state);
    codeBox.hidden = !(state === 'awaiting_code' && code);
    if (code) codeInput.value = code;
    start.hidden = live;
    if (!live && state === 'awaiting_consent') start.hidden = true;
    stop.hidden = !live;
    viewport?.setStale(state !== 'active');
    // A declined or ended session has no view to show: no empty box where it was.
    if (viewport) viewport.element.hidden = state === 'declined' || state === 'ended';
    if (remote) remote.toolbar.hidden = state !== 'active';
    drift?.setActive(state === 'active');
    host.onState?.(state, code, endedBy ?? null, reason ?? null);
  }

  function connect(session: SessionView): void {
    disconnect();
    viewport = createViewport(stageWrap);
    const vp = viewport;
    /** Images asked of the customer's SDK (onAssetMissing). */
    const askedAssets = new Set<string>();
    const d = drift = createDrift({
      askSnapshot: () => socket?.send({ t: 'resync' }),
      showUpdating: (on) => vp.setUpdating(on),
    });
    mirror = createMirror(vp.iframe, {
      onViewport: (w, h) => vp.setSize(w, h),
      onPointer: (x, y, touch) => vp.movePointer(x, y, touch),
      onVisual: (x, y, w, h) => vp.setVisual(x, y, w, h),
      onGap: (reason) => d.behind(reason, true),
      onLocation: (url, title) => {
        // News on the page before is not about this one. (A fresh snapshot of the same page —
        // another view of the agent's joined, or a resync — is no new page.)
        if (shownUrl !== null && url !== shownUrl) notice.clear();
        shownUrl = url;
        location.textContent = `${title || t('Untitled page')} — ${url}`;
        location.title = url;
      },
      onAssetMissing: (src) => {
        // An image the asset proxy could not deliver (behind the customer's cookies, say):
        // the customer's SDK may hand it over (once per address and view, within bounds).
        let url: string | null = src;
        try { const u = new URL(src, window.location.href); if (u.origin === window.location.origin && u.pathname.endsWith('/asset')) url = u.searchParams.get('url'); } catch { url = null; }
        if (url === null || !/^https?:/.test(url) || askedAssets.has(url) || askedAssets.size >= 64) return;
        askedAssets.add(url);
        socket?.send({ t: 'asset_request', url });
      },
      onAgentScroll: (x, y) => {
        const now = performance.now();
        if (now - lastScrollSent < 30) return;
        lastScrollSent = now;
        socket?.send({ t: 'agent_scroll', x, y });
      },
    }, {
      // The site's images, fonts and stylesheets come through Tandem (the server redirects to
      // the site itself when the company chose direct loading).
      assets: (url) => `${window.location.origin}/api/sessions/${encodeURIComponent(session.id)}/asset?url=${encodeURIComponent(url)}`,
    });
    const m = mirror;
    const decoder = createFrameDecoder(
      (batch, n) => {
        if (!d.accept(n)) return;
        m.apply(batch);
        links.pageChanged();
        // A snapshot rebuilt the mirrored document, and with it dropped its key listeners.
        if (batch.some((op) => op[0] === OpCode.Snapshot)) remote?.rebuilt();
      },
      (why) => d.behind(why, true),
    );
    socket = openAgentSocket(session.id, {
      onMessage: (msg: ToAgent) => {
        if (msg.t === 'state') {
          render(msg.state, session.code, msg.ended_by, msg.reason);
          if (msg.state === 'declined' || msg.state === 'ended') socket?.close();
        } else if (msg.t === 'redirect_answered') {
          notice.say(msg.accepted ? t('The customer accepted the redirect to {url}.', { url: msg.url }) : t('The customer declined the redirect to {url}.', { url: msg.url }));
        } else if (msg.t === 'error') {
          notice.say(msg.message);
        } else if (msg.t === 'grant') {
          remote?.setGrant(msg.control, msg.typing);
        } else if (msg.t === 'control_report') {
          if (!msg.performed) notice.say(t('Refused on the customer’s page: {reason}', { reason: msg.reason }));
        } else if (msg.t === 'control_status') {
          notice.say(controlStatus()[msg.status]);
        } else if (msg.t === 'lagged') {
          d.behind('frames were lost on the way', false);
        } else if (msg.t === 'drawing_cleared') {
          remote?.cleared();
          notice.say(t('The customer cleared the drawing.'));
        }
      },
      onFrame: (frame) => {
        warmup?.stop();
        decoder.push(frame);
      },
      onDisconnected: () => {
        viewport?.setStale(true);
        // The server asks for a fresh snapshot when the socket is back.
        d.behind('disconnected', false);
      },
    }, host.socketToken);
    remote = createRemote(vp, m, (msg) => socket?.send(msg), (text) => notice.say(text));
    bar.append(remote.toolbar);
    render(session.state, session.code, session.ended_by);
    // The customer has not said Yes yet: the first snapshot will find the mirror's code warm.
    if (session.state === 'awaiting_code' || session.state === 'awaiting_consent') warmup = warmMirror();
  }

  function disconnect(): void {
    warmup?.stop();
    warmup = null;
    drift?.destroy();
    drift = null;
    remote?.destroy();
    remote = null;
    socket?.close();
    socket = null;
    mirror?.destroy();
    mirror = null;
    viewport?.destroy();
    viewport = null;
  }

  async function begin(): Promise<void> {
    if (start.disabled || start.hidden) return;
    start.disabled = true;
    try {
      connect(await calls.startCobrowse(contact.id));
    } catch (e) {
      status.textContent = t('Could not start co-browsing: {why}', { why: (e as Error).message });
    } finally {
      start.disabled = !canCobrowse;
    }
  }
  const end = () => socket?.send({ t: 'stop_session' });
  start.addEventListener('click', () => void begin());
  stop.addEventListener('click', end);
  copy.addEventListener('click', () => void navigator.clipboard?.writeText(codeInput.value).catch(() => codeInput.select()));

  if (contact.session && LIVE.includes(contact.session.state)) connect(contact.session);
  else render(contact.session?.state ?? null, null, contact.session?.ended_by);
  showContact(contact);

  return {
    contactId: contact.id,
    update(c) {
      const wasLive = contact.session && LIVE.includes(contact.session.state);
      showContact(c);
      if (!wasLive && c.session && LIVE.includes(c.session.state) && !socket) connect(c.session);
    },
    chatLine(line) {
      chat?.add(line);
    },
    close() {
      disconnect();
      notice.destroy();
      links.setSession(null);
    },
    start: begin,
    stop: end,
    pushLink(url) {
      if (!socket || (shownState !== 'active' && shownState !== 'interrupted')) return false;
      socket.send({ t: 'push_url', url });
      return true;
    },
  };
}
