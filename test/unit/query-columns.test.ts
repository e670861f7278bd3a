import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DIMENSIONS, NO_TEAM_NAME, type Dimension, type UsageEvent } from '../../src/core/model';
import { queryUsage, resolveStoreRange, type Filter, type TokenSums } from '../../src/core/query';
import { TOKEN_FIELDS, type UsageStore } from '../../src/core/store';
import { StoreBuilder } from '../../src/core/storeBuilder';
import { DAY_MS, EVENTS_START, MODELS, TEAMS, USERS, WORKERS, ZONES, buildStore, eventArb } from '../support/arbitraries';

// Token sums and unknown runs per row and in the totals, against straightforward sums over
// store.event(i): the scan adds them in loops of their own per column, so they get their own check.

function idOf(e: UsageEvent, dimension: Dimension): string {
  if (dimension === 'team') return e.team ?? NO_TEAM_NAME;
  return dimension === 'worker' ? e.workerId : dimension === 'user' ? e.userId : e.model;
}

/** Events with a random subset of the token kinds, each from a source that counts runs or not. */
const sourcedEventArb = fc.record({
  event: eventArb,
  tokens: fc.record(
    { inputTokens: fc.nat(50_000), cacheReadTokens: fc.nat(9), cacheWriteTokens: fc.nat(1_000_000), outputTokens: fc.nat(4_000) },
    { requiredKeys: [] },
  ),
  source: fc.constantFrom('counted', 'uncounted'),
});

const scenarioArb = fc.record({
  events: fc.array(sourcedEventArb, { maxLength: 150 }),
  /** Some stores have no uncounted source, or no token columns at all. */
  shape: fc.constantFrom('mixed', 'counted only', 'no tokens'),
  spec: fc.constantFrom('all', '30d', '7d', '2026-01-10..2026-02-10'),
  timeZone: fc.constantFrom(...ZONES),
  filter: fc.option(
    fc.constantFrom<Filter>(
      { dimension: 'worker', id: WORKERS[0].id },
      { dimension: 'user', id: USERS[1].id },
      { dimension: 'model', id: MODELS[2] },
      { dimension: 'team', id: TEAMS[0] },
      { dimension: 'team', id: NO_TEAM_NAME },
    ),
    { nil: undefined },
  ),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function build(scenario: Scenario): { store: UsageStore; runsKnown: boolean[] } {
  const builder = new StoreBuilder(16);
  const runsKnown: boolean[] = [];
  for (const { event, tokens, source } of scenario.events) {
    const uncounted = scenario.shape === 'mixed' && source === 'uncounted';
    builder.beginSource({ id: uncounted ? 'logs' : 'files', label: 'x', runsKnown: !uncounted });
    builder.add({ ...event, ...(scenario.shape === 'no tokens' ? {} : tokens) });
  }
  const store = builder.build();
  for (let i = 0; i < store.length; i++) runsKnown.push(store.sourceOf(i).runsKnown);
  return { store, runsKnown };
}

describe('query: token sums and unknown runs (property, against naive sums)', () => {
  it('every row and both totals have the token sums and unknown-runs marks of their events', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 0, max: 90 }), (scenario, nowDay) => {
        const { store, runsKnown } = build(scenario);
        const filters = scenario.filter ? [scenario.filter] : [];
        const range = resolveStoreRange(store, scenario.spec, { now: EVENTS_START + nowDay * DAY_MS, timeZone: scenario.timeZone });
        const view = queryUsage(store, range, filters);
        const kinds = TOKEN_FIELDS.filter((f) => store.hasTokens(f));
        const unknownRuns = store.hasUnknownRuns;
        const selected = (span: { from: number; to: number }) => {
          const out: { e: UsageEvent; known: boolean }[] = [];
          for (let i = 0; i < store.length; i++) {
            const e = store.event(i);
            if (e.timestamp >= span.from && e.timestamp < span.to && filters.every((f) => idOf(e, f.dimension) === f.id)) out.push({ e, known: runsKnown[i] });
          }
          return out;
        };
        const expect = (events: { e: UsageEvent; known: boolean }[]) => {
          const sums: TokenSums & { runsUnknown?: true } = {};
          for (const field of kinds) sums[field] = events.reduce((s, { e }) => s + (e[field] ?? 0), 0);
          if (unknownRuns && events.length > 0 && events.every(({ known }) => !known)) sums.runsUnknown = true;
          return sums;
        };
        const pick = (o: object) =>
          Object.fromEntries(Object.entries(o).filter(([k]) => (TOKEN_FIELDS as readonly string[]).includes(k) || k === 'runsUnknown'));
        const current = selected(range.current);
        assert.deepEqual(pick(view.totals), expect(current));
        assert.deepEqual(pick(view.previousTotals), expect(selected(range.previous)));
        for (const dimension of DIMENSIONS) {
          for (const row of view.tables[dimension]) {
            assert.deepEqual(pick(row), expect(current.filter(({ e }) => idOf(e, dimension) === row.id)), `${dimension} ${row.id}`);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a store without a team column gives the views of one whose team column names no team in the range (property)', () => {
    // The scan reads no team codes when the store has no team column: every event is in "(no team)".
    const farTeam: UsageEvent = {
      timestamp: Date.UTC(2000, 0, 1),
      workerId: 'old',
      workerName: 'old',
      userId: 'old',
      userName: 'old',
      model: 'old',
      runs: 1,
      costMicros: 1,
      team: 'Elsewhere',
    };
    fc.assert(
      fc.property(
        fc.array(eventArb, { maxLength: 120 }),
        fc.constantFrom('30d', '7d', '2026-01-10..2026-02-10', 'today'),
        fc.constantFrom(...ZONES),
        fc.option(
          fc.constantFrom<Filter>({ dimension: 'team', id: NO_TEAM_NAME }, { dimension: 'team', id: 'Elsewhere' }, { dimension: 'worker', id: WORKERS[1].id }),
          { nil: undefined },
        ),
        (events, spec, timeZone, filter) => {
          const plain = events.map(({ team: _team, ...event }) => event);
          const without = buildStore(plain);
          const withColumn = buildStore([farTeam, ...plain]);
          assert.equal(without.teamCodes, undefined);
          const options = { now: EVENTS_START + 40 * DAY_MS, timeZone };
          const filters = filter ? [filter] : [];
          const a = queryUsage(without, resolveStoreRange(without, spec, options), filters);
          const b = queryUsage(withColumn, resolveStoreRange(withColumn, spec, options), filters);
          assert.deepEqual({ ...a, range: undefined }, { ...b, range: undefined });
        },
      ),
      { numRuns: 100 },
    );
  });
});
