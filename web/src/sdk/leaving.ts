// Notices when the page is about to leave the company's domains — a link or a form to an
// outside address — and says where, so the agent learns why co-browsing paused. (A typed
// address cannot be seen; the server then says the customer left the site.)
import { insideDomains } from './domains';

export function watchLeaving(win: Window, domains: () => string[], onLeaving: (url: string) => void): () => void {
  const doc = win.document;
  const onClick = (e: MouseEvent) => {
    const a = (e.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
    if (!a || (a.target && a.target !== '_self') || e.defaultPrevented) return;
    if (!insideDomains(a.href, doc.baseURI, domains())) onLeaving(a.href);
  };
  const onSubmit = (e: SubmitEvent) => {
    const form = e.target as HTMLFormElement;
    if (e.defaultPrevented) return;
    const action = (e.submitter as HTMLButtonElement | null)?.formAction || form.action;
    if (action && !insideDomains(action, doc.baseURI, domains())) onLeaving(action);
  };
  // Bubble phase: a page script that prevents the navigation has had its say.
  doc.addEventListener('click', onClick);
  doc.addEventListener('submit', onSubmit);
  return () => {
    doc.removeEventListener('click', onClick);
    doc.removeEventListener('submit', onSubmit);
  };
}
