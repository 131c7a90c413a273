// The SDK's entry point: one script tag on every page of the site. It finds the Tandem server
// it was loaded from, starts one instance when the document is ready, and exposes
// `window.Tandem.init({...})` for the site's optional settings.
import type { PartialOptions } from './options';
import { createTandem, type TandemSdk } from './tandem';

interface TandemGlobal {
  init(options: PartialOptions): void;
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
    document.querySelector<HTMLScriptElement>('script[src*="/sdk/tandem.js"]');
  return new URL(script?.src ?? '/', location.href).origin;
}

function supported(): boolean {
  return typeof WebSocket === 'function' && typeof MutationObserver === 'function' && typeof Element.prototype.attachShadow === 'function';
}

if (!window.Tandem && supported()) {
  const origin = serverOrigin();
  let instance: TandemSdk | null = null;
  let early: PartialOptions | undefined = window.tandemSettings;
  window.Tandem = {
    init(options) {
      if (instance) instance.init(options);
      else early = { ...early, ...options, texts: { ...early?.texts, ...options.texts } };
    },
  };
  const start = () => {
    instance = createTandem(window, origin, early);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
  else start();
}
