import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import fc from 'fast-check';
import { CsvReader } from '../../src/core/sources/files/csv';
import { CsvRowKernel, KernelId, KernelStop } from '../../src/core/sources/files/csvRowKernel';
import { FileDecoder } from '../../src/core/sources/files/decode';
import { matchColumns } from '../../src/core/columns';
import { type LoadReport } from '../../src/core/sources/files/report';
import { NO_TEAM, NO_TOKENS, SpendLimitError, type StoreSource, type UsageStore } from '../../src/core/store';
import { StoreBuilder } from '../../src/core/storeBuilder';
import { IdLog } from '../../src/core/engine/idLog';
import { assertSameStore } from '../support/sameStore';

const SOURCE: StoreSource = { id: 'usage', label: 'Usage', runsKnown: true };

/**
 * Loads CSV bytes cut at `cuts` through a CsvReader. With `kernel`, the decoder hands the reader
 * each piece's bytes with its Latin-1 view, and rows of the common shape are read by the row
 * kernel; without, the reader gets text only and reads every row in JavaScript.
 */
function load(
  bytes: Buffer,
  cuts: number[],
  kernel: boolean,
  source = SOURCE,
): { report: LoadReport; store: UsageStore | string; ids: ReturnType<IdLog['take']> } {
  const builder = new StoreBuilder();
  builder.beginSource(source);
  builder.idLog = new IdLog();
  const reader = new CsvReader('k.csv', builder, {});
  const decoder = new FileDecoder('utf-8', 1, kernel);
  const each = (text: string) => (decoder.bytes !== undefined ? reader.pushView(decoder.bytes, decoder.raw !== undefined) : reader.push(text));
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    if (cut <= at) continue;
    decoder.decodeEach(bytes.subarray(at, cut), undefined, each);
    at = cut;
  }
  decoder.decodeEach(undefined, undefined, each);
  const report = reader.end();
  const ids = builder.idLog.take();
  let store: UsageStore | string;
  try {
    store = builder.build();
  } catch (error) {
    // Rows of huge costs can add up past the store's exact limit: then both ways must refuse alike.
    if (!(error instanceof SpendLimitError)) throw error;
    store = error.message;
  }
  return { report, store, ids };
}

const pick = <T>(...xs: T[]) => fc.constantFrom(...xs);
const uuid = fc.uuid();
const id = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 40 }).map((n) => `ev-${n}`), weight: 4 },
  { arbitrary: uuid, weight: 2 },
  uuid.map((u) => u.toUpperCase()),
  uuid.map((u) => u.slice(0, 9) + u.slice(9).toUpperCase()),
  fc.integer({ min: 0, max: 40 }).map((n) => `run-${n}`),
  pick('', 'ev-01', 'ev-0', '7', '07', 'x9', 'ev-123456789', 'ev-99999999', ' ev-3', 'ev-3 ', 'é-1', 'ev-é', 'eé-1', 'ev-1\r'),
);
const entity = fc.oneof(
  { arbitrary: pick('w1', 'w2', 'w3', 'a-longer-worker-id-over-sixteen-bytes'), weight: 6 },
  pick('W 1', 'w1 ', '', ' ', 'é', 'w\u00e91', 'w\n1'),
);
const name = pick('', 'Alpha', ' Beta ', 'Café', '李娜', 'x\r', 'x\ny');
const timestamp = fc.oneof(
  { arbitrary: pick('2024-03-01T10:00:00.000Z', '2024-03-02T00:00:00Z', '2024-03-01', '2024-02-29T23:59:59.999Z'), weight: 6 },
  fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }).map((ms) => new Date(ms).toISOString()),
  fc.integer({ min: 0, max: 4_102_444_800_000 }).map((ms) => new Date(ms).toISOString().replace('.000Z', 'Z')),
  pick(
    '2024-02-29',
    '2023-02-29',
    '2024-04-31',
    '2024-13-01',
    '0000-01-01',
    '0001-01-01',
    '9999-12-31T23:59:59.999Z',
    '2024-01-01T24:00:00Z',
    '2024-01-01T10:00:00+02:00',
  ),
  pick(' 2024-01-01', '1700000000', '', 'x', '2024-01-01T10:00:00.00Z', '2024-01-01t10:00:00Z'),
);
const number = fc.oneof(
  { arbitrary: pick('1', '2', '0.5', '12', '0.000001'), weight: 6 },
  pick('', ' ', '0', '-0', '00', '1.', '.5', '-', '-.5', '1.1234567', '$1,234.50', '1e3', '3.7e-05', '4294967294', '4294967295', '4294967296'),
  pick('999999999999999', '9999999999999999', '9007199253.999999', '9007199254', '1 ', '+1'),
  fc.nat().map(String),
  fc.stringMatching(/^-?[0-9]{0,4}(\.[0-9]{0,7})?$/),
);
const wildRow = fc.record({
  id,
  timestamp,
  worker: entity,
  workerName: name,
  user: entity,
  userName: name,
  model: entity,
  runs: number,
  cost: number,
  input: number,
  cached: number,
  output: number,
  team: entity,
});
/** Rows of the common shape (what the kernel reads itself), with every kind of value it must read exactly. */
const count = fc.oneof(pick('', '1\n2'), fc.nat({ max: 100 }).map(String), fc.integer({ min: 0, max: 2 ** 32 + 2 }).map(String));
const commonRow = fc.record({
  id,
  timestamp: fc.oneof(
    fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }).map((ms) => new Date(ms).toISOString()),
    fc.integer({ min: 0, max: 4_102_444_800_000 }).map((ms) => new Date(ms).toISOString().slice(0, 19) + 'Z'),
    fc.integer({ min: 0, max: 4_102_444_800_000 }).map((ms) => new Date(ms).toISOString().slice(0, 10)),
  ),
  worker: pick('w1', 'a-longer-worker-id-over-sixteen-bytes'),
  workerName: pick('', 'Alpha', 'Café', 'line\nbreak'),
  user: pick('u1', 'u3@example.com'),
  userName: pick('', 'Zoë'),
  model: pick('m1', 'claude-3-5-sonnet'),
  runs: count,
  cost: fc.oneof(fc.stringMatching(/^-?[0-9]{1,5}(\.[0-9]{0,7})?$/), fc.stringMatching(/^-?\.[0-9]{1,7}$/)),
  input: count,
  cached: count,
  output: count,
  team: pick('', 'Sales', 'ops', 'ops\nx'),
});
const row = fc.oneof({ arbitrary: commonRow, weight: 6 }, wildRow);
type Row = typeof wildRow extends fc.Arbitrary<infer R> ? R : never;

/** Header variants: every optional column, a file without ids or models, cached tokens inside input, a team column. */
const LAYOUTS: { header: string[]; cells: (r: Row) => string[] }[] = [
  {
    header: ['id', 'timestamp', 'worker_id', 'worker_name', 'user_id', 'user_name', 'model', 'runs', 'cost', 'input_tokens', 'output_tokens', 'team'],
    cells: (r) => [r.id, r.timestamp, r.worker, r.workerName, r.user, r.userName, r.model, r.runs, r.cost, r.input, r.output, r.team],
  },
  { header: ['timestamp', 'worker', 'user', 'cost'], cells: (r) => [r.timestamp, r.worker, r.user, r.cost] },
  {
    header: ['request_id', 'timestamp', 'agent', 'user', 'model', 'cost', 'prompt_tokens', 'cached_tokens', 'completion_tokens', 'department', 'extra'],
    cells: (r) => [r.id, r.timestamp, r.worker, r.user, r.model, r.cost, r.input, r.cached, r.output, r.team, r.workerName],
  },
  {
    header: ['cost', 'user', 'id', 'worker', 'timestamp', 'cache_read_input_tokens', 'cache_creation_input_tokens', 'input_tokens', 'runs'],
    cells: (r) => [r.cost, r.user, r.id, r.worker, r.timestamp, r.cached, r.input, r.output, r.runs],
  },
];

describe('CSV row kernel (WebAssembly)', () => {
  it('loads exactly as the JavaScript reader: any rows, layouts, delimiters, line ends and cuts (property)', () => {
    // Rows the kernel read, so the property is known to have put it to work.
    let kernelRows = 0;
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called with `this` below
    const rowsOf = CsvRowKernel.prototype.rows;
    CsvRowKernel.prototype.rows = function (this: CsvRowKernel) {
      const rows = rowsOf.call(this);
      kernelRows += rows.count;
      return rows;
    };
    try {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(row, fc.nat({ max: 19 })), { minLength: 1, maxLength: 200, size: 'max' }),
          fc.nat({ max: LAYOUTS.length - 1 }),
          pick(',', ';', '\t', '|'),
          pick('\n', '\r\n'),
          fc.array(fc.nat({ max: 1 << 12 }), { maxLength: 6 }),
          (rows, l, delimiter, newline, cuts) => {
            const layout = LAYOUTS[l];
            // Some rows lose trailing cells, some lines are blank, some ids repeat an earlier row's.
            const lines = rows.map(([r, shape], i) => {
              if (shape === 0) return '';
              const cells = layout.cells(shape === 1 && i > 0 ? { ...r, id: rows[i - 1][0].id } : r);
              return cells.slice(0, shape === 2 ? cells.length - 1 : cells.length).join(delimiter);
            });
            const csv = Buffer.from([layout.header.join(delimiter), ...lines].join(newline) + (rows.length % 2 === 0 ? newline : ''));
            const sorted = cuts.map((c) => c % (csv.length + 1)).sort((a, b) => a - b);
            const js = load(csv, sorted, false);
            const kernel = load(csv, sorted, true);
            assert.deepEqual(kernel.report, js.report);
            if (typeof kernel.store === 'string' || typeof js.store === 'string') assert.equal(kernel.store, js.store);
            else assertSameStore(kernel.store, js.store);
            // The ids logged for de-duplication across threads, event by event.
            assert.deepEqual(kernel.ids, js.ids);
          },
        ),
        { numRuns: 300 },
      );
    } finally {
      CsvRowKernel.prototype.rows = rowsOf;
    }
    assert.ok(kernelRows > 1000, `the kernel read ${kernelRows} rows`);
  });

  it('reads the common rows itself and leaves a row of another shape, or with an id it was not told, to the reader', () => {
    const columns = matchColumns(['id', 'timestamp', 'worker', 'user', 'model', 'runs', 'cost', 'input_tokens', 'team']).columns;
    const kernel = CsvRowKernel.make(9, columns, 44, 10, false)!;
    const text =
      'ev-7,2026-01-02T03:04:05.678Z,w,u,m,3,-1.5,,\n' + // needs w, u, m: left to the reader
      'AB0C2D3E-0000-4000-8000-00000000000F,2026-01-02,w,u,m,,0.000001,12,t\n' +
      'x,1700000000,w,u,m,1,1,,\n';
    const bytes = Buffer.from(text, 'latin1');
    kernel.setPiece(bytes);
    assert.equal(kernel.run(0, false), 0);
    assert.equal(kernel.stop(), KernelStop.Row);
    assert.equal(kernel.missed(), true, 'the first row has the common shape, only its ids are new');
    kernel.register(0, 30, 31, 4);
    kernel.register(1, 32, 33, 5);
    kernel.register(2, 34, 35, 6);
    kernel.setIdPrefix('ev-');
    const second = text.indexOf('\n') + 1;
    const third = text.indexOf('\n', second) + 1;
    assert.equal(kernel.run(0, false), second, 'the first row is read; the second needs its team');
    assert.equal(kernel.missed(), true);
    const first = kernel.rows();
    assert.equal(first.count, 1);
    assert.equal(first.columns.timestamps[0], Date.UTC(2026, 0, 2, 3, 4, 5, 678));
    assert.equal(first.columns.costs[0], -1_500_000);
    assert.deepEqual([first.columns.workers[0], first.columns.users[0], first.columns.models[0], first.columns.runs[0]], [4, 5, 6, 3]);
    assert.deepEqual([first.columns.input[0], first.columns.teams[0]], [NO_TOKENS, NO_TEAM]);
    assert.deepEqual([first.columns.idKinds[0], first.columns.idNumbers[0]], [KernelId.Number, 7]);
    kernel.register(3, third - 2, third - 1, 9);
    assert.equal(kernel.run(second, false), third, 'the third row’s timestamp is not ISO: left to the reader');
    assert.equal(kernel.missed(), false);
    const uuidRow = kernel.rows().columns;
    assert.equal(uuidRow.timestamps[0], Date.UTC(2026, 0, 2));
    assert.deepEqual([uuidRow.costs[0], uuidRow.runs[0], uuidRow.input[0], uuidRow.teams[0]], [1, 1, 12, 9]);
    assert.equal(uuidRow.idKinds[0], KernelId.UuidUpper);
    assert.deepEqual([...uuidRow.uuidWords.subarray(0, 4)], [0xab0c2d3e, 0x00004000, 0x80000000, 0x0000000f]);
    assert.equal(kernel.run(text.length, false), text.length);
    assert.equal(kernel.stop(), KernelStop.End);
  });

  it('waits for the end of a line, and hands over a full batch before going on', () => {
    const columns = matchColumns(['timestamp', 'worker', 'user', 'cost']).columns;
    const kernel = CsvRowKernel.make(4, columns, 44, 10, false)!;
    const line = '2026-01-01,w,u,1\n';
    const text = line.repeat(10_000) + '2026-01-01,w,u,2';
    kernel.setPiece(Buffer.from(text, 'latin1'));
    kernel.setUnknownModel(0);
    kernel.run(0, false);
    assert.equal(kernel.rows().count, 0);
    kernel.register(0, 11, 12, 0);
    kernel.register(1, 13, 14, 0);
    let pos = 0;
    let rows = 0;
    const stops: number[] = [];
    for (;;) {
      pos = kernel.run(pos, false);
      rows += kernel.rows().count;
      stops.push(kernel.stop());
      if (kernel.stop() !== KernelStop.Full) break;
    }
    assert.equal(rows, 10_000);
    assert.deepEqual(stops, [KernelStop.Full, KernelStop.Incomplete]);
    assert.equal(pos, 10_000 * line.length);
    assert.equal(kernel.run(pos, true), text.length, 'at the end of the file the last line is complete');
    assert.equal(kernel.rows().columns.costs[0], 2_000_000);
  });

  it('reads every row in JavaScript, with the same result, where WebAssembly cannot compile the kernel', () => {
    // A fresh process whose WebAssembly.Module throws (as where SIMD is unavailable).
    const script = `
      const { loadUsageBytes } = require(${JSON.stringify(join(__dirname, '../../src/core/sources/files/load'))});
      const { StoreBuilder } = require(${JSON.stringify(join(__dirname, '../../src/core/storeBuilder'))});
      if (process.argv[1] === 'broken') globalThis.WebAssembly.Module = function () { throw new Error('no SIMD'); };
      const csv = 'id,timestamp,worker,user,cost\\n' + Array.from({ length: 5000 }, (_, i) => 'ev-' + (i % 4000) + ',2026-01-0' + (1 + (i % 9)) + ',w' + (i % 7) + ',u' + (i % 13) + ',0.' + i).join('\\n');
      const builder = new StoreBuilder();
      const report = loadUsageBytes(Buffer.from(csv), 'x.csv', builder);
      const store = builder.build();
      process.stdout.write(JSON.stringify({ report, n: store.length, cost: [...store.costMicros].reduce((a, b) => a + b, 0), t: [...store.timestamps].slice(0, 50) }));`;
    const run = (mode: string) => execFileSync(process.execPath, ['--import', 'tsx', '-e', script, mode], { encoding: 'utf8' });
    const broken = JSON.parse(run('broken')) as { n: number };
    assert.deepEqual(broken, JSON.parse(run('working')));
    assert.equal(broken.n, 4000);
  });
});
