import * as assert from 'assert';
import { budgetsNow } from '../../src/core/insights/insights';
import { byLabel, children, resetSettings, setSetting, usageApi, useSource, waitFor } from './usage';

suite('Budgets', () => {
  teardown(async () => {
    await resetSettings();
  });

  test('a workspace budget set in settings shows in the status bar and notifies once at its threshold', async () => {
    const api = await usageApi();
    await useSource(api, 'demo');
    await api.budgets.forgetNotified();
    const store = api.data.snapshot!.store;
    // What the demo spent this month, so the budget can be set to put it at 85%.
    const [probe] = budgetsNow(store, [{ scope: 'workspace', amount: 1, period: 'month' }], { timeZone: api.data.timeZone });
    const spent = probe.spendMicros / 1e6;
    assert.ok(spent > 0, 'the demo has spend this month');
    const amount = Math.round((spent / 0.85) * 100) / 100;

    const alerts: string[] = [];
    const listener = api.budgets.onDidAlert((message) => alerts.push(message));
    try {
      await setSetting('budgets', [{ scope: 'workspace', amount, period: 'month' }]);
      const text = await waitFor('the budget in the status bar', () => api.budgets.text);
      const money = (n: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(n);
      assert.equal(text, `$(warning) ${money(probe.spendMicros / 1e6)} / ${money(amount)} · 85%`);
      await waitFor('the 80% notification', () => alerts.length > 0);
      assert.equal(alerts.length, 1, alerts.join('\n'));
      assert.match(alerts[0], /^Workspace budget reached 80% of its monthly budget: .* · 85% in \d{4}-\d\d; forecast /);
      assert.deepEqual(api.budgets.statuses[0].reached, [50, 80]);

      // Data and settings that change again do not notify again in the same month.
      await api.data.refresh();
      await setSetting('budgetThresholds', [50, 80, 100]);
      await waitFor('the thresholds setting to apply', () => api.budgets.statuses[0]?.thresholds.length === 3);
      assert.equal(alerts.length, 1);

      // A threshold under the spend that was not notified yet does notify.
      await setSetting('budgetThresholds', [50, 80, 84, 100]);
      await waitFor('the 84% notification', () => alerts.length === 2);
      assert.match(alerts[1], /reached 84%/);
    } finally {
      listener.dispose();
    }
    await setSetting('budgets', undefined);
    await waitFor('the budget item to hide', () => api.budgets.text === undefined);
  });

  test("the tree shows a budgeted worker's share of its budget", async () => {
    const api = await usageApi();
    await useSource(api, 'demo');
    await api.budgets.forgetNotified();
    const workers = await children(api, byLabel(await children(api), 'Workers').node);
    const worker = workers[0];
    const id = (worker.node as unknown as { row: { id: string } }).row.id;
    const [status] = budgetsNow(api.data.snapshot!.store, [{ scope: 'worker', id, amount: 1000, period: 'month' }], { timeZone: api.data.timeZone });
    const expected = `${new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0 }).format(status.ratio)} of budget`;
    await setSetting('budgets', [{ scope: 'worker', id, amount: 1000, period: 'month' }]);
    const shown = await waitFor('the percentage on the worker', async () => {
      const item = (await children(api, byLabel(await children(api), 'Workers').node)).find((w) => w.label === worker.label);
      return item?.description.endsWith(` · ${expected}`) ? item.description : undefined;
    });
    assert.ok(shown.startsWith(worker.description), shown);
    // Only root items carry it: under a user, the same worker's spend is only that user's part.
    const other = (await children(api, byLabel(await children(api), 'Users').node))[0];
    const underUser = await children(api, byLabel(await children(api, other.node), 'Workers').node);
    assert.ok(underUser.every((w) => !w.description.includes('of budget')));
  });
});
