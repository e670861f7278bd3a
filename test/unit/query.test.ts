import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DIMENSIONS, NO_TEAM_NAME, type Dimension, type UsageEvent } from '../../src/core/model';
import {
  breakdown,
  compareRows,
  drillDown,
  entityName,
  queryUsage,
  relativeChange,
  resolveStoreRange,
  type Filter,
  type Totals,
  type UsageRow,
  type UsageView,
} from '../../src/core/query';
import { type UsageStore } from '../../src/core/store';
import { resolveRange, type ResolvedRange } from '../../src/core/time';
import { DAY_MS, EVENTS_DAYS, EVENTS_START, MODELS, TEAMS, USERS, WORKERS, ZONES, buildStore, eventsArb, localDate } from '../support/arbitraries';

// ---- a naive reference: straightforward loops over store.event(i) ------------------------------

const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

function idOf(e: UsageEvent, dimension: Dimension): string {
  if (dimension === 'team') return e.team ?? NO_TEAM_NAME;
  return dimension === 'worker' ? e.workerId : dimension === 'user' ? e.userId : e.model;
}
function nameOf(e: UsageEvent, dimension: Dimension): string {
  return dimension === 'worker' ? e.workerName : dimension === 'user' ? e.userName : idOf(e, dimension);
}

function allEvents(store: UsageStore): UsageEvent[] {
  const out: UsageEvent[] = [];
  for (let i = 0; i < store.length; i++) out.push(store.event(i));
  return out;
}

function select(store: UsageStore, span: { from: number; to: number }, filters: readonly Filter[]): UsageEvent[] {
  return allEvents(store).filter((e) => span.from <= e.timestamp && e.timestamp < span.to && filters.every((f) => idOf(e, f.dimension) === f.id));
}

function naiveTotals(events: UsageEvent[]): Totals {
  let runs = 0;
  let spend = 0;
  const users = new Set<string>();
  for (const e of events) {
    runs += e.runs;
    spend += e.costMicros;
    users.add(e.userId);
  }
  return { runs, spendMicros: spend, users: users.size, avgCostPerRunMicros: runs === 0 ? 0 : Math.round(spend / runs) };
}

function naiveCompare(a: UsageRow, b: UsageRow): number {
  if (a.spendMicros !== b.spendMicros) return b.spendMicros - a.spendMicros;
  if (a.runs !== b.runs) return b.runs - a.runs;
  const byName = a.name.localeCompare(b.name);
  if (byName !== 0) return byName;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function naiveRows(dimension: Dimension, current: UsageEvent[], previous: UsageEvent[]): UsageRow[] {
  const total = current.reduce((s, e) => s + e.costMicros, 0);
  const acc = new Map<string, { name: string; runs: number; spend: number; users: Set<string> }>();
  for (const e of current) {
    const id = idOf(e, dimension);
    let a = acc.get(id);
    if (!a) acc.set(id, (a = { name: nameOf(e, dimension), runs: 0, spend: 0, users: new Set() }));
    a.runs += e.runs;
    a.spend += e.costMicros;
    a.users.add(e.userId);
  }
  const rows: UsageRow[] = [];
  for (const [id, a] of acc) {
    let prev = 0;
    for (const e of previous) if (idOf(e, dimension) === id) prev += e.costMicros;
    rows.push({
      id,
      name: a.name,
      runs: a.runs,
      users: dimension === 'user' ? 1 : a.users.size,
      spendMicros: a.spend,
      share: total === 0 ? 0 : a.spend / total,
      previousSpendMicros: prev,
      change: prev === 0 ? null : (a.spend - prev) / prev,
    });
  }
  return rows.sort(naiveCompare);
}

function naiveView(store: UsageStore, range: ResolvedRange, filters: readonly Filter[]): Omit<UsageView, 'range' | 'filters'> {
  const current = select(store, range.current, filters);
  const previous = select(store, range.previous, filters);
  const days = new Map<string, { date: string; runs: number; spendMicros: number }>();
  for (let d = range.current.firstDay; d <= range.current.lastDay; d++) days.set(isoDay(d), { date: isoDay(d), runs: 0, spendMicros: 0 });
  for (const e of current) {
    const point = days.get(localDate(e.timestamp, range.timeZone));
    assert.ok(point, `event at ${new Date(e.timestamp).toISOString()} falls outside the range's days`);
    point.runs += e.runs;
    point.spendMicros += e.costMicros;
  }
  return {
    totals: naiveTotals(current),
    previousTotals: naiveTotals(previous),
    daily: [...days.values()],
    tables: {
      worker: naiveRows('worker', current, previous),
      user: naiveRows('user', current, previous),
      model: naiveRows('model', current, previous),
      team: naiveRows('team', current, previous),
    },
  };
}

// ---- scenarios -------------------------------------------------------------------------------------

const START_DAY = EVENTS_START / DAY_MS;

/** A custom range around the events, or a preset with `now` somewhere in or after them. */
const rangeArb: fc.Arbitrary<{ spec: string; now: number; timeZone: string }> = fc.record({
  spec: fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.integer({ min: -10, max: EVENTS_DAYS + 5 }), fc.integer({ min: 0, max: 45 }))
        .map(([a, n]) => `${isoDay(START_DAY + a)}..${isoDay(START_DAY + a + n)}`),
    },
    { weight: 2, arbitrary: fc.constantFrom('today', '7d', '30d', '90d', 'mtd', 'last-month', 'ytd', '12m', 'all') },
  ),
  now: fc.integer({ min: EVENTS_START, max: EVENTS_START + (EVENTS_DAYS + 20) * DAY_MS }),
  timeZone: fc.constantFrom(...ZONES),
});

const knownIds: Record<Dimension, readonly string[]> = {
  worker: WORKERS.map((w) => w.id),
  user: USERS.map((u) => u.id),
  model: MODELS,
  team: [...TEAMS, NO_TEAM_NAME],
};

const filtersArb: fc.Arbitrary<Filter[]> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Filter[]>([]) },
  {
    weight: 2,
    arbitrary: fc.uniqueArray(
      fc.constantFrom<Dimension>(...DIMENSIONS).chain((dimension) => fc.constantFrom(...knownIds[dimension]).map((id) => ({ dimension, id }))),
      { maxLength: 2, selector: (f) => f.dimension },
    ),
  },
);

const scenarioArb = fc.record({ events: eventsArb(300), range: rangeArb, filters: filtersArb });

function setUp({ events, range }: { events: UsageEvent[]; range: { spec: string; now: number; timeZone: string } }) {
  const store = buildStore(events);
  return { store, range: resolveStoreRange(store, range.spec, { now: range.now, timeZone: range.timeZone }) };
}

const sum = (rows: readonly { spendMicros: number; runs: number }[]) => ({
  spendMicros: rows.reduce((s, r) => s + r.spendMicros, 0),
  runs: rows.reduce((s, r) => s + r.runs, 0),
});

const RUNS = { numRuns: 120 };

describe('query', () => {
  describe('a small workspace, by hand', () => {
    const d = (day: number, hour: number) => Date.UTC(2026, 2, day, hour);
    const base = { workerName: '', userName: '', inputTokens: undefined };
    const store = buildStore([
      { ...base, timestamp: d(1, 9), workerId: 'bot', workerName: 'Bot', userId: 'ann', userName: 'Ann', model: 'm1', runs: 2, costMicros: 3_000_000 },
      { ...base, timestamp: d(1, 23), workerId: 'bot', workerName: 'Bot', userId: 'bob', userName: 'Bob', model: 'm2', runs: 1, costMicros: 1_000_000 },
      { ...base, timestamp: d(3, 12), workerId: 'etl', workerName: 'ETL', userId: 'ann', userName: 'Ann', model: 'm2', runs: 1, costMicros: 4_000_000 },
      // The previous period (the 3 days before): only the bot, 2 USD.
      {
        ...base,
        timestamp: Date.UTC(2026, 1, 27, 10),
        workerId: 'bot',
        workerName: 'Bot',
        userId: 'ann',
        userName: 'Ann',
        model: 'm1',
        runs: 4,
        costMicros: 2_000_000,
      },
      // After the range.
      { ...base, timestamp: d(4, 0), workerId: 'etl', workerName: 'ETL', userId: 'bob', userName: 'Bob', model: 'm1', runs: 1, costMicros: 9_000_000 },
    ]);
    const range = resolveRange('2026-03-01..2026-03-03');
    const view = queryUsage(store, range);

    it('computes totals and previous totals', () => {
      assert.deepEqual(view.totals, { runs: 4, spendMicros: 8_000_000, users: 2, avgCostPerRunMicros: 2_000_000 });
      assert.deepEqual(view.previousTotals, { runs: 4, spendMicros: 2_000_000, users: 1, avgCostPerRunMicros: 500_000 });
    });

    it('zero-fills the daily series', () => {
      assert.deepEqual(view.daily, [
        { date: '2026-03-01', runs: 3, spendMicros: 4_000_000 },
        { date: '2026-03-02', runs: 0, spendMicros: 0 },
        { date: '2026-03-03', runs: 1, spendMicros: 4_000_000 },
      ]);
    });

    it('buckets days in the range’s zone', () => {
      // In New York the 23:00Z event of March 1 is on March 1 (18:00), the 12:00Z one of March 3 too; 2026-03-04T00:00Z is March 3 19:00.
      const ny = queryUsage(store, resolveRange('2026-03-01..2026-03-03', { timeZone: 'America/New_York' }));
      assert.deepEqual(
        ny.daily.map((p) => [p.date, p.spendMicros]),
        [
          ['2026-03-01', 4_000_000],
          ['2026-03-02', 0],
          ['2026-03-03', 13_000_000],
        ],
      );
      // In Tokyo the 23:00Z event of March 1 is already March 2.
      const tokyo = queryUsage(store, resolveRange('2026-03-01..2026-03-03', { timeZone: 'Asia/Tokyo' }));
      assert.deepEqual(
        tokyo.daily.map((p) => [p.date, p.spendMicros]),
        [
          ['2026-03-01', 3_000_000],
          ['2026-03-02', 1_000_000],
          ['2026-03-03', 4_000_000],
        ],
      );
    });

    it('builds a table per dimension, by spend descending, with share and change', () => {
      assert.deepEqual(view.tables.worker, [
        { id: 'bot', name: 'Bot', runs: 3, users: 2, spendMicros: 4_000_000, share: 0.5, previousSpendMicros: 2_000_000, change: 1 },
        { id: 'etl', name: 'ETL', runs: 1, users: 1, spendMicros: 4_000_000, share: 0.5, previousSpendMicros: 0, change: null },
      ]);
      assert.deepEqual(
        view.tables.user.map((r) => [r.id, r.runs, r.users, r.spendMicros, r.share, r.previousSpendMicros, r.change]),
        [
          ['ann', 3, 1, 7_000_000, 0.875, 2_000_000, 2.5],
          ['bob', 1, 1, 1_000_000, 0.125, 0, null],
        ],
      );
      assert.deepEqual(
        view.tables.model.map((r) => [r.id, r.name, r.runs, r.users, r.spendMicros]),
        [
          ['m2', 'm2', 2, 2, 5_000_000],
          ['m1', 'm1', 2, 1, 3_000_000],
        ],
      );
    });

    it('filters to one entity and drills down', () => {
      const ann = queryUsage(store, range, [{ dimension: 'user', id: 'ann' }]);
      assert.equal(ann.totals.spendMicros, 7_000_000);
      assert.deepEqual(
        ann.tables.user.map((r) => r.id),
        ['ann'],
      );
      const { parent, children } = drillDown(store, range, 'model', 'm2');
      assert.equal(parent?.spendMicros, 5_000_000);
      assert.deepEqual(
        children.worker?.map((r) => [r.id, r.spendMicros]),
        [
          ['etl', 4_000_000],
          ['bot', 1_000_000],
        ],
      );
      assert.deepEqual(
        children.user?.map((r) => [r.id, r.spendMicros]),
        [
          ['ann', 4_000_000],
          ['bob', 1_000_000],
        ],
      );
      assert.equal(children.model, undefined);
    });

    it('knows entity names', () => {
      assert.equal(entityName(store, 'worker', 'etl'), 'ETL');
      assert.equal(entityName(store, 'model', 'm1'), 'm1');
      assert.equal(entityName(store, 'user', 'nobody'), undefined);
    });

    it('resolves all to the store’s data', () => {
      const all = resolveStoreRange(store, 'all', { now: Date.UTC(2030, 0, 1) });
      assert.equal(all.current.from, Date.UTC(2026, 1, 27));
      assert.equal(all.current.to, Date.UTC(2026, 2, 5));
    });

    it('gives relative changes', () => {
      assert.equal(relativeChange(150, 100), 0.5);
      assert.equal(relativeChange(0, 100), -1);
      assert.equal(relativeChange(5, 0), null);
      assert.equal(relativeChange(0, 0), null);
    });
  });

  describe('an entity with only zero-run, zero-cost events', () => {
    it('still has a row, so tables agree with the user count', () => {
      const t = Date.UTC(2026, 2, 1, 12);
      const store = buildStore([
        { timestamp: t, workerId: 'w', workerName: 'W', userId: 'a', userName: 'A', model: 'm', runs: 1, costMicros: 10 },
        { timestamp: t, workerId: 'w', workerName: 'W', userId: 'b', userName: 'B', model: 'idle', runs: 0, costMicros: 0 },
      ]);
      const range = resolveRange('2026-03-01..2026-03-01');
      const view = queryUsage(store, range);
      assert.equal(view.totals.users, 2);
      assert.deepEqual(
        view.tables.user.map((r) => r.id),
        ['a', 'b'],
      );
      assert.deepEqual(
        view.tables.model.map((r) => [r.id, r.runs, r.spendMicros, r.users]),
        [
          ['m', 1, 10, 1],
          ['idle', 0, 0, 1],
        ],
      );
      const { parent, children } = drillDown(store, range, 'worker', 'w');
      assert.equal(parent?.users, 2);
      assert.equal(children.user?.length, 2);
    });
  });

  describe('invariants (properties over random stores, ranges and zones)', () => {
    it('equals a naive reference implementation', () => {
      fc.assert(
        fc.property(scenarioArb, (scenario) => {
          const { store, range } = setUp(scenario);
          const view = queryUsage(store, range, scenario.filters);
          const expected = naiveView(store, range, scenario.filters);
          assert.deepEqual(view.totals, expected.totals);
          assert.deepEqual(view.previousTotals, expected.previousTotals);
          assert.deepEqual(view.daily, expected.daily);
          assert.deepEqual(view.tables, expected.tables);
          assert.deepEqual(view.filters, scenario.filters);
          assert.equal(view.range, range);
        }),
        RUNS,
      );
    });

    it('every table’s spend and runs add up to the totals exactly', () => {
      fc.assert(
        fc.property(scenarioArb, (scenario) => {
          const { store, range } = setUp(scenario);
          const view = queryUsage(store, range, scenario.filters);
          for (const dimension of DIMENSIONS) {
            assert.deepEqual(sum(view.tables[dimension]), { spendMicros: view.totals.spendMicros, runs: view.totals.runs }, dimension);
          }
          // Unfiltered, every user with an event has a row.
          if (scenario.filters.length === 0) assert.equal(view.tables.user.length, view.totals.users);
        }),
        RUNS,
      );
    });

    it('drill-down children add up to their parent row, for both other dimensions', () => {
      fc.assert(
        fc.property(scenarioArb, (scenario) => {
          const { store, range } = setUp(scenario);
          const view = queryUsage(store, range);
          for (const dimension of DIMENSIONS) {
            for (const row of view.tables[dimension]) {
              const { parent, children } = drillDown(store, range, dimension, row.id, scenario.filters);
              const filteredOut = scenario.filters.some((f) => f.dimension !== dimension);
              if (!filteredOut) {
                assert.ok(parent);
                assert.equal(parent.spendMicros, row.spendMicros);
                assert.equal(parent.runs, row.runs);
                assert.equal(parent.users, row.users);
                assert.equal(parent.previousSpendMicros, row.previousSpendMicros);
              }
              const others = DIMENSIONS.filter((d) => d !== dimension);
              assert.deepEqual(Object.keys(children).sort(), [...others].sort());
              for (const other of others) {
                const rows = children[other]!;
                assert.deepEqual(
                  sum(rows),
                  parent ? { spendMicros: parent.spendMicros, runs: parent.runs } : { spendMicros: 0, runs: 0 },
                  `${dimension} ${row.id} -> ${other}`,
                );
                if (parent && other === 'user') assert.equal(rows.length, parent.users, `${dimension} ${row.id}: users`);
              }
            }
          }
        }),
        { numRuns: 40 },
      );
    });

    it('the daily series has every day of the range and adds up to the totals', () => {
      fc.assert(
        fc.property(scenarioArb, (scenario) => {
          const { store, range } = setUp(scenario);
          const view = queryUsage(store, range, scenario.filters);
          const days: string[] = [];
          for (let d = range.current.firstDay; d <= range.current.lastDay; d++) days.push(isoDay(d));
          assert.deepEqual(
            view.daily.map((p) => p.date),
            days,
          );
          assert.deepEqual(sum(view.daily), { spendMicros: view.totals.spendMicros, runs: view.totals.runs });
        }),
        RUNS,
      );
    });

    it('shares add up to 1 when there is spend', () => {
      fc.assert(
        fc.property(scenarioArb, (scenario) => {
          const { store, range } = setUp(scenario);
          const view = queryUsage(store, range, scenario.filters);
          for (const dimension of DIMENSIONS) {
            const total = view.tables[dimension].reduce((s, r) => s + r.share, 0);
            if (view.totals.spendMicros > 0) assert.ok(Math.abs(total - 1) < 1e-9, `${dimension}: ${total}`);
            else assert.equal(total, 0);
            for (const r of view.tables[dimension]) assert.ok(r.share >= 0 && r.share <= 1);
          }
        }),
        RUNS,
      );
    });

    it('counts the distinct users in the range', () => {
      fc.assert(
        fc.property(scenarioArb, (scenario) => {
          const { store, range } = setUp(scenario);
          const view = queryUsage(store, range, scenario.filters);
          const users = new Set<string>();
          for (let i = 0; i < store.length; i++) {
            const e = store.event(i);
            if (e.timestamp >= range.current.from && e.timestamp < range.current.to && scenario.filters.every((f) => idOf(e, f.dimension) === f.id))
              users.add(e.userId);
          }
          assert.equal(view.totals.users, users.size);
        }),
        RUNS,
      );
    });

    it('gives each row the spend of the previous span', () => {
      fc.assert(
        fc.property(scenarioArb, (scenario) => {
          const { store, range } = setUp(scenario);
          const view = queryUsage(store, range, scenario.filters);
          for (const dimension of DIMENSIONS) {
            for (const row of view.tables[dimension]) {
              let prev = 0;
              for (let i = 0; i < store.length; i++) {
                const e = store.event(i);
                if (e.timestamp < range.previous.from || e.timestamp >= range.previous.to) continue;
                if (idOf(e, dimension) === row.id && scenario.filters.every((f) => idOf(e, f.dimension) === f.id)) prev += e.costMicros;
              }
              assert.equal(row.previousSpendMicros, prev, `${dimension} ${row.id}`);
              assert.equal(row.change, prev === 0 ? null : (row.spendMicros - prev) / prev);
            }
          }
        }),
        RUNS,
      );
    });

    it('a filter to an unknown id gives an empty view with every day', () => {
      fc.assert(
        fc.property(scenarioArb, fc.constantFrom<Dimension>(...DIMENSIONS), (scenario, dimension) => {
          const { store, range } = setUp(scenario);
          const view = queryUsage(store, range, [...scenario.filters, { dimension, id: 'no-such-id' }]);
          const zero = { runs: 0, spendMicros: 0, users: 0, avgCostPerRunMicros: 0 };
          assert.deepEqual(view.totals, zero);
          assert.deepEqual(view.previousTotals, zero);
          for (const d of DIMENSIONS) assert.deepEqual(view.tables[d], []);
          assert.equal(view.daily.length, range.current.lastDay - range.current.firstDay + 1);
          assert.ok(view.daily.every((p) => p.runs === 0 && p.spendMicros === 0));
          const drill = drillDown(store, range, dimension, 'no-such-id');
          assert.equal(drill.parent, undefined);
          for (const rows of Object.values(drill.children)) assert.deepEqual(rows, []);
        }),
        { numRuns: 60 },
      );
    });

    it('breakdown: top N plus Other add up to the total', () => {
      fc.assert(
        fc.property(scenarioArb, fc.integer({ min: 0, max: 8 }), fc.constantFrom<Dimension>(...DIMENSIONS), (scenario, top, dimension) => {
          const { store, range } = setUp(scenario);
          const view = queryUsage(store, range, scenario.filters);
          const rows = view.tables[dimension];
          const slices = breakdown(rows, top);
          assert.deepEqual(sum(slices), { spendMicros: view.totals.spendMicros, runs: view.totals.runs });
          const shown = Math.min(top, rows.length);
          assert.deepEqual(
            slices.slice(0, shown).map((s) => s.id),
            rows.slice(0, shown).map((r) => r.id),
          );
          if (rows.length > top) {
            assert.equal(slices.length, top + 1);
            const other = slices[top];
            assert.equal(other.id, null);
            assert.equal(other.name, `Other (${rows.length - top})`);
            const shareSum = slices.reduce((s, x) => s + x.share, 0);
            if (view.totals.spendMicros > 0) assert.ok(Math.abs(shareSum - 1) < 1e-9);
          } else {
            assert.equal(slices.length, rows.length);
            assert.ok(slices.every((s) => s.id !== null));
          }
        }),
        RUNS,
      );
      assert.equal(breakdown([]).length, 0);
    });
  });

  describe('compareRows', () => {
    const rowArb: fc.Arbitrary<UsageRow> = fc.record({
      id: fc.constantFrom('a', 'b', 'c', 'B', 'é'),
      name: fc.constantFrom('Ann', 'ann', 'Bob', 'Émile', 'Zoë', '李娜', ''),
      runs: fc.integer({ min: 0, max: 3 }),
      users: fc.constant(1),
      spendMicros: fc.integer({ min: 0, max: 3 }),
      share: fc.constant(0),
      previousSpendMicros: fc.constant(0),
      change: fc.constant(null),
    });
    const sign = (n: number) => (n > 0 ? 1 : n < 0 ? -1 : 0);

    it('orders by spend descending, then runs descending, then name, then id', () => {
      const row = (spendMicros: number, runs: number, name: string, id: string): UsageRow => ({
        id,
        name,
        runs,
        users: 1,
        spendMicros,
        share: 0,
        previousSpendMicros: 0,
        change: null,
      });
      const rows = [row(1, 1, 'B', 'x'), row(2, 0, 'Z', 'z'), row(1, 2, 'Z', 'y'), row(1, 1, 'A', 'w'), row(1, 1, 'B', 'v')];
      assert.deepEqual(
        [...rows].sort(compareRows).map((r) => r.id),
        ['z', 'y', 'w', 'v', 'x'],
      );
    });

    it('is a total order (property)', () => {
      fc.assert(
        fc.property(rowArb, rowArb, rowArb, (a, b, c) => {
          assert.equal(compareRows(a, a), 0);
          assert.equal(sign(compareRows(a, b)) + sign(compareRows(b, a)), 0);
          if (compareRows(a, b) === 0) assert.ok(a.id === b.id && a.name === b.name && a.runs === b.runs && a.spendMicros === b.spendMicros);
          if (compareRows(a, b) <= 0 && compareRows(b, c) <= 0) assert.ok(compareRows(a, c) <= 0);
          if (a.spendMicros > b.spendMicros) assert.ok(compareRows(a, b) < 0);
        }),
        { numRuns: 2000 },
      );
    });

    it('sorting does not depend on the input order (property)', () => {
      fc.assert(
        fc.property(fc.uniqueArray(rowArb, { selector: (r) => `${r.id}|${r.name}|${r.runs}|${r.spendMicros}`, maxLength: 30 }), (rows) => {
          const forward = [...rows].sort(compareRows);
          const backward = [...rows].reverse().sort(compareRows);
          assert.deepEqual(forward, backward);
        }),
        { numRuns: 300 },
      );
    });
  });
});
