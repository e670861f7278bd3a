import assert from 'node:assert/strict';
import fc from 'fast-check';
import { combineStores, combineStoresOffThread } from '../../src/core/engine/combine';
import { EnginePool } from '../../src/core/engine/pool';
import { describeSources, loadSources, snapshotOf } from '../../src/data/loadSources';
import { type UsageLog } from '../../src/data/log';
import { type SourceEntry } from '../../src/data/sourceSet';
import { readSourcesSetting, resolveSourceSpecs } from '../../src/data/sources/settings';
import { CancelledError } from '../../src/core/errors';
import { type LoadContext, type LoadResult, type UsageSource } from '../../src/data/sources/types';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSegments, mergeFileSegments } from '../../src/core/engine/loadUsage';
import { queryUsage, resolveStoreRange } from '../../src/core/query';
import { buildStore, eventsArb } from '../support/arbitraries';

const KINDS: Record<string, { remote: boolean }> = { files: { remote: false }, demo: { remote: false }, auto: { remote: false }, http: { remote: true } };
const lookup = (kind: string) => KINDS[kind];
const LEGACY = { source: 'auto', httpBaseUrl: '' };

describe('usageExplorer.sources', () => {
  it('takes user entries first, then what the workspace adds', () => {
    const entries = readSourcesSetting({
      globalValue: [{ kind: 'http', baseUrl: 'https://usage.example.com/api' }],
      workspaceValue: [{ kind: 'files', include: '**/team.usage.csv' }],
      workspaceFolderValue: [{ kind: 'demo' }],
    });
    const resolved = resolveSourceSpecs(entries, LEGACY, lookup);
    assert.equal(resolved.from, 'sources');
    assert.deepEqual(resolved.specs, [
      { kind: 'http', baseUrl: 'https://usage.example.com/api' },
      { kind: 'files', include: '**/team.usage.csv' },
      { kind: 'demo' },
    ]);
    assert.deepEqual(resolved.problems, []);
  });

  it('never takes a source that sends a key or connects somewhere from a workspace, and says so', () => {
    for (const level of ['workspaceValue', 'workspaceFolderValue'] as const) {
      const entries = readSourcesSetting({ [level]: [{ kind: 'http', baseUrl: 'https://attacker.example/api' }, { kind: 'files' }] });
      const resolved = resolveSourceSpecs(entries, LEGACY, lookup);
      assert.deepEqual(resolved.specs, [{ kind: 'files' }]);
      assert.equal(resolved.problems.length, 1);
      assert.match(resolved.problems[0], /usageExplorer\.sources\[0\] in (workspace|folder) settings asks for a "http" source; .*only from user settings/);
    }
  });

  it('counts a plain list (not an inspect result) as workspace settings', () => {
    const resolved = resolveSourceSpecs(readSourcesSetting([{ kind: 'http', baseUrl: 'https://x.example' }]), LEGACY, lookup);
    assert.deepEqual(resolved.specs, [{ kind: 'auto' }]);
    assert.equal(resolved.from, 'source');
    assert.equal(resolved.problems.length, 1);
  });

  it('reads the deprecated usageExplorer.source as a one-element list when sources is empty', () => {
    assert.deepEqual(resolveSourceSpecs([], { source: 'http', httpBaseUrl: 'https://u.example/api' }, lookup).specs, [
      { kind: 'http', baseUrl: 'https://u.example/api' },
    ]);
    assert.deepEqual(resolveSourceSpecs([], { source: 'files', httpBaseUrl: '' }, lookup).specs, [{ kind: 'files' }]);
    assert.deepEqual(resolveSourceSpecs([], { source: 'demo', httpBaseUrl: '' }, lookup).specs, [{ kind: 'demo' }]);
    assert.deepEqual(resolveSourceSpecs(readSourcesSetting({ globalValue: [] }), LEGACY, lookup).specs, [{ kind: 'auto' }]);
  });

  it('lets sources win over source when both are set', () => {
    const resolved = resolveSourceSpecs(readSourcesSetting({ globalValue: [{ kind: 'demo' }] }), { source: 'files', httpBaseUrl: '' }, lookup);
    assert.deepEqual(resolved.specs, [{ kind: 'demo' }]);
    assert.equal(resolved.from, 'sources');
  });

  it('reports entries that are not sources, unknown kinds and non-lists, and drops repeats', () => {
    const entries = readSourcesSetting({
      globalValue: [{ kind: 'demo' }, 'files', { include: 'x' }, { kind: 'ftp' }, { kind: 'demo' }],
      workspaceValue: { kind: 'files' },
    });
    const resolved = resolveSourceSpecs(entries, LEGACY, lookup);
    assert.deepEqual(resolved.specs, [{ kind: 'demo' }]);
    assert.equal(resolved.problems.length, 4, resolved.problems.join('\n'));
    assert.match(resolved.problems[0], /\[1\] in user settings is not a source object/);
    assert.match(resolved.problems[2], /unknown kind "ftp"/);
    assert.match(resolved.problems[3], /in workspace settings is not a list/);
  });
});

describe('combining sources', () => {
  it('gives the same views as one store of all the events', () => {
    fc.assert(
      fc.property(eventsArb(120), eventsArb(120), eventsArb(40), (a, b, c) => {
        const strip = (events: typeof a) => events.map(({ id: _id, ...rest }) => rest);
        const parts = [a, b, c].map((events) => buildStore(strip(events)));
        const combined = combineStores(parts.map((store, i) => ({ store, source: { id: `s${i}`, label: `Source ${i}` } })));
        const whole = buildStore([...strip(a), ...strip(b), ...strip(c)]);
        assert.equal(combined.length, whole.length);
        const range = resolveStoreRange(whole, 'all', { timeZone: 'UTC' });
        const x = queryUsage(combined, range);
        const y = queryUsage(whole, range);
        assert.deepEqual(x.totals, y.totals);
        for (const d of ['worker', 'user', 'model'] as const) assert.deepEqual(x.tables[d], y.tables[d]);
        assert.deepEqual(x.daily, y.daily);
        // Each event remembers its source.
        assert.deepEqual(
          combined.sources.map((s) => s.label),
          ['Source 0', 'Source 1', 'Source 2'],
        );
        const perSource = [0, 0, 0];
        for (let i = 0; i < combined.length; i++) perSource[combined.sourceIndexes[i]] += combined.costMicros[i];
        assert.deepEqual(
          perSource,
          parts.map((p) => p.costMicros.reduce((sum, c) => sum + c, 0)),
        );
      }),
      { numRuns: 40 },
    );
  });

  it('combines in a worker of the pool exactly as on the calling thread', async () => {
    const pool = new EnginePool(1);
    try {
      await fc.assert(
        fc.asyncProperty(eventsArb(80), eventsArb(80), async (a, b) => {
          const parts = [a, b].map((events, i) => ({ store: buildStore(events), source: { id: `s${i}`, label: `Source ${i}` } }));
          const here = combineStores(parts);
          const there = await combineStoresOffThread(parts, { pool });
          assert.equal(there.length, here.length);
          assert.deepEqual(there.sources, here.sources);
          for (const key of Object.keys(here.columns) as (keyof typeof here.columns)[])
            assert.deepEqual([...there.columns[key]!], [...here.columns[key]!], key);
          for (const d of ['workers', 'users', 'models', 'teams'] as const) assert.deepEqual(there[d].toPlain(), here[d].toPlain(), d);
          // The parts stay usable: their columns were copied to the worker, not moved.
          assert.equal(parts[0].store.timestamps.length, parts[0].store.length);
        }),
        { numRuns: 15 },
      );
    } finally {
      await pool.dispose();
    }
  });

  it('names the one source of a single store without copying its columns', () => {
    const store = buildStore([{ timestamp: 1, workerId: 'w', workerName: 'w', userId: 'u', userName: 'u', model: 'm', runs: 1, costMicros: 5 }]);
    const named = combineStores([{ store, source: { id: 'files:x', label: 'team.usage.csv' } }]);
    assert.deepEqual(named.sources, [{ id: 'files:x', label: 'team.usage.csv', runsKnown: true }]);
    assert.equal(named.timestamps, store.timestamps);
    assert.equal(named.sourceOf(0).label, 'team.usage.csv');
  });

  it('names a mix of sources by all of them', () => {
    assert.deepEqual(
      describeSources([
        { kind: 'files', label: 'team.usage.csv', files: ['team.usage.csv'] },
        { kind: 'http', label: 'usage.example.com' },
      ]),
      {
        kind: 'mixed',
        label: 'team.usage.csv + usage.example.com',
        files: ['team.usage.csv'],
      },
    );
    assert.deepEqual(describeSources([{ kind: 'demo', label: 'Demo data' }]), { kind: 'demo', label: 'Demo data' });
  });
});

const silentLog = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined } as unknown as UsageLog;

function context(signal = new AbortController().signal): LoadContext {
  return { signal, log: silentLog, report: () => undefined, window: { from: 0, to: 1 }, view: { spec: 'all', timeZone: 'UTC' } };
}

/** A source whose loads answer from a list of outcomes (Error: the load fails). */
function scripted(id: string, outcomes: (LoadResult | Error)[]): UsageSource & { loads: number } {
  const source = {
    id,
    kind: 'test',
    label: id,
    loads: 0,
    load: () => {
      const outcome = outcomes[Math.min(source.loads++, outcomes.length - 1)];
      return outcome instanceof Error ? Promise.reject(outcome) : Promise.resolve(outcome);
    },
    dispose: () => undefined,
  };
  return source;
}

function result(label: string, costs: number[]): LoadResult {
  const store = buildStore(
    costs.map((costMicros, i) => ({
      timestamp: Date.UTC(2026, 10, 1 + i),
      workerId: label,
      workerName: label,
      userId: 'u',
      userName: 'u',
      model: 'm',
      runs: 1,
      costMicros,
    })),
  );
  return { store, source: { kind: 'test', label }, skipped: 0, warnings: [] };
}

describe('loading several sources', () => {
  it('keeps the others when one fails, with its error, and its older data when it had some', async () => {
    const a = scripted('a', [result('a', [1, 2])]);
    const b = scripted('b', [result('b', [10]), new Error('HTTP 500')]);
    const entries: SourceEntry[] = [{ source: a }, { source: b }];
    const first = await loadSources(entries, [], context());
    assert.equal(first.failed.length, 0);
    const snap1 = (await snapshotOf(first.statuses, undefined))!;
    assert.equal(snap1.store.length, 3);
    assert.equal(snap1.source.label, 'a + b');

    const second = await loadSources(entries, first.statuses, context());
    assert.deepEqual(
      second.failed.map((s) => [s.id, s.error?.message]),
      [['b', 'HTTP 500']],
    );
    const snap2 = (await snapshotOf(second.statuses, snap1))!;
    assert.equal(snap2.store.length, 3, 'b keeps the data it gave before');
    assert.ok(snap2.warnings.includes('b: HTTP 500'), snap2.warnings.join(' | '));
  });

  it('shows a source that never loaded only by its error', async () => {
    const entries: SourceEntry[] = [
      { source: scripted('a', [result('a', [5])]) },
      { source: scripted('b', [new Error('refused')]) },
      { id: 'bad', kind: 'http', label: 'http source', error: new Error('needs a baseUrl') },
    ];
    const loaded = await loadSources(entries, [], context());
    const snap = (await snapshotOf(loaded.statuses, undefined))!;
    assert.equal(snap.store.length, 1);
    assert.equal(snap.source.label, 'a');
    assert.deepEqual(loaded.failed.map((s) => s.id).sort(), ['b', 'bad']);
  });

  it('reloads only the sources asked for, keeping the others as they are', async () => {
    const a = scripted('a', [result('a', [1])]);
    const b = scripted('b', [result('b', [2]), result('b', [2, 3])]);
    const entries: SourceEntry[] = [{ source: a }, { source: b }];
    const first = await loadSources(entries, [], context());
    const second = await loadSources(entries, first.statuses, context(), new Set(['b']));
    assert.equal(a.loads, 1);
    assert.equal(b.loads, 2);
    assert.equal((await snapshotOf(second.statuses, undefined))!.store.length, 3);
  });

  it('rejects when cancelled instead of calling the sources failed', async () => {
    const abort = new AbortController();
    const slow: UsageSource = { id: 's', kind: 'test', label: 's', dispose: () => undefined, load: () => Promise.reject(new CancelledError()) };
    abort.abort();
    await assert.rejects(loadSources([{ source: slow }], [], context(abort.signal)), CancelledError);
  });
});

describe('merging kept segments (incremental reloads)', () => {
  it('moves the segments to the worker and back, with the view of the range queried there', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ue-segments-'));
    try {
      const file = path.join(dir, 'a.usage.csv');
      fs.writeFileSync(file, 'timestamp,worker,cost,id\n2026-11-01T10:00:00Z,a,1.5,x1\n2026-11-02T10:00:00Z,b,2,x2\n');
      const source = { id: 'files', label: 'a.usage.csv', runsKnown: true };
      const { files } = await loadSegments([{ source, files: [{ name: 'a.usage.csv', path: file }] }]);
      const first = await mergeFileSegments(files, { returnSegments: true, view: { spec: 'all', timeZone: 'UTC' } });
      assert.deepEqual(first.view, queryUsage(first.store, resolveStoreRange(first.store, 'all', { timeZone: 'UTC' })));
      assert.equal(first.view.totals.spendMicros, 3_500_000);

      // The returned segments merge again with the bytes appended since (x1 repeated: counted once).
      fs.appendFileSync(file, '2026-11-03T10:00:00Z,c,4,x3\n2026-11-04T10:00:00Z,a,9,x1\n');
      const size = fs.statSync(file).size;
      const appended = await loadSegments([{ source, files: [{ name: 'a.usage.csv', path: file, start: first.files![0].segments[0].end }] }]);
      const kept = first.files![0];
      const second = await mergeFileSegments([{ ...kept, segments: [...kept.segments, ...appended.files[0].segments] }], { returnSegments: true });
      assert.equal(appended.files[0].segments[0].end, size);
      assert.equal(second.store.length, 3);
      assert.equal(second.store.duplicates, 1);
      assert.equal(queryUsage(second.store, resolveStoreRange(second.store, 'all', { timeZone: 'UTC' })).totals.spendMicros, 7_500_000);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
