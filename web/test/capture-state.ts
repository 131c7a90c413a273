// A capture state for unit tests, built as createCapture builds it (capture/index.ts) but
// without observers or scheduling: serialisation and privacy decisions read only this.
import { generation, type CaptureState, type CapturePolicy } from '../src/dom/capture/state';
import { urlBase } from '../src/dom/capture/urls';

export function testState(win: Window, policy: Partial<CapturePolicy> = {}): CaptureState {
  const policyMask = policy.maskSelector ?? '';
  const policyBlock = policy.blockSelector ?? '';
  const policyUnmask = policy.unmaskSelector ?? '';
  const urlPolicy = { query: (policy.allowQueryParams ?? []).slice(), fragment: !!policy.allowFragment };
  return {
    win,
    maskSel: '[data-tandem-mask]' + (policyMask ? ',' + policyMask : ''),
    policyMask, policyBlock, policyUnmask, policy: !!(policyMask || policyBlock || policyUnmask),
    priv: !!policy.privateByDefault, unmaskSel: '[data-tandem-unmask]' + (policyUnmask ? ',' + policyUnmask : ''),
    started: false, stopped: false,
    secretInputs: new WeakSet(), roots: new Map(), pruneAt: 64, everScrolled: new Set(),
    url: urlBase(win.document.baseURI, urlPolicy), urlPolicy, baseDoc: null,
    deadline: Infinity, tick: 256, late: false,
    touchedSheets: new WeakSet(),
    ...generation(),
    attachRoot: () => {}, schedule: () => {}, teardown: [],
  };
}
