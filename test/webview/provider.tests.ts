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

  test('says when agent logs and a bill overlap, with the logs as its share by project and person, and opens the setting', async () => {
    const host = new MockHost(store(), NOW);
    host.overlap = {
      mode: 'bill',
      pairs: [
        {
          logs: 'Claude Code logs',
          providers: 'Anthropic',
          share: {
            logsSpendMicros: 4_000_000,
            billedSpendMicros: 10_000_000,
            byProject: [{ id: '/src/api', name: 'api', spendMicros: 2_500_000 }],
            byPerson: [{ id: 'ana@example.com', name: '<b>ana@example.com</b>', spendMicros: 3_500_000 }],
            moreProjects: 1,
            morePeople: 0,
          },
        },
      ],
    };
    host.billedBy = ['Anthropic'];
    const app = await mount(host);
    const notice = root(app).querySelector('ue-overlap-notice')!.shadowRoot!;
    assert(
      notice
        .querySelector('.basis')!
        .textContent.includes('Spend from Anthropic per project or workspace, model and day is billed; per user and team it is allocated'),
      'billed and allocated said',
    );
    const text = notice.textContent.replace(/\s+/g, ' ');
    assert(text.includes('Claude Code logs and Anthropic can hold the same requests: the totals count the bill'), text);
    assert(text.includes("Claude Code logs' share of the bill in this range: $4.00 estimated of $10.00 billed (40%)."), text);
    assert(text.includes('api: $2.50') && text.includes('and 1 more'), text);
    const person = notice.querySelector('ul[aria-label="By person"] li')!;
    equal(person.textContent, '<b>ana@example.com</b>: $3.50', 'names are text');
    equal(person.querySelector('b'), null, 'no markup from names');
    (notice.querySelector('button') as HTMLButtonElement).click();
    await waitFor(() => host.commands('openOverlapSetting').length === 1, 'asked the host to open the setting');

    host.overlap = { mode: 'both', pairs: [{ logs: 'Codex logs', providers: 'OpenAI' }] };
    host.sendView();
    await waitFor(() => notice.textContent.includes('are both counted'), 'the notice follows the mode');
    equal(notice.querySelector('ul'), null, 'no share when both count');
    host.overlap = undefined;
    host.sendView();
    await waitFor(() => notice.querySelector('.notice') === null, 'no notice without an overlap');
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
