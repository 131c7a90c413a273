// Admin: the latest masking check (`tandem scan … --data`/`--database`): its outcome, each
// finding with its page, route, what matched and where, and each page as the customer saw it
// beside the agent's "Customer view".
import { api, ApiError, type ScanReport } from '../api';
import { el } from '../dom';

export function maskingCheckSection(): HTMLElement {
  const body = el('div', {}, el('p', { class: 'meta' }, 'Loading…'));
  const section = el('section', { class: 'card', 'aria-labelledby': 'masking-check-heading' },
    el('h2', { id: 'masking-check-heading' }, 'Masking check'), body);

  function page(p: ScanReport['pages'][number]): HTMLElement {
    const verdict = p.error ? `Could not scan: ${p.error}` : p.findings.length === 0 ? 'Clean: nothing private left the browser.' : `${p.findings.length} findings`;
    const parts: HTMLElement[] = [el('h3', {}, p.url), el('p', { class: p.findings.length || p.error ? 'error' : 'ok' }, verdict)];
    if (p.findings.length) {
      parts.push(el('table', { 'aria-label': `Findings on ${p.url}` },
        el('thead', {}, el('tr', {}, el('th', {}, 'Route'), el('th', {}, 'What'), el('th', {}, 'Where'), el('th', {}, 'From'))),
        el('tbody', {}, ...p.findings.map((f) => el('tr', {}, el('td', {}, f.route), el('td', {}, f.what), el('td', {}, f.place), el('td', {}, f.source ?? ''))))));
    }
    if (p.customer_png && p.agent_png) {
      parts.push(el('div', { class: 'pictures' },
        el('figure', {}, el('img', { src: `data:image/png;base64,${p.customer_png}`, alt: 'The customer’s page', width: '480' }), el('figcaption', {}, 'What the customer sees')),
        el('figure', {}, el('img', { src: `data:image/png;base64,${p.agent_png}`, alt: 'The agent’s Customer view', width: '480' }), el('figcaption', {}, 'What the agent sees'))));
    }
    return el('div', { class: 'scan-page' }, ...parts);
  }

  void (async () => {
    try {
      const report = await api.scanReport();
      body.replaceChildren(
        el('p', {}, `Latest scan ${new Date(report.at).toLocaleString()}: ${report.outcome}.`),
        ...report.pages.map(page));
    } catch (e) {
      body.replaceChildren(el('p', { class: 'meta' }, e instanceof ApiError && e.status === 404
        ? 'No masking check yet. Run `tandem scan URL… --data DIR` against this server’s store.'
        : `Could not load the masking check: ${e}`));
    }
  })();
  return section;
}
