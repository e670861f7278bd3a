import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { unparse } from 'papaparse';
import { appendedInput, loadSegments, loadUsage, mergeFileSegments, type SourceLoad } from '../../src/core/engine/loadUsage';
import { planCsvChunks } from '../../src/core/engine/chunks';
import { EnginePool } from '../../src/core/engine/pool';
import { loadUsageText } from '../../src/core/sources/files/load';
import { type LoadReport } from '../../src/core/sources/files/report';
import { type StoreSource, type UsageStore } from '../../src/core/store';
import { assertSameStore } from '../support/sameStore';
import { StoreBuilder } from '../../src/core/storeBuilder';

const SOURCE: StoreSource = { id: 'usage', label: 'Usage', runsKnown: true };
const T0 = Date.UTC(2026, 0, 1);

/** Workers whose names need quoting: commas, quotes and line breaks (CRLF too) inside a field. */
const WORKERS = [
  { id: 'w-a', name: 'Alpha' },
  { id: 'w-b', name: 'Bravo, "the bot"' },
  { id: 'w-c', name: 'Multi\nline\nname' },
  { id: 'w-d', name: 'Crlf\r\ninside' },
];

interface Row {
  id: string;
  timestamp: string;
  worker_id: string;
  worker_name: string;
  user: string;
  model: string;
  runs: string;
  cost: string;
  input_tokens: string;
  team: string;
}

const rowArb: fc.Arbitrary<Row> = fc
  .record({
    id: fc.oneof(
      fc.constant(''),
      fc.integer({ min: 0, max: 40 }).map((n) => `ev-${n}`),
      fc.integer({ min: 0, max: 20 }).map((n) => `id ${n}x`),
    ),
    minute: fc.integer({ min: 0, max: 60 * 24 * 5 }),
    worker: fc.integer({ min: 0, max: WORKERS.length - 1 }),
    renamed: fc.boolean(),
    user: fc.constantFrom('ana', 'bo', 'cy', 'dee', ''),
    model: fc.constantFrom('gpt-4o', 'claude', 'gemini'),
    runs: fc.constantFrom('', '1', '3', 'x'),
    cost: fc.constantFrom('0.25', '1', '3.7e-05', '$1,000.50', 'bad', '0'),
    tokens: fc.constantFrom('', '10', '1234'),
    team: fc.constantFrom('', 'Sales', 'R&D'),
  })
  .map((r) => ({
    id: r.id,
    timestamp: new Date(T0 + r.minute * 60_000).toISOString().replace('.000', ''),
    worker_id: WORKERS[r.worker].id,
    // The same worker id under two names: the first kept row's name wins, also across chunks.
    worker_name: r.renamed ? `${WORKERS[r.worker].name} (renamed)` : WORKERS[r.worker].name,
    user: r.user,
    model: r.model,
    runs: r.runs,
    cost: r.cost,
    input_tokens: r.tokens,
    team: r.team,
  }));

function single(text: string, name: string, source = SOURCE): { store: UsageStore; report: LoadReport } {
  const builder = new StoreBuilder(16);
  builder.beginSource(source);
  const report = loadUsageText(text, name, builder);
  return { store: builder.build(), report };
}

describe('engine: loading in workers', function () {
  this.timeout(120_000);
  let pool: EnginePool;
  let dir: string;
  before(() => {
    pool = new EnginePool(2);
    dir = mkdtempSync(join(tmpdir(), 'engine-test-'));
  });
  after(async () => {
    await pool.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('cuts CSV only at row ends outside quoted fields', () => {
    const text = 'a,b\n"x\ny",1\n"p""\nq",2\nplain,3\n';
    const plan = planCsvChunks(new TextEncoder().encode(text), 4, 1)!;
    const rowStarts = [text.indexOf('"x'), text.indexOf('"p'), text.indexOf('plain')];
    for (const cut of plan.cuts) assert.ok(rowStarts.includes(cut), `cut at ${cut}`);
    assert.equal(plan.headerEnd, 4);
  });

  it('reads a file with irregular quoting whole', () => {
    assert.equal(planCsvChunks(new TextEncoder().encode('a,b\nx"y,1\nz,2\nw,3\n'), 3, 1), undefined);
    assert.equal(planCsvChunks(new TextEncoder().encode('a,b\n"open,1\nz,2\nw,3\n'), 3, 1), undefined);
  });

  it('chunked, multi-worker loads equal the single-threaded load exactly', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(rowArb, { minLength: 1, maxLength: 120 }),
        fc.integer({ min: 2, max: 6 }),
        fc.boolean(),
        fc.constantFrom('\n', '\r\n'),
        async (rows, chunks, fromDisk, newline) => {
          const text = unparse(rows, { newline });
          const bytes = new TextEncoder().encode(text);
          const file = join(dir, 'random.csv');
          if (fromDisk) writeFileSync(file, bytes);
          const expected = single(text, 'random.csv');
          const { store, reports } = await loadUsage(
            [{ source: SOURCE, files: [fromDisk ? { name: 'random.csv', path: file } : { name: 'random.csv', bytes }] }],
            { pool, chunks, minChunkBytes: 1 },
          );
          assertSameStore(store, expected.store);
          assert.deepEqual(reports, [expected.report]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('cuts at guessed row ends without reading the file first, and reads it again when a guess fell inside a quoted field', async () => {
    const header = 'id,timestamp,cost,worker_id,worker_name\n';
    const row = (n: number, name: string) => `ev-${n},2026-01-0${1 + (n % 9)}T00:00:00Z,${n},w-${n % 3},${name}\n`;
    const clean = header + Array.from({ length: 40 }, (_, n) => row(n, n % 5 === 0 ? '"Quoted, name"' : 'Plain')).join('');
    const cleanLoad = await loadSegments([{ source: SOURCE, files: [{ name: 'clean.csv', bytes: new TextEncoder().encode(clean) }] }], {
      pool,
      chunks: 3,
      minChunkBytes: 1,
    });
    assert.deepEqual(
      cleanLoad.files[0].segments.map((s) => s.quoting?.endsOutside),
      [true, true, true],
      'guessed cuts kept',
    );
    // One long quoted field with line breaks across the middle of the file: the guess lands inside it.
    const long = header + row(1, 'Plain') + row(2, `"${'many\nlines '.repeat(60)}"`) + row(3, 'Plain') + row(4, 'Plain');
    const bytes = new TextEncoder().encode(long);
    const longLoad = await loadSegments([{ source: SOURCE, files: [{ name: 'long.csv', bytes }] }], { pool, chunks: 2, minChunkBytes: 1 });
    assert.ok(
      longLoad.files[0].segments.every((s) => s.quoting === undefined),
      'read again at exact cuts',
    );
    const { store, reports } = await loadUsage([{ source: SOURCE, files: [{ name: 'long.csv', bytes }] }], { pool, chunks: 2, minChunkBytes: 1 });
    const expected = single(long, 'long.csv');
    assertSameStore(store, expected.store);
    assert.deepEqual(reports, [expected.report]);
  });

  it('names a worker first seen in a row dropped across chunks as one thread would (from its next row)', async () => {
    const text =
      'id,timestamp,cost,worker_id,worker_name,team\n' +
      `ev-1,2026-01-01T00:00:00Z,1,w-a,Alpha,${'x'.repeat(400)}\n` +
      'ev-1,2026-01-02T00:00:00Z,2,w-z,Zed (from the dropped row),\n' +
      'ev-2,2026-01-03T00:00:00Z,4,w-z,Zed,\n';
    const bytes = new TextEncoder().encode(text);
    assert.equal(planCsvChunks(bytes, 2, 1)?.cuts.length, 1, 'cut after the first row');
    const { store } = await loadUsage([{ source: SOURCE, files: [{ name: 'names.csv', bytes }] }], { pool, chunks: 2, minChunkBytes: 1 });
    assertSameStore(store, single(text, 'names.csv').store);
    assert.deepEqual(store.workers.names, ['Alpha', 'Zed']);
  });

  it('has quoted line breaks across chunk boundaries and duplicate ids across chunks in the property', () => {
    // The generator above: every 4th worker name holds line breaks, ids repeat among 60 values.
    const text = unparse([
      { id: 'ev-1', worker_name: WORKERS[2].name },
      { id: 'ev-1', worker_name: 'x' },
    ]);
    assert.ok(text.includes('"Multi\nline\nname"'));
  });

  it('several sources and files feed one store; ids de-duplicate within a source only', async () => {
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    writeFileSync(a, 'id,timestamp,cost,worker\nx,2026-01-01T00:00:00Z,1,w1\ny,2026-01-02T00:00:00Z,2,w2\n');
    writeFileSync(b, 'id,timestamp,cost,worker\nx,2026-01-03T00:00:00Z,4,w3\n');
    const logs: StoreSource = { id: 'logs', label: 'Logs', runsKnown: false };
    const loads: SourceLoad[] = [
      {
        source: SOURCE,
        files: [
          { name: 'a.csv', path: a },
          { name: 'b.csv', path: b },
        ],
      },
      {
        source: logs,
        files: [
          { name: 'b.csv', path: b },
          { name: 'missing.csv', path: join(dir, 'missing.csv') },
        ],
      },
    ];
    const { store, reports, failures } = await loadUsage(loads, { pool });
    assert.equal(store.length, 3, 'x twice in the first source counts once; x in the second source is its own');
    assert.equal(store.duplicates, 1);
    assert.deepEqual(
      store.sources.map((s) => s.id),
      ['usage', 'logs'],
    );
    assert.deepEqual([...store.costMicros], [1_000_000, 2_000_000, 4_000_000]);
    assert.deepEqual([...store.sourceIndexes], [0, 0, 1]);
    assert.equal(store.runs[2], 0);
    assert.deepEqual(
      reports.map((r) => [r.file, r.added, r.duplicates]),
      [
        ['a.csv', 2, 0],
        ['b.csv', 0, 1],
        ['b.csv', 1, 0],
      ],
    );
    assert.equal(failures.length, 1);
    assert.match(failures[0].message, /Cannot read missing\.csv: no such file/);
    assert.equal(failures[0].source, 'logs');
  });

  it('reloads a grown file from its previous end and equals a full load', async () => {
    const file = join(dir, 'grow.csv');
    writeFileSync(file, 'id,timestamp,cost,worker\nr1,2026-01-01T00:00:00Z,1,w1\nr2,2026-01-02T00:00:00Z,2,w2\n');
    const first = await loadSegments([{ source: SOURCE, files: [{ name: 'grow.csv', path: file }] }], { pool });
    const old = first.files[0].segments.at(-1)!;
    appendFileSync(file, 'r3,2026-01-03T00:00:00Z,4,w3\nr1,2026-01-04T00:00:00Z,8,w1\nr4,not a date,1,w1\n');
    const grown = await loadSegments([{ source: SOURCE, files: [appendedInput(first.files[0], { name: 'grow.csv', path: file })] }], { pool });
    assert.equal(grown.files[0].segments[0].start, old.end);
    const files = [{ ...first.files[0], segments: [...first.files[0].segments, ...grown.files[0].segments] }];
    const { store, reports } = await mergeFileSegments(files, { pool });
    const { readFileSync } = await import('node:fs');
    const expected = single(readFileSync(file, 'utf8'), 'grow.csv');
    assertSameStore(store, expected.store);
    assert.deepEqual(reports, [expected.report]);
    // The kept segments still merge (they were copied, not moved): a removed file's events go.
    const again = await mergeFileSegments([first.files[0]], { pool });
    assert.equal(again.store.length, 2);
  });

  it('runs from the esbuild bundle of the worker, as the extension, CLI and bench load it', async () => {
    const { build } = await import('esbuild');
    const outfile = join(dir, 'engine.worker.js');
    await build({
      entryPoints: [join(__dirname, '../../src/core/engine/worker.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'error',
    });
    const bundled = new EnginePool(1, { file: outfile });
    try {
      const file = join(dir, 'bundled.csv');
      writeFileSync(file, 'timestamp,cost,worker\n2026-01-01T00:00:00Z,1.5,w1\n2026-01-02T00:00:00Z,2,w2\n');
      const { store } = await loadUsage([{ source: SOURCE, files: [{ name: 'bundled.csv', path: file }] }], { pool: bundled });
      assert.deepEqual([...store.costMicros], [1_500_000, 2_000_000]);
      assert.deepEqual(store.workers.ids, ['w1', 'w2']);
    } finally {
      await bundled.dispose();
    }
  });

  it('cancels promptly: an abort terminates the workers and the pool keeps working', async () => {
    const file = join(dir, 'big.csv');
    let text = 'timestamp,cost,worker\n';
    for (let i = 0; i < 200_000; i++) text += `2026-01-01T00:00:00Z,0.5,w${i % 10}\n`;
    writeFileSync(file, text);
    const controller = new AbortController();
    const loading = loadUsage([{ source: SOURCE, files: [{ name: 'big.csv', path: file }] }], { pool, signal: controller.signal, minChunkBytes: 1 << 16 });
    controller.abort();
    const t0 = performance.now();
    await assert.rejects(loading, (error: Error) => error.name === 'AbortError');
    assert.ok(performance.now() - t0 < 1000);
    const { store } = await loadUsage([{ source: SOURCE, files: [{ name: 'big.csv', path: file }] }], { pool });
    assert.equal(store.length, 200_000);
  });
});
