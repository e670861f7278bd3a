import assert from 'node:assert/strict';
import { budgetAlerts, type FiredThresholds } from '../../src/core/insights/budgetAlerts';
import { parseBudgets, type Budget } from '../../src/core/insights/budgets';
import { computeInsights } from '../../src/core/insights/insights';
import { resolveStoreRange } from '../../src/core/query';
import { formatDay } from '../../src/core/time';
import { day, storeOfDays } from '../support/dailyUsage';

const DAY_MS = 86_400_000;
/** $10 a day on support-bot, $5 on code-review, from September to the end of December. */
const store = storeOfDays(day('2026-09-01'), day('2026-12-31'), () => [
  { worker: 'support-bot', user: 'ana', model: 'gpt-4o', micros: 10_000_000 },
  { worker: 'code-review', user: 'ben', model: 'gpt-4o', micros: 5_000_000 },
]);

function statusesAt(now: number, budgets: Budget[]) {
  const range = resolveStoreRange(store, 'mtd', { now });
  return computeInsights(store, range, { now, budgets }).budgets;
}

describe('budgets', () => {
  it('reads settings entries, reporting bad ones by position', () => {
    const { budgets, errors } = parseBudgets([
      { scope: 'workspace', amount: 500, period: 'month' },
      { scope: 'worker', id: 'support-bot', amount: 200 },
      { scope: 'team', amount: 10 },
      { scope: 'galaxy', id: 'x', amount: 10 },
      { scope: 'model', id: 'gpt-4o', amount: -1 },
      { scope: 'user', id: 'ana', amount: 5, thresholds: [100, 75] },
      { scope: 'worker', id: 'support-bot', amount: 300 },
      'nope',
    ]);
    assert.deepEqual(budgets, [
      { scope: 'workspace', amount: 500, period: 'month' },
      { scope: 'worker', id: 'support-bot', amount: 200, period: 'month' },
      { scope: 'user', id: 'ana', amount: 5, period: 'month', thresholds: [75, 100] },
    ]);
    assert.deepEqual(errors, [
      "Budget 3: a team budget needs the team's id.",
      'Budget 4: scope must be one of workspace, team, worker, user, model.',
      'Budget 5: amount must be a positive number.',
      'Budget 7: a budget for worker:support-bot is already set; the first one is used.',
      'Budget 8 is not an object.',
    ]);
    assert.deepEqual(parseBudgets({}).errors, ['Budgets must be a list of { scope, id, amount, period }.']);
  });

  it('measures spend this month against the amount, with its month-end forecast', () => {
    const now = Date.parse('2026-11-15T12:00:00Z');
    const [workspace, worker] = statusesAt(now, [
      { scope: 'workspace', amount: 500, period: 'month' },
      { scope: 'worker', id: 'code-review', amount: 100, period: 'month' },
    ]);
    assert.equal(workspace.key, 'workspace');
    assert.equal(workspace.period, '2026-11');
    assert.equal(workspace.spendMicros, 15 * 15_000_000);
    assert.equal(workspace.ratio, 0.45);
    assert.deepEqual(workspace.reached, []);
    assert.equal(workspace.forecast!.spendMicros, 30 * 15_000_000);
    assert.equal(workspace.periodEnd, '2026-11-30');
    assert.equal(workspace.atRisk, false, 'forecast $450 is under $500');
    assert.equal(worker.budget.scope, 'worker');
    assert.equal(worker.name, 'code-review');
    assert.equal(worker.spendMicros, 75_000_000);
    assert.deepEqual(worker.reached, [50]);
    assert.equal(worker.atRisk, true, 'forecast $150 is over $100');
  });

  it('notifies once when crossing 80%, and again next month', () => {
    // $15 a day against $400: 80% ($320) is crossed on the 22nd (day 22 ends at $330).
    const budgets: Budget[] = [{ scope: 'workspace', amount: 400, period: 'month' }];
    let fired: FiredThresholds = {};
    const notified: string[] = [];
    for (let d = day('2026-11-01'); d <= day('2026-12-31'); d++) {
      for (const hour of [9, 21]) {
        const result = budgetAlerts(statusesAt(d * DAY_MS + hour * 3_600_000, budgets), fired);
        // Kept as the host keeps it (JSON in globalState) and read back.
        fired = JSON.parse(JSON.stringify(result.fired)) as FiredThresholds;
        for (const alert of result.alerts) notified.push(`${formatDay(d)} ${alert.threshold}%`);
      }
    }
    // 50% ($200) on day 14, 80% on day 22, 100% ($400) on day 27; the same again in December.
    assert.deepEqual(notified, ['2026-11-14 50%', '2026-11-22 80%', '2026-11-27 100%', '2026-12-14 50%', '2026-12-22 80%', '2026-12-27 100%']);
  });

  it('names only the highest of several thresholds reached at once, and remembers them all', () => {
    const now = Date.parse('2026-11-28T12:00:00Z');
    const result = budgetAlerts(statusesAt(now, [{ scope: 'workspace', amount: 400, period: 'month' }]), {});
    assert.deepEqual(
      result.alerts.map((a) => a.threshold),
      [100],
    );
    assert.deepEqual(result.fired, { workspace: { period: '2026-11', thresholds: [50, 80, 100] } });
    assert.deepEqual(budgetAlerts(statusesAt(now, [{ scope: 'workspace', amount: 400, period: 'month' }]), result.fired).alerts, []);
  });

  it('counts months in the configured zone', () => {
    // 2026-11-30T23:30Z is already December 1st in Tokyo: a new period with nothing spent yet.
    const now = Date.parse('2026-11-30T23:30:00Z');
    const range = resolveStoreRange(store, 'mtd', { now, timeZone: 'Asia/Tokyo' });
    const [status] = computeInsights(store, range, { now, budgets: [{ scope: 'workspace', amount: 400, period: 'month' }] }).budgets;
    assert.equal(status.period, '2026-12');
    assert.equal(status.spendMicros, 15_000_000, "the day's event at noon UTC on Dec 1st is 21:00 in Tokyo");
  });

  it('keeps budgets on the whole scope when the view is filtered', () => {
    const now = Date.parse('2026-11-15T12:00:00Z');
    const range = resolveStoreRange(store, 'mtd', { now });
    const [status] = computeInsights(store, range, {
      now,
      filters: [{ dimension: 'worker', id: 'support-bot' }],
      budgets: [{ scope: 'workspace', amount: 500, period: 'month' }],
    }).budgets;
    assert.equal(status.spendMicros, 15 * 15_000_000);
  });

  it('counts an entity the data has never seen as nothing spent', () => {
    const [status] = statusesAt(Date.parse('2026-11-15T12:00:00Z'), [{ scope: 'model', id: 'not-a-model', amount: 10, period: 'month' }]);
    assert.equal(status.spendMicros, 0);
    assert.equal(status.name, 'not-a-model');
  });
});
