// The SDK's core (`/sdk/tandem-core.<hash>.js`), imported by the launcher (page.ts) when a page
// must hold a socket or co-browsing or a contact is about to start. It starts the one instance
// of this page with every setting the site gave so far and takes over the launcher's dock;
// `window.Tandem` stays the launcher's, which forwards to the instance from then on.
import type { Handoff } from './page';
import { lend } from './lent';
import { addSiteOptions } from './options';
import { createTandem, type TandemSdk } from './tandem';

export function start(handoff: Handoff): TandemSdk {
  lend(handoff.lent);
  return createTandem(handoff.win, handoff.origin, handoff.site.reduce(addSiteOptions, {}), handoff);
}
