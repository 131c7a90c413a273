// The SDK's core, loaded by the loader (`/sdk/tandem.js`) once it found the browser able to
// co-browse. It starts one instance when the document is ready and serves `window.Tandem`,
// replaying the settings the site gave before it arrived.
import { addSiteOptions, type PartialOptions } from './options';
import { createTandem, type TandemSdk } from './tandem';

interface TandemGlobal {
  init(options: PartialOptions): void;
  visitorId(): string;
  /** Settings given before the core loaded (kept by the loader). */
  q?: PartialOptions[];
  core?: boolean;
}

declare global {
  interface Window {
    Tandem?: TandemGlobal;
    tandemSettings?: PartialOptions;
  }
}

function serverOrigin(): string {
  const script =
    (document.currentScript as HTMLScriptElement | null) ??
    document.querySelector<HTMLScriptElement>('script[src*="/sdk/tandem"]');
  return new URL(script?.src ?? '/', location.href).origin;
}

if (!window.Tandem?.core) {
  const origin = serverOrigin();
  const early: PartialOptions[] = [...(window.tandemSettings ? [window.tandemSettings] : []), ...(window.Tandem?.q ?? [])];
  let instance: TandemSdk | null = null;
  const pending: PartialOptions[] = [];
  window.Tandem = {
    core: true,
    init(options) {
      if (instance) instance.init(options);
      else pending.push(options);
    },
    visitorId: () => instance?.visitorId() ?? '',
  };
  const start = () => {
    instance = createTandem(window, origin, [...early, ...pending].reduce(addSiteOptions, {}));
  };
  // `window.tandemSettings = {...}` after this point works like `Tandem.init({...})`.
  let settings = window.tandemSettings;
  Object.defineProperty(window, 'tandemSettings', {
    configurable: true,
    get: () => settings,
    set(v: PartialOptions | undefined) {
      settings = v;
      if (v && typeof v === 'object') window.Tandem?.init(v);
    },
  });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
  else start();
}
