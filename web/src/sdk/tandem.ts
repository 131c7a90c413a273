// One Tandem SDK instance on one page: the customer's side of a co-browsing session.
// It owns the socket, the widgets and the sharing, and follows the server's messages:
// code → consent → share → ended. Everything it starts it also stops (`stop()`), and nothing
// lives at module level.
import type { ToCustomer } from '../protocol';
import { connect, type Connection } from './connection';
import { insideDomains } from './domains';
import { watchLeaving } from './leaving';
import { defaultOptions, mergeOptions, type Options, type PartialOptions } from './options';
import { clearToken, loadToken, saveToken } from './resume';
import { startSharing, type Share } from './share';
import { askConsent, type ConsentDialog } from './widgets/consent';
import { askRedirect } from './widgets/redirect';
import { createLauncher, type Launcher } from './widgets/launcher';
import { showNotice, showStopBar, type StopBar } from './widgets/stopbar';
import { createUi, type Ui } from './widgets/ui';

export interface TandemSdk {
  init(options: PartialOptions): void;
  stop(): void;
}

export function createTandem(win: Window, serverOrigin: string, initial?: PartialOptions): TandemSdk {
  const doc = win.document;
  let options: Options = mergeOptions(defaultOptions(), initial);
  let ui: Ui | null = null;
  let launcher: Launcher | null = null;
  let conn: Connection | null = null;
  let consent: ConsentDialog | null = null;
  let stopBar: StopBar | null = null;
  let share: Share | null = null;
  /** The company's domains, as the server last said; leaving them interrupts co-browsing. */
  let domains: string[] = [];
  /** Teardowns of what runs while this page is bound to a session. */
  const bound: (() => void)[] = [];

  const wsUrl = serverOrigin.replace(/^http/, 'ws') + '/ws/customer';

  function mount(): void {
    ui?.remove();
    ui = createUi(doc, options.color);
    launcher = options.launcher && !share && !consent ? createLauncher(ui, options.texts, redeem) : null;
  }

  function socket(): Connection {
    if (!conn) {
      conn = connect(wsUrl, {
        onOpen() {
          // After a network drop a page that was co-browsing picks its session up again.
          const token = loadToken(win);
          if (token && (share || consent)) conn?.send({ t: 'resume', token });
        },
        onMessage: handle,
        onRefused(code, reason) {
          conn = null;
          if (code !== 4413) launcher?.refuse('Co-browsing is not available on this page.');
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
      case 'code_refused':
        launcher?.refuse(msg.message);
        break;
      case 'consent_request':
        saveToken(win, msg.token);
        launcher?.remove();
        launcher = null;
        if (!consent && ui) {
          consent = askConsent(ui, options.texts, msg.agent, (accept) => {
            consent = null;
            conn?.send({ t: 'consent', accept });
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
        break;
      case 'navigate':
        navigate(msg.url);
        break;
      case 'snapshot_request':
        share?.snapshot();
        break;
      case 'scroll':
        win.scrollTo(msg.x, msg.y);
        break;
      case 'ended':
        end(true);
        break;
      case 'error':
        if (launcher) launcher.refuse(msg.message);
        else console.warn(`Tandem: ${msg.message}`);
        break;
    }
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
      conn?.send({ t: 'leaving', url });
      // Let both messages leave before the page does.
      setTimeout(() => win.location.assign(url), 50);
    });
  }

  /** While bound to a session: say when this tab comes to the front, and when it leaves. */
  function watchPage(): void {
    if (bound.length) return;
    const onVisibility = () => conn?.send({ t: 'visible', visible: doc.visibilityState === 'visible' });
    doc.addEventListener('visibilitychange', onVisibility);
    bound.push(() => doc.removeEventListener('visibilitychange', onVisibility));
    bound.push(watchLeaving(win, () => domains, (url) => conn?.send({ t: 'leaving', url })));
  }

  function beginSharing(): void {
    watchPage();
    launcher?.remove();
    launcher = null;
    if (!share) share = startSharing(win, options, (frame) => conn?.sendFrame(frame));
    else share.snapshot();
    if (!stopBar && ui) stopBar = showStopBar(ui, options.texts, () => conn?.send({ t: 'stop' }));
  }

  /** Back to normal: no sharing, no widgets but the launcher, no token. */
  function end(notify: boolean): void {
    const wasSharing = !!share || !!stopBar;
    for (const teardown of bound.splice(0)) teardown();
    share?.stop();
    share = null;
    consent?.remove();
    consent = null;
    stopBar?.remove();
    stopBar = null;
    clearToken(win);
    conn?.close();
    conn = null;
    mount();
    if (notify && wasSharing && ui) showNotice(ui, options.texts.ended);
  }

  mount();
  const token = loadToken(win);
  if (token) socket().send({ t: 'resume', token });

  return {
    init(extra) {
      options = mergeOptions(options, extra);
      if (!share && !consent) mount();
    },
    stop() {
      for (const teardown of bound.splice(0)) teardown();
      share?.stop();
      share = null;
      conn?.close();
      conn = null;
      ui?.remove();
      ui = null;
    },
  };
}
