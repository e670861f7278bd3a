import assert from 'node:assert/strict';
import fc from 'fast-check';
import { NO_TEAM_NAME, type UsageEvent } from '../../src/core/model';
import { drillDown, queryUsage, resolveStoreRange } from '../../src/core/query';
import { applyTeamMapping, parseTeamMapping } from '../../src/core/teams/mapping';
import { buildStore, eventsArb } from '../support/arbitraries';

const at = Date.parse('2026-03-02T10:00:00Z');
function event(worker: string, user: string, micros: number, team?: string): UsageEvent {
  return {
    timestamp: at,
    workerId: worker,
    workerName: worker === 'cr' ? 'Code Review Bot' : worker,
    userId: user,
    userName: user,
    model: 'm',
    runs: 1,
    costMicros: micros,
    ...(team ? { team } : {}),
  };
}

describe('teams', () => {
  const store = buildStore([
    event('cr', 'ana@platform.example.com', 1_000_000, 'Finance'),
    event('cr', 'ben@other.example.com', 2_000_000),
    event('bot', 'cai@other.example.com', 4_000_000, 'Finance'),
    event('bot', 'dee@other.example.com', 8_000_000),
  ]);
  const range = resolveStoreRange(store, '2026-03-01..2026-03-31');
  const teamSpend = (s: typeof store) => Object.fromEntries(queryUsage(s, range).tables.team.map((r) => [r.name, r.spendMicros]));

  it('reads the team column, and puts events without one in "(no team)"', () => {
    assert.deepEqual(teamSpend(store), { Finance: 5_000_000, [NO_TEAM_NAME]: 10_000_000 });
  });

  it('lets the mapping win over the column; user and worker patterns match ids or names, the first team listed first', () => {
    const { mapping, errors } = parseTeamMapping({
      Platform: { users: ['*@PLATFORM.example.com'], workers: ['Code Review*'] },
      Ops: { users: ['dee@*'] },
    });
    assert.deepEqual(errors, []);
    const mapped = applyTeamMapping(store, mapping);
    // ana and ben's runs are of the Code Review worker: Platform, though ana's event says Finance.
    assert.deepEqual(teamSpend(mapped), { Platform: 3_000_000, Ops: 8_000_000, Finance: 4_000_000 });
    assert.equal(mapped.length, store.length);
    assert.equal(mapped.event(0).team, 'Platform');
  });

  it('drills from a team into its workers, users and models, which add up to it', () => {
    const mapped = applyTeamMapping(store, parseTeamMapping({ Platform: { workers: ['cr'] } }).mapping);
    const { parent, children } = drillDown(mapped, range, 'team', 'Platform');
    assert.equal(parent?.spendMicros, 3_000_000);
    assert.deepEqual(
      children.user?.map((r) => r.id),
      ['ben@other.example.com', 'ana@platform.example.com'],
    );
    for (const rows of Object.values(children))
      assert.equal(
        rows.reduce((s, r) => s + r.spendMicros, 0),
        3_000_000,
      );
  });

  it('reports mapping entries that are not valid', () => {
    assert.deepEqual(parseTeamMapping({ A: { users: 'x' }, B: 3, ' ': {} }).errors, [
      'Team "A": users must be a list of patterns such as "*@example.com".',
      'Team "B": give { "users": [...], "workers": [...] }.',
      'A team needs a name.',
    ]);
    assert.match(parseTeamMapping([]).errors[0], /Teams must be an object/);
  });

  it('adds every team table up to the total, with and without a mapping (property)', () => {
    const patterns = fc.array(fc.constantFrom('*', '*@example.com', 'maya*', 'w-*', 'Zeta', '?-triage', 'nobody'), { maxLength: 3 });
    const mappingArb = fc.dictionary(fc.constantFrom('Platform', 'Support', 'Ops'), fc.record({ users: patterns, workers: patterns }), { maxKeys: 3 });
    fc.assert(
      fc.property(eventsArb(150), mappingArb, (events, mapping) => {
        const base = buildStore(events);
        for (const s of [base, applyTeamMapping(base, mapping)]) {
          const view = queryUsage(s, resolveStoreRange(s, 'all'));
          assert.equal(
            view.tables.team.reduce((sum, r) => sum + r.spendMicros, 0),
            view.totals.spendMicros,
          );
          assert.equal(
            view.tables.team.reduce((sum, r) => sum + r.runs, 0),
            view.totals.runs,
          );
        }
      }),
    );
  });
});
