// The console's calls to the Tandem JSON API. The session cookie set at sign-in authenticates
// them (`api`); the embedded view makes the same calls with its embed token instead
// (`tokenApi`), since a cross-site frame gets no cookie. Errors come back as `{error}` and are
// thrown as ApiError with that message.
export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export interface Me {
  username: string;
  /** The name customers and colleagues see (the username when none is set). */
  display_name: string;
  rights: string[];
}

/** How agents sign in here (`GET /api/sso`). */
export interface SignInOptions {
  /** The single sign-on provider's name ("Sign in with …"); null without single sign-on. */
  provider: string | null;
  /** Whether the username and password form is offered. */
  local_passwords: boolean;
}

export interface SessionView {
  id: string;
  state: import('../protocol').SessionState;
  code: string | null;
  code_expires_at: number | null;
  ended_by: import('../protocol').EndedBy | null;
}

export interface ContactView {
  id: string;
  channel: string;
  customer: string;
  created_at: number;
  state: 'open' | 'ended';
  /** Where the call stands. */
  phase: ContactPhase;
  handed_over: boolean;
  customer_known: boolean;
  unsupported: string | null;
  session: SessionView | null;
}

export type ContactPhase = 'talking' | 'parked' | 'enquiry' | 'alternate' | 'conference';

export interface ChatLine {
  at: number;
  sender: string;
  text: string;
  /** The agent who wrote an agent's line (username) and their display name then. */
  agent?: string | null;
  agent_name?: string | null;
}

export interface AgentView {
  username: string;
  display_name: string;
  rights: string[];
}

/** One group's numbers on the dashboard (`GET /api/dashboard`). */
export interface DashboardSummary {
  sessions: number;
  consented: number;
  declined: number;
  consent_rate: number | null;
  median_duration_ms: number | null;
  interruptions: number;
  control_refusals: number;
}

export interface Dashboard {
  from: number;
  days: { day: string; sessions: number }[];
  total: DashboardSummary;
  by_agent: (DashboardSummary & { name: string })[];
  by_channel: (DashboardSummary & { name: string })[];
}

export interface AuditEvent {
  at: number;
  actor: string;
  kind: string;
  session_id: string | null;
  contact_id: string | null;
  detail: string;
}

export interface Settings {
  domains: string[];
  site: import('../protocol').SiteSettings;
}

/** The company's privacy settings: days each kind of data is kept (null keeps it). */
export interface PrivacySettings {
  contact_days: number | null;
  session_days: number | null;
  chat_days: number | null;
  audit_days: number | null;
  discard_client_addresses: boolean;
}

/** What erasing one contact removed. */
export interface Erased {
  contact_id: string;
  sessions: number;
  chat_lines: number;
  visitor: boolean;
  audit_details: number;
}

/** The invitation rules, the presence switch and the counts (`GET /api/invitations`). */
export interface InvitationsView {
  invitations: import('../protocol').Invitations;
  counts: { rule: string; shown: number; accepted: number; declined: number }[];
}

/** Who is on the company's pages now (`GET /api/presence`). */
export interface PresenceList {
  now: number;
  visitors: { visitor: string; page: string; since: number; invited: boolean }[];
}

export interface Favourite {
  id?: string;
  name: string;
  url: string;
}

export interface Favourites {
  mine: Favourite[];
  company: Favourite[];
}

/** The latest `tandem scan` report (crates/server/src/scan/report.rs). */
export interface ScanReport {
  at: number;
  outcome: 'clean' | 'findings' | 'error';
  pages: {
    url: string;
    outcome: string;
    error: string | null;
    findings: { kind: string; route: string; what: string; place: string; source?: string }[];
    customer_png?: string;
    agent_png?: string;
  }[];
}

type Call = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** Calls authorised by `bearer`, or by the sign-in cookie when there is none. */
const caller = (bearer?: string): Call => async <T>(method: string, path: string, body?: unknown): Promise<T> => {
  const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  const res = await fetch(`/api${path}`, {
    method,
    credentials: bearer ? 'omit' : 'same-origin',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, (data as { error?: string }).error ?? res.statusText);
  return data as T;
};

const calls = (call: Call) => ({
  me: () => call<Me>('GET', '/me'),
  invitations: () => call<InvitationsView>('GET', '/invitations'),
  setInvitations: (i: import('../protocol').Invitations) => call<InvitationsView>('PUT', '/invitations', i),
  presence: () => call<PresenceList>('GET', '/presence'),
  invite: (visitor: string, offer: string) => call<void>('POST', `/presence/${visitor}/invite`, { offer }),
  signInOptions: () => call<SignInOptions>('GET', '/sso'),
  login: (username: string, password: string) => call<Me>('POST', '/login', { username, password }),
  logout: () => call<unknown>('POST', '/logout'),
  contacts: () => call<ContactView[]>('GET', '/contacts'),
  createContact: (channel: string, customer: string) => call<ContactView>('POST', '/contacts', { channel, customer }),
  startCobrowse: (contactId: string) => call<SessionView>('POST', `/contacts/${encodeURIComponent(contactId)}/cobrowse`),
  contact: (id: string) => call<ContactView>('GET', `/contacts/${encodeURIComponent(id)}`),
  contactEvent: (id: string, type: string, to?: string) => call<ContactView>('POST', `/contacts/${encodeURIComponent(id)}/events`, { type, to }),
  chat: (id: string) => call<ChatLine[]>('GET', `/contacts/${encodeURIComponent(id)}/chat`),
  sendChat: (id: string, text: string) => call<unknown>('POST', `/contacts/${encodeURIComponent(id)}/chat`, { text }),
  agents: () => call<AgentView[]>('GET', '/agents'),
  addAgent: (username: string, password: string, rights: string[], display_name: string) => call<AgentView>('POST', '/agents', { username, password, rights, display_name }),
  setDisplayName: (username: string, display_name: string) => call<AgentView>('PUT', `/agents/${encodeURIComponent(username)}/display-name`, { display_name }),
  setRights: (username: string, rights: string[]) => call<AgentView>('PUT', `/agents/${encodeURIComponent(username)}/rights`, { rights }),
  settings: () => call<Settings>('GET', '/settings'),
  setDomains: (domains: string[]) => call<Settings>('PUT', '/settings/domains', { domains }),
  setSite: (site: Settings['site']) => call<Settings>('PUT', '/settings/site', site),
  privacy: () => call<PrivacySettings>('GET', '/settings/privacy'),
  setPrivacy: (settings: PrivacySettings) => call<PrivacySettings>('PUT', '/settings/privacy', settings),
  erasePersonalData: (contactId: string) => call<Erased>('DELETE', `/contacts/${encodeURIComponent(contactId)}/personal-data`),
  audit: (query: string) => call<AuditEvent[]>('GET', `/audit?${query}`),
  dashboard: (days: number) => call<Dashboard>('GET', `/dashboard?days=${days}`),
  scanReport: () => call<ScanReport>('GET', '/scan/report'),
  saveCompanyFavourites: (favourites: Favourite[]) => call<Favourites>('PUT', '/company/favourites', { favourites }),
  favourites: () => call<Favourites>('GET', '/favourites'),
  saveFavourites: (favourites: Favourite[]) => call<Favourites>('PUT', '/favourites', { favourites }),
  embed: () => call<EmbedView>('GET', '/embed'),
  embedOrigins: () => call<{ origins: string[] }>('GET', '/settings/embed'),
  setEmbedOrigins: (origins: string[]) => call<{ origins: string[] }>('PUT', '/settings/embed', { origins }),
});

export type Api = ReturnType<typeof calls>;
export const api: Api = calls(caller());
/** The same calls with an embed token (the server answers only the embedded view's own). */
export const tokenApi = (token: string): Api => calls(caller(token));

/** What the embedded view reads about itself (`GET /api/embed`). */
export interface EmbedView {
  contact: ContactView;
  /** The host page's origin: the only one the view exchanges messages with. */
  origin: string;
  agent: Me;
}
