import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DIMENSIONS, type UsageEvent } from '../../src/core/model';
import { queryUsage, resolveStoreRange } from '../../src/core/query';
import { applyTeamMapping, parseTeamMapping } from '../../src/core/teams/mapping';
import { entityDaily, entityDailyPerEntity } from '../../src/core/entityDaily';
import { stackSeries, trendStack, type TrendStack } from '../../src/core/trendStack';
import { type Filter } from '../../src/core/query';
import { buildStore, eventsArb, localDate, ZONES } from '../support/arbitraries';

const DAY_MS = 86_400_000;
const start = Date.parse('2026-03-02T10:00:00Z');
function event(day: number, worker: string, micros: number, extra: Partial<UsageEvent> = {}): UsageEvent {
  return {
    timestamp: start + day * DAY_MS,
    workerId: worker,
    workerName: `Worker ${worker}`,
    userId: 'u',
    userName: 'u',
    model: 'm',
    runs: 1,
    costMicros: micros,
    ...extra,
  };
}

/** Each day's stacks (top entities and Other) added up. */
const stackTotals = (stack: TrendStack) => stack.dates.map((_, d) => stack.series.reduce((sum, s) => sum + s.spendMicros[d], 0) + stack.other.spendMicros[d]);

describe('trend stacked by a dimension', () => {
  it('shows the top 5 entities by spend and adds the rest up as Other', () => {
    // Workers w1..w8 spend 1..8 dollars on day 0; w8 also spends on day 2.
    const events = Array.from({ length: 8 }, (_, i) => event(0, `w${i + 1}`, (i + 1) * 1_000_000));
    events.push(event(2, 'w8', 500_000), event(1, 'w1', 250_000));
    const store = buildStore(events);
    const range = resolveStoreRange(store, '2026-03-02..2026-03-04');
    const stack = trendStack(store, range, 'worker');
    assert.deepEqual(stack.dates, ['2026-03-02', '2026-03-03', '2026-03-04']);
    assert.deepEqual(
      stack.series.map((s) => s.name),
      ['Worker w8', 'Worker w7', 'Worker w6', 'Worker w5', 'Worker w4'],
    );
    assert.deepEqual(stack.series[0].spendMicros, [8_000_000, 0, 500_000]);
    assert.deepEqual(stack.other, { spendMicros: [6_000_000, 250_000, 0], runs: [3, 1, 0], entities: 3 });
    assert.deepEqual(stackTotals(stack), [36_000_000, 250_000, 500_000]);
  });

  it('has an empty Other when there are 5 entities or fewer', () => {
    const store = buildStore([event(0, 'a', 1), event(0, 'b', 2)]);
    const stack = trendStack(store, resolveStoreRange(store, 'all'), 'worker');
    assert.equal(stack.series.length, 2);
    assert.deepEqual(stack.other, { spendMicros: [0], runs: [0], entities: 0 });
  });

  it('stacks by team, from the mapping, and narrows to a focused team', () => {
    const store = buildStore([event(0, 'cr', 1_000_000, { team: 'Finance' }), event(0, 'bot', 2_000_000), event(1, 'bot', 4_000_000, { team: 'Finance' })]);
    const mapped = applyTeamMapping(store, parseTeamMapping({ Platform: { workers: ['cr'] } }).mapping);
    const range = resolveStoreRange(mapped, 'all');
    const stack = trendStack(mapped, range, 'team');
    assert.deepEqual(
      stack.series.map((s) => [s.name, s.spendMicros]),
      [
        ['Finance', [0, 4_000_000]],
        ['(no team)', [2_000_000, 0]],
        ['Platform', [1_000_000, 0]],
      ],
    );
    const finance = trendStack(mapped, range, 'worker', [{ dimension: 'team', id: 'Finance' }]);
    assert.deepEqual(
      finance.series.map((s) => [s.id, s.spendMicros]),
      [['bot', [0, 4_000_000]]],
    );
  });

  it('adds up to the daily total exactly, for every dimension, with or without a focus (property)', () => {
    fc.assert(
      fc.property(eventsArb(200), fc.integer({ min: 1, max: 6 }), fc.boolean(), (events, top, focused) => {
        const store = buildStore(events);
        const range = resolveStoreRange(store, 'all');
        const filters = focused && events.length > 0 ? [{ dimension: 'team' as const, id: events[0].team ?? '(no team)' }] : [];
        const view = queryUsage(store, range, filters);
        const daily = new Map(view.daily.map((p) => [p.date, p]));
        for (const dimension of DIMENSIONS) {
          const stack = trendStack(store, range, dimension, filters, top);
          assert.ok(stack.series.length <= top);
          const totals = stackTotals(stack);
          stack.dates.forEach((date, d) => {
            assert.equal(totals[d], daily.get(date)?.spendMicros ?? 0, `${dimension} ${date}`);
            const runs = stack.series.reduce((sum, s) => sum + s.runs[d], 0) + stack.other.runs[d];
            assert.equal(runs, daily.get(date)?.runs ?? 0);
          });
        }
      }),
    );
  });

  it('equals a naive per-event reference, in any zone and focus, by the day table and by the per-entity path (property)', () => {
    const naive = (
      store: ReturnType<typeof buildStore>,
      range: ReturnType<typeof resolveStoreRange>,
      dimension: (typeof DIMENSIONS)[number],
      filters: Filter[],
    ) => {
      const dates = stackDates(range);
      const byId = new Map<string, { id: string; name: string; runs: number[]; spendMicros: number[] }>();
      for (let i = 0; i < store.length; i++) {
        const e = store.event(i);
        if (e.timestamp < range.current.from || e.timestamp >= range.current.to) continue;
        const ids = { worker: e.workerId, user: e.userId, model: e.model, team: e.team ?? '(no team)' };
        if (!filters.every((f) => ids[f.dimension] === f.id)) continue;
        const id = ids[dimension];
        let entity = byId.get(id);
        if (!entity) {
          const name = dimension === 'worker' ? e.workerName : dimension === 'user' ? e.userName : id;
          byId.set(id, (entity = { id, name, runs: dates.map(() => 0), spendMicros: dates.map(() => 0) }));
        }
        const d = dates.indexOf(localDate(e.timestamp, range.timeZone));
        entity.runs[d] += e.runs;
        entity.spendMicros[d] += e.costMicros;
      }
      const total = (x: { spendMicros: number[] }) => x.spendMicros.reduce((a, b) => a + b, 0);
      const entities = [...byId.values()].sort((a, b) => total(b) - total(a) || (a.id < b.id ? -1 : 1));
      return { dimension, dates, entities };
    };
    fc.assert(
      fc.property(
        eventsArb(150),
        fc.constantFrom('all', '7d', '2026-01-05..2026-02-20'),
        fc.constantFrom(...ZONES),
        fc.option(fc.constantFrom<Filter>({ dimension: 'model', id: 'gpt-4o' }, { dimension: 'team', id: '(no team)' }, { dimension: 'team', id: 'Support' }), {
          nil: undefined,
        }),
        fc.integer({ min: 1, max: 6 }),
        (events, spec, timeZone, filter, top) => {
          const store = buildStore(events);
          const range = resolveStoreRange(store, spec, { now: Date.parse('2026-02-15T12:00:00Z'), timeZone });
          const filters = filter ? [filter] : [];
          for (const dimension of DIMENSIONS) {
            const expected = naive(store, range, dimension, filters);
            assert.deepEqual(entityDaily(store, range, dimension, filters), expected);
            assert.deepEqual(entityDailyPerEntity(store, range, dimension, filters), expected);
            assert.deepEqual(trendStack(store, range, dimension, filters, top), stackSeries(expected, top));
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});

/** `YYYY-MM-DD` of every day of a range, counted by hand. */
function stackDates(range: ReturnType<typeof resolveStoreRange>): string[] {
  const dates: string[] = [];
  for (let d = range.current.firstDay; d <= range.current.lastDay; d++) dates.push(new Date(d * DAY_MS).toISOString().slice(0, 10));
  return dates;
}
