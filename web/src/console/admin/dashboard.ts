// Admin: the supervisor's dashboard — sessions per day (a uPlot bar chart, with the same
// numbers in a table for screen readers), and for the period the consent rate, median
// duration, interruptions and control refusals, overall, by agent and by channel.
import uPlot from 'uplot';
import { api, ApiError, type Dashboard, type DashboardSummary } from '../api';
import { el } from '../dom';
import { t } from '../texts';
import { channelName } from '../channels';

const PERIODS = [7, 14, 30, 90];

function rate(s: DashboardSummary): string {
  return s.consent_rate === null ? '–' : `${Math.round(s.consent_rate * 100)} %`;
}

function duration(s: DashboardSummary): string {
  if (s.median_duration_ms === null) return '–';
  const secs = Math.round(s.median_duration_ms / 1000);
  return secs < 60 ? t('{s} s', { s: secs }) : t('{m} min {s} s', { m: Math.floor(secs / 60), s: secs % 60 });
}

const columns = (): [string, (s: DashboardSummary) => string][] => [
  [t('Sessions'), (s) => String(s.sessions)],
  [t('Consent rate'), rate],
  [t('Median duration'), duration],
  [t('Interruptions'), (s) => String(s.interruptions)],
  [t('Control refusals'), (s) => String(s.control_refusals)],
];

function table(label: string, first: string, groups: (DashboardSummary & { name: string })[], name = (n: string) => n): HTMLElement {
  const cols = columns();
  return el('table', { 'aria-label': label },
    el('thead', {}, el('tr', {}, el('th', {}, first), ...cols.map(([h]) => el('th', {}, h)))),
    el('tbody', {}, ...groups.map((g) => el('tr', {}, el('th', { scope: 'row' }, name(g.name)), ...cols.map(([, f]) => el('td', {}, f(g)))))));
}

/** Sessions per day as bars (uPlot draws on a canvas; the table beside it says the same). */
function chart(d: Dashboard, width: number): HTMLElement {
  const box = el('div', { class: 'chart', role: 'img', 'aria-label': t('Sessions per day, {days} days: {n} in all', { days: d.days.length, n: d.days.reduce((n, x) => n + x.sessions, 0) }) });
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
    series: [{}, { label: t('Sessions'), stroke: '#1d4ed8', fill: '#2563eb99', paths: bars, points: { show: false } }],
  }, [xs, ys], box);
  return box;
}

export function dashboardSection(): HTMLElement {
  const period = el('select', { name: 'days' }, ...PERIODS.map((n) => el('option', { value: String(n) }, t('Last {n} days', { n }))));
  period.value = '14';
  const body = el('div', { class: 'dashboard' });
  const error = el('p', { class: 'error', role: 'alert' });
  const section = el('section', { 'aria-labelledby': 'dashboard-title' }, el('h2', { id: 'dashboard-title' }, t('Dashboard')),
    el('label', {}, t('Period'), period), error, body);

  async function load(): Promise<void> {
    error.textContent = '';
    try {
      const d = await api.dashboard(Number(period.value));
      const total = d.total;
      const figures = el('dl', { class: 'figures', 'aria-label': t('The period in figures') },
        ...columns().flatMap(([name, f]) => [el('dt', {}, name), el('dd', {}, f(total))]));
      const perDay = el('table', { 'aria-label': t('Sessions per day'), class: 'per-day' },
        el('thead', {}, el('tr', {}, el('th', {}, t('Day')), el('th', {}, t('Sessions')))),
        el('tbody', {}, ...d.days.filter((x) => x.sessions > 0).map((x) => el('tr', {}, el('th', { scope: 'row' }, x.day), el('td', {}, String(x.sessions))))));
      body.replaceChildren(figures, el('h3', {}, t('Sessions per day')), chart(d, Math.min(720, Math.max(320, section.clientWidth - 24))), perDay,
        el('h3', {}, t('By agent')), table(t('By agent'), t('Agent'), d.by_agent), el('h3', {}, t('By channel')), table(t('By channel'), t('Channel'), d.by_channel, channelName));
    } catch (e) {
      error.textContent = e instanceof ApiError ? e.message : String(e);
    }
  }
  period.addEventListener('change', () => void load());
  // Drawn once the section is in the page, so the chart knows its width.
  queueMicrotask(() => void load());
  return section;
}
