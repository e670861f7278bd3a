import assert from 'node:assert/strict';
import fc from 'fast-check';
import type pg from 'pg';
import { MemoryBackend } from '../../src/core/backend/memory';
import { exportEventsText } from '../../src/core/exportUsage';
import { parseBudgets } from '../../src/core/insights/budgets';
import { type EventsJson } from '../support/exportJson';
import { resolveBackendRange } from '../../src/core/backend/types';
import { DIMENSIONS, NO_TEAM_NAME, type Dimension, type UsageEvent } from '../../src/core/model';
import { type Filter } from '../../src/core/query';
import { PostgresBackend } from '../../src/core/sql/postgres';
import { formatDay, resolveRange } from '../../src/core/time';
import { buildStore, eventArbAt, MODELS, TEAMS, USERS, WORKERS, ZONES } from '../support/arbitraries';
import { adminClient, createUsageTable, insertEvents, testUrl } from './support';

const DAY_MS = 86_400_000;
/** 2026-03-01: the window holds the US (Mar 8), EU (Mar 29) and southern (Apr 5) DST changes. */
const START = Date.UTC(2026, 2, 1);
const WINDOW_DAYS = 40;
const FIRST_DAY = START / DAY_MS;

// Whole milliseconds anywhere, and instants on the hour (a zone's midnight or DST change).
// The test table has no team column: events without one, so both sides have only "(no team)".
const eventArb = eventArbAt(
  START,
  fc.oneof(
    fc.integer({ min: 0, max: WINDOW_DAYS * DAY_MS - 1 }),
    fc.integer({ min: 0, max: WINDOW_DAYS * 24 - 1 }).map((h) => h * 3_600_000),
  ),
).map((e) => {
  const copy = { ...e };
  delete copy.team;
  return copy;
});

const ids: Record<Dimension, string[]> = {
  worker: [...WORKERS.map((w) => w.id), 'no-such-worker'],
  user: [...USERS.map((u) => u.id), 'nobody@example.com'],
  model: [...MODELS, 'no-such-model'],
  team: [...TEAMS, NO_TEAM_NAME],
};

const filterArb = (dimension: Dimension): fc.Arbitrary<Filter> => fc.constantFrom(...ids[dimension]).map((id) => ({ dimension, id }));
const filtersArb: fc.Arbitrary<Filter[]> = fc.subarray([...DIMENSIONS], { maxLength: 2 }).chain((dims) => fc.tuple(...dims.map(filterArb)));

const rangeArb = fc.record({
  first: fc.integer({ min: -5, max: WINDOW_DAYS + 2 }),
  length: fc.integer({ min: 1, max: WINDOW_DAYS }),
  timeZone: fc.constantFrom(...ZONES),
});

describe('PostgresBackend against the in-memory engine', function () {
  this.timeout(300_000);
  const table = 'usage_property';
  let admin: pg.Client;
  let sql: PostgresBackend;

  before(async () => {
    admin = await adminClient();
    await createUsageTable(admin, table);
    sql = await PostgresBackend.open({ connectionString: testUrl(), table });
  });
  after(async () => {
    await sql?.close();
    await admin?.end();
  });

  async function load(events: UsageEvent[]): Promise<MemoryBackend> {
    await admin.query(`TRUNCATE ${table}`);
    await insertEvents(admin, table, events);
    return new MemoryBackend(buildStore(events));
  }

  it('returns the same views, drill-downs and per-entity days for random tables, ranges, zones and filters', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventArb, { maxLength: 150 }),
        rangeArb,
        filtersArb,
        fc.constantFrom(...DIMENSIONS),
        fc.nat(10),
        async (events, r, filters, dimension, pick) => {
          const memory = await load(events);
          const range = resolveRange(`${formatDay(FIRST_DAY + r.first)}..${formatDay(FIRST_DAY + r.first + r.length - 1)}`, { timeZone: r.timeZone });
          assert.deepEqual(await sql.view(range, filters), await memory.view(range, filters));
          const id = ids[dimension][pick % ids[dimension].length];
          assert.deepEqual(await sql.drillDown(range, dimension, id, filters), await memory.drillDown(range, dimension, id, filters));
          assert.deepEqual(await sql.entityDaily(range, dimension, filters), await memory.entityDaily(range, dimension, filters));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('computes the same insights (forecast, spikes and their drivers, movers, new models, budgets) from grouped queries', async () => {
    const { budgets } = parseBudgets([
      { scope: 'workspace', amount: 40, period: 'month' },
      { scope: 'worker', id: WORKERS[0].id, amount: 5, period: 'month' },
      { scope: 'model', id: MODELS[1], amount: 3, period: 'month' },
    ]);
    // Every day of the window busy, one worker spending ten times as much on one day: a spike with drivers.
    const busy = Array.from({ length: WINDOW_DAYS * 4 }, (_, i) => {
      const day = Math.floor(i / 4);
      const base = fc.sample(eventArb, { numRuns: 1, seed: i })[0];
      return {
        ...base,
        timestamp: START + day * DAY_MS + (i % 4) * 3_600_000 + 1,
        costMicros: day === 30 && i % 4 === 0 ? 40_000_000 : 1_000_000 + (i % 7) * 10_000,
      };
    });
    const check = async (events: UsageEvent[], r: { first: number; length: number; timeZone: string }, filters: Filter[], nowDay: number) => {
      const memory = await load(events);
      const range = resolveRange(`${formatDay(FIRST_DAY + r.first)}..${formatDay(FIRST_DAY + r.first + r.length - 1)}`, { timeZone: r.timeZone });
      const options = { now: START + nowDay * DAY_MS + 13 * 3_600_000, filters, budgets, budgetThresholds: [50, 80, 100] };
      const expected = await memory.insights(range, options);
      assert.deepEqual(await sql.insights(range, options), expected);
      return expected;
    };
    const spiky = await check(busy, { first: 20, length: 15, timeZone: 'UTC' }, [], 36);
    assert.ok(spiky.spikes.length > 0 && spiky.spikes[0].drivers.length > 0, 'the busy table has a spike with drivers');
    assert.ok(spiky.forecast.forecast, 'and a forecast');
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventArb, { maxLength: 200 }),
        rangeArb,
        filtersArb,
        fc.integer({ min: -3, max: WINDOW_DAYS + 5 }),
        async (events, r, filters, nowDay) => {
          await check(events, r, filters, nowDay);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('gives a day cube from which the in-memory engine computes the same views for ranges inside it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(eventArb, { maxLength: 150 }), rangeArb, filtersArb, fc.constantFrom(...ZONES), async (events, r, filters, timeZone) => {
        const memory = await load(events);
        const window = resolveRange(`${formatDay(FIRST_DAY - 8)}..${formatDay(FIRST_DAY + WINDOW_DAYS + 2)}`, { timeZone }).current;
        const cube = new MemoryBackend(await sql.dayCube(window, timeZone));
        const first = Math.max(r.first, -8 + 20);
        const range = resolveRange(`${formatDay(FIRST_DAY + first)}..${formatDay(Math.min(FIRST_DAY + first + r.length - 1, window.lastDay))}`, { timeZone });
        if (range.previous.firstDay < window.firstDay) return;
        assert.deepEqual(await cube.view(range, filters), await memory.view(range, filters));
      }),
      { numRuns: 30 },
    );
  });

  it('resolves "all" to the same days and previous period', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(eventArb, { maxLength: 40 }), fc.constantFrom(...ZONES), async (events, timeZone) => {
        const memory = await load(events);
        const options = { timeZone, now: START + 50 * DAY_MS };
        const [a, b] = await Promise.all([resolveBackendRange(sql, 'all', options), resolveBackendRange(memory, 'all', options)]);
        assert.deepEqual(a, b);
        assert.deepEqual(await sql.view(a), await memory.view(b));
      }),
      { numRuns: 25 },
    );
  });

  it('returns the events of a range and filter, with their costs and tokens', async () => {
    const events = fc.sample(eventArb, { numRuns: 200, seed: 7 }).map((e, i) => ({ ...e, inputTokens: i % 3 === 0 ? undefined : i * 10, outputTokens: i }));
    const memory = await load(events);
    const range = resolveRange(`${formatDay(FIRST_DAY + 3)}..${formatDay(FIRST_DAY + 20)}`, { timeZone: 'Europe/Berlin' });
    const filters: Filter[] = [{ dimension: 'model', id: MODELS[1] }];
    const mine = await sql.events(range, filters, { maxEvents: 1000 });
    const expected = await memory.events(range, filters, { maxEvents: 1000 });
    const pick = (store: typeof mine) => {
      const out = [];
      for (let i = 0; i < store.length; i++) {
        const e = store.event(i);
        if (e.timestamp >= range.current.from && e.timestamp < range.current.to && e.model === MODELS[1]) out.push(e);
      }
      return out.sort(
        (x, y) =>
          x.timestamp - y.timestamp ||
          x.costMicros - y.costMicros ||
          x.userId.localeCompare(y.userId) ||
          x.workerId.localeCompare(y.workerId) ||
          x.runs - y.runs ||
          (x.outputTokens ?? 0) - (y.outputTokens ?? 0),
      );
    };
    assert.ok(mine.length > 0);
    assert.equal(mine.length, pick(mine).length, 'only the range and filter travel');
    assert.deepEqual(pick(mine), pick(expected));
  });

  it('returns the team of each event from the team column (none: no team), as the in-memory events export writes it', async () => {
    const teamed = 'usage_events_team';
    await createUsageTable(admin, teamed);
    await admin.query(`ALTER TABLE ${teamed} ADD COLUMN team text`);
    const events = fc.sample(eventArb, { numRuns: 60, seed: 5 });
    await insertEvents(admin, teamed, events);
    // Workers' teams: the first worker's events in Platform, the second's empty (no team), the rest none.
    await admin.query(`UPDATE ${teamed} SET team = CASE worker WHEN $1 THEN 'Platform' WHEN $2 THEN '' END`, [WORKERS[0].id, WORKERS[1].id]);
    const withTeams = events.map((e) => (e.workerId === WORKERS[0].id ? { ...e, team: 'Platform' } : e));
    const backend = await PostgresBackend.open({ connectionString: testUrl(), table: teamed });
    try {
      const range = resolveRange(`${formatDay(FIRST_DAY - 1)}..${formatDay(FIRST_DAY + WINDOW_DAYS)}`, { timeZone: 'UTC' });
      const request = { by: 'event', format: 'csv', range, filters: [], currency: 'USD' } as const;
      const fromSql = exportEventsText(await backend.events(range, [], { maxEvents: 1000 }), request);
      const fromMemory = exportEventsText(buildStore(withTeams), request);
      const lines = (text: string) => text.split('\r\n').slice(1).sort();
      assert.ok(fromSql.split('\r\n')[0].endsWith(',Team'));
      assert.ok(withTeams.some((e) => e.team === 'Platform'));
      assert.deepEqual(lines(fromSql), lines(fromMemory));
      const json = JSON.parse(exportEventsText(await backend.events(range, [], { maxEvents: 1000 }), { ...request, format: 'json' })) as EventsJson;
      assert.deepEqual([...new Set(json.events.map((e) => e.team))].sort(), ['Platform', null].sort());
    } finally {
      await backend.close();
    }
  });

  it('stops the events export at the row limit without returning part of it', async () => {
    const events = fc.sample(eventArb, { numRuns: 50, seed: 3 });
    await load(events);
    const range = resolveRange(`${formatDay(FIRST_DAY - 1)}..${formatDay(FIRST_DAY + WINDOW_DAYS)}`, { timeZone: 'UTC' });
    await assert.rejects(sql.events(range, [], { maxEvents: 49 }), { name: 'EventLimitError', message: /more than 49 events/ });
    assert.equal((await sql.events(range, [], { maxEvents: 50 })).length, 50);
  });

  it('answers day-granular views from a daily rollup in its zone, with the same results', async () => {
    const events = fc.sample(eventArb, { numRuns: 300, seed: 11 });
    const memory = await load(events);
    await admin.query(`DROP MATERIALIZED VIEW IF EXISTS usage_daily`);
    await admin.query(`CREATE MATERIALIZED VIEW usage_daily AS
      SELECT ("timestamp" AT TIME ZONE 'Europe/Berlin')::date AS day, worker, worker_name, "user", user_name, model,
             sum(coalesce(runs, 1)) AS runs, sum(cost) AS cost
      FROM ${table} GROUP BY 1, 2, 3, 4, 5, 6`);
    const rolled = await PostgresBackend.open({ connectionString: testUrl(), table, rollup: { table: 'usage_daily', timeZone: 'Europe/Berlin' } });
    try {
      for (const [first, last] of [
        [0, 39],
        [5, 12],
        [27, 29],
        [-3, 2],
      ]) {
        const range = resolveRange(`${formatDay(FIRST_DAY + first)}..${formatDay(FIRST_DAY + last)}`, { timeZone: 'Europe/Berlin' });
        assert.equal(rolled.usesRollup(range), true);
        assert.deepEqual(await rolled.view(range), await memory.view(range));
        assert.deepEqual(await rolled.drillDown(range, 'worker', WORKERS[0].id), await memory.drillDown(range, 'worker', WORKERS[0].id));
        assert.deepEqual(await rolled.entityDaily(range, 'model'), await memory.entityDaily(range, 'model'));
      }
      const utc = resolveRange(`${formatDay(FIRST_DAY)}..${formatDay(FIRST_DAY + 9)}`, { timeZone: 'UTC' });
      assert.equal(rolled.usesRollup(utc), false, 'a rollup cut in another zone is not used');
      assert.deepEqual(await rolled.view(utc), await memory.view(utc));
      const all = { timeZone: 'Europe/Berlin', now: START };
      assert.deepEqual(await resolveBackendRange(rolled, 'all', all), await resolveBackendRange(memory, 'all', all));
    } finally {
      await rolled.close();
    }
  });
});
