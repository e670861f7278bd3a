// Component tests of the dashboard webview, bundled by run.mjs and run in Chromium under the
// dashboard's CSP. The host is MockHost, answering from the real engine.
import { formatMoney } from '../../src/core/money';
import { longDay } from '../../webview/format';
import { queryUsage } from '../../src/core/query';
import { loadDemo } from '../../src/core/sources/demo';
import { type UsageStore } from '../../src/core/store';
import { StoreBuilder } from '../../src/core/storeBuilder';
import { visibleRows } from '../../src/core/table';
import { PROTOCOL_VERSION, parseHostMessage, parseWebviewMessage, type HostMessage } from '../../src/protocol/dashboard';
import '../../webview/components/dashboard-app';
import { type DashboardApp } from '../../webview/components/dashboard-app';
import { PROJECTED, SPIKES, type TrendChart } from '../../webview/components/trend-chart';
import { buildInsightsModel } from '../../src/dashboard/insightsModel';
import { type BreakdownChart } from '../../webview/components/breakdown-chart';
import { adoptPageStyles } from '../../webview/page-styles';
import { assert, equal, nextFrame, run, test, waitFor } from './harness';
import { MockHost } from './mockHost';
import { THEMES, applyTheme } from './themes';
import { registerProviderTests } from './provider.tests';
import { registerTrendStackTests } from './trend-stack.tests';
import { registerEstimateNoticeTests } from './estimate-notice.tests';

export const NOW = Date.UTC(2026, 9, 15, 12);
const HOSTILE_WORKER = '<img src=x onerror=alert(1)>';
const HOSTILE_USER = '<script>window.__xss = 1</script>';

declare global {
  interface Window {
    __results?: unknown;
    __xss?: number;
    __painted?: boolean;
    __bench?: unknown;
    __mouse?: (kind: 'click' | 'move', x: number, y: number) => Promise<void>;
  }
}

let current: MockHost;
// The webview calls acquireVsCodeApi() once; route it to whichever mock host the test set up.
(globalThis as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => ({
  postMessage: (m: unknown) => current.postMessage(m),
  getState: () => current.getState(),
  setState: (s: unknown) => current.setState(s),
});

function demoStore(options: Parameters<typeof loadDemo>[1] = {}): UsageStore {
  const builder = new StoreBuilder();
  loadDemo(builder, { now: NOW, ...options });
  const day = Date.UTC(2026, 9, 10, 10);
  for (let i = 0; i < 3; i++) {
    builder.add({
      timestamp: day + i * 1000,
      workerId: 'evil',
      workerName: HOSTILE_WORKER,
      userId: 'evil-user',
      userName: HOSTILE_USER,
      model: '<b>model</b>',
      runs: 1,
      costMicros: 2_500_000,
    });
  }
  return builder.build();
}

let smallStore: UsageStore | undefined;
export const store = () => (smallStore ??= demoStore());

export async function mount(host: MockHost, saved?: unknown): Promise<DashboardApp> {
  document.querySelector('ue-dashboard')?.remove();
  current = host;
  host.state = saved;
  const app = document.createElement('ue-dashboard');
  document.body.append(app);
  await waitFor(
    () => app.shadowRoot?.querySelector('ue-trend-chart') && (app.shadowRoot.querySelector('ue-trend-chart') as TrendChart).chart,
    'the dashboard to render',
  );
  await app.updateComplete;
  await nextFrame();
  return app;
}

export const root = (app: DashboardApp) => app.shadowRoot!;
const tableEl = (app: DashboardApp) => root(app).querySelector('ue-usage-table')!;
export const tableRoot = (app: DashboardApp) => tableEl(app).shadowRoot!;
const rowNames = (app: DashboardApp) => [...tableRoot(app).querySelectorAll('tbody tr.row td.name')].map((td) => td.textContent ?? '');
export const trend = (app: DashboardApp) => root(app).querySelector('ue-trend-chart') as TrendChart;
const doughnut = (app: DashboardApp) => root(app).querySelector('ue-breakdown-chart') as BreakdownChart;
const cardsRoot = (app: DashboardApp) => root(app).querySelector('ue-summary-cards')!.shadowRoot!;
export const noticesRoot = (app: DashboardApp) => root(app).querySelector('ue-dashboard-notices')!.shadowRoot!;
const pickerRoot = (app: DashboardApp) => root(app).querySelector('ue-range-picker')!.shadowRoot!;

/**
 * Waits until the dashboard has done all it set out to do: no message on its way to or from the
 * host, no request or filter pause pending in its data controller, and nothing left to render.
 */
export async function settle(app: DashboardApp): Promise<void> {
  const rendered = (el: Element | null | undefined) => !el || !(el as Element & { isUpdatePending: boolean }).isUpdatePending;
  await waitFor(
    () =>
      current.idle &&
      app.data.pending === 0 &&
      rendered(app) &&
      [...root(app).querySelectorAll('*')].every((el) => !el.localName.startsWith('ue-') || rendered(el)),
    'the dashboard to settle',
  );
}

export async function selectTab(app: DashboardApp, label: string): Promise<void> {
  const header = [...root(app).querySelectorAll('vscode-tab-header')].find((h) => h.textContent?.trim() === label) as HTMLElement;
  assert(header, `tab ${label}`);
  header.click();
  await settle(app);
}

// ---- tests --------------------------------------------------------------------------------

test('says ready first and shows a loading state until the view arrives', async () => {
  const host = new MockHost(store(), NOW);
  host.holdViews = true;
  current = host;
  document.querySelector('ue-dashboard')?.remove();
  const app = document.createElement('ue-dashboard');
  document.body.append(app);
  await waitFor(() => host.received.length > 0, 'a message');
  equal(host.received[0], { type: 'ready', protocol: PROTOCOL_VERSION }, 'first message is ready');
  await waitFor(() => app.shadowRoot?.textContent?.includes('Loading usage'), 'the loading state');
  assert(app.shadowRoot!.querySelector('vscode-progress-ring'), 'a progress ring while loading');
  // The host's own loading status (its answer to ready) must arrive first, or it would replace the error.
  await waitFor(() => host.idle, 'the host to answer ready');
  host.post({ type: 'status', status: 'error', message: 'The file team.usage.csv has no cost column. Check the source in Settings.' });
  await waitFor(() => app.shadowRoot?.querySelector('[role=alert]')?.textContent?.includes('no cost column'), 'the error state');
  assert(app.shadowRoot!.textContent.includes('Refresh'), 'the error state offers Refresh');
  host.holdViews = false;
  (app.shadowRoot!.querySelector('vscode-button') as HTMLElement).click();
  await waitFor(() => host.commands('refresh').length === 1, 'refresh command');
  await waitFor(() => app.shadowRoot?.querySelector('ue-trend-chart'), 'the dashboard after refresh');
});

test('renders the header, cards, both charts and the worker table with the engine numbers', async () => {
  const host = new MockHost(store(), NOW);
  const app = await mount(host);
  const view = queryUsage(host.store, host.range);
  const text = root(app).textContent ?? '';
  assert(text.includes('Usage Explorer'), 'title');
  assert(root(app).querySelector('vscode-badge')?.textContent?.includes('Demo data'), 'demo badge');
  assert(root(app).querySelector('header')!.textContent.includes('Export CSV'), 'export in the header');
  const cards = [...cardsRoot(app).querySelectorAll('.card .value')].map((e) => e.textContent?.trim());
  equal(
    cards,
    [
      formatMoney(view.totals.spendMicros, 'USD'),
      view.totals.runs.toLocaleString('en-US'),
      view.totals.users.toLocaleString('en-US'),
      formatMoney(view.totals.avgCostPerRunMicros, 'USD'),
    ],
    'cards',
  );
  assert(
    cardsRoot(app)
      .querySelectorAll('.card .delta')[0]
      .textContent.match(/[▲▼▬] \d/),
    'change arrow and percentage',
  );
  const bars = trend(app).chart!;
  equal(bars.data.datasets[0].data.length, view.daily.length, 'one bar per day');
  equal(
    bars.data.datasets[0].data,
    view.daily.map((d) => d.spendMicros / 1e6),
    'bar values',
  );
  const slices = doughnut(app).chart!;
  equal(slices.data.labels!.length, Math.min(9, view.tables.worker.length), 'top 8 + Other');
  equal(rowNames(app), view.tables.worker.map((r) => r.name).slice(0, 50), 'worker rows by spend');
  const spendCells = [...tableRoot(app).querySelectorAll('tbody td.spend')];
  equal(spendCells[0].textContent, formatMoney(view.tables.worker[0].spendMicros, 'USD'), 'spend in currency format');
  equal(getComputedStyle(spendCells[0]).textAlign, 'right', 'spend right-aligned');
  assert(trend(app).shadowRoot!.querySelector('canvas[role=img][aria-label]'), 'bar chart has an accessible name');
  assert(trend(app).shadowRoot!.querySelector('#trend-summary')!.textContent.includes('days from'), 'bar chart text summary');
  assert(doughnut(app).shadowRoot!.querySelector('#breakdown-summary')!.textContent.includes('%'), 'doughnut text summary');
});

test('shows no change when the previous period is empty', async () => {
  const host = new MockHost(store(), NOW);
  host.rangeSpec = 'all';
  const app = await mount(host);
  const deltas = [...cardsRoot(app).querySelectorAll('.card .delta')].map((e) => e.textContent?.trim());
  equal(deltas, Array(4).fill('No data for the previous period'), 'no change shown');
});

test('sorts by a column header, both ways, with aria-sort', async () => {
  const host = new MockHost(store(), NOW);
  const app = await mount(host);
  const rows = queryUsage(host.store, host.range).tables.worker;
  const runsButton = () => tableRoot(app).querySelector('th button[data-column=runs]') as HTMLButtonElement;
  runsButton().click();
  await settle(app);
  equal(
    rowNames(app),
    visibleRows(rows, { sort: { column: 'runs', direction: 'desc' } }).map((r) => r.name),
    'runs descending',
  );
  equal(runsButton().parentElement!.getAttribute('aria-sort'), 'descending', 'aria-sort');
  runsButton().click();
  await settle(app);
  equal(
    rowNames(app),
    visibleRows(rows, { sort: { column: 'runs', direction: 'asc' } }).map((r) => r.name),
    'runs ascending',
  );
  (tableRoot(app).querySelector('th button[data-column=name]') as HTMLButtonElement).click();
  await settle(app);
  equal(
    rowNames(app),
    visibleRows(rows, { sort: { column: 'name', direction: 'asc' } }).map((r) => r.name),
    'name ascending',
  );
});

test('filters rows as the user types', async () => {
  const host = new MockHost(store(), NOW);
  const app = await mount(host);
  await selectTab(app, 'User');
  const rows = queryUsage(host.store, host.range).tables.user;
  const field = tableRoot(app).querySelector('vscode-textfield') as HTMLElement & { value: string };
  field.value = 'an';
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await settle(app);
  const expected = visibleRows(rows, { filterText: 'an' }).map((r) => r.name);
  equal(rowNames(app), expected.slice(0, 50), 'filtered rows');
  field.value = 'zzzz-nobody';
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await settle(app);
  assert(tableRoot(app).textContent.includes('Clear the filter'), 'empty filter result says what to do');
});

test('expands a user row into its drill-down, asked of the host', async () => {
  const host = new MockHost(store(), NOW);
  const app = await mount(host);
  await selectTab(app, 'User');
  const first = queryUsage(host.store, host.range).tables.user[0];
  const caret = tableRoot(app).querySelector(`tr[data-id="${CSS.escape(first.id)}"] button.caret`) as HTMLButtonElement;
  equal(caret.getAttribute('aria-expanded'), 'false', 'collapsed');
  caret.click();
  await waitFor(() => tableRoot(app).querySelector('tr.drill .drill-grid'), 'drill-down rows');
  const request = host.commands('request').find((r) => r.method === 'drillDown');
  equal(request?.params, { dimension: 'user', id: first.id }, 'drillDown request');
  const sections = tableRoot(app).querySelectorAll('tr.drill section');
  equal(sections.length, 2, 'workers and models of the user');
  assert(sections[0].textContent.includes('Workers of'), 'workers heading');
  equal(
    tableRoot(app)
      .querySelector(`tr[data-id="${CSS.escape(first.id)}"] button.caret`)!
      .getAttribute('aria-expanded'),
    'true',
    'expanded',
  );
  // Kept in the webview state: a new page (hide/show) restores it.
  const saved = host.state as { open: { user: string[] }; tab: string };
  equal(saved.open.user, [first.id], 'open rows in state');
  equal(saved.tab, 'user', 'tab in state');
});

test('restores tab, sort, filter and open rows from the webview state', async () => {
  const host = new MockHost(store(), NOW);
  const first = queryUsage(host.store, host.range).tables.model.find((m) => m.name.includes('g'))!;
  const saved = {
    v: 1,
    tab: 'model',
    tables: { worker: {}, user: {}, model: { filterText: 'g', sort: { column: 'name', direction: 'asc' } } },
    open: { worker: [], user: [], model: [first.id] },
    limits: { worker: 50, user: 50, model: 50 },
    day: null,
    focus: null,
  };
  const app = await mount(host, saved);
  await settle(app);
  equal(tableEl(app).dimension, 'model', 'model tab');
  const rows = queryUsage(host.store, host.range).tables.model;
  equal(
    rowNames(app),
    visibleRows(rows, saved.tables.model as never).map((r) => r.name),
    'sorted and filtered',
  );
  await waitFor(() => tableRoot(app).querySelector('tr.drill .drill-grid'), 'restored drill-down');
});

test('keeps the trend grouping and stack choice in the webview state: a reopened dashboard shows the same', async () => {
  const host = new MockHost(store(), NOW);
  host.rangeSpec = '90d';
  const app = await mount(host);
  const pressed = (a: DashboardApp, group: string) =>
    [...root(a).querySelectorAll(`.${group} vscode-button`)].filter((b) => b.getAttribute('aria-pressed') === 'true').map((b) => b.textContent?.trim());
  (root(app).querySelectorAll('.grouping vscode-button')[1] as HTMLElement).click();
  (root(app).querySelector('.stack-by vscode-button[data-stack="model"]') as HTMLElement).click();
  await waitFor(() => JSON.stringify((host.state as { trend?: unknown }).trend) === JSON.stringify({ grouping: 'week', stackBy: 'model' }), 'the choice saved');

  // Reopened (or restored by VS Code) with that state: the same bars, stacked the same way.
  const reopened = new MockHost(store(), NOW);
  reopened.rangeSpec = '90d';
  const again = await mount(reopened, host.state);
  await waitFor(() => trend(again).grouping === 'week' && trend(again).stack?.dimension === 'model', 'week bars stacked by model');
  equal(pressed(again, 'grouping'), ['Week'], 'Week pressed');
  equal(pressed(again, 'stack-by'), ['Model'], 'Model pressed');
  const asked = reopened.commands('request').filter((r) => r.method === 'trendStack');
  equal(
    asked.map((r) => r.params),
    [{ dimension: 'model' }],
    'the stack asked of the host once',
  );

  // A state from before the choice was kept, or a bad one, gives the plain daily total.
  for (const saved of [{ v: 1 }, { v: 1, trend: { grouping: 'year', stackBy: 'planet' } }]) {
    const plain = await mount(new MockHost(store(), NOW), saved);
    equal([trend(plain).grouping, trend(plain).stack], ['day', null], `plain trend from ${JSON.stringify(saved)}`);
  }
});

test('the worker caret focuses the dashboard on the worker (and opens its page when set)', async () => {
  const host = new MockHost(store(), NOW);
  host.workerPages = true;
  const app = await mount(host);
  const worker = queryUsage(host.store, host.range).tables.worker[0];
  (tableRoot(app).querySelector(`tr[data-id="${CSS.escape(worker.id)}"] button.caret`) as HTMLButtonElement).click();
  await waitFor(() => host.commands('setFocus').length === 1, 'setFocus');
  equal(host.commands('setFocus')[0].focus, { dimension: 'worker', id: worker.id }, 'focus');
  equal(host.commands('openWorkerPage')[0]?.id, worker.id, 'open page');
  await waitFor(() => noticesRoot(app).querySelector('.chip')?.textContent?.includes(worker.name), 'focus chip');
  await settle(app);
  equal(tableEl(app).dimension, 'user', 'its users');
  const focused = queryUsage(host.store, host.range, [{ dimension: 'worker', id: worker.id }]);
  equal(
    trend(app).chart!.data.datasets[0].data,
    focused.daily.map((d) => d.spendMicros / 1e6),
    'its daily trend',
  );
  (noticesRoot(app).querySelector('.chip button') as HTMLButtonElement).click();
  await waitFor(() => host.commands('setFocus').length === 2, 'clear focus');
  equal(host.commands('setFocus')[1].focus, null, 'cleared');
});

test('clicking a bar narrows the tables to that day, and the chip clears it', async () => {
  const host = new MockHost(store(), NOW);
  const app = await mount(host);
  const view = queryUsage(host.store, host.range);
  const index = view.daily.findIndex((d) => d.date === '2026-10-10');
  const chart = trend(app).chart!;
  const bar = chart.getDatasetMeta(0).data[index];
  const canvas = chart.canvas;
  const rect = canvas.getBoundingClientRect();
  // Real input (run.mjs exposes page.mouse): synthetic events carry no canvas offsets.
  await window.__mouse!('click', rect.left + bar.x, rect.top + (bar.y + (bar as unknown as { base: number }).base) / 2);
  await waitFor(() => host.commands('request').some((r) => r.method === 'dayTables'), 'dayTables request');
  await waitFor(() => noticesRoot(app).querySelector('.chip')?.textContent?.includes('Oct 10, 2026'), 'day chip');
  await settle(app);
  const dayView = queryUsage(host.store, { ...host.range, ...rangeOfDay(host, '2026-10-10') });
  equal(
    rowNames(app),
    dayView.tables.worker.map((r) => r.name),
    'day rows',
  );
  assert(rowNames(app).includes(HOSTILE_WORKER), 'the hostile worker ran that day');
  equal((trend(app).chart!.data.datasets[0].backgroundColor as string[])[index], THEMES.dark['--vscode-charts-orange'], 'selected bar highlighted');
  (noticesRoot(app).querySelector('.chip button') as HTMLButtonElement).click();
  await settle(app);
  equal(
    rowNames(app),
    view.tables.worker.map((r) => r.name),
    'whole range again',
  );
});

function rangeOfDay(host: MockHost, day: string) {
  const saved = host.rangeSpec;
  host.rangeSpec = `${day}..${day}`;
  const r = host.range;
  host.rangeSpec = saved;
  return r;
}

test('the bar chart works by keyboard', async () => {
  const host = new MockHost(store(), NOW);
  const app = await mount(host);
  const canvas = trend(app).chart!.canvas;
  canvas.focus();
  canvas.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
  canvas.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
  canvas.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
  await waitFor(() => host.commands('request').some((r) => r.method === 'dayTables'), 'dayTables request by keyboard');
  const view = queryUsage(host.store, host.range);
  equal(host.commands('request').find((r) => r.method === 'dayTables')!.params.day, view.daily[view.daily.length - 2].date, 'the day before last');
});

test('clicking a slice legend entry opens that entity', async () => {
  const host = new MockHost(store(), NOW);
  const app = await mount(host);
  await selectTab(app, 'Model');
  const first = queryUsage(host.store, host.range).tables.model[0];
  (doughnut(app).shadowRoot!.querySelector('li button') as HTMLButtonElement).click();
  await waitFor(() => tableRoot(app).querySelector('tr.drill .drill-grid'), 'model drill-down');
  equal((host.state as { open: { model: string[] } }).open.model, [first.id], 'opened the first slice');
});

test('redraws the charts when the theme changes', async () => {
  const host = new MockHost(store(), NOW);
  const app = await mount(host);
  const before = (trend(app).chart!.data.datasets[0].backgroundColor as string[])[0];
  equal(before, THEMES.dark['--vscode-charts-blue'], 'dark bar colour');
  let rendered = 0;
  trend(app).addEventListener('chart-rendered', () => rendered++);
  applyTheme('light');
  await waitFor(() => (trend(app).chart!.data.datasets[0].backgroundColor as string[])[0] === THEMES.light['--vscode-charts-blue'], 'light bar colour');
  assert(rendered > 0, 'the chart drew again');
  equal(trend(app).chart!.options.scales!.x!.ticks!.color, THEMES.light['--vscode-charts-foreground'], 'axis colour');
  equal((doughnut(app).chart!.data.datasets[0].backgroundColor as string[])[0], THEMES.light['--vscode-charts-blue'], 'slice colour');
  for (const chart of [trend(app).chart!, doughnut(app).chart!]) {
    equal(chart.options.plugins!.tooltip!.backgroundColor, THEMES.light['--vscode-editor-background'], 'tooltip background');
  }
  document.body.classList.replace('vscode-light', 'vscode-high-contrast');
  document.documentElement.style.setProperty('--vscode-charts-blue', '#00ffff');
  await waitFor(() => (trend(app).chart!.data.datasets[0].backgroundColor as string[])[0] === '#00ffff', 'high contrast colour');
  applyTheme('dark');
  await waitFor(() => (trend(app).chart!.data.datasets[0].backgroundColor as string[])[0] === THEMES.dark['--vscode-charts-blue'], 'dark again');
});

test('hostile names render as text and nothing executes', async () => {
  const host = new MockHost(store(), NOW);
  host.rangeSpec = '2026-10-10..2026-10-10';
  const app = await mount(host);
  assert(rowNames(app).includes(HOSTILE_WORKER), 'worker name shown literally');
  const all = [root(app), tableRoot(app), doughnut(app).shadowRoot!, cardsRoot(app), noticesRoot(app), pickerRoot(app)];
  for (const r of all) {
    assert(!r.querySelector('img, script:not([nonce]), b'), 'no element made from a name');
  }
  assert(doughnut(app).shadowRoot!.textContent.includes(HOSTILE_WORKER), 'legend shows it as text');
  await selectTab(app, 'User');
  assert(rowNames(app).includes(HOSTILE_USER), 'user name shown literally');
  const evil = tableRoot(app).querySelector(`tr[data-id="evil-user"] button.caret`) as HTMLButtonElement;
  evil.click();
  await waitFor(() => tableRoot(app).querySelector('tr.drill .drill-grid'), 'drill-down');
  assert(tableRoot(app).querySelector('tr.drill')!.textContent.includes(HOSTILE_WORKER), 'child name as text');
  assert(!tableRoot(app).querySelector('img, b, script'), 'still no elements');
  await settle(app);
  await nextFrame();
  equal(window.__xss, undefined, 'no script ran');
});

test('changing the range asks the host and reports the re-render time', async () => {
  const host = new MockHost(store(), NOW);
  const app = await mount(host);
  const select = pickerRoot(app).querySelector('vscode-single-select') as HTMLElement & { value: string };
  select.value = '90d';
  select.dispatchEvent(new Event('change'));
  await waitFor(() => host.commands('setRange')[0]?.range === '90d', 'setRange');
  await waitFor(() => host.commands('perf').some((p) => p.mark === 'rangeRender'), 'rangeRender perf report');
  equal(trend(app).chart!.data.datasets[0].data.length, 90, '90 bars');
  assert(
    host.commands('perf').some((p) => p.mark === 'firstChartPaint'),
    'first paint reported',
  );
});

test('while a new range is queried the old figures stay, dimmed and busy, with a progress ring, until the view arrives', async () => {
  const host = new MockHost(store(), NOW);
  const app = await mount(host);
  const sections = () => [
    root(app).querySelector('ue-summary-cards')!,
    root(app).querySelector('section.charts')!,
    root(app).querySelector('ue-insights-panel')!,
    root(app).querySelector('section.usage')!,
  ];
  const cards = () => root(app).querySelector('ue-summary-cards')!.shadowRoot!.textContent ?? '';
  const before = cards();
  assert(
    sections().every((el) => el && el.getAttribute('aria-busy') === 'false' && !el.classList.contains('stale')),
    'not busy at first',
  );
  host.holdViews = true;
  const select = pickerRoot(app).querySelector('vscode-single-select') as HTMLElement & { value: string };
  select.value = '90d';
  select.dispatchEvent(new Event('change'));
  await waitFor(() => sections().every((el) => el.getAttribute('aria-busy') === 'true'), 'the sections marked busy');
  await settle(app);
  await waitFor(() => sections().every((el) => el.classList.contains('stale') && Number(getComputedStyle(el).opacity) < 1), 'the old figures dimmed');
  equal(cards(), before, 'the old figures are still shown');
  assert(root(app).querySelector('header vscode-progress-ring'), 'a progress ring in the header');
  equal(trend(app).chart!.data.datasets[0].data.length, 30, 'still the old 30 bars');
  host.holdViews = false;
  host.sendView();
  await waitFor(() => sections().every((el) => el.getAttribute('aria-busy') === 'false'), 'the sections no longer busy');
  await settle(app);
  await waitFor(() => sections().every((el) => !el.classList.contains('stale') && getComputedStyle(el).opacity === '1'), 'no longer dimmed');
  assert(!root(app).querySelector('header vscode-progress-ring'), 'no progress ring');
  equal(trend(app).chart!.data.datasets[0].data.length, 90, 'the new 90 bars');
});

test('a custom range is validated before it is sent', async () => {
  const host = new MockHost(store(), NOW);
  const app = await mount(host);
  const select = pickerRoot(app).querySelector('vscode-single-select') as HTMLElement & { value: string };
  select.value = '__custom__';
  select.dispatchEvent(new Event('change'));
  await settle(app);
  const from = pickerRoot(app).querySelector('#custom-from') as HTMLElement & { value: string };
  const to = pickerRoot(app).querySelector('#custom-to') as HTMLElement & { value: string };
  from.value = '2026-10-09';
  to.value = '2026-10-01';
  const apply = [...pickerRoot(app).querySelectorAll('.custom vscode-button')].find((b) => b.textContent?.includes('Apply')) as HTMLElement;
  apply.click();
  await settle(app);
  assert(pickerRoot(app).querySelector('.custom [role=alert]')?.textContent?.includes('before it starts'), 'error shown');
  equal(host.commands('setRange').length, 0, 'nothing sent');
  to.value = '2026-10-12';
  apply.click();
  await waitFor(() => host.commands('setRange')[0]?.range === '2026-10-09..2026-10-12', 'custom range sent');
  await waitFor(() => trend(app).chart!.data.datasets[0].data.length === 4, '4 days');
});

test('Export sends the visible table: tab, filter, sort, columns and day', async () => {
  const host = new MockHost(store(), NOW);
  const app = await mount(host);
  await selectTab(app, 'Model');
  (tableRoot(app).querySelector('th button[data-column=runs]') as HTMLButtonElement).click();
  const field = tableRoot(app).querySelector('vscode-textfield') as HTMLElement & { value: string };
  field.value = 'gpt';
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await settle(app);
  const button = [...root(app).querySelectorAll('header vscode-button')].find((b) => b.textContent?.includes('Export CSV')) as HTMLElement;
  button.click();
  await waitFor(() => host.commands('export').length === 1, 'export command');
  equal(
    host.commands('export')[0],
    {
      type: 'export',
      format: 'csv',
      dimension: 'model',
      state: { sort: { column: 'runs', direction: 'desc' }, filterText: 'gpt' },
      columns: ['name', 'runs', 'spend', 'share', 'change'],
    },
    'export message',
  );
});

test('a table bigger than one page is filtered and sorted by the host with the same rows', async () => {
  const big = demoStore({ users: 600, eventsPerDay: 900, days: 40 });
  const host = new MockHost(big, NOW);
  const app = await mount(host);
  await selectTab(app, 'User');
  const rows = queryUsage(host.store, host.range).tables.user;
  assert(rows.length > 200, `more users than a page (${rows.length})`);
  assert(tableRoot(app).textContent.includes(`Showing 50 of ${rows.length.toLocaleString('en-US')}`), 'count of rows');
  (tableRoot(app).querySelector('th button[data-column=name]') as HTMLButtonElement).click();
  await waitFor(() => host.commands('request').some((r) => r.method === 'table'), 'table request');
  await settle(app);
  equal(
    rowNames(app),
    visibleRows(rows, { sort: { column: 'name', direction: 'asc' } })
      .slice(0, 50)
      .map((r) => r.name),
    'host-sorted rows',
  );
  (tableRoot(app).querySelector('.footer button') as HTMLButtonElement).click();
  await waitFor(() => rowNames(app).length === 150, 'show more');
  equal(
    rowNames(app),
    visibleRows(rows, { sort: { column: 'name', direction: 'asc' } })
      .slice(0, 150)
      .map((r) => r.name),
    'next page',
  );
});

test('malformed host messages are dropped', async () => {
  const host = new MockHost(store(), NOW);
  const app = await mount(host);
  const seq = host.seq;
  for (const bad of [
    null,
    'view',
    { type: 'view', model: {} },
    { type: 'status', status: 'boom', message: 1 },
    { type: 'response', id: 'x' },
    { type: 'eval', code: 'alert(1)' },
  ]) {
    host.post(bad);
  }
  await settle(app);
  assert(root(app).querySelector('ue-trend-chart'), 'still showing the dashboard');
  equal(host.seq, seq, 'no new view');
  equal(parseHostMessage({ type: 'view', model: {} }), undefined, 'guard rejects an empty model');
});

test('the protocol guards reject malformed webview messages', () => {
  const bad: unknown[] = [
    null,
    42,
    { type: 'ready' },
    { type: 'ready', protocol: 99 },
    // The host owns the focus: the webview cannot set it by saying ready.
    { type: 'ready', protocol: PROTOCOL_VERSION, focus: { dimension: 'worker', id: 'a' } },
    { type: 'setRange', range: 7 },
    { type: 'setRange', range: 'x'.repeat(500) },
    { type: 'refresh', extra: true },
    { type: 'setFocus', focus: { dimension: 'galaxy', id: 'a' } },
    { type: 'openWorkerPage', id: '' },
    { type: 'export', format: 'xlsx', dimension: 'worker', state: {}, columns: ['name'] },
    { type: 'export', format: 'csv', dimension: 'worker', state: { filterText: 3 }, columns: ['name'] },
    { type: 'export', format: 'csv', dimension: 'worker', state: {}, columns: ['password'] },
    { type: 'perf', mark: 'firstChartPaint', ms: -1, seq: 1 },
    { type: 'request', id: 1, method: 'eval', params: {} },
    { type: 'request', id: 1, method: 'table', params: { dimension: 'worker', state: {}, limit: 1e9 } },
    { type: 'request', id: 1, method: 'dayTables', params: { day: '10/10/2026' } },
    { type: 'request', id: -1, method: 'drillDown', params: { dimension: 'user', id: 'a' } },
    { type: '__proto__' },
  ];
  for (const message of bad) equal(parseWebviewMessage(message), undefined, `rejects ${JSON.stringify(message)}`);
  const good: unknown[] = [
    { type: 'ready', protocol: PROTOCOL_VERSION },
    { type: 'setRange', range: '30d' },
    {
      type: 'export',
      format: 'json',
      dimension: 'user',
      state: { filterText: 'a', sort: { column: 'spend', direction: 'asc' } },
      columns: ['name', 'spend'],
      day: '2026-10-10',
    },
    { type: 'request', id: 3, method: 'table', params: { dimension: 'model', state: {}, limit: 100 } },
  ];
  for (const message of good) assert(parseWebviewMessage(message), `accepts ${JSON.stringify(message)}`);
});

// ---- insights: forecast bars, spike markers, the insights list ----------------------------

const insightsRoot = (app: DashboardApp) => root(app).querySelector('ue-insights-panel')!.shadowRoot!;
const datasetData = (app: DashboardApp, index: number) => trend(app).chart!.data.datasets[index].data as (number | null)[];

export function insightsOf(host: MockHost) {
  return buildInsightsModel(host.store, queryUsage(host.store, host.range), [], { budgets: [], budgetThresholds: [50, 80, 100], now: NOW });
}

test('projects the rest of the month as hatched bars after today, themed in dark, light and high contrast', async () => {
  applyTheme('dark');
  const host = new MockHost(store(), NOW);
  host.rangeSpec = 'mtd';
  const app = await mount(host);
  const expected = insightsOf(host);
  const labels = trend(app).chart!.data.labels as string[];
  equal(labels.length, 31, 'Oct 1 to Oct 31');
  const projected = datasetData(app, PROJECTED);
  equal(
    projected.slice(0, 14).every((v) => v === null),
    true,
    'no projection before today',
  );
  equal(
    projected.slice(14).map((v) => Math.round((v ?? -1) * 1e6)),
    expected.projected.map((p) => p.spendMicros),
    "today's remainder, then each day to the 31st",
  );
  assert(trend(app).chart!.data.datasets[PROJECTED].backgroundColor instanceof CanvasPattern, 'hatched fill');
  equal(trend(app).chart!.data.datasets[PROJECTED].borderColor, THEMES.dark['--vscode-charts-blue'], 'dark outline');
  const card = insightsRoot(app).querySelector('.forecast')!.textContent;
  const f = expected.forecast!;
  const line = `Forecast: ${formatMoney(f.spendMicros, 'USD')} by Oct 31, range ${formatMoney(f.lowMicros, 'USD')}–${formatMoney(f.highMicros, 'USD')}`;
  assert(card.includes(line), `forecast card says ${line}: ${card}`);
  applyTheme('light');
  await waitFor(() => trend(app).chart!.data.datasets[PROJECTED].borderColor === THEMES.light['--vscode-charts-blue'], 'light outline');
  document.body.classList.replace('vscode-light', 'vscode-high-contrast');
  document.documentElement.style.setProperty('--vscode-charts-blue', '#00ffff');
  await waitFor(() => trend(app).chart!.data.datasets[PROJECTED].borderColor === '#00ffff', 'high contrast outline');
  applyTheme('dark');
});

test('marks spikes on their bars with the drivers in the tooltip, and a click narrows to that day', async () => {
  for (const theme of ['dark', 'light', 'high-contrast'] as const) {
    if (theme === 'high-contrast') {
      applyTheme('dark');
      document.body.classList.replace('vscode-dark', 'vscode-high-contrast');
      document.documentElement.style.setProperty('--vscode-charts-red', '#ff0000');
    } else applyTheme(theme);
    const host = new MockHost(store(), NOW);
    const app = await mount(host);
    const spikes = insightsOf(host).spikes;
    assert(spikes.length > 0, 'the demo has a spike in the last 30 days');
    const spike = spikes[0];
    const index = trend(app).daily.findIndex((d) => d.date === spike.date);
    equal(Math.round(datasetData(app, SPIKES)[index]! * 1e6), spike.spendMicros, 'marker at the spike');
    equal(datasetData(app, SPIKES).filter((v) => v !== null).length, spikes.length, 'one marker per spike');
    const red = theme === 'high-contrast' ? '#ff0000' : THEMES[theme]['--vscode-charts-red'];
    equal((trend(app).chart!.data.datasets[SPIKES] as unknown as { pointBackgroundColor: string }).pointBackgroundColor, red, `${theme} marker colour`);
    const chart = trend(app).chart!;
    const point = chart.getDatasetMeta(SPIKES).data[index];
    chart.tooltip!.setActiveElements([{ datasetIndex: SPIKES, index }], { x: point.x, y: point.y });
    chart.update('none');
    const lines = chart.tooltip!.body.flatMap((b) => b.lines).join('\n');
    assert(lines.includes(`Spike: usually ${formatMoney(spike.expectedMicros, 'USD')}`), lines);
    assert(lines.includes(spike.drivers[0].name), `the first driver in the tooltip: ${lines}`);
    const rect = chart.canvas.getBoundingClientRect();
    await window.__mouse!('click', rect.left + point.x, rect.top + point.y);
    await waitFor(() => host.commands('request').some((r) => r.method === 'dayTables' && r.params.day === spike.date), 'the spike day asked');
    await waitFor(() => noticesRoot(app).textContent?.includes('Tables show'), 'day chip');
  }
  applyTheme('dark');
});

test('the insights list opens what each item talks about', async () => {
  for (const theme of ['dark', 'light'] as const) {
    applyTheme(theme);
    const host = new MockHost(store(), NOW);
    const app = await mount(host);
    const expected = insightsOf(host).items;
    const items = [...insightsRoot(app).querySelectorAll('li')];
    equal(
      items.map((li) => li.dataset.kind),
      expected.map((i) => i.kind),
      "the engine's list, in order",
    );
    // Each item in words: its names and amounts, formatted in the display language.
    items.forEach((li, i) => {
      const text = li.querySelector('.text')!.textContent;
      const item = expected[i];
      if (item.kind === 'mover' || item.kind === 'new-model' || item.kind === 'unpriced')
        assert(text.includes(item.name), `item ${i} names ${item.name}: ${text}`);
      if (item.kind === 'spike') {
        assert(
          text.startsWith(`Spike on ${longDay(item.day)}: ${formatMoney(item.spendMicros, 'USD')}, usually ${formatMoney(item.expectedMicros, 'USD')}`),
          text,
        );
        for (const d of item.drivers) assert(text.includes(`${d.name}: ${formatMoney(d.spendMicros, 'USD')}`), `driver ${d.name} in ${text}`);
      }
      if (item.kind === 'mover') {
        assert(text.includes(`${item.direction} ${formatMoney(item.changeMicros, 'USD')}`), text);
        assert(text.endsWith(`to ${formatMoney(item.spendMicros, 'USD')}`), text);
      }
    });
    const mover = expected.findIndex((i) => i.kind === 'mover' && i.target.filters[0]?.dimension === 'worker');
    (items[mover].querySelector('button') as HTMLButtonElement).click();
    await waitFor(() => host.commands('setFocus').length > 0, 'focus asked');
    equal(host.commands('setFocus')[0].focus, expected[mover].target.filters[0], 'focused on the mover');
    await waitFor(() => noticesRoot(app).textContent?.includes('Worker: '), 'focus chip');
    const spike = expected.findIndex((i) => i.kind === 'spike');
    const again = [...insightsRoot(app).querySelectorAll('li button')] as HTMLButtonElement[];
    again[spike].click();
    await waitFor(() => noticesRoot(app).textContent?.includes(`Tables show`), 'spike day chip');
    equal((host.state as { day: string }).day, expected[spike].target.day, 'the spike day');
  }
  applyTheme('dark');
});

test('groups Spending Trends by week and month, adding the days up', async () => {
  applyTheme('dark');
  const host = new MockHost(store(), NOW);
  host.rangeSpec = '90d';
  const app = await mount(host);
  const view = queryUsage(host.store, host.range);
  const buttons = () => [...root(app).querySelectorAll('.grouping vscode-button')] as HTMLElement[];
  equal(
    buttons().map((b) => b.textContent?.trim()),
    ['Day', 'Week', 'Month'],
    'the choices',
  );
  buttons()[2].click();
  await waitFor(() => (trend(app).chart!.data.labels as string[]).length === 4, 'Jul 18 – Oct 15: four months');
  const months = datasetData(app, 0).map((v) => Math.round((v ?? 0) * 1e6));
  equal(
    months.reduce((a, b) => a + b, 0),
    view.totals.spendMicros,
    'the months add up to the range',
  );
  equal(
    datasetData(app, PROJECTED).every((v) => v === null),
    true,
    'no daily projection on month bars',
  );
  buttons()[1].click();
  await waitFor(() => (trend(app).chart!.data.labels as string[]).length >= 13, 'weeks');
  equal(buttons()[1].getAttribute('aria-pressed'), 'true', 'week pressed');
  buttons()[0].click();
  await waitFor(() => (trend(app).chart!.data.labels as string[]).length >= view.daily.length, 'days again');
});

// ---- modes --------------------------------------------------------------------------------

async function screenshotMode(theme: 'dark' | 'light'): Promise<void> {
  applyTheme(theme);
  const host = new MockHost(store(), NOW);
  const first = queryUsage(host.store, host.range).tables.user[0];
  const app = await mount(host, {
    v: 1,
    tab: 'user',
    tables: { worker: {}, user: {}, model: {} },
    open: { worker: [], user: [first.id], model: [] },
    limits: { worker: 50, user: 50, model: 50 },
    day: null,
    focus: null,
  });
  await waitFor(() => tableRoot(app).querySelector('tr.drill .drill-grid'), 'drill-down');
  await settle(app);
  await nextFrame();
  window.__painted = true;
}

async function benchMode(): Promise<void> {
  applyTheme('dark');
  const models = (await (await fetch('./bench-models.json')).json()) as { first: HostMessage; second: HostMessage };
  const host = new MockHost(store(), NOW);
  let n = 0;
  host.viewOverride = (seq) => {
    const message = n++ % 2 === 0 ? models.first : models.second;
    return { ...message, model: { ...(message as Extract<HostMessage, { type: 'view' }>).model, seq } } as HostMessage;
  };
  current = host;
  const app = document.createElement('ue-dashboard');
  const paints: { seq: number; ms: number; first: boolean }[] = [];
  app.addEventListener('view-painted', (e) => paints.push(e.detail));
  document.body.append(app);
  await waitFor(() => paints.length === 1, 'first paint');
  await selectTab(app, 'User');
  const rangeTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    host.sendView();
    await waitFor(() => paints.length === i + 2, 'range re-render');
    rangeTimes.push(paints[paints.length - 1].ms);
  }
  window.__bench = {
    firstChartPaintMs: paints[0].ms,
    rangeRenderMs: rangeTimes,
    messageBytes: { first: JSON.stringify(models.first).length, second: JSON.stringify(models.second).length },
  };
}

// Tests in their own files, registered after the ones above, before run() below starts.
registerTrendStackTests();
registerEstimateNoticeTests();
registerProviderTests();

const mode = new URLSearchParams(location.search);
adoptPageStyles(document);
if (mode.has('screenshot')) void screenshotMode(mode.get('screenshot') === 'light' ? 'light' : 'dark');
else if (mode.has('bench')) void benchMode().catch((e) => (window.__bench = { error: String(e) }));
else {
  applyTheme('dark');
  void run().then((results) => {
    document.querySelector('ue-dashboard')?.remove();
    window.__results = results;
  });
}
