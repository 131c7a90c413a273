// Admin: the supervisor's dashboard — sessions per day (a uPlot bar chart, with the same
// numbers in a table for screen readers), and for the period the consent rate, median
// duration, interruptions and control refusals, overall, by agent and by channel.
import uPlot from 'uplot';
import { api, ApiError, type Dashboard, type DashboardSummary } from '../api';
import { el } from '../dom';

const PERIODS = [7, 14, 30, 90];

function rate(s: DashboardSummary): string {
  return s.consent_rate === null ? '–' : `${Math.round(s.consent_rate * 100)} %`;
}

function duration(s: DashboardSummary): string {
  if (s.median_duration_ms === null) return '–';
  const secs = Math.round(s.median_duration_ms / 1000);
  return secs < 60 ? `${secs} s` : `${Math.floor(secs / 60)} min ${secs % 60} s`;
}

const COLUMNS: [string, (s: DashboardSummary) => string][] = [
  ['Sessions', (s) => String(s.sessions)],
  ['Consent rate', rate],
  ['Median duration', duration],
  ['Interruptions', (s) => String(s.interruptions)],
  ['Control refusals', (s) => String(s.control_refusals)],
];

function table(label: string, first: string, groups: (DashboardSummary & { name: string })[]): HTMLElement {
  return el('table', { 'aria-label': label },
    el('thead', {}, el('tr', {}, el('th', {}, first), ...COLUMNS.map(([h]) => el('th', {}, h)))),
    el('tbody', {}, ...groups.map((g) => el('tr', {}, el('th', { scope: 'row' }, g.name), ...COLUMNS.map(([, f]) => el('td', {}, f(g)))))));
}

/** Sessions per day as bars (uPlot draws on a canvas; the table beside it says the same). */
function chart(d: Dashboard, width: number): HTMLElement {
  const box = el('div', { class: 'chart', role: 'img', 'aria-label': `Sessions per day, ${d.days.length} days: ${d.days.reduce((n, x) => n + x.sessions, 0)} in all` });
  const xs = d.days.map((x) => Date.parse(`${x.day}T00:00:00Z`) / 1000);
  const ys = d.days.map((x) => x.sessions);
  const bars = uPlot.paths.bars?.({ size: [0.6, 40] });
  new uPlot({
    width,
    height: 220,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    legend: { show: false },
    cursor: { show: false },
    // Half a day either side, so the first and last bars show whole.
    scales: { x: { range: (_u, min, max) => [min - 43_200, max + 43_200] }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
    axes: [{ stroke: '#374151' }, { stroke: '#374151', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] }],
    series: [{}, { label: 'Sessions', stroke: '#1d4ed8', fill: '#2563eb99', paths: bars, points: { show: false } }],
  }, [xs, ys], box);
  return box;
}

export function dashboardSection(): HTMLElement {
  const period = el('select', { name: 'days' }, ...PERIODS.map((n) => el('option', { value: String(n) }, `Last ${n} days`)));
  period.value = '14';
  const body = el('div', { class: 'dashboard' });
  const error = el('p', { class: 'error', role: 'alert' });
  const section = el('section', { 'aria-labelledby': 'dashboard-title' }, el('h2', { id: 'dashboard-title' }, 'Dashboard'),
    el('label', {}, 'Period', period), error, body);

  async function load(): Promise<void> {
    error.textContent = '';
    try {
      const d = await api.dashboard(Number(period.value));
      const t = d.total;
      const figures = el('dl', { class: 'figures', 'aria-label': 'The period in figures' },
        ...COLUMNS.flatMap(([name, f]) => [el('dt', {}, name), el('dd', {}, f(t))]));
      const perDay = el('table', { 'aria-label': 'Sessions per day', class: 'per-day' },
        el('thead', {}, el('tr', {}, el('th', {}, 'Day'), el('th', {}, 'Sessions'))),
        el('tbody', {}, ...d.days.filter((x) => x.sessions > 0).map((x) => el('tr', {}, el('th', { scope: 'row' }, x.day), el('td', {}, String(x.sessions))))));
      body.replaceChildren(figures, el('h3', {}, 'Sessions per day'), chart(d, Math.min(720, Math.max(320, section.clientWidth - 24))), perDay,
        el('h3', {}, 'By agent'), table('By agent', 'Agent', d.by_agent), el('h3', {}, 'By channel'), table('By channel', 'Channel', d.by_channel));
    } catch (e) {
      error.textContent = e instanceof ApiError ? e.message : String(e);
    }
  }
  period.addEventListener('change', () => void load());
  // Drawn once the section is in the page, so the chart knows its width.
  queueMicrotask(() => void load());
  return section;
}
