import assert from 'node:assert/strict';
import fc from 'fast-check';
import { type UsageEvent } from '../../src/core/model';
import { Dictionary } from '../../src/core/dictionary';
import { UsageStore } from '../../src/core/store';
import { StoreBuilder } from '../../src/core/storeBuilder';
import { buildStore, eventsArb } from '../support/arbitraries';

const T0 = Date.UTC(2026, 2, 1, 12);

function ev(overrides: Partial<UsageEvent> = {}): UsageEvent {
  return {
    timestamp: T0,
    workerId: 'w1',
    workerName: 'Worker One',
    userId: 'u1',
    userName: 'User One',
    model: 'gpt-4o',
    runs: 1,
    costMicros: 1_000,
    ...overrides,
  };
}

/** The store's events without `id` (the store does not keep ids). */
function stripId(event: UsageEvent): UsageEvent {
  const copy = { ...event };
  delete copy.id;
  return copy;
}

describe('store', () => {
  describe('columns', () => {
    it('keeps each field in its own typed array', () => {
      const store = buildStore([
        ev({ timestamp: T0, runs: 3, costMicros: 1_500_000, inputTokens: 100, outputTokens: 20 }),
        ev({ timestamp: T0 + 1000, workerId: 'w2', workerName: 'Worker Two', userId: 'u2', userName: 'User Two', model: 'm2', runs: 1, costMicros: 7 }),
      ]);
      assert.equal(store.length, 2);
      assert.ok(store.timestamps instanceof Float64Array);
      assert.ok(store.workerCodes instanceof Uint32Array);
      assert.ok(store.userCodes instanceof Uint32Array);
      assert.ok(store.modelCodes instanceof Uint16Array);
      assert.ok(store.runs instanceof Uint32Array);
      assert.ok(store.costMicros instanceof Float64Array);
      assert.ok(store.inputTokens instanceof Uint32Array);
      assert.ok(store.outputTokens instanceof Uint32Array);
      for (const column of [
        store.timestamps,
        store.workerCodes,
        store.userCodes,
        store.modelCodes,
        store.runs,
        store.costMicros,
        store.inputTokens,
        store.outputTokens,
      ]) {
        assert.equal(column.length, 2, 'columns are trimmed to the event count');
      }
      assert.deepEqual([...store.timestamps], [T0, T0 + 1000]);
      assert.deepEqual([...store.runs], [3, 1]);
      assert.deepEqual([...store.costMicros], [1_500_000, 7]);
      assert.equal(store.inputTokens[0], 100);
      assert.equal(store.outputTokens[0], 20);
      assert.equal(store.duplicates, 0);
    });

    it('dictionary-encodes names to integer codes, one code per id', () => {
      const store = buildStore([
        ev({ workerId: 'a', workerName: 'Alpha', userId: 'x', model: 'm1' }),
        ev({ workerId: 'b', workerName: 'Beta', userId: 'y', model: 'm2' }),
        ev({ workerId: 'a', workerName: 'Alpha', userId: 'y', model: 'm1' }),
        ev({ workerId: 'c', workerName: 'Gamma', userId: 'x', model: 'm1' }),
      ]);
      assert.deepEqual([...store.workerCodes], [0, 1, 0, 2]);
      assert.deepEqual([...store.userCodes], [0, 1, 1, 0]);
      assert.deepEqual([...store.modelCodes], [0, 1, 0, 0]);
      assert.deepEqual(store.workers.ids, ['a', 'b', 'c']);
      assert.deepEqual(store.workers.names, ['Alpha', 'Beta', 'Gamma']);
      assert.deepEqual(store.models.ids, ['m1', 'm2']);
      assert.equal(store.workers.size, 3);
      assert.equal(store.workers.codeOf('b'), 1);
      assert.equal(store.workers.codeOf('nope'), undefined);
      assert.equal(store.dictionary('worker'), store.workers);
      assert.equal(store.dictionary('user'), store.users);
      assert.equal(store.dictionary('model'), store.models);
      assert.equal(store.codes('worker'), store.workerCodes);
      assert.equal(store.codes('user'), store.userCodes);
      assert.equal(store.codes('model'), store.modelCodes);
    });

    it('names an entity by its id when no name is given, and a later name fills it in', () => {
      const dict = new Dictionary();
      assert.equal(dict.intern('u1', ''), 0);
      assert.equal(dict.names[0], 'u1');
      assert.equal(dict.intern('u1', 'Ana Ríos'), 0);
      assert.equal(dict.names[0], 'Ana Ríos', 'a later non-empty name fills an empty one');
      // A name once given is kept: the first non-empty name wins.
      assert.equal(dict.intern('u1', 'Someone Else'), 0);
      assert.equal(dict.names[0], 'Ana Ríos');
      // An explicit name equal to the id is a name too.
      dict.intern('u2', 'u2');
      dict.intern('u2', 'Other');
      assert.equal(dict.names[1], 'u2');
    });

    it('fills a worker or user name that first came empty from a later event', () => {
      const store = buildStore([
        ev({ timestamp: T0, workerId: 'w9', workerName: '', userId: 'u9', userName: '' }),
        ev({ timestamp: T0 + 1, workerId: 'w9', workerName: 'Nightly Digest', userId: 'u9', userName: 'Chloé Dubois' }),
      ]);
      assert.equal(store.event(0).workerName, 'Nightly Digest');
      assert.equal(store.event(0).userName, 'Chloé Dubois');
    });

    it('grows past its initial capacity', () => {
      const builder = new StoreBuilder(1);
      for (let i = 0; i < 1000; i++) builder.add(ev({ timestamp: T0 + i, costMicros: i, userId: `u${i % 37}` }));
      assert.equal(builder.count, 1000);
      const store = builder.build();
      assert.equal(store.length, 1000);
      assert.equal(store.users.size, 37);
      for (let i = 0; i < 1000; i++) {
        assert.equal(store.costMicros[i], i);
        assert.equal(store.users.ids[store.userCodes[i]], `u${i % 37}`);
      }
    });

    it('refuses more models than a Uint16 code holds', () => {
      const builder = new StoreBuilder();
      for (let i = 0; i < 0x10000; i++) builder.add(ev({ model: `m${i}` }));
      assert.equal(builder.count, 0x10000);
      assert.throws(() => builder.add(ev({ model: 'one-too-many' })), /65,536/);
    });

    it('builds an empty store', () => {
      const store = UsageStore.empty();
      assert.equal(store.length, 0);
      assert.equal(store.extent(), undefined);
      assert.equal(store.lowerBound(T0), 0);
      assert.equal(store.byteSize(), 0);
    });
  });

  describe('duplicates', () => {
    it('counts an event with an id already seen once, the first occurrence wins', () => {
      const builder = new StoreBuilder();
      assert.equal(builder.add(ev({ id: 'e1', costMicros: 100 })), true);
      assert.equal(builder.add(ev({ id: 'e2', costMicros: 200 })), true);
      assert.equal(builder.add(ev({ id: 'e1', costMicros: 999 })), false);
      assert.equal(builder.add(ev({ id: 'e1', costMicros: 998, timestamp: T0 - 5 })), false);
      // Events without an id (or an empty id) are never duplicates.
      assert.equal(builder.add(ev({ costMicros: 5 })), true);
      assert.equal(builder.add(ev({ costMicros: 5 })), true);
      assert.equal(builder.add(ev({ id: '', costMicros: 6 })), true);
      assert.equal(builder.add(ev({ id: '', costMicros: 6 })), true);
      assert.equal(builder.duplicateCount, 2);
      const store = builder.build();
      assert.equal(store.duplicates, 2);
      assert.equal(store.length, 6);
      assert.deepEqual([...store.costMicros], [100, 200, 5, 5, 6, 6]);
    });

    it('keeps exactly the first event of each id (property)', () => {
      fc.assert(
        fc.property(eventsArb(80), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 80, maxLength: 80 }), (events, ids) => {
          const withIds = events.map((e, i) => ({ ...e, id: `id-${ids[i]}` }));
          const seen = new Set<string>();
          const kept: UsageEvent[] = [];
          for (const e of withIds) {
            if (seen.has(e.id)) continue;
            seen.add(e.id);
            kept.push(stripId(e));
          }
          const store = buildStore(withIds);
          assert.equal(store.duplicates, withIds.length - kept.length);
          assert.equal(store.length, kept.length);
          const got = Array.from({ length: store.length }, (_, i) => store.event(i));
          assert.deepEqual(
            got,
            [...kept].sort((a, b) => a.timestamp - b.timestamp),
          );
        }),
        { numRuns: 150 },
      );
    });
  });

  describe('time order', () => {
    it('sorts unsorted input by time, stably for equal instants', () => {
      const store = buildStore([
        ev({ timestamp: T0 + 3, costMicros: 1 }),
        ev({ timestamp: T0 + 1, costMicros: 2 }),
        ev({ timestamp: T0 + 3, costMicros: 3 }),
        ev({ timestamp: T0 + 2, costMicros: 4 }),
        ev({ timestamp: T0 + 1, costMicros: 5 }),
        ev({ timestamp: T0 + 3, costMicros: 6 }),
      ]);
      assert.deepEqual([...store.timestamps], [T0 + 1, T0 + 1, T0 + 2, T0 + 3, T0 + 3, T0 + 3]);
      assert.deepEqual([...store.costMicros], [2, 5, 4, 1, 3, 6]);
    });

    it('sorts every column together, stably (property)', () => {
      fc.assert(
        fc.property(eventsArb(200), (events) => {
          // Coarse timestamps to force many ties.
          const coarse = events.map((e) => ({ ...e, timestamp: T0 + (e.timestamp % 7) * 1000 }));
          const expected = coarse
            .map((e, i) => ({ e, i }))
            .sort((a, b) => a.e.timestamp - b.e.timestamp || a.i - b.i)
            .map(({ e }) => e);
          const store = buildStore(coarse);
          assert.deepEqual(
            Array.from({ length: store.length }, (_, i) => store.event(i)),
            expected,
          );
        }),
        { numRuns: 150 },
      );
    });
  });

  describe('lowerBound and extent', () => {
    it('finds the first event at or after an instant', () => {
      const store = buildStore([10, 20, 20, 30].map((t) => ev({ timestamp: t })));
      assert.equal(store.lowerBound(-1), 0);
      assert.equal(store.lowerBound(10), 0);
      assert.equal(store.lowerBound(11), 1);
      assert.equal(store.lowerBound(20), 1);
      assert.equal(store.lowerBound(21), 3);
      assert.equal(store.lowerBound(30), 3);
      assert.equal(store.lowerBound(31), 4);
      assert.deepEqual(store.extent(), { first: 10, last: 30 });
    });

    it('agrees with a linear scan (property)', () => {
      fc.assert(
        fc.property(eventsArb(200), fc.integer({ min: -1, max: 61 }), fc.integer({ min: 0, max: 86_399_999 }), (events, day, ms) => {
          const store = buildStore(events);
          const instant = Date.UTC(2026, 0, 1) + day * 86_400_000 + ms;
          const sorted = events.map((e) => e.timestamp).sort((a, b) => a - b);
          const expected = sorted.findIndex((t) => t >= instant);
          assert.equal(store.lowerBound(instant), expected === -1 ? sorted.length : expected);
          if (events.length > 0) assert.deepEqual(store.extent(), { first: sorted[0], last: sorted[sorted.length - 1] });
          else assert.equal(store.extent(), undefined);
        }),
        { numRuns: 200 },
      );
    });
  });

  describe('event(i)', () => {
    it('rebuilds events, without the source id', () => {
      const input = ev({ id: 'evt-1', runs: 2, costMicros: 123_456, inputTokens: 0, outputTokens: 4_000_000 });
      const store = buildStore([input]);
      assert.deepEqual(store.event(0), stripId(input));
    });

    it('keeps missing tokens missing and zero tokens zero', () => {
      const store = buildStore([
        ev({ timestamp: T0 }),
        ev({ timestamp: T0 + 1, inputTokens: 0, outputTokens: 0 }),
        ev({ timestamp: T0 + 2, inputTokens: 5 }),
        ev({ timestamp: T0 + 3, outputTokens: 7 }),
      ]);
      const [none, zero, onlyIn, onlyOut] = [0, 1, 2, 3].map((i) => store.event(i));
      assert.equal('inputTokens' in none, false);
      assert.equal('outputTokens' in none, false);
      assert.equal(zero.inputTokens, 0);
      assert.equal(zero.outputTokens, 0);
      assert.equal(onlyIn.inputTokens, 5);
      assert.equal('outputTokens' in onlyIn, false);
      assert.equal('inputTokens' in onlyOut, false);
      assert.equal(onlyOut.outputTokens, 7);
    });

    it('round-trips random events in time order (property)', () => {
      fc.assert(
        fc.property(
          eventsArb(100),
          fc.array(fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: undefined }), { minLength: 100, maxLength: 100 }),
          (events, tokens) => {
            const withTokens = events.map((e, i) => {
              const copy: UsageEvent = { ...e };
              if (tokens[i] !== undefined) copy.inputTokens = tokens[i];
              if (tokens[(i + 1) % tokens.length] !== undefined) copy.outputTokens = tokens[(i + 1) % tokens.length];
              return copy;
            });
            const store = buildStore(withTokens);
            const byTime = withTokens
              .map((e, i) => ({ e, i }))
              .sort((a, b) => a.e.timestamp - b.e.timestamp || a.i - b.i)
              .map(({ e }) => e);
            assert.deepEqual(
              Array.from({ length: store.length }, (_, i) => store.event(i)),
              byTime,
            );
          },
        ),
        { numRuns: 150 },
      );
    });
  });

  describe('size', () => {
    it('holds at most 40 bytes per event', () => {
      const builder = new StoreBuilder();
      for (let i = 0; i < 10_000; i++) builder.add(ev({ timestamp: T0 + i * 1000, userId: `u${i % 500}`, workerId: `w${i % 20}` }));
      const store = builder.build();
      assert.ok(store.byteSize() / store.length <= 40, `${store.byteSize() / store.length} bytes per event`);
      // The columns are trimmed: the size does not depend on the builder's spare capacity.
      assert.equal(store.byteSize() % store.length, 0);
      assert.ok(store.byteSize() >= store.length * (8 + 4 + 4 + 2 + 4 + 8));
    });
  });
});

describe('UsageStore.eventsOf', () => {
  it("lists exactly each entity's events, in time order", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ t: fc.integer({ min: 0, max: 1_000 }), w: fc.constantFrom('a', 'b', 'c'), u: fc.constantFrom('x', 'y') }), { maxLength: 60 }),
        (rows) => {
          const builder = new StoreBuilder();
          for (const r of rows) builder.add({ timestamp: r.t, workerId: r.w, workerName: r.w, userId: r.u, userName: r.u, model: 'm', runs: 1, costMicros: 1 });
          const store = builder.build();
          for (const dimension of ['worker', 'user'] as const) {
            const codes = store.codes(dimension);
            for (let code = 0; code < store.dictionary(dimension).size; code++) {
              const expected = [...Array(store.length).keys()].filter((i) => codes[i] === code);
              const actual = [...store.eventsOf(dimension, code)];
              assert.deepEqual(actual, expected);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
