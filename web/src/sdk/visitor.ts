// This browser's visitor id (random, per site origin, kept in localStorage), the secret the
// server issued for it, and whether it has an open web contact (a chat or a callback request):
// then every page keeps a socket open so the agent can ask to co-browse directly, without a
// code. The id is public (`Tandem.visitorId()`, passed to integrations); the secret is never
// handed out by the SDK and is what makes a socket this visitor on the server.
const VISITOR = 'tandem.visitor';
const SECRET = 'tandem.visitorSecret';
const CONTACT = 'tandem.contact';

function store(win: Window): Storage | null {
  try {
    return win.localStorage;
  } catch {
    return null;
  }
}

export function visitorId(win: Window): string {
  const s = store(win);
  let id = s?.getItem(VISITOR) ?? '';
  if (!/^[0-9a-f]{32}$/.test(id)) {
    const bytes = new Uint8Array(16);
    win.crypto.getRandomValues(bytes);
    id = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    s?.setItem(VISITOR, id);
  }
  return id;
}

/** Forgets this browser's id and secret (the server says the id is another browser's) and
 * makes a new id. */
export function renewVisitorId(win: Window): string {
  const s = store(win);
  s?.removeItem(VISITOR);
  s?.removeItem(SECRET);
  return visitorId(win);
}

export function visitorSecret(win: Window): string | undefined {
  return store(win)?.getItem(SECRET) ?? undefined;
}

export function saveVisitorSecret(win: Window, secret: string): void {
  store(win)?.setItem(SECRET, secret);
}

/** The open web contact's channel (`chat` or `callback`), if any. */
export function openContact(win: Window): string | null {
  return store(win)?.getItem(CONTACT) ?? null;
}

export function setOpenContact(win: Window, channel: string | null): void {
  const s = store(win);
  if (channel) s?.setItem(CONTACT, channel);
  else s?.removeItem(CONTACT);
}
