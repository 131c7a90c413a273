// The signed-in workspace: the agent's contacts on the left (with a form to create a demo
// contact) and the selected contact's co-browsing session on the right.
import { api, type ContactView, type Me } from './api';
import { el } from './dom';
import { createLinkMenu } from './linkmenu';
import { showAdmin } from './admin';
import { openSession, type SessionPanel } from './live/session';
import { createPresence } from './presence';
import { t } from './texts';
import { channelName } from './channels';

const CHANNELS = ['phone', 'email', 'chat', 'callback', 'facebook', 'twitter', 'work_item'];
const LIVE = new Set(['awaiting_code', 'awaiting_consent', 'active', 'interrupted']);

export function showWorkspace(root: HTMLElement, me: Me): void {
  const list = el('ul', { 'aria-label': t('Contacts') });
  const main = el('section', { class: 'session', 'aria-label': t('Co-browsing') }, el('p', { class: 'placeholder' }, t('Select a contact to co-browse with.')));
  let selected: string | null = null;
  let panel: SessionPanel | null = null;
  const canCobrowse = me.rights.includes('cobrowse');
  const linkMenu = createLinkMenu();
  // Visitors on the site, to invite (agents who co-browse; empty while presence is off).
  const presence = canCobrowse ? createPresence() : null;

  const channel = el('select', { name: 'channel' }, ...CHANNELS.map((c) => el('option', { value: c }, channelName(c))));
  const customer = el('input', { name: 'customer', value: t('Demo Customer') });
  const create = el('form', { class: 'new-contact', 'aria-label': t('New contact') }, el('h2', {}, t('New contact')), el('label', {}, t('Channel'), channel), el('label', {}, t('Customer'), customer), el('button', { type: 'submit' }, t('Create contact')));
  create.addEventListener('submit', async (e) => {
    e.preventDefault();
    // The previous contact's panel goes at once: nothing on it can be pressed by mistake while
    // the new contact is on its way.
    panel?.close();
    panel = null;
    main.replaceChildren(el('p', { class: 'placeholder' }, t('Creating the contact…')));
    const c = await api.createContact(channel.value, customer.value);
    selected = c.id;
    pickedAt = started;
    await refresh();
  });

  // Refreshes overlap (a create, then the event stream's echo of it): one that returns after a
  // newer one is dropped, and a list fetched before the agent picked a contact never closes
  // that contact's panel for lacking it.
  let started = 0;
  let applied = 0;
  let pickedAt = 0;
  async function refresh(): Promise<void> {
    const mine = ++started;
    const contacts = await api.contacts();
    if (mine < applied) return;
    applied = mine;
    if (!selected) selected = contacts.find((c) => c.session && LIVE.has(c.session.state))?.id ?? null;
    list.replaceChildren(...contacts.map(item));
    const current = contacts.find((c) => c.id === selected);
    if (current && panel?.contactId !== current.id) select(current);
    else if (current) panel?.update(current);
    else if (panel && mine > pickedAt) {
      // Handed to another agent: it is no longer ours to show.
      panel.close();
      panel = null;
      selected = null;
      main.replaceChildren(el('p', { class: 'placeholder' }, t('Select a contact to co-browse with.')));
    }
  }

  // Live updates: new web contacts, hand-overs, chat lines, browser support.
  const events = new EventSource('/api/events');
  // A reconnected stream (a node restarted, the network dropped) may have missed changes.
  let streamOpened = false;
  events.addEventListener('open', () => {
    if (streamOpened) void refresh();
    streamOpened = true;
  });
  events.addEventListener('contact', () => void refresh());
  events.addEventListener('chat', (e) => {
    const line = JSON.parse((e as MessageEvent).data) as { contact: string; from: string; text: string; agent: string | null; agent_name: string | null };
    if (panel?.contactId === line.contact) panel.chatLine({ sender: line.from, text: line.text, agent: line.agent, agent_name: line.agent_name });
  });

  function item(c: ContactView): HTMLLIElement {
    const flags = [c.state === 'ended' ? t('ended') : '', c.handed_over ? t('handed over') : '', c.unsupported ? t('browser not supported') : ''].filter(Boolean);
    const li = el('li', { class: 'contact' + (c.id === selected ? ' selected' : '') + (c.state === 'ended' ? ' ended' : ''), 'aria-label': `${c.customer} (${channelName(c.channel)})` },
      el('strong', {}, c.customer),
      el('span', { class: 'meta' }, `${channelName(c.channel)} · ${new Date(c.created_at).toLocaleTimeString()}${flags.length ? ' · ' + flags.join(', ') : ''}`));
    const open = el('button', { type: 'button', class: 'secondary' }, t('Open'));
    open.addEventListener('click', () => {
      selected = c.id;
      pickedAt = started;
      for (const other of list.children) other.classList.toggle('selected', other === li);
      // The list may be older than the contact's session (started, joined, stopped since it
      // was drawn): open what the server says now.
      void refresh();
    });
    li.append(open);
    return li;
  }

  function select(c: ContactView): void {
    panel?.close();
    panel = openSession(main, c, canCobrowse, linkMenu, me.username);
  }

  const signOut = el('button', { type: 'button' }, t('Sign out'));
  signOut.addEventListener('click', async () => {
    events.close();
    panel?.close();
    presence?.close();
    await api.logout();
    location.reload();
  });
  const who = [el('span', {}, `${me.display_name || me.username} `), signOut];
  if (me.rights.includes('admin')) {
    // Admin and the workspace swap in place; the workspace is rebuilt to pick up changes.
    const admin = el('button', { type: 'button' }, t('Admin'));
    admin.addEventListener('click', () => {
      if (admin.textContent === t('Admin')) {
        panel?.close();
        events.close();
        presence?.close();
        showAdmin(root);
        admin.textContent = t('Contacts');
      } else {
        showWorkspace(root, me);
      }
    });
    who.unshift(admin);
  }
  document.getElementById('who')?.replaceChildren(...who);
  root.replaceChildren(el('div', { class: 'workspace' }, el('aside', { class: 'contacts' }, el('h2', {}, t('Contacts')), list, create, ...(presence ? [presence.element] : [])), linkMenu.element, main));
  void refresh();
}
