import assert from 'node:assert/strict';
import { matchColumns } from '../../src/core/columns';
import { queryUsage, resolveStoreRange } from '../../src/core/query';
import { loadUsageText } from '../../src/core/sources/files/load';
import { type UsageStore } from '../../src/core/store';
import { StoreBuilder } from '../../src/core/storeBuilder';
import { type UsageEvent } from '../../src/core/model';

const T = Date.UTC(2026, 10, 2, 9);

function csv(text: string, name = 'usage.csv'): UsageStore {
  const builder = new StoreBuilder();
  loadUsageText(text, name, builder);
  return builder.build();
}

function event(over: Partial<UsageEvent> = {}): UsageEvent {
  return { timestamp: T, workerId: 'w', workerName: 'W', userId: 'u', userName: 'U', model: 'm', runs: 1, costMicros: 1_000, ...over };
}

describe('store schema v2', () => {
  describe('token columns', () => {
    it('allocates no token or team column when no event has them', () => {
      const store = csv('timestamp,cost,worker,user\n2026-11-02T09:00:00Z,0.5,w,u\n');
      for (const column of [store.inputTokens, store.cacheReadTokens, store.cacheWriteTokens, store.outputTokens, store.teamCodes])
        assert.equal(column, undefined);
      assert.equal(store.byteSize(), 8 + 4 + 4 + 2 + 4 + 8 + 1);
    });

    it('keeps the four token kinds from Anthropic-style headers as given', () => {
      const store = csv(
        'timestamp,cost,input_tokens,cache_read_input_tokens,cache_creation_input_tokens,output_tokens\n' +
          '2026-11-02T09:00:00Z,0.5,100,2000,300,40\n' +
          '2026-11-02T10:00:00Z,0.5,,,,7\n',
      );
      assert.deepEqual(store.event(0), { ...store.event(0), inputTokens: 100, cacheReadTokens: 2000, cacheWriteTokens: 300, outputTokens: 40 });
      const second = store.event(1);
      assert.equal(second.outputTokens, 7);
      assert.equal('inputTokens' in second || 'cacheReadTokens' in second || 'cacheWriteTokens' in second, false);
    });

    it('stores uncached input when the input column includes cached tokens (OpenAI style)', () => {
      for (const input of ['prompt_tokens', 'input_tokens']) {
        const store = csv(
          `timestamp,cost,${input},cached_tokens,completion_tokens\n2026-11-02T09:00:00Z,0.5,1000,600,50\n"2026-11-02T10:00:00Z",0.5,1000,600,50\n`,
        );
        for (const i of [0, 1]) {
          const e = store.event(i);
          assert.deepEqual([e.inputTokens, e.cacheReadTokens, e.outputTokens], [400, 600, 50], `${input}, ${i === 0 ? 'fast' : 'general'} path`);
        }
      }
    });

    it('does not subtract beside an uncached input column or an Anthropic cache column', () => {
      assert.equal(matchColumns(['uncached_input_tokens', 'cached_tokens']).columns.inputIncludesCached, undefined);
      assert.equal(matchColumns(['input_tokens', 'cache_read_input_tokens']).columns.inputIncludesCached, undefined);
      assert.equal(matchColumns(['input_tokens', 'cached_tokens']).columns.inputIncludesCached, true);
    });

    it('adds a token column in the middle of a load with the earlier events missing it', () => {
      const builder = new StoreBuilder(16);
      for (let i = 0; i < 40; i++) builder.add(event({ timestamp: T + i, ...(i === 30 ? { cacheWriteTokens: 5 } : {}) }));
      const store = builder.build();
      assert.equal(store.event(29).cacheWriteTokens, undefined);
      assert.equal(store.event(30).cacheWriteTokens, 5);
      assert.equal(store.event(31).cacheWriteTokens, undefined);
    });
  });

  describe('team', () => {
    for (const header of ['team', 'department', 'cost_center', 'group', 'Cost Center']) {
      it(`reads a "${header}" column as the team`, () => {
        const store = csv(`timestamp,cost,${header}\n2026-11-02T09:00:00Z,0.5,Platform\n2026-11-02T09:00:01Z,0.5, Sales \n2026-11-02T09:00:02Z,0.5,\n`);
        assert.deepEqual(
          [0, 1, 2].map((i) => store.event(i).team),
          ['Platform', 'Sales', undefined],
        );
        assert.deepEqual(store.teams.ids, ['Platform', 'Sales']);
      });
    }
  });

  describe('sources and runs', () => {
    it("remembers each event's source and de-duplicates ids within a source only", () => {
      const builder = new StoreBuilder();
      const a = builder.beginSource({ id: 'files:a', label: 'a.csv', runsKnown: true });
      assert.equal(builder.add(event({ id: 'x' })), true);
      assert.equal(builder.add(event({ id: 'x' })), false);
      const b = builder.beginSource({ id: 'logs', label: 'Agent logs', runsKnown: false });
      assert.equal(builder.add(event({ id: 'x', runs: 3 })), true, 'same id, other source');
      assert.equal(builder.beginSource({ id: 'files:a', label: 'a.csv', runsKnown: true }), a, 'a source begun again is resumed');
      assert.equal(builder.add(event({ id: 'x' })), false);
      const store = builder.build();
      assert.deepEqual(
        store.sources.map((s) => s.id),
        ['files:a', 'logs'],
      );
      assert.deepEqual([...store.sourceIndexes], [a, b]);
      assert.equal(store.sourceOf(1).label, 'Agent logs');
      assert.equal(store.duplicates, 2);
      assert.equal(store.runs[1], 0, 'runs of a source without counts are not kept');
    });

    it('puts events of an undeclared source in the default source', () => {
      const store = csv('timestamp,cost\n2026-11-02T09:00:00Z,1\n');
      assert.deepEqual(store.sources, [{ id: 'usage', label: 'Usage', runsKnown: true }]);
    });

    it('still counts an empty run cell in a usage file as 1', () => {
      const store = csv('timestamp,cost,runs\n2026-11-02T09:00:00Z,1,\n2026-11-02T09:00:01Z,1,4\n');
      assert.deepEqual([...store.runs], [1, 4]);
    });
  });

  describe('queries', () => {
    function view(store: UsageStore) {
      return queryUsage(store, resolveStoreRange(store, 'all', { now: T + 86_400_000 }));
    }

    it('sums tokens into totals and rows, only the kinds the store has', () => {
      const builder = new StoreBuilder();
      builder.add(event({ workerId: 'a', inputTokens: 10, outputTokens: 1 }));
      builder.add(event({ workerId: 'a', inputTokens: 5 }));
      builder.add(event({ workerId: 'b', outputTokens: 7 }));
      const v = view(builder.build());
      assert.equal(v.totals.inputTokens, 15);
      assert.equal(v.totals.outputTokens, 8);
      assert.equal('cacheReadTokens' in v.totals, false);
      const a = v.tables.worker.find((r) => r.id === 'a')!;
      const b = v.tables.worker.find((r) => r.id === 'b')!;
      assert.deepEqual([a.inputTokens, a.outputTokens, b.inputTokens, b.outputTokens], [15, 1, 0, 7]);
      assert.equal(v.tables.model[0].inputTokens, 15);
    });

    it('has no token fields when the store has no tokens', () => {
      const builder = new StoreBuilder();
      builder.add(event());
      const v = view(builder.build());
      for (const field of ['inputTokens', 'cacheReadTokens', 'cacheWriteTokens', 'outputTokens', 'runsUnknown']) {
        assert.equal(field in v.totals, false, field);
        assert.equal(field in v.tables.worker[0], false, field);
      }
    });

    it('marks runs unknown where every event comes from a source without run counts', () => {
      const builder = new StoreBuilder();
      builder.beginSource({ id: 'files', label: 'files', runsKnown: true });
      builder.add(event({ workerId: 'counted', runs: 2 }));
      builder.beginSource({ id: 'logs', label: 'logs', runsKnown: false });
      builder.add(event({ workerId: 'uncounted', runs: 9 }));
      const store = builder.build();
      const v = view(store);
      assert.equal(v.totals.runs, 2);
      assert.equal(v.totals.runsUnknown, undefined, 'some runs are known');
      assert.equal(v.tables.worker.find((r) => r.id === 'uncounted')!.runsUnknown, true);
      assert.equal(v.tables.worker.find((r) => r.id === 'counted')!.runsUnknown, undefined);
      const only = queryUsage(store, resolveStoreRange(store, 'all', { now: T + 86_400_000 }), [{ dimension: 'worker', id: 'uncounted' }]);
      assert.equal(only.totals.runsUnknown, true);
    });
  });

  it('reads scientific-notation costs exactly in files', () => {
    const store = csv('timestamp,cost\n2026-11-02T09:00:00Z,3.7e-05\n2026-11-02T09:00:01Z,1.25E+2\n2026-11-02T09:00:02Z,-2e-6\n');
    assert.deepEqual([...store.costMicros], [37, 125_000_000, -2]);
  });
});
