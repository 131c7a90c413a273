// Proactive invitations on the visitor's page (`/sdk/tandem-invite.<hash>.js`): loaded by the
// launcher only when the company has invitation rules or presence on, or the site calls
// `Tandem.invite()`, so a company without them pays nothing. It runs each automatic rule's
// clocks (time on page, idle time), shows the invitation (widgets/invitation.ts), counts what
// became of it with a beacon, and — with presence on — reports the page every few seconds with
// a small request (no socket), whose answer may carry an agent's invitation. Accepting opens the
// chat or callback panel of the dock: the contact it makes is an ordinary web contact, so the
// agent's Start co-browsing asks the visitor directly, no code. Everything it starts, `stop()`
// ends; nothing lives at module level.
import type { InvitationRule, Invitations, SiteSettings } from '../../protocol';
import { chooseLanguage, loadLanguage } from '../language';
import type { PartialOptions, Texts } from '../options';
import { loadToken } from '../resume';
import { openContact, visitorId } from '../visitor';
import { DEFAULT_COLOR } from '../widgets/dock';
import { INVITE_TEXTS, showInvitation, type InvitationDialog } from '../widgets/invitation';
import { ruleFor } from './rules';

export { pageMatches, ruleFor } from './rules';

/** Once a visitor answered an automatic invitation, the rules leave them alone in this tab. */
const ANSWERED = 'tandem.invited';

export interface InviteContext {
  win: Window;
  origin: string;
  settings: (SiteSettings & { invitations?: Invitations }) | null;
  site: PartialOptions[];
  /** Opens the dock's chat or callback panel. */
  help(which: 'chat' | 'callback'): void;
  /** The site called `Tandem.invite()` before this chunk arrived. */
  invited?: number;
}

export interface Invites {
  /** The site's `Tandem.invite()`. */
  invite(): void;
  stop(): void;
}

export function startInvitations(ctx: InviteContext): Invites {
  const { win, origin, settings } = ctx;
  const doc = win.document;
  const inv = settings?.invitations ?? { rules: [], presence: false };
  const site: PartialOptions = Object.assign({}, ...ctx.site);
  let langTexts: Partial<Texts> = {};
  const lang = chooseLanguage(site.language, settings?.language, win.navigator.languages ?? [win.navigator.language]);
  loadLanguage(doc, origin, lang, (t) => (langTexts = t));
  const texts = (): Partial<Texts> => Object.assign({}, langTexts, ...ctx.site.map((s) => s.texts), settings?.texts);
  const teardown: (() => void)[] = [];
  let shown: InvitationDialog | null = null;
  let stopped = false;

  const busy = () => !!(shown || loadToken(win) || openContact(win));
  const beacon = (rule: string, event: string) => win.navigator.sendBeacon?.(`${origin}/api/visitors/${visitorId(win)}/invitations/${encodeURIComponent(rule)}/${event}`);

  function show(rule: string, offer: string, body: string, automatic: boolean): void {
    if (busy() || stopped) return;
    beacon(rule, 'shown');
    shown = showInvitation(doc, settings?.color || site.color || DEFAULT_COLOR, texts(), offer, body, (accepted) => {
      shown = null;
      beacon(rule, accepted ? 'accepted' : 'declined');
      if (automatic) {
        try {
          win.sessionStorage.setItem(ANSWERED, '1');
        } catch {
          /* storage off: the rules may ask again on the next page */
        }
      }
      if (accepted) ctx.help(offer === 'callback' ? 'callback' : 'chat');
    });
  }

  // The automatic rule of this page: shown once both its clocks have run out.
  const auto: InvitationRule | null = ruleFor(inv.rules, win.location.pathname, false);
  let answered = false;
  try {
    answered = !!win.sessionStorage.getItem(ANSWERED);
  } catch {
    /* no storage: ask */
  }
  if (auto && !answered) {
    const perf = win.performance;
    let last = perf.now();
    let timer = 0;
    const active = () => (last = perf.now());
    const events = ['pointermove', 'pointerdown', 'keydown', 'scroll', 'wheel'];
    for (const e of events) win.addEventListener(e, active, { capture: true, passive: true });
    const check = () => {
      const now = perf.now();
      const wait = Math.max(auto.seconds_on_page * 1000 - now, auto.idle_seconds * 1000 - (now - last));
      if (wait > 0) timer = win.setTimeout(check, wait);
      else show(auto.id, auto.offer, auto.text, true);
    };
    check();
    teardown.push(() => {
      win.clearTimeout(timer);
      for (const e of events) win.removeEventListener(e, active, { capture: true });
    });
  }

  // Presence: the page reports itself while presence is on; an agent's invitation comes back.
  if (inv.presence) {
    let timer = 0;
    const allowed = (settings?.allow_query_params ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const page = () => {
      const u = new URL(win.location.href);
      const kept = [...u.searchParams].filter(([k]) => allowed.includes(k));
      return u.origin + u.pathname + (kept.length ? `?${new URLSearchParams(kept)}` : '');
    };
    const report = () => {
      if (stopped) return;
      if (doc.visibilityState !== 'visible') {
        timer = win.setTimeout(report, 10_000);
        return;
      }
      fetch(`${origin}/api/visitors/${visitorId(win)}/presence`, { method: 'POST', body: page() })
        .then((r) => (r.ok ? r.json() : null))
        .then((a: { on: boolean; next_ms: number; invitation: { offer: string; agent: string } | null } | null) => {
          if (stopped || !a?.on) return;
          const i = a.invitation;
          if (i) show('agent', i.offer, (texts().inviteAgent ?? INVITE_TEXTS.inviteAgent).replace('{agent}', i.agent), false);
          timer = win.setTimeout(report, a.next_ms);
        }, () => (timer = win.setTimeout(report, 30_000)));
    };
    report();
    teardown.push(() => win.clearTimeout(timer));
  }

  function invite(): void {
    const rule = ruleFor(inv.rules, win.location.pathname, true);
    show(rule?.id ?? 'site', rule?.offer ?? 'chat', rule?.text ?? '', false);
  }
  if (ctx.invited) invite();

  return {
    invite,
    stop() {
      stopped = true;
      shown?.remove();
      for (const t of teardown.splice(0)) t();
    },
  };
}
