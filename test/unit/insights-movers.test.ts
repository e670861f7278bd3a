import assert from 'node:assert/strict';
import { computeInsights } from '../../src/core/insights/insights';
import { queryUsage, resolveStoreRange } from '../../src/core/query';
import { day, storeOfDays } from '../support/dailyUsage';

// October: a $10, b $5, c $2 a day. November: a $10, b $1, c $6, and model-new arrives on the 10th.
const store = storeOfDays(day('2026-10-01'), day('2026-11-30'), (d) => {
  const nov = d >= day('2026-11-01');
  return [
    { worker: 'a', user: 'ana', model: 'gpt-4o', micros: 10_000_000 },
    { worker: 'b', user: 'ben', model: 'gpt-4o', micros: nov ? 1_000_000 : 5_000_000 },
    { worker: 'c', user: 'cai', model: d >= day('2026-11-10') ? 'model-new' : 'gpt-4o', micros: nov ? 6_000_000 : 2_000_000 },
  ];
});
const now = Date.parse('2026-12-02T12:00:00Z');
const range = resolveStoreRange(store, 'last-month', { now });
const insights = computeInsights(store, range, { now });

describe('movers and new models', () => {
  it('lists per dimension who rose and who fell most against the previous period', () => {
    const workers = insights.movers.filter((m) => m.dimension === 'worker');
    // c: 30 × $6 − 31 × $2 = +$118; b: 30 × $1 − 31 × $5 = −$125; a: 30 × $10 − 31 × $10 = −$10 (October has a day more).
    assert.deepEqual(
      workers.map((m) => [m.id, m.changeMicros]),
      [
        ['c', 118_000_000],
        ['b', -125_000_000],
        ['a', -10_000_000],
      ],
    );
    assert.equal(workers[0].ratio, 118 / 62);
  });

  it('agrees with the query tables', () => {
    const view = queryUsage(store, range);
    for (const mover of insights.movers) {
      const row = view.tables[mover.dimension].find((r) => r.id === mover.id);
      assert.equal(mover.spendMicros, row?.spendMicros ?? 0, mover.id);
      assert.equal(mover.previousSpendMicros, row?.previousSpendMicros ?? mover.previousSpendMicros, mover.id);
    }
  });

  it('calls a model new when its first use is in the range', () => {
    assert.deepEqual(
      insights.newModels.map((m) => m.id),
      ['model-new'],
    );
    const october = computeInsights(store, resolveStoreRange(store, '2026-10-01..2026-10-31', { now }), { now });
    assert.deepEqual(
      october.newModels.map((m) => m.id),
      ['gpt-4o'],
    );
  });

  it('lists models first used in the same millisecond by id, whatever order the events came in (as the database does)', () => {
    for (const models of [
      ['zeta', 'alpha'],
      ['alpha', 'zeta'],
    ]) {
      const tied = storeOfDays(day('2026-11-01'), day('2026-11-02'), () => models.map((model) => ({ worker: 'a', user: 'ana', model, micros: 1 })));
      const found = computeInsights(tied, resolveStoreRange(tied, 'all', { now }), { now }).newModels;
      assert.deepEqual(
        found.map((m) => m.id),
        ['alpha', 'zeta'],
        models.join(' then '),
      );
      assert.equal(found[0].firstSeen, found[1].firstSeen);
    }
  });
});
