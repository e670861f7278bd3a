// What the dashboard shows for OpenAI and Anthropic organisations: days the provider has not
// finalised marked partial on Spending Trends. Registered by tests.ts, whose helpers these share.
import { queryUsage } from '../../src/core/query';
import { SPEND, STACKED } from '../../webview/components/trend-chart';
import { type DashboardApp } from '../../webview/components/dashboard-app';
import { assert, equal, test, waitFor } from './harness';
import { MockHost } from './mockHost';
import { NOW, mount, root, settle, store, trend } from './tests';

const PARTIAL_DAY = 'Partial day: the provider has not finalised it';

/** The tooltip's footer after moving to bar `index` with the keyboard (End: the last). */
async function footerAt(app: DashboardApp, key: 'End' | 'Home'): Promise<string[]> {
  const canvas = trend(app).shadowRoot!.querySelector('canvas')!;
  canvas.focus();
  canvas.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
  const tooltip = trend(app).chart!.tooltip!;
  await waitFor(() => (tooltip.body?.length ?? 0) > 0, 'a tooltip');
  return tooltip.footer;
}

export function registerProviderTests(): void {
  test('marks the days a provider has not finalised: lighter striped bars, a tooltip line and the summary', async () => {
    const host = new MockHost(store(), NOW);
    const daily = queryUsage(host.store, host.range).daily;
    const last = daily[daily.length - 1].date;
    const before = daily[daily.length - 2].date;
    // The panel sends them already limited to the range; a day outside it is dropped by the view model.
    host.partialDays = ['2001-01-01', before, last];
    const app = await mount(host);
    equal(trend(app).partialDays, [before, last], 'the partial days of the range reach the chart');
    const fills = trend(app).chart!.data.datasets[SPEND].backgroundColor as unknown[];
    assert(fills[daily.length - 1] instanceof CanvasPattern && fills[daily.length - 2] instanceof CanvasPattern, 'partial days striped');
    equal(
      fills.slice(0, -2).every((f) => typeof f === 'string'),
      true,
      'final days drawn solid',
    );
    equal(await footerAt(app, 'End'), [PARTIAL_DAY], 'the last day says it is partial');
    equal(await footerAt(app, 'Home'), [], 'the first day says nothing');
    const summary = trend(app).shadowRoot!.querySelector('#trend-summary')!.textContent;
    assert(summary.includes('Partial days, not finalised by the provider yet:'), summary);

    // Stacked, every band of a partial day is striped, and the footer keeps both lines.
    (root(app).querySelector('.stack-by vscode-button[data-stack="worker"]') as HTMLElement).click();
    await waitFor(() => trend(app).chart!.data.datasets.length > STACKED, 'stacked');
    const band = trend(app).chart!.data.datasets[STACKED].backgroundColor as unknown[];
    assert(band[daily.length - 1] instanceof CanvasPattern && typeof band[0] === 'string', 'the band is striped on partial days only');
    const footer = await footerAt(app, 'End');
    equal(footer.length, 2, footer.join(' | '));
    assert(footer[0].startsWith('Total: ') && footer[1] === PARTIAL_DAY, footer.join(' | '));

    // By week, the week holding them says it includes a partial day.
    (root(app).querySelector('.stack-by vscode-button[data-stack="total"]') as HTMLElement).click();
    root(app).querySelectorAll('.grouping vscode-button')[1].dispatchEvent(new MouseEvent('click'));
    await waitFor(() => (trend(app).chart!.data.labels as string[]).length < daily.length, 'weeks');
    equal(await footerAt(app, 'End'), ['Includes a partial day: the provider has not finalised it'], 'the last week');
    await settle(app);
  });

  test('without partial days every bar is solid and no tooltip mentions them', async () => {
    const host = new MockHost(store(), NOW);
    const app = await mount(host);
    const fills = trend(app).chart!.data.datasets[SPEND].backgroundColor as unknown[];
    equal(
      fills.every((f) => typeof f === 'string'),
      true,
      'solid bars',
    );
    equal(await footerAt(app, 'End'), [], 'no footer');
    assert(!trend(app).shadowRoot!.querySelector('#trend-summary')!.textContent.includes('Partial'), 'no partial days in the summary');
    await settle(app);
  });
}
