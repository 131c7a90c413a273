// One Tandem SDK instance on one page: the customer's side of co-browsing. It owns the socket,
// the widgets and the sharing, and follows the server's messages: code or direct request →
// consent → share (this tab, while in front) → ended. Everything it starts it also stops
// (`stop()`), and nothing lives at module level. Its widgets sit in the dock the launcher
// mounted (page.ts), which it takes over and mounts again through the launcher's `mountDock` (lent.ts).
import type { ToCustomer } from '../protocol';
import { connect, type Connection } from './connection';
import { insideDomains } from './domains';
import { watchLeaving } from './leaving';
import { chooseLanguage, loadLanguage } from './language';
import { addSiteOptions, effectiveOptions, privacyKey, type Options, type PartialOptions, type Texts } from './options';
import { publicUrl } from '../dom/capture/urls';
import { clearToken, loadAgent, loadToken, saveToken } from './resume';
import { startSharing, type Share } from './share';
import { openContact, renewVisitorId, saveVisitorSecret, setOpenContact, visitorId, visitorSecret } from './visitor';
import type { SiteSettings } from '../protocol';
import { askConsent, type ConsentDialog } from './widgets/consent';
import type { Handoff } from './page';
import type { Dock, HelpChannel } from './widgets/dock';
import type { HelpWidgets } from './widgets/help';
import { createWebContact } from './webcontact';
import { createLauncher, type Launcher } from './widgets/launcher';
import { outlineMasked } from './widgets/masked';
import { askRedirect } from './widgets/redirect';
import { showNotice, showStopBar, type StopBar } from './widgets/stopbar';
import { addStyles, type Ui } from './widgets/ui';
import { mountDock } from './widgets/dock';
import SESSION_CSS from './widgets/session.css';
import { createRemote } from './remote';

/** The control chunk's file name, content-hashed (set by web/build.mjs). */
declare const __TANDEM_CONTROL__: string;

export interface TandemSdk {
  init(options: PartialOptions): void;
  visitorId(): string;
  /** The customer pressed "Co-browsing code": its panel opens or closes. */
  launch(): void;
  /** The customer pressed a help button. */
  help(which: HelpChannel): void;
  stop(): void;
}

export function createTandem(
  win: Window,
  serverOrigin: string,
  initial: PartialOptions,
  page: Pick<Handoff, 'central' | 'dock' | 'language' | 'texts'>,
): TandemSdk {
  const doc = win.document;
  let visitor = visitorId(win);
  /** What the site said in `Tandem.init`, and what the company's admin set centrally. */
  let siteInit: PartialOptions = initial;
  let central: SiteSettings | null = page.central;
  /** The widgets' language and its texts, once loaded (English needs none): at first those the
   * launcher drew the dock in, which the code panel speaks too. */
  let language = page.language;
  let languageTexts: Partial<Texts> = page.texts;
  let options: Options = effectiveOptions(siteInit, central, languageTexts);
  let dock: Dock | null = null;
  let ui: Ui | null = null;
  let launcher: Launcher | null = null;
  /** The customer just said Yes on this page. */
  let answered = false;
  let help: HelpWidgets | null = null;
  let conn: Connection | null = null;
  let consent: ConsentDialog | null = null;
  let stopBar: StopBar | null = null;
  let share: Share | null = null;
  /** The company's domains, as the server last said; leaving them interrupts co-browsing. */
  let domains: string[] = [];
  /** Teardowns of what runs while this page is in a session. */
  const bound: (() => void)[] = [];
  /** The agent's name, from the consent request (kept for the session's later pages). */
  let agentName = loadAgent(win);
  /** Pointing and remote control: the agent's marks and commands on this page. */
  const remote = createRemote(win, `${serverOrigin}/sdk/${__TANDEM_CONTROL__}`, {
    options: () => options,
    central: () => central,
    nodeOf: (id) => share?.nodeOf(id) ?? null,
    send: (msg) => conn?.send(msg),
    ui: () => ui,
    agent: () => agentName,
  });

  const wsUrl = serverOrigin.replace(/^http/, 'ws') + '/ws/customer';
  const inSession = () => !!(share || stopBar || consent);

  /** Shows the widgets for the current options: the launcher's `existing` dock, or a new one. */
  function mount(existing: Dock | null = null): void {
    dock?.remove();
    const open = !inSession();
    dock = existing ?? mountDock(doc, { color: options.color, texts: options.texts, launcher: options.launcher && open, help: options.help && open }, {
      code: () => launcher?.toggle(),
      help: (which) => help?.toggle(which),
    });
    ui = dock.ui;
    addStyles(ui.root, SESSION_CSS);
    launcher = dock.launcher && createLauncher(ui, dock.launcher, options.texts, redeem);
    const { chat, call } = dock;
    help = chat && call
      ? createWebContact({ ...dock, chat, call }, options.texts, {
          contact: (channel, name, detail) => socket().send({ t: 'web_contact', channel, name, detail }),
          send: (text) => socket().send({ t: 'chat_send', text }),
        })
      : null;
  }

  function socket(): Connection {
    if (!conn) {
      conn = connect(wsUrl, {
        onOpen() {
          conn?.send({ t: 'hello', visitor, secret: visitorSecret(win) });
          // A new page, or the same page after a network drop, picks its session up again.
          const token = loadToken(win);
          if (token) conn?.send({ t: 'resume', token });
        },
        onMessage: handle,
        onUnavailable() {
          const why = 'Co-browsing is not available on this page right now.';
          if (launcher) launcher.refuse(why);
          else help?.error(why);
        },
        onRefused(code, reason) {
          conn = null;
          const why = 'Co-browsing is not available on this page.';
          if (code !== 4413) {
            if (launcher) launcher.refuse(why);
            else help?.error(why);
          }
          console.warn(`Tandem: connection refused (${code} ${reason})`);
        },
      });
    }
    return conn;
  }

  function redeem(code: string): void {
    socket().send({ t: 'redeem', code });
  }

  function handle(msg: ToCustomer): void {
    switch (msg.t) {
      case 'visitor_secret':
        saveVisitorSecret(win, msg.secret);
        break;
      case 'visitor_refused':
        // The id is bound to another browser: this one starts over with its own.
        visitor = renewVisitorId(win);
        conn?.send({ t: 'hello', visitor });
        break;
      case 'code_refused':
        launcher?.refuse(msg.message);
        break;
      case 'consent_request':
        agentName = msg.agent;
        saveToken(win, msg.token, msg.agent);
        if (!consent && ui) {
          launcher?.remove();
          launcher = null;
          consent = askConsent(ui, options.texts, msg.agent, (accept, text) => {
            consent = null;
            // Yes: the keyboard goes on to "Stop co-browsing" when it shows (what was focused went with the code panel).
            answered = accept;
            conn?.send({ t: 'consent', accept, language, text });
          });
        }
        break;
      case 'share':
        domains = msg.domains;
        beginSharing();
        break;
      case 'pause':
        // Another tab of the customer's is in front and shared now.
        share?.stop();
        share = null;
        remote.pause();
        break;
      case 'snapshot_request':
        share?.snapshot();
        break;
      case 'asset_request':
        share?.handOver(msg.url);
        break;
      case 'scroll':
        win.scrollTo(msg.x, msg.y);
        break;
      case 'navigate':
        navigate(msg.url);
        break;
      case 'ended':
        if (openContact(win) === 'handover') setOpenContact(win, null);
        end(options.texts.ended);
        break;
      case 'handed_over':
        // The contact goes on with another agent, who will ask again: keep listening, also on
        // the next pages, until the contact ends.
        setOpenContact(win, 'handover');
        end(options.texts.handedOver);
        break;
      case 'contact_opened':
        setOpenContact(win, msg.channel);
        help?.opened(msg.channel);
        break;
      case 'chat_line':
        help?.line(msg.from, msg.text);
        break;
      case 'contact_ended':
        setOpenContact(win, null);
        help?.closed();
        if (!inSession()) disconnectUnlessListening();
        break;
      case 'settings':
        applySettings(msg.settings);
        break;
      case 'grant':
      case 'pointer':
      case 'point':
      case 'stroke':
      case 'clear_drawing':
      case 'control':
        remote.handle(msg);
        break;
      case 'error':
        if (launcher) launcher.refuse(msg.message);
        else if (help) help.error(msg.message);
        else console.warn(`Tandem: ${msg.message}`);
        break;
    }
  }

  /** New options (the site's or the company's); while sharing, a fresh snapshot when what
   * may leave changed. */
  function setOptions(next: Options): void {
    const before = options;
    options = next;
    if (share && privacyKey(before) !== privacyKey(options)) {
      share.stop();
      share = startSharing(win, options, (frame) => conn?.sendFrame(frame));
    }
  }

  /** An address as it may leave (origin and path, allowed query parameters). */
  function publicAddress(url: string): string {
    return publicUrl({ query: options.allowQueryParams ?? [], fragment: !!options.allowFragment }, url);
  }

  /** The company's central settings changed: new wording and colour, and — while sharing —
   * a fresh snapshot under the new privacy selectors. */
  function applySettings(settings: SiteSettings): void {
    central = settings;
    relabel();
    pickLanguage();
  }

  function current(): Options {
    return effectiveOptions(siteInit, central, languageTexts);
  }

  /** New wording or colour: the widgets are drawn again (in a session, only the Stop bar). */
  function relabel(): void {
    const before = options;
    setOptions(current());
    if (before.color === options.color && JSON.stringify(before.texts) === JSON.stringify(options.texts)) return;
    if (!inSession()) mount();
    else if (stopBar && ui) {
      stopBar.remove();
      stopBar = showStopBar(ui, options.texts, () => conn?.send({ t: 'stop' }));
    }
  }

  /** The site, the company or the browser asks for another language: load it for the widgets
   * still to come (consent, Stop, control). The dock already on the page keeps its words: a
   * redraw would close a code panel the customer may be typing in. */
  function pickLanguage(): void {
    const next = chooseLanguage(siteInit.language, central?.language, win.navigator.languages ?? [win.navigator.language]);
    if (next === language) return;
    language = next;
    loadLanguage(doc, serverOrigin, next, (texts) => {
      if (language !== next) return;
      languageTexts = texts;
      setOptions(current());
    });
  }

  function navigate(url: string): void {
    if (insideDomains(url, doc.baseURI, domains)) {
      win.location.assign(url);
      return;
    }
    if (!ui) return;
    askRedirect(ui, options.texts, url, (accepted) => {
      conn?.send({ t: 'redirect_answer', url, accepted });
      if (!accepted) return;
      conn?.send({ t: 'leaving', url: publicAddress(url) });
      // Let both messages leave before the page does.
      setTimeout(() => win.location.assign(url), 50);
    });
  }

  /** While in a session: say when this tab comes to the front, and when the page leaves the site. */
  function watchPage(): void {
    if (bound.length) return;
    const onVisibility = () => conn?.send({ t: 'visible', visible: doc.visibilityState === 'visible' });
    doc.addEventListener('visibilitychange', onVisibility);
    bound.push(() => doc.removeEventListener('visibilitychange', onVisibility));
    bound.push(watchLeaving(win, () => domains, (url) => conn?.send({ t: 'leaving', url: publicAddress(url) })));
    if (options.showMasked) bound.push(outlineMasked(doc, options));
  }

  function beginSharing(): void {
    watchPage();
    launcher?.remove();
    launcher = null;
    help?.remove();
    help = null;
    if (!share) share = startSharing(win, options, (frame) => conn?.sendFrame(frame));
    else share.snapshot();
    if (!stopBar && ui) stopBar = showStopBar(ui, options.texts, () => conn?.send({ t: 'stop' }));
    if (answered) stopBar?.focus();
    answered = false;
  }

  function disconnectUnlessListening(): void {
    if (openContact(win) || options.listen) return;
    conn?.close();
    conn = null;
  }

  /** Back to normal: no sharing, no session widgets, no token; `notice` says why. */
  function end(notice: string): void {
    const wasInSession = inSession();
    for (const teardown of bound.splice(0)) teardown();
    share?.stop();
    share = null;
    remote.end();
    consent?.remove();
    consent = null;
    stopBar?.remove();
    stopBar = null;
    clearToken(win);
    disconnectUnlessListening();
    mount();
    if (wasInSession && ui) showNotice(ui, notice);
  }

  mount(page.dock);
  pickLanguage();

  if (loadToken(win) || openContact(win) || options.listen) socket();

  return {
    init(extra) {
      siteInit = addSiteOptions(siteInit, extra);
      setOptions(current());
      if (!inSession()) mount();
      pickLanguage();
      if (options.listen) socket();
    },
    visitorId: () => visitor,
    launch: () => launcher?.toggle(),
    help: (which) => help?.toggle(which),
    stop() {
      for (const teardown of bound.splice(0)) teardown();
      share?.stop();
      share = null;
      remote.pause();
      conn?.close();
      conn = null;
      dock?.remove();
      dock = null;
      ui = null;
    },
  };
}
