// Spending Trends stacked by a dimension, and a spike's drivers highlighted in the tables, in
// the dark, light and high-contrast themes. Registered by tests.ts, whose helpers these share.
import { DIMENSION_LABELS } from '../../src/core/model';
import { formatMoney } from '../../src/core/money';
import { queryUsage } from '../../src/core/query';
import { trendStack } from '../../src/core/trendStack';
import { SPEND, SPIKES, STACKED } from '../../webview/components/trend-chart';
import { type DashboardApp } from '../../webview/components/dashboard-app';
import { assert, equal, test, waitFor } from './harness';
import { MockHost } from './mockHost';
import { THEMES, applyTheme } from './themes';
import { NOW, insightsOf, mount, noticesRoot, root, selectTab, settle, store, tableRoot, trend } from './tests';

const HIGH_CONTRAST_BLUE = '#00ffff';

/** Sets a theme; high contrast is the dark variables with VS Code's class and a bright blue. */
function useTheme(theme: 'dark' | 'light' | 'high-contrast'): string {
  if (theme !== 'high-contrast') {
    applyTheme(theme);
    return THEMES[theme]['--vscode-charts-blue'];
  }
  applyTheme('dark');
  document.body.classList.replace('vscode-dark', 'vscode-high-contrast');
  document.documentElement.style.setProperty('--vscode-charts-blue', HIGH_CONTRAST_BLUE);
  return HIGH_CONTRAST_BLUE;
}

const stackButton = (app: DashboardApp, stack: string) => root(app).querySelector(`.stack-by vscode-button[data-stack="${stack}"]`) as HTMLElement;
const stacked = (app: DashboardApp) => trend(app).chart!.data.datasets.slice(STACKED);
const micros = (v: unknown) => Math.round(Number(v ?? 0) * 1e6);

/** Registers these tests (called by tests.ts once its helpers are defined). */
export function registerTrendStackTests(): void {
  test('stacks Spending Trends by worker and team (top 5 + Other), each day adding up to its total', async () => {
    for (const theme of ['dark', 'light', 'high-contrast'] as const) {
      const blue = useTheme(theme);
      const host = new MockHost(store(), NOW);
      const app = await mount(host);
      const view = queryUsage(host.store, host.range);
      equal(stacked(app).length, 0, 'the plain total at first');
      stackButton(app, 'worker').click();
      const expected = trendStack(host.store, host.range, 'worker');
      assert(expected.other.entities > 0, 'the demo has more than 5 workers');
      await waitFor(() => stacked(app).length === expected.series.length + 1, 'one dataset per worker and Other');
      equal(
        host
          .commands('request')
          .filter((r) => r.method === 'trendStack')
          .map((r) => r.params),
        [{ dimension: 'worker' }],
        'asked once, for workers',
      );
      equal(
        stacked(app).map((d) => d.label),
        [...expected.series.map((s) => s.name), `Other (${expected.other.entities})`],
        'workers by spend, then Other',
      );
      equal(stacked(app)[0].backgroundColor, blue, `${theme}: the first worker in the theme's first chart colour`);
      equal(stackButton(app, 'worker').getAttribute('aria-pressed'), 'true', 'Worker pressed');
      equal(
        (trend(app).chart!.data.datasets[SPEND].data as unknown[]).every((v) => v === null),
        true,
        'no total bars under the stack',
      );
      const sums = view.daily.map((_, d) => stacked(app).reduce((sum, ds) => sum + micros(ds.data[d]), 0));
      // Each band is rounded to a micro on its own: allow one per band.
      sums.forEach((sum, d) =>
        assert(Math.abs(sum - view.daily[d].spendMicros) <= stacked(app).length, `day ${view.daily[d].date}: ${sum} vs ${view.daily[d].spendMicros}`),
      );
      const legend = [...trend(app).shadowRoot!.querySelectorAll('.legend li')].map((li) => li.textContent.trim());
      equal(legend.length, expected.series.length + 1, 'a legend entry per band');
      assert(legend[0].startsWith(`${expected.series[0].name}:`), legend[0]);

      // The keyboard reads every band of a bar, and the day's total.
      const canvas = trend(app).shadowRoot!.querySelector('canvas')!;
      canvas.focus();
      canvas.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
      const tooltip = trend(app).chart!.tooltip!;
      await waitFor(() => tooltip.body?.length === stacked(app).length, 'a tooltip line per band');
      const last = view.daily[view.daily.length - 1];
      assert(tooltip.body[0].lines[0].startsWith(`${expected.series[0].name}: `), tooltip.body[0].lines[0]);
      equal(tooltip.footer, [`Total: ${formatMoney(last.spendMicros, 'USD')}`], "the day's total");

      stackButton(app, 'team').click();
      const teams = trendStack(host.store, host.range, 'team');
      await waitFor(
        () => stacked(app)[0]?.label === teams.series[0].name && stacked(app).length === teams.series.length + (teams.other.entities > 0 ? 1 : 0),
        'the team stack',
      );
      equal(trend(app).shadowRoot!.querySelector('.legend')!.getAttribute('aria-label'), `Spend by ${DIMENSION_LABELS.team.toLowerCase()}`, 'legend named');

      root(app).querySelectorAll('.grouping vscode-button')[2].dispatchEvent(new MouseEvent('click'));
      await waitFor(() => (trend(app).chart!.data.labels as string[]).length < view.daily.length, 'months');
      const monthTotal = stacked(app).reduce((sum, ds) => sum + ds.data.reduce((a: number, v) => a + micros(v), 0), 0);
      assert(Math.abs(monthTotal - view.totals.spendMicros) <= stacked(app).length * view.daily.length, 'the stacked months add up to the range');

      stackButton(app, 'total').click();
      await waitFor(() => stacked(app).length === 0, 'back to the total');
      equal(trend(app).shadowRoot!.querySelector('.legend'), null, 'no legend for the total');
      await settle(app);
    }
    applyTheme('dark');
  });

  test("a click on a spike marker narrows to the day and highlights its drivers' rows until the view changes", async () => {
    for (const theme of ['dark', 'light', 'high-contrast'] as const) {
      useTheme(theme);
      const host = new MockHost(store(), NOW);
      const app = await mount(host);
      const spike = insightsOf(host).spikes[0];
      assert(spike, 'the demo has a spike');
      const driver = spike.drivers[0];
      const index = trend(app).daily.findIndex((d) => d.date === spike.date);
      const chart = trend(app).chart!;
      const point = chart.getDatasetMeta(SPIKES).data[index];
      const rect = chart.canvas.getBoundingClientRect();
      await window.__mouse!('click', rect.left + point.x, rect.top + point.y);
      await waitFor(() => noticesRoot(app).textContent?.includes('Tables show'), 'day chip');
      const highlighted = () => [...tableRoot(app).querySelectorAll('tbody tr.row.highlighted')].map((tr) => tr.getAttribute('data-id'));
      // The day opens on a tab that shows a driver.
      await waitFor(() => highlighted().length > 0, 'a driver highlighted on the tab shown');
      assert(
        spike.drivers.some((d) => d.dimension === app.ui.tab),
        `the ${app.ui.tab} tab holds a driver`,
      );
      await selectTab(app, DIMENSION_LABELS[driver.dimension]);
      await waitFor(() => highlighted().includes(driver.id), 'the first driver highlighted');
      const drivers = spike.drivers.filter((d) => d.dimension === driver.dimension).map((d) => d.id);
      assert(
        highlighted().every((id) => id !== null && drivers.includes(id)),
        'only drivers highlighted',
      );
      const row = tableRoot(app).querySelector(`tr.highlighted[data-id="${CSS.escape(driver.id)}"]`)!;
      assert(row.hasAttribute('data-highlighted'), 'marked for scripts and styles');
      assert(getComputedStyle(row).boxShadow !== 'none', `${theme}: the highlight is drawn`);
      assert(row.querySelector('.name')!.textContent.includes('drove the spike'), 'said to screen readers');
      const plain = tableRoot(app).querySelector('tbody tr.row:not(.highlighted)');
      if (plain) equal(getComputedStyle(plain).boxShadow, 'none', 'other rows plain');
      // Clearing the day changes the view: the highlight goes with it.
      (noticesRoot(app).querySelector('button[aria-label="Show the whole range in the tables"]') as HTMLButtonElement).click();
      await waitFor(() => !noticesRoot(app).textContent?.includes('Tables show'), 'day cleared');
      await settle(app);
      equal(highlighted(), [], 'no highlight on the whole range');
    }
    applyTheme('dark');
  });
}
