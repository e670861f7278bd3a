import assert from 'node:assert/strict';
import fc from 'fast-check';
import { KeyedRows } from '../../../src/core/sources/files/keyedRows';
import { loadUsageText } from '../../../src/core/sources/files/load';
import { StoreBuilder } from '../../../src/core/storeBuilder';

function load(text: string, name: string) {
  const builder = new StoreBuilder();
  const report = loadUsageText(text, name, builder);
  return { report, store: builder.build() };
}

function nested(depth: number): string {
  return `${'['.repeat(depth)}1${']'.repeat(depth)}`;
}

describe('hostile: JSON keys and nesting', function () {
  // Before the fix: 20,000 NDJSON lines with new keys each took 56 s; a 5,000-deep cost failed the file.
  this.timeout(5000);

  it('loads 20,000 NDJSON events that each bring new keys, resolving each key once', () => {
    const lines: string[] = [];
    for (let i = 0; i < 20_000; i++)
      lines.push(JSON.stringify({ timestamp: '2026-01-05T00:00:00Z', cost: 1, [`extra_${i}`]: 'x'.repeat(40), [`more_${i}`]: i }));
    const text = lines.join('\n');
    assert.ok(text.length > 1_500_000);
    const { report, store } = load(text, 'keys.ndjson');
    assert.equal(report.added, 20_000);
    assert.equal(store.length, 20_000);
  });

  it('loads a JSON array whose events each bring new keys', () => {
    const events = Array.from({ length: 20_000 }, (_, i) => ({ time: '2026-01-05', spend: 2, [`k${i}`]: i }));
    const { report } = load(JSON.stringify(events), 'keys.json');
    assert.equal(report.added, 20_000);
  });

  it('names at most a few columns, shortened, when a file with many keys lacks a cost', () => {
    const lines = Array.from({ length: 5000 }, (_, i) => JSON.stringify({ timestamp: '2026-01-05', [`${'k'.repeat(200)}${i}`]: 1 }));
    assert.throws(
      () => load(lines.join('\n'), 'nocost.ndjson'),
      (error: Error) => error.message.length < 800 && /no recognisable cost column/.test(error.message) && /and \d+ more/.test(error.message),
    );
  });

  for (const [format, name] of [
    ['ndjson', 'deep.ndjson'],
    ['json', 'deep.json'],
  ] as const) {
    it(`skips an event whose cost is nested 5,000 (and 100,000) deep and loads the others (${format})`, () => {
      for (const depth of [5000, 100_000]) {
        const bad = `{"timestamp":"2026-01-05T00:00:00Z","cost":${nested(depth)}}`;
        const good = '{"timestamp":"2026-01-05T00:00:00Z","cost":1}';
        const text = format === 'ndjson' ? [good, bad, good].join('\n') : `[${good},${bad},${good}]`;
        const { report } = load(text, name);
        assert.equal(report.added, 2);
        assert.equal(report.skipped, 1);
        assert.match(report.samples[0], /cost (an array|\[\[\[).* is not an amount/);
      }
    });
  }

  it('property: key resolution is linear in the distinct keys, however they are spread over events', () => {
    const key = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('timestamp', 'cost', 'model', 'user', 'worker', 'runs', 'id', 'Time', 'created_at', 'amount'),
    );
    fc.assert(
      fc.property(fc.array(fc.uniqueArray(key, { maxLength: 30 }), { minLength: 1, maxLength: 200 }), (objects) => {
        const keyed = new KeyedRows();
        const distinct = new Set<string>();
        let matches = 0;
        for (const keys of objects) {
          const object = Object.fromEntries(keys.map((k) => [k, 1]));
          for (const k in object) distinct.add(k);
          if (keyed.addKeys(object)) {
            keyed.tryMatch('x.ndjson', {});
            matches++;
          }
          keyed.row(object);
        }
        assert.ok(keyed.keysResolved <= distinct.size, `${keyed.keysResolved} resolutions for ${distinct.size} keys`);
        // Rematches only when a key that can name a field arrives: at most one per such key.
        assert.ok(keyed.rematches <= keyed.headers.length, `${keyed.rematches} rematches for ${keyed.headers.length} field keys`);
        assert.ok(matches <= keyed.headers.length);
      }),
      { numRuns: 200 },
    );
    // Also past the 1,000 unknown keys whose names are kept: 3,000 keys repeated in 50 events resolve once each.
    const keyed = new KeyedRows();
    const many = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`k${i}`, i]));
    for (let e = 0; e < 50; e++) keyed.addKeys({ timestamp: 'x', cost: 1, ...many });
    assert.equal(keyed.keysResolved, 3002);
    assert.equal(keyed.rematches, 0);
  });

  it('property: random nesting depth costs a bad row, never the file', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000 }), fc.constantFrom('[', '{"a":'), (depth, open) => {
        const close = open === '[' ? ']' : '}';
        const bad = `{"timestamp":"2026-01-05","cost":${open.repeat(depth)}1${close.repeat(depth)}}`;
        const { report } = load(`{"timestamp":"2026-01-05","cost":1}\n${bad}`, 'deep.ndjson');
        assert.equal(report.added, 1);
        assert.equal(report.skipped, 1);
      }),
      { numRuns: 30 },
    );
  });
});

describe('hostile: NDJSON with a long first line', function () {
  this.timeout(5000);
  for (const name of ['long.json', 'long-no-extension']) {
    it(`reads NDJSON whose first line is over 64 KiB in ${name}`, () => {
      const first = JSON.stringify({ timestamp: '2026-01-05T00:00:00Z', cost: 1, note: 'n'.repeat(100_000) });
      const builder = new StoreBuilder();
      const report = loadUsageText(`${first}\n{"timestamp":"2026-01-06","cost":2}\n`, name, builder);
      assert.equal(report.added, 2);
    });
  }
});
