import assert from 'node:assert/strict';
import { type UsageEvent } from '../../src/core/model';
import { queryUsage } from '../../src/core/query';
import { type UsageStore } from '../../src/core/store';
import { StoreBuilder } from '../../src/core/storeBuilder';
import { resolveRange } from '../../src/core/time';
import { exportUsage } from '../../src/core/exportUsage';
import { spendBasisByRow } from '../../src/core/sources/providers/basis';
import { viewDaysOfUtcDays } from '../../src/core/sources/providers/days';
import { overlapShare, planOverlap } from '../../src/core/sources/providers/overlap';
import { buildOverlapModel } from '../../src/dashboard/overlapModel';
import { snapshotOf } from '../../src/data/loadSources';
import { type SourceStatus } from '../../src/data/usageData';

const DAY = Date.UTC(2026, 10, 20);
const RANGE = resolveRange('2026-11-17..2026-11-26', { timeZone: 'UTC', now: Date.UTC(2026, 10, 26, 12) });

function storeOf(source: string, events: Array<Partial<UsageEvent> & { costMicros: number }>): UsageStore {
  const builder = new StoreBuilder();
  builder.beginSource({ id: source, label: source, runsKnown: true });
  for (const [i, e] of events.entries())
    builder.add({ timestamp: DAY, workerId: 'w', workerName: 'w', userId: 'u', userName: 'u', model: 'claude-sonnet-4', runs: 1, id: `${source}-${i}`, ...e });
  return builder.build();
}

function status(id: string, kind: string, store: UsageStore): SourceStatus {
  return { id, kind, label: id, result: { store, source: { kind, label: id }, skipped: 0, warnings: [] }, loadedAt: 1 };
}

const bill = storeOf('Anthropic', [
  { workerId: 'wrkspc_cc', workerName: 'Claude Code', userId: 'ana@example.com', userName: 'ana@example.com', costMicros: 7_000_000 },
  { workerId: 'wrkspc_app', workerName: 'App', userId: 'key-1', userName: 'key-1', costMicros: 3_000_000 },
]);
const logs = storeOf('Claude Code logs', [
  { workerId: '/src/api', workerName: 'api', userId: 'ana@example.com', userName: 'ana@example.com', costMicros: 2_500_000 },
  { workerId: '/src/web', workerName: 'web', userId: 'ana@example.com', userName: 'ana@example.com', costMicros: 1_000_000 },
  { workerId: '/src/web', workerName: 'web', userId: 'bo@example.com', userName: 'bo@example.com', costMicros: 500_000 },
]);
const file = storeOf('team.usage.csv', [{ costMicros: 1_000_000 }]);
const statuses = [status('anthropic', 'anthropic', bill), status('claude-code', 'claude-code', logs), status('files', 'files', file)];

describe('agent logs beside the organisation that bills them', () => {
  it('pairs Claude Code with Anthropic and Codex with OpenAI, and sets aside what the mode does not count', () => {
    const sources = [
      { id: 'a', kind: 'anthropic', label: 'A' },
      { id: 'cc', kind: 'claude-code', label: 'CC' },
      { id: 'cx', kind: 'codex', label: 'CX' },
      { id: 'f', kind: 'files', label: 'F' },
    ];
    const bill = planOverlap(sources, 'bill');
    assert.deepEqual(
      bill.pairs.map((p) => [p.logs.id, p.providers.map((x) => x.id)]),
      [['cc', ['a']]],
      'Codex has no OpenAI organisation here',
    );
    assert.deepEqual([...bill.aside], ['cc']);
    assert.deepEqual([...planOverlap(sources, 'logs').aside], ['a']);
    assert.deepEqual([...planOverlap(sources, 'both').aside], []);
    assert.deepEqual(planOverlap([...sources, { id: 'o', kind: 'openai', label: 'O' }], 'bill').aside, new Set(['cc', 'cx']));
    assert.equal(
      planOverlap(
        sources.filter((s) => s.kind !== 'anthropic'),
        'bill',
      ).pairs.length,
      0,
      'no organisation: no overlap',
    );
  });

  it('counts the bill by default: the totals equal the bill plus the other sources, the logs kept aside', async () => {
    const snapshot = (await snapshotOf(statuses, undefined))!;
    const totals = queryUsage(snapshot.store, RANGE).totals;
    assert.equal(totals.spendMicros, 10_000_000 + 1_000_000, 'the bill and the file, not the logs');
    assert.deepEqual(
      snapshot.overlap?.aside.map((s) => s.id),
      ['claude-code'],
    );
    assert.equal(snapshot.source.label, 'anthropic + files');
    assert.equal(queryUsage((await snapshotOf(statuses, undefined, 'both'))!.store, RANGE).totals.spendMicros, 15_000_000, 'both: everything');
    assert.equal(queryUsage((await snapshotOf(statuses, undefined, 'logs'))!.store, RANGE).totals.spendMicros, 5_000_000, 'logs: the logs and the file');
    assert.equal((await snapshotOf([statuses[0], statuses[2]], undefined))!.overlap, undefined, 'no logs: no overlap');
  });

  it("shows the logs' share of the bill by project and person", async () => {
    const share = overlapShare(logs, [bill], RANGE, 1);
    assert.deepEqual(share, {
      logsSpendMicros: 4_000_000,
      billedSpendMicros: 10_000_000,
      byProject: [{ id: '/src/api', name: 'api', spendMicros: 2_500_000 }],
      byPerson: [{ id: 'ana@example.com', name: 'ana@example.com', spendMicros: 3_500_000 }],
      moreProjects: 1,
      morePeople: 1,
    });
    const model = buildOverlapModel((await snapshotOf(statuses, undefined))!, RANGE)!;
    assert.equal(model.mode, 'bill');
    assert.equal(model.pairs[0].logs, 'claude-code');
    assert.equal(model.pairs[0].share?.logsSpendMicros, 4_000_000);
    const both = buildOverlapModel((await snapshotOf(statuses, undefined, 'both'))!, RANGE)!;
    assert.equal(both.pairs[0].share, undefined, 'counted both: no share to show');
  });

  it('places partial provider days on the view day of their UTC start', () => {
    assert.deepEqual(viewDaysOfUtcDays(['2026-11-26', '2026-11-25'], 'UTC'), ['2026-11-25', '2026-11-26']);
    assert.deepEqual(viewDaysOfUtcDays(['2026-11-26'], 'America/New_York'), ['2026-11-25'], 'UTC midnight is the evening before in New York');
    assert.deepEqual(viewDaysOfUtcDays(['2026-11-26', 'not a day'], 'Europe/Berlin'), ['2026-11-26']);
  });
});

describe('spend basis: billed, allocated and estimated rows labelled', () => {
  const builder = new StoreBuilder();
  const add = (source: string, workerId: string, userId: string, costMicros: number) => {
    builder.beginSource({ id: source, label: source, runsKnown: true });
    builder.add({
      timestamp: DAY,
      workerId,
      workerName: workerId,
      userId,
      userName: userId,
      model: 'm',
      runs: 1,
      costMicros,
      id: `${source}-${workerId}-${userId}`,
    });
  };
  add('anthropic:https://api.anthropic.com', 'Support', 'key-1', 3_000_000);
  add('claude-code', 'api', 'ana@example.com', 1_000_000);
  add('claude-code', 'Support', 'key-1', 500_000);
  add('files:/w/team.usage.csv', 'batch', 'bo@example.com', 250_000);
  const store = builder.build();
  const request = { range: RANGE, filters: [], currency: 'USD' } as const;

  it('says per row how its spend was made, joining bases that meet in a row', () => {
    assert.deepEqual(
      spendBasisByRow(store, RANGE, [], 'worker'),
      new Map([
        ['Support', 'billed + estimated'],
        ['api', 'estimated'],
      ]),
    );
    assert.equal(spendBasisByRow(store, RANGE, [], 'user')!.get('key-1'), 'allocated + estimated', 'users of a bill are allocated');
    assert.equal(spendBasisByRow(store, RANGE, [{ dimension: 'worker', id: 'api' }], 'user')!.get('key-1'), undefined, 'filters narrow it');
    const files = new StoreBuilder();
    files.add({ timestamp: DAY, workerId: 'w', workerName: 'w', userId: 'u', userName: 'u', model: 'm', runs: 1, costMicros: 1 });
    assert.equal(spendBasisByRow(files.build(), RANGE, [], 'user'), undefined, 'reported spend: nothing to label');
  });

  it('writes a Spend Basis column in CSV and spendBasis in JSON', () => {
    const csv = exportUsage(store, { ...request, by: 'user', format: 'csv' }).split('\r\n');
    assert.ok(csv[0].endsWith(',Spend Basis'), csv[0]);
    assert.ok(csv.some((line) => line.startsWith('key-1,') && line.endsWith(',allocated + estimated')));
    assert.ok(csv.some((line) => line.startsWith('bo@example.com,') && line.endsWith(',')));
    const json = JSON.parse(exportUsage(store, { ...request, by: 'worker', format: 'json' })) as { rows: { id: string; spendBasis?: string }[] };
    assert.deepEqual(Object.fromEntries(json.rows.map((r) => [r.id, r.spendBasis])), { Support: 'billed + estimated', api: 'estimated', batch: undefined });
  });
});
