import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { type ColumnMapping } from '../../src/core/columns';
import { appendedInput, loadSegments, loadUsage, mergeFileSegments } from '../../src/core/engine/loadUsage';
import { EnginePool } from '../../src/core/engine/pool';
import { loadUsageBytes } from '../../src/core/sources/files/load';
import { type LoadReport } from '../../src/core/sources/files/report';
import { type StoreSource, type UsageStore } from '../../src/core/store';
import { StoreBuilder } from '../../src/core/storeBuilder';
import { assertSameStore } from '../support/sameStore';

const SOURCE: StoreSource = { id: 'usage', label: 'Usage', runsKnown: true };
const T0 = Date.UTC(2026, 0, 1);

/** Keys that name fields (several synonyms of one field, two spellings of one name) and one that names none. */
const KEYS = [
  'id',
  'timestamp',
  'time',
  'date',
  'createdAt',
  'created_at',
  'cost',
  'spend',
  'worker_id',
  'worker',
  'user',
  'model',
  'runs',
  'team',
  'prompt_tokens',
  'cached_tokens',
  'note',
];
const REQUIRED = ['timestamp', 'cost'];

const valueArb = (key: string): fc.Arbitrary<unknown> => {
  switch (key) {
    case 'id':
      return fc.oneof(
        fc.integer({ min: 0, max: 30 }).map((n) => `ev-${n}`),
        fc.constant(''),
      );
    case 'timestamp':
    case 'time':
    case 'date':
    case 'createdAt':
    case 'created_at':
      return fc.oneof(
        fc.integer({ min: 0, max: 60 * 24 * 5 }).map((m) => new Date(T0 + m * 60_000).toISOString()),
        fc.constant('not a date'),
      );
    case 'cost':
    case 'spend':
      return fc.constantFrom(0.25, 1, '3.7e-05', 'bad', null);
    case 'runs':
      return fc.constantFrom(1, 3, 'x');
    case 'prompt_tokens':
    case 'cached_tokens':
      return fc.constantFrom(10, 1234);
    default:
      return fc.constantFrom('a', 'b', 'Zed', '');
  }
};

/** One line: an object with the file's usual keys (in their order, or shuffled), one with other keys, bad lines, blank lines. */
function lineArb(usual: string[]): fc.Arbitrary<string> {
  const object = (keys: fc.Arbitrary<string[]>) =>
    keys.chain((ks) => fc.tuple(...ks.map((k) => valueArb(k).map((v) => [k, v] as const))).map((entries) => JSON.stringify(Object.fromEntries(entries))));
  return fc.oneof(
    { weight: 12, arbitrary: object(fc.constant(usual)) },
    { weight: 3, arbitrary: object(fc.shuffledSubarray(usual, { minLength: usual.length })) },
    { weight: 3, arbitrary: object(fc.shuffledSubarray(KEYS, { minLength: 1 })) },
    { weight: 1, arbitrary: fc.constantFrom('{"timestamp": ', 'not json', '[1, 2]', '42', '"text"') },
    { weight: 1, arbitrary: fc.constantFrom('', '   ') },
  );
}

const fileArb = fc
  .shuffledSubarray(KEYS, { minLength: 0 })
  .chain((extra) => {
    const usual = [...new Set([...REQUIRED, ...extra])];
    return fc.record({
      lines: fc.array(lineArb(usual), { minLength: 1, maxLength: 80 }),
      newline: fc.constantFrom('\n', '\r\n'),
      bom: fc.boolean(),
      finalBreak: fc.boolean(),
    });
  })
  .map(({ lines, newline, bom, finalBreak }) => (bom ? '\uFEFF' : '') + lines.join(newline) + (finalBreak ? newline : ''));

const mappingArb: fc.Arbitrary<ColumnMapping | undefined> = fc.constantFrom(undefined, { cost: 'spend' }, { timestamp: 'Date' }, { workerId: 'user' });

/** The file loaded on this thread, or the error one thread would give. */
function single(bytes: Uint8Array, name: string, mapping?: ColumnMapping): { store: UsageStore; report: LoadReport } | { error: string } {
  const builder = new StoreBuilder(16);
  builder.beginSource(SOURCE);
  try {
    const report = loadUsageBytes(bytes, name, builder, { mapping });
    return { store: builder.build(), report };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

describe('engine: NDJSON in chunks', function () {
  this.timeout(180_000);
  let pool: EnginePool;
  let dir: string;
  before(() => {
    pool = new EnginePool(2);
    dir = mkdtempSync(join(tmpdir(), 'engine-ndjson-'));
  });
  after(async () => {
    await pool.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  async function assertLoadsAsOneThread(text: string, chunks: number, fromDisk: boolean, mapping?: ColumnMapping): Promise<void> {
    const bytes = new TextEncoder().encode(text);
    const file = join(dir, 'random.ndjson');
    if (fromDisk) writeFileSync(file, bytes);
    const expected = single(bytes, 'random.ndjson', mapping);
    const { store, reports, failures } = await loadUsage(
      [{ source: SOURCE, mapping, files: [fromDisk ? { name: 'random.ndjson', path: file } : { name: 'random.ndjson', bytes }] }],
      { pool, chunks, minChunkBytes: 1 },
    );
    if ('error' in expected) {
      assert.deepEqual(
        failures.map((f) => f.message),
        [expected.error],
      );
      return;
    }
    assert.deepEqual(failures, []);
    assertSameStore(store, expected.store);
    assert.deepEqual(reports, [expected.report]);
  }

  it('chunked, multi-worker loads equal the single-threaded load exactly', async () => {
    await fc.assert(
      fc.asyncProperty(fileArb, fc.integer({ min: 2, max: 7 }), fc.boolean(), mappingArb, async (text, chunks, fromDisk, mapping) => {
        await assertLoadsAsOneThread(text, chunks, fromDisk, mapping);
      }),
      { numRuns: 150 },
    );
  });

  it('keeps every chunk when all lines have the same keys, and reads again a chunk whose columns depend on keys before it', async () => {
    const line = (n: number, extra: Record<string, unknown> = {}) =>
      JSON.stringify({ id: `ev-${n}`, timestamp: new Date(T0 + n * 60_000).toISOString(), cost: n % 7, worker: `w${n % 3}`, ...extra });
    const same = Array.from({ length: 60 }, (_, n) => line(n)).join('\n') + '\n';
    const kept = await loadSegments([{ source: SOURCE, files: [{ name: 'same.ndjson', bytes: new TextEncoder().encode(same) }] }], {
      pool,
      chunks: 3,
      minChunkBytes: 1,
    });
    assert.equal(kept.files[0].segments.length, 3);
    assert.deepEqual(
      kept.files[0].segments.map((s) => s.ndjson?.steps),
      [[4], [4], [4]],
      'each chunk saw the same keys once',
    );
    // The first lines name `timestamp` and `created_at`; the many later lines only `created_at`. One
    // thread keeps reading times from `timestamp` (preferred), so those rows are skipped; the second
    // chunk alone would read `created_at`: it is read again with the keys before it.
    const first = Array.from({ length: 30 }, (_, n) => line(n, { created_at: new Date(T0).toISOString() })).join('\n');
    const second = Array.from({ length: 200 }, (_, n) =>
      JSON.stringify({ id: `ev-${n + 15}`, created_at: new Date(T0 + n * 3_600_000).toISOString(), cost: 1 }),
    );
    const text = `${first}\n${second.join('\n')}\n`;
    const bytes = new TextEncoder().encode(text);
    const segments = await loadSegments([{ source: SOURCE, files: [{ name: 'mixed.ndjson', bytes }] }], { pool, chunks: 2, minChunkBytes: 1 });
    const [, chunk] = segments.files[0].segments;
    assert.ok(chunk.start > bytes.length / 2, 'the second chunk holds only lines without `timestamp`');
    assert.deepEqual(chunk.ndjson?.steps, [5], 'read again knowing the five keys before it');
    assert.deepEqual(chunk.ndjson?.keys, ['id', 'timestamp', 'cost', 'worker', 'created_at']);
    await assertLoadsAsOneThread(text, 2, false);
    const expected = single(bytes, 'mixed.ndjson');
    assert.ok('report' in expected && expected.report.skipped === 200, 'one thread skips the later lines: no timestamp');
  });

  it('numbers skipped lines by their line in the file, across chunks', async () => {
    const good = (n: number) => JSON.stringify({ timestamp: new Date(T0 + n * 60_000).toISOString(), cost: 1 });
    const lines = Array.from({ length: 40 }, (_, n) => (n % 9 === 8 ? 'oops' : good(n)));
    const text = lines.join('\r\n');
    const { reports } = await loadUsage([{ source: SOURCE, files: [{ name: 'bad.ndjson', bytes: new TextEncoder().encode(text) }] }], {
      pool,
      chunks: 4,
      minChunkBytes: 1,
    });
    assert.deepEqual(
      reports[0].samples.map((s) => s.split(':')[1]),
      ['9', '18', '27', '36'],
    );
  });

  it('reads appended lines with the keys read before them', async () => {
    const file = join(dir, 'grow.ndjson');
    // The file's earlier lines name both `timestamp` and `date`: one thread reads times from
    // `timestamp` (preferred) for every later line too, even one that has only `date`.
    writeFileSync(file, `${JSON.stringify({ id: 'a', timestamp: '2026-01-01T00:00:00Z', date: '2026-01-01', cost: 1 })}\n`);
    const first = await loadSegments([{ source: SOURCE, files: [{ name: 'grow.ndjson', path: file }] }], { pool });
    appendFileSync(
      file,
      `\n${JSON.stringify({ id: 'b', date: '2026-01-02', cost: 2 })}\n${JSON.stringify({ id: 'a', timestamp: '2026-01-03T00:00:00Z', cost: 4 })}\n`,
    );
    const grown = await loadSegments([{ source: SOURCE, files: [appendedInput(first.files[0], { name: 'grow.ndjson', path: file })] }], { pool });
    const files = [{ ...first.files[0], segments: [...first.files[0].segments, ...grown.files[0].segments] }];
    const { store, reports } = await mergeFileSegments(files, { pool });
    const expected = single(readFileSync(file), 'grow.ndjson');
    assert.ok('store' in expected);
    assertSameStore(store, expected.store);
    assert.deepEqual(reports, [expected.report]);
    assert.equal(reports[0].skipped, 1, 'the line with only `date` has no timestamp, as one thread reads it');
  });
});
