// The customer's view of what the agent cannot see (`Tandem.init({ showMasked: true })`): while
// the page is shared, a stylesheet the SDK adds outlines masked, blocked and secret parts in
// amber — and on a private-by-default page, the whole body in amber and the allow-listed parts
// in green. The sheet is marked data-tandem-ui, so capture never sends it, and outlines take
// no room, so the page's layout stays the agent's. (Outlines do not reach into shadow roots.)
import type { Options } from '../options';
import { usable } from '../selectors';

/** Adds the outlines; returns their teardown. */
export function outlineMasked(doc: Document, o: Options): () => void {
  const style = doc.createElement('style');
  style.setAttribute('data-tandem-ui', '');
  const list = (sels: (string | undefined)[]) => usable(doc, sels.filter((x) => x).join(','));
  let css = list(['[data-tandem-mask],[data-tandem-block],input[type=password],[autocomplete^=cc-]', o.maskSelector, o.blockSelector, o.privateByDefault ? 'body' : '']) +
    '{outline:2px dashed #d97706!important}';
  if (o.privateByDefault) css += list(['[data-tandem-unmask]', o.unmaskSelector]) + '{outline:2px solid #16a34a!important}';
  style.textContent = css;
  doc.head.append(style);
  return () => style.remove();
}
