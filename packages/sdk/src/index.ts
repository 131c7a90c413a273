// `@tandem/sdk`: the customer SDK for sites built with a bundler. It loads the very code the
// script tag loads (`https://TANDEM-SERVER/sdk/tandem.js`, then the chunks that loader picks),
// so a site gets the same small loader, the same browser check and the same updates; this
// package only adds the script once and gives `init` its types. The options are the ones
// `Tandem.init` takes (web/src/sdk/options.ts; a type test keeps the two the same).

/** Texts of the customer's widgets; every one may be replaced. */
export interface Texts {
  launcher: string;
  codeLabel: string;
  start: string;
  consentTitle: string;
  consentBody: string;
  yes: string;
  no: string;
  stop: string;
  ended: string;
  redirectTitle: string;
  ok: string;
  cancel: string;
  chat: string;
  callback: string;
  yourName?: string;
  message?: string;
  phone?: string;
  send?: string;
  requestCallback?: string;
  callbackRequested?: string;
  agentName: string;
  you?: string;
  handedOver: string;
  controlling?: string;
  takeBack?: string;
  askControlTitle?: string;
  askControlBody?: string;
  allow?: string;
  deny?: string;
  pointing?: string;
  /** Read to screen readers: `{agent}` and `{target}` (what is pointed at). */
  pointingAt?: string;
  controlEnded?: string;
  typingHere?: string;
  clearDrawing?: string;
}

/** The site's options, as `Tandem.init` takes them; every one is optional. */
export interface SiteOptions {
  /** Elements whose text and values never leave the browser (besides [data-tandem-mask]). */
  maskSelector?: string;
  /** Elements replaced by an empty box (besides [data-tandem-block]). */
  blockSelector?: string;
  /** Mask all text and values except under [data-tandem-unmask] and `unmaskSelector`. */
  privateByDefault?: boolean;
  unmaskSelector?: string;
  /** Query parameters (by name) that may leave with addresses; every other one is cut off. */
  allowQueryParams?: string[];
  /** Fragments (`#...`) of addresses may leave too. */
  allowFragment?: boolean;
  /** While shared, outline on the customer's page what the agent cannot see. */
  showMasked?: boolean;
  /** Show the "Co-browsing code" launcher button (default true). */
  launcher?: boolean;
  /** Offer "Chat with us" and "Call me back" (default true). */
  help?: boolean;
  /** Keep a socket open on every page (integrations that bind contacts to `visitorId()`). */
  listen?: boolean;
  /** Main colour of the widgets. */
  color?: string;
  /** The widgets' language (`en`, `sv`), before the company's setting and the browser's. */
  language?: string;
  /** Elements inside which the agent may not click or type (besides [data-tandem-no-control]). */
  noControlSelector?: string;
  /** Fields the agent may type in (besides [data-tandem-editable]). */
  editableSelector?: string;
  /** `false` turns remote control off on this site, whatever the company allows. */
  remoteControl?: boolean;
  /** `false` turns agent typing off on this site. */
  typing?: boolean;
  /** Ask the customer before the agent's first remote action. */
  askBeforeControl?: boolean;
  texts?: Partial<Texts>;
}

export interface InitOptions extends SiteOptions {
  /** The Tandem server, e.g. `https://tandem.example.com` (the SDK talks to it). */
  server: string;
}

/** `window.Tandem`, as the loader defines it. */
export interface Tandem {
  init(options: SiteOptions): void;
  /** This browser's visitor id, for integrations that create contacts for it. */
  visitorId(): string;
}

const current = () => (window as unknown as { Tandem?: Tandem }).Tandem;

/** Loads the SDK from `server` (once per page) and resolves with `window.Tandem`. */
export function load(server: string): Promise<Tandem> {
  const src = `${new URL(server).origin}/sdk/tandem.js`;
  const running = current();
  if (running) return Promise.resolve(running);
  const present = document.querySelector<HTMLScriptElement>(`script[src="${src}"]`);
  const script = present ?? document.createElement('script');
  const loaded = new Promise<Tandem>((resolve, reject) => {
    script.addEventListener('load', () => {
      const t = current();
      if (t) resolve(t);
      else reject(new Error('Tandem did not start'));
    }, { once: true });
    script.addEventListener('error', () => reject(new Error(`could not load ${src}`)), { once: true });
  });
  if (!present) {
    script.src = src;
    script.async = true;
    document.head.append(script);
  }
  return loaded;
}

/** Loads the SDK from `options.server` and applies the site's options (`Tandem.init`). */
export async function init(options: InitOptions): Promise<Tandem> {
  const { server, ...site } = options;
  const tandem = await load(server);
  tandem.init(site);
  return tandem;
}
