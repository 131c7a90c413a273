// Admin: the latest masking check (`tandem scan … --data`/`--database`): its outcome, each
// finding with its page, route, what matched and where, and each page as the customer saw it
// beside the agent's "Customer view".
import { api, ApiError, type ScanReport } from '../api';
import { el } from '../dom';
import { t } from '../texts';

export function maskingCheckSection(): HTMLElement {
  const body = el('div', {}, el('p', { class: 'meta' }, t('Loading…')));
  const section = el('section', { class: 'card', 'aria-labelledby': 'masking-check-heading' },
    el('h2', { id: 'masking-check-heading' }, t('Masking check')), body);

  function page(p: ScanReport['pages'][number]): HTMLElement {
    const verdict = p.error ? t('Could not scan: {why}', { why: p.error }) : p.findings.length === 0 ? t('Clean: nothing private left the browser.') : t('{n} findings', { n: p.findings.length });
    const parts: HTMLElement[] = [el('h3', {}, p.url), el('p', { class: p.findings.length || p.error ? 'error' : 'ok' }, verdict)];
    if (p.findings.length) {
      parts.push(el('table', { 'aria-label': t('Findings on {page}', { page: p.url }) },
        el('thead', {}, el('tr', {}, el('th', {}, t('Route')), el('th', {}, t('What')), el('th', {}, t('Where')), el('th', {}, t('From')))),
        el('tbody', {}, ...p.findings.map((f) => el('tr', {}, el('td', {}, f.route), el('td', {}, f.what), el('td', {}, f.place), el('td', {}, f.source ?? ''))))));
    }
    if (p.customer_png && p.agent_png) {
      parts.push(el('div', { class: 'pictures' },
        el('figure', {}, el('img', { src: `data:image/png;base64,${p.customer_png}`, alt: t('The customer’s page'), width: '480' }), el('figcaption', {}, t('What the customer sees'))),
        el('figure', {}, el('img', { src: `data:image/png;base64,${p.agent_png}`, alt: t('The agent’s Customer view'), width: '480' }), el('figcaption', {}, t('What the agent sees')))));
    }
    return el('div', { class: 'scan-page' }, ...parts);
  }

  void (async () => {
    try {
      const report = await api.scanReport();
      body.replaceChildren(
        el('p', {}, t('Latest scan {when}: {outcome}.', { when: new Date(report.at).toLocaleString(), outcome: report.outcome })),
        ...report.pages.map(page));
    } catch (e) {
      body.replaceChildren(el('p', { class: 'meta' }, e instanceof ApiError && e.status === 404
        ? t('No masking check yet. Run `tandem scan URL… --data DIR` against this server’s store.')
        : t('Could not load the masking check: {why}', { why: String(e) })));
    }
  })();
  return section;
}
