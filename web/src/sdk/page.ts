// What every page of the site runs (`/sdk/tandem-launcher.<hash>.js`, loaded by the loader once
// it found the browser able to co-browse): `window.Tandem`, the launcher and the help buttons —
// and nothing else until co-browsing or a contact is about to start, so a visitor who never
// shares pays only for this and the loader. The core (socket, sessions, capture, and the
// panels the buttons open) is imported when it is needed: at once on a page that must hold a
// socket (a session to resume, an open web contact, listen mode), otherwise when the customer
// presses "Co-browsing code" or a help button. It is fetched ahead (modulepreload) as soon as
// the pointer reaches a button, so the panel, the consent question and the first frame rarely
// wait for it. The core takes over the mounted
// dock, and borrows the launcher's dock, widget and language code (lent.ts), never ships it itself.
import type { SiteSettings } from '../protocol';
import type { PartialOptions, Texts } from './options';
import { chooseLanguage, loadLanguage } from './language';
import type { Lent } from './lent';
import { loadToken } from './resume';
import type { TandemSdk } from './tandem';
import { openContact } from './visitor';
import { addStyles, h } from './widgets/ui';
import { DEFAULT_COLOR, DOCK_TEXTS, mountDock, type Dock, type DockActions, type DockSetup, type DockTexts, type HelpChannel } from './widgets/dock';

/** The core's, the chat chunk's and the invitations' file names, content-hashed (set by web/build.mjs). */
declare const __TANDEM_CORE__: string;
declare const __TANDEM_HELP__: string;
declare const __TANDEM_INVITE__: string;

/** What the launcher hands the core (index.ts) when it starts it. */
export interface Handoff {
  win: Window;
  /** The Tandem server this SDK came from. */
  origin: string;
  /** Every setting the site gave so far, in order. */
  site: PartialOptions[];
  /** The company's central settings (wording, colour), if the server gave them. */
  central: SiteSettings | null;
  /** The dock already on the page, which the core takes over (null: the core mounts it). */
  dock: Dock | null;
  /** The launcher's modules the core uses too (lent.ts). */
  lent: Lent;
  /** The widgets' language as the dock was drawn in it, and its texts (English: none). */
  language: string;
  texts: Partial<Texts>;
}

export interface Core {
  start(handoff: Handoff): TandemSdk;
}

interface TandemGlobal {
  init(options: PartialOptions): void;
  visitorId(): string;
  /** Shows the company's invitation for this page (invite/chunk.ts). */
  invite?(): void;
  /** Settings given before this bundle arrived (kept by the loader); `i`: invite() was called. */
  q?: PartialOptions[];
  i?: number;
  core?: boolean;
}

declare global {
  interface Window {
    Tandem?: TandemGlobal;
    tandemSettings?: PartialOptions;
  }
}

/** The dock as the site's settings and the company's say (the core's `effectiveOptions`, for
 * the few fields the dock shows). */
function dockSetup(site: PartialOptions[], central: SiteSettings | null, lang: Partial<DockTexts>): DockSetup {
  const o: PartialOptions = Object.assign({}, ...site);
  return {
    launcher: o.launcher ?? true,
    help: o.help ?? true,
    color: central?.color || o.color || DEFAULT_COLOR,
    texts: Object.assign({ ...DOCK_TEXTS }, lang, ...site.map((s) => s.texts), central?.texts),
  };
}

function run(win: Window): void {
  const doc = win.document;
  const stub = win.Tandem;
  const origin = new URL(import.meta.url).origin;
  const coreUrl = new URL(__TANDEM_CORE__, import.meta.url).href;
  const site: PartialOptions[] = [...(win.tandemSettings ? [win.tandemSettings] : []), ...(stub?.q ?? [])];
  const settings: Promise<SiteSettings | null> = fetch(`${origin}/sdk/settings`).then((r) => r.json(), () => null).catch(() => null);
  let central: SiteSettings | null = null;
  let dock: Dock | null = null;
  let shown = '';
  let core: Promise<TandemSdk> | null = null;
  let sdk: TandemSdk | null = null;
  let ready = false;
  /** The language the dock speaks (the core's rule, language.ts) and its words once loaded. */
  let asked = 'en';
  let loaded = 'en';
  let languageTexts: Partial<Texts> = {};

  function loadCore(): Promise<TandemSdk> {
    core ??= Promise.all([import(coreUrl) as Promise<Core>, settings]).then(([m, s]) => {
      sdk = m.start({ win, origin, site, central: s, dock, lent: { h, addStyles, mountDock, DOCK_TEXTS, DEFAULT_COLOR, chooseLanguage, loadLanguage }, language: loaded, texts: languageTexts });
      return sdk;
    });
    return core;
  }

  /** Fetches ahead, once, what the widget the customer reaches for will need. */
  function prefetch(what: 'code' | 'help'): void {
    for (const url of what === 'help' ? [coreUrl, new URL(__TANDEM_HELP__, import.meta.url).href] : [coreUrl]) {
      if (doc.querySelector(`link[href="${url}"]`)) continue;
      const link = doc.createElement('link');
      link.rel = 'modulepreload';
      link.href = url;
      doc.head.append(link);
    }
  }

  // Invitations: their chunk loads only for a company with rules or presence, or an invite() call.
  let invites: Promise<import('./invite/chunk').Invites> | null = null;
  const loadInvites = () =>
    (invites ??= settings.then((s) =>
      (import(new URL(__TANDEM_INVITE__, import.meta.url).href) as Promise<typeof import('./invite/chunk')>).then((m) =>
        m.startInvitations({ win, origin, settings: s, site, help: actions.help, invited: stub?.i }),
      ),
    ));

  // The core could not load: said once, under the buttons.
  let refused = false;
  const unavailable = () => {
    if (dock && !refused) dock.ui.dock.append(h(doc, 'p', { role: 'alert', class: 'alert' }, 'Co-browsing is not available on this page right now.'));
    refused = true;
  };
  const actions: DockActions = {
    code: () => void loadCore().then((t) => t.launch(), unavailable),
    help: (which: HelpChannel) => void loadCore().then((t) => t.help(which), unavailable),
    intent: prefetch,
  };

  /** Mounts the dock, again only when what it shows changed. */
  function show(): void {
    if (!ready || sdk) return;
    const o: PartialOptions = Object.assign({}, ...site);
    if (o.listen) {
      void loadCore();
      return;
    }
    const wanted = chooseLanguage(o.language, central?.language, win.navigator.languages ?? [win.navigator.language]);
    if (wanted !== loaded) {
      if (wanted !== asked) {
        asked = wanted;
        loadLanguage(doc, origin, wanted, (texts) => {
          if (asked !== wanted) return;
          loaded = wanted;
          languageTexts = texts;
          show();
        });
      }
    }
    // Never drawn in the wrong language first: the (small, cached) language file comes first.
    if (wanted !== loaded) return;
    const setup = dockSetup(site, central, languageTexts);
    const key = JSON.stringify(setup);
    if (dock && key === shown) return;
    dock?.remove();
    dock = mountDock(doc, setup, actions);
    shown = key;
  }

  win.Tandem = {
    core: true,
    init(options) {
      if (sdk) return sdk.init(options);
      site.push(options);
      show();
    },
    visitorId: () => sdk?.visitorId() ?? stub?.visitorId() ?? '',
    invite: () => void loadInvites().then((i) => i.invite()),
  };
  // `window.tandemSettings = {...}` after this point works like `Tandem.init({...})`.
  let given = win.tandemSettings;
  Object.defineProperty(win, 'tandemSettings', {
    configurable: true,
    get: () => given,
    set(v: PartialOptions | undefined) {
      given = v;
      if (v && typeof v === 'object') win.Tandem?.init(v);
    },
  });

  const start = () => {
    ready = true;
    // A page that must hold a socket loads the core at once.
    if (loadToken(win) || openContact(win)) void loadCore();
    else show();
    void settings.then((s) => {
      central = s;
      show();
      // The server names `invitations` only for a company with rules or presence on.
      if ((s as { invitations?: unknown } | null)?.invitations || stub?.i) void loadInvites();
    });
  };
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', start, { once: true });
  else start();
}

if (!window.Tandem?.core) run(window);
