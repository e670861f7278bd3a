import assert from 'node:assert/strict';
import fc from 'fast-check';
import { IdLog } from '../../src/core/engine/idLog';
import { IdSet } from '../../src/core/idSet';

const hex = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: n, maxLength: n });
const uuid = fc.tuple(hex(8), hex(4), hex(4), hex(4), hex(12)).map((p) => p.join('-'));

/** Ids of every shape the set keeps differently, with collisions likely: few distinct values. */
const id = fc.oneof(
  fc.integer({ min: 0, max: 40 }).map((n) => `run-${n}`),
  fc.integer({ min: 0, max: 40 }).map((n) => `job-${n}`),
  fc.integer({ min: 0, max: 40 }).map((n) => `run-0${n}`),
  fc.integer({ min: 0, max: 40 }).map((n) => `${n}`),
  fc.integer({ min: 0, max: 3 }).map((n) => `run-12345678${n}`),
  fc.constantFrom(
    '0b9f3c1e-6a1d-4c2e-9f00-1a2b3c4d5e6f',
    '0B9F3C1E-6A1D-4C2E-9F00-1A2B3C4D5E6F',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
  ),
  uuid,
  uuid.map((u) => u.toUpperCase()),
  uuid.map((u) => `${u.slice(0, 35).toUpperCase()}${u.slice(35)}`),
  fc.constantFrom('0b9f3c1e-6a1d-4c2e-9f00-1a2b3c4d5e6g', '0b9f3c1e-6a1d-4c2e-9f00x1a2b3c4d5e6f', '0b9f3c1e-6a1d-4c2e-9f00-1a2b3c4d5e6'),
  fc.integer({ min: 0, max: 40 }).map((n) => `0b9f3c1e-6a1d-4c2e-9f00-1a2b3c4${n}`),
  fc.string({ maxLength: 6 }),
);

describe('IdSet', () => {
  it('answers exactly as a Set of strings would, whatever the mix of id shapes', () => {
    fc.assert(
      fc.property(fc.array(id, { maxLength: 200 }), (ids) => {
        const set = new IdSet();
        const reference = new Set<string>();
        for (const text of ids) {
          const expected = !reference.has(text);
          reference.add(text);
          assert.equal(set.add(text), expected, text);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('merges sets filled apart (each logging what it added) exactly as one set fed every id in order', () => {
    fc.assert(
      fc.property(fc.array(fc.array(id, { maxLength: 60 }), { maxLength: 4 }), (parts) => {
        const reference = new Set<string>();
        const merged = new IdSet();
        for (const part of parts) {
          const own = new IdSet();
          const log = new IdLog();
          const added: string[] = [];
          for (const text of part) if (own.add(text, 0, text.length, log, added.length)) added.push(text);
          const seen = new Set<number>();
          merged.addList(log.take(), (event) => seen.add(event));
          added.forEach((text, event) => {
            assert.equal(seen.has(event), reference.has(text), text);
            reference.add(text);
          });
        }
      }),
      { numRuns: 500 },
    );
  });

  it('reads an id from the middle of a text without cutting it out', () => {
    const set = new IdSet();
    const line = 'x,0b9f3c1e-6a1d-4c2e-9f00-1a2b3c4d5e6f,run-7,y';
    assert.equal(set.add(line, 2, 38), true);
    assert.equal(set.add('0b9f3c1e-6a1d-4c2e-9f00-1a2b3c4d5e6f'), false);
    assert.equal(set.add(line, 39, 44), true);
    assert.equal(set.add('run-7'), false);
  });

  it('lets go of what it kept when cleared', () => {
    const set = new IdSet();
    assert.equal(set.add('run-1'), true);
    assert.equal(set.add('abc'), true);
    set.clear();
    assert.equal(set.add('run-1'), true);
    assert.equal(set.add('abc'), true);
  });
});
