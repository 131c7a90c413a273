// The site's settings for the SDK: privacy and control selectors, texts and colours. Every
// field is optional; `Tandem.init({...})` and `window.tandemSettings` (before or after the
// script loads) override the defaults. Texts and colours are configuration, not code. Privacy
// only adds up: a later call, or the company's central settings, can mask more but never
// unmask what another masked (`addSiteOptions`).
import type { ControlOptions } from './control/types';
import { DEFAULT_COLOR, DOCK_TEXTS } from './widgets/dock';
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
  // The chat and callback panels: their defaults live with them (widgets/help.ts).
  yourName?: string;
  message?: string;
  phone?: string;
  send?: string;
  requestCallback?: string;
  callbackRequested?: string;
  agentName: string;
  you?: string;
  handedOver: string;
  // Pointing and remote control: their defaults live with the control chunk (control/texts.ts).
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
  // Proactive invitations: their defaults live with the invitation (widgets/invitation.ts).
  inviteTitle?: string;
  inviteChat?: string;
  inviteCallback?: string;
  /** An agent's invitation: `{agent}` is the agent's name. */
  inviteAgent?: string;
  startChat?: string;
  callMeBack?: string;
  noThanks?: string;
}

export interface Options {
  /** Elements whose text and values never leave the browser (in addition to [data-tandem-mask]). */
  maskSelector: string;
  /** Elements replaced by an empty box (in addition to [data-tandem-block]). */
  blockSelector: string;
  /** Mask all text and values except under [data-tandem-unmask] and `unmaskSelector`. */
  privateByDefault?: boolean;
  unmaskSelector?: string;
  /** Query parameters (by name) that may leave with page, link and asset addresses; every
   * other parameter is cut off. */
  allowQueryParams?: string[];
  /** Fragments (`#...`) of addresses may leave too. */
  allowFragment?: boolean;
  /** While shared, outline on the customer's page what the agent cannot see. */
  showMasked?: boolean;
  /** Show the "Co-browsing code" launcher button. */
  launcher: boolean;
  /** Offer "Chat with us" and "Call me back" (web-initiated contacts). */
  help: boolean;
  /** Keep a socket open on every page, for integrations that bind contacts to `Tandem.visitorId()`. */
  listen: boolean;
  /** Main colour of the widgets. */
  color: string;
  /** The widgets' language (`en`, `sv`), before the company's setting and the browser's. */
  language?: string;
  texts: Texts;
}

/** What a site may set: these options, and the remote-control policy (control/types.ts), which
 * the control chunk reads from the same object. */
export type PartialOptions = Partial<Omit<Options, 'texts'>> & Partial<ControlOptions> & { texts?: Partial<Texts> };

/** The words of the session's widgets; the dock's own are DOCK_TEXTS (dock.ts), taken when the
 * options are made (the core borrows them from the launcher once started, lent.ts). */
export const DEFAULT_TEXTS: Omit<Texts, keyof typeof DOCK_TEXTS> = {
  codeLabel: 'Code',
  start: 'Start',
  consentTitle: 'Accept co-browsing?',
  consentBody: '{agent} would like to see this page with you. Passwords and hidden fields stay private.',
  yes: 'Yes',
  no: 'No',
  stop: 'Stop co-browsing',
  ended: 'Co-browsing has ended.',
  redirectTitle: 'You are about to be redirected. OK?',
  ok: 'OK',
  cancel: 'Cancel',
  agentName: 'Agent',
  handedOver: 'You are being transferred to another agent.',
};

const union = (a: string | undefined, b: string | undefined) => [a, b].filter((s) => s && s.trim()).join(', ');

/** The site's options `a`, then `b` on top: privacy selectors and allowed query parameters add
 * up and private-by-default stays on once set; everything else is replaced. */
export function addSiteOptions(a: PartialOptions, b: PartialOptions): PartialOptions {
  return {
    ...a, ...b, texts: { ...a.texts, ...b.texts },
    maskSelector: union(a.maskSelector, b.maskSelector), blockSelector: union(a.blockSelector, b.blockSelector),
    unmaskSelector: union(a.unmaskSelector, b.unmaskSelector), privateByDefault: !!(a.privateByDefault || b.privateByDefault),
    allowQueryParams: [...(a.allowQueryParams ?? []), ...(b.allowQueryParams ?? [])],
  };
}

/** The options that decide what capture sends, as one comparable string. */
export function privacyKey(o: Options): string {
  return JSON.stringify([o.maskSelector, o.blockSelector, o.privateByDefault, o.unmaskSelector, o.allowQueryParams, o.allowFragment]);
}

export function mergeOptions(base: Options, extra: PartialOptions | undefined): Options {
  if (!extra) return base;
  return { ...base, ...extra, texts: { ...base.texts, ...(extra.texts ?? {}) } };
}

export function defaultOptions(): Options {
  return { maskSelector: '', blockSelector: '', launcher: true, help: true, listen: false, color: DEFAULT_COLOR, texts: { ...DOCK_TEXTS, ...DEFAULT_TEXTS } };
}

/** Defaults in the chosen language (`lang`, over English), then the site's `Tandem.init`, then
 * the company's central settings (wording, colour). Privacy selectors add up: whatever either
 * side masks or blocks stays hidden. */
export function effectiveOptions(site: PartialOptions, central: import('../protocol').SiteSettings | null, lang: Partial<Texts> = {}): Options {
  const base = defaultOptions();
  const merged = mergeOptions({ ...base, texts: { ...base.texts, ...lang } }, site);
  if (!central) return merged;
  return {
    ...merged,
    maskSelector: union(merged.maskSelector, central.mask_selector),
    blockSelector: union(merged.blockSelector, central.block_selector),
    allowQueryParams: [...(merged.allowQueryParams ?? []), ...central.allow_query_params.split(/[\s,]+/).filter((x) => x)],
    color: central.color || merged.color,
    texts: { ...merged.texts, ...(central.texts as Partial<Texts>) },
  };
}
