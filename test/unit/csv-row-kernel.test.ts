import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import fc from 'fast-check';
import { CsvReader } from '../../src/core/sources/files/csv';
import { CsvRowKernel, KernelId, KernelStop } from '../../src/core/sources/files/csvRowKernel';
import { FileDecoder } from '../../src/core/sources/files/decode';
import { loadUsageBytes, pusher } from '../../src/core/sources/files/load';
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
  files: Buffer | Buffer[],
  cuts: number[],
  kernel: boolean,
  source = SOURCE,
): { report: LoadReport | LoadReport[]; store: UsageStore | string; ids: ReturnType<IdLog['take']> } {
  const builder = new StoreBuilder();
  builder.beginSource(source);
  builder.idLog = new IdLog();
  // Several files: one reader each, into the same builder (one view), one after the other.
  const reports = (Array.isArray(files) ? files : [files]).map((bytes, f) => {
    const reader = new CsvReader(`k${f}.csv`, builder, {});
    // As the loaders feed a reader (pusher); without bytes from the decoder, the reader gets text only.
    const push = pusher(reader, new FileDecoder('utf-8', 1, kernel));
    let at = 0;
    for (const cut of [...cuts, bytes.length]) {
      if (cut <= at) continue;
      push(bytes.subarray(at, cut));
      at = cut;
    }
    push(undefined);
    return reader.end();
  });
  const report = Array.isArray(files) ? reports : reports[0];
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

/** The kernel's load equals the JavaScript reader's: reports, store (or the same refusal), and the ids logged for the merge, event by event. */
function assertSameLoad(kernel: ReturnType<typeof load>, js: ReturnType<typeof load>): void {
  assert.deepEqual(kernel.report, js.report);
  if (typeof kernel.store === 'string' || typeof js.store === 'string') assert.equal(kernel.store, js.store);
  else assertSameStore(kernel.store, js.store);
  assert.deepEqual(kernel.ids, js.ids);
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
const name = pick('', 'Alpha', ' Beta ', 'Café', '李娜', 'x\r', 'x\ny', 'Smith, John', 'Ops; EU', '"Al" B');
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
  workerName: pick('', 'Alpha', 'Café', 'line\nbreak', 'Smith, John', '"Al" B'),
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

/**
 * A CSV file of these rows in layout `l`: some rows lose a trailing cell, some lines are blank,
 * some ids repeat an earlier row's. `quoting`: 0 none, 1 some cells quoted as a CSV writer
 * quotes them (inner quotes doubled), 2 every cell so, 3 also stray quotes inside some cells.
 */
function csvOf(rows: [Row, number][], l: number, delimiter: string, newline: string, quoting = 0): Buffer {
  const layout = LAYOUTS[l];
  const quote = (cell: string, k: number): string => {
    if (quoting === 0 || (quoting !== 2 && k % 3 !== 0)) return quoting === 3 && k % 7 === 1 ? `${cell}"x` : cell;
    return `"${cell.replace(/"/g, '""')}"`;
  };
  const lines = rows.map(([r, shape], i) => {
    if (shape === 0) return '';
    const cells = layout.cells(shape === 1 && i > 0 ? { ...r, id: rows[i - 1][0].id } : r).map((cell, c) => quote(cell, i + c));
    return cells.slice(0, shape === 2 ? cells.length - 1 : cells.length).join(delimiter);
  });
  return Buffer.from([layout.header.join(delimiter), ...lines].join(newline) + (rows.length % 2 === 0 ? newline : ''));
}

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
          fc.nat({ max: 5 }),
          (rows, l, delimiter, newline, cuts, quoting) => {
            // Half the files without quotes, half with cells quoted (some, all, or with stray quotes too).
            const csv = csvOf(rows, l, delimiter, newline, quoting < 3 ? 0 : quoting - 2);
            const sorted = cuts.map((c) => c % (csv.length + 1)).sort((a, b) => a - b);
            assertSameLoad(load(csv, sorted, true), load(csv, sorted, false));
          },
        ),
        { numRuns: 300 },
      );
    } finally {
      CsvRowKernel.prototype.rows = rowsOf;
    }
    assert.ok(kernelRows > 1000, `the kernel read ${kernelRows} rows`);
  });

  it('loads two files into one view exactly as the JavaScript reader: the second file’s kernel learns the first’s codes (property)', () => {
    const file = fc.tuple(
      fc.array(fc.tuple(row, fc.nat({ max: 19 })), { minLength: 1, maxLength: 120 }),
      fc.nat({ max: LAYOUTS.length - 1 }),
      pick(',', ';'),
      pick('\n', '\r\n'),
      fc.nat({ max: 3 }),
    );
    fc.assert(
      fc.property(file, file, fc.array(fc.nat({ max: 1 << 12 }), { maxLength: 4 }), (a, b, cuts) => {
        const files = [csvOf(...a), csvOf(...b)];
        const sorted = [...cuts].sort((x, y) => x - y);
        assertSameLoad(load(files, sorted, true), load(files, sorted, false));
      }),
      { numRuns: 150 },
    );
  });

  it('names a new worker from the first row kept, not from a duplicate row that had it first', () => {
    const csv = Buffer.from(
      ['id,timestamp,worker,worker_name,user,cost', 'ev-1,2026-01-01,w0,,u,1', 'ev-1,2026-01-01,w1,Dup,u,1', 'ev-2,2026-01-01,w1,Kept,u,1', ''].join('\n'),
    );
    const js = load(csv, [], false);
    const kernel = load(csv, [], true);
    assert.ok(typeof kernel.store !== 'string' && typeof js.store !== 'string');
    assert.deepEqual(kernel.store.workers.names, ['w0', 'Kept']);
    assertSameStore(kernel.store, js.store);
  });

  it('rests after rows it leaves to the reader, ids with non-ASCII bytes included', () => {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called with `this` below
    const runOf = CsvRowKernel.prototype.run;
    let runs = 0;
    CsvRowKernel.prototype.run = function (this: CsvRowKernel, pos: number, final: boolean) {
      runs++;
      return runOf.call(this, pos, final);
    };
    try {
      const rows = Array.from({ length: 20_000 }, (_, i) => `2026-01-01,w${i % 5},usér${i % 50},1`);
      const { report } = load(Buffer.from(['timestamp,worker,user,cost', ...rows, ''].join('\n')), [], true);
      assert.equal((report as LoadReport).added, 20_000);
    } finally {
      CsvRowKernel.prototype.run = runOf;
    }
    assert.ok(runs < 200, `the kernel ran ${runs} times for 20,000 rows it cannot read`);
  });

  it('begins no source of its own: events go to the source begun after reading a file with none kept', () => {
    const builder = new StoreBuilder();
    loadUsageBytes(Buffer.from('timestamp,worker,user,cost\n2026-01-01,w,u,bad\n'), 'x.csv', builder);
    builder.beginSource({ id: 'x', label: 'X', runsKnown: true });
    assert.deepEqual(
      builder.build().sources.map((s) => s.id),
      ['x'],
    );
  });

  it('numbers the lines after a blank line and a quoted field that never closes, both ways', () => {
    for (const newline of ['\n', '\r\n']) {
      const lines = [
        'timestamp,worker,user,model,cost',
        '"2024-03-01","w1","u1","m1","1"',
        '',
        '"x',
        ...Array<string>(1001).fill('2024-03-01,w1,u1,m1,1'),
        '2024-03-01,w1,u1,m1,bad',
        '',
      ];
      const csv = Buffer.from(lines.join(newline));
      for (const kernel of [false, true]) {
        const report = load(csv, [], kernel).report as LoadReport;
        assert.deepEqual(
          report.samples.map((sample) => sample.split(':')[1]),
          ['4', '1006'],
          `${kernel ? 'kernel' : 'JavaScript'} ${JSON.stringify(newline)}`,
        );
      }
    }
  });

  it('reads the common rows itself, keeps new keys pending for the reader, and leaves rows of another shape or with an unnamed key to it', () => {
    const columns = matchColumns(['id', 'timestamp', 'worker', 'worker_name', 'user', 'model', 'runs', 'cost', 'input_tokens', 'team']).columns;
    const kernel = CsvRowKernel.make(10, columns, 44, 10, false)!;
    const text =
      'ev-7,2026-01-02T03:04:05.678Z,w,Dub,u,m,3,-1.5,,\n' + // w and m are new: pending
      'AB0C2D3E-0000-4000-8000-00000000000F,2026-01-02,w,,u,m,,0.000001,12,t\n' + // w pending again, t new
      'ev-8,2026-01-02,w,,v,m,1,1,,\n' + // v is unnamed in the reader: left to it
      'x,1700000000,w,,u,m,1,1,,\n'; // not an ISO timestamp: left to the reader
    kernel.setPiece(Buffer.from(text, 'latin1'));
    kernel.register(1, 'u', 5, false);
    kernel.register(1, 'v', 6, true);
    kernel.setIdPrefix('ev-');
    const second = text.indexOf('\n') + 1;
    const third = text.indexOf('\n', second) + 1;
    const fourth = text.indexOf('\n', third) + 1;
    assert.equal(kernel.run(0, false), third, 'two rows read; the third has an unnamed user');
    assert.equal(kernel.stop(), KernelStop.Row);
    assert.equal(kernel.missed(), true, 'the third row has the common shape, only a key the reader must name');
    const { count, columns: rows } = kernel.rows();
    assert.equal(count, 2);
    assert.equal(rows.timestamps[0], Date.UTC(2026, 0, 2, 3, 4, 5, 678));
    assert.equal(rows.costs[0], -1_500_000);
    assert.deepEqual([rows.runs[0], rows.input[0], rows.teams[0]], [3, NO_TOKENS, NO_TEAM]);
    assert.deepEqual([rows.idKinds[0], rows.idNumbers[0]], [KernelId.Number, 7]);
    assert.equal(rows.timestamps[1], Date.UTC(2026, 0, 2));
    assert.deepEqual([rows.costs[1], rows.runs[1], rows.input[1]], [1, 1, 12]);
    assert.equal(rows.idKinds[1], KernelId.UuidUpper);
    assert.deepEqual([...rows.uuidWords.subarray(4, 8)], [0xab0c2d3e, 0x00004000, 0x80000000, 0x0000000f]);
    // Pending keys: w (with its name cell), m, then t; rows carry their numbers with a bit per column.
    const keys = kernel.pendingKeys();
    assert.equal(keys.count, 3);
    const key = (k: number) => text.slice(keys.keyStarts[k], keys.keyEnds[k]);
    assert.deepEqual([key(0), key(1), key(2)], ['w', 'm', 't']);
    assert.deepEqual([...keys.dictionaries], [0, 2, 3]);
    assert.equal(text.slice(rows.nameStarts[0], rows.nameEnds[0]), 'Dub', 'each row gives its worker name cell');
    assert.deepEqual([...keys.codes], [-1, -1, -1]);
    assert.deepEqual([rows.pending[0], rows.workers[0], rows.models[0], rows.users[0]], [1 | 4, 0, 1, 5]);
    assert.deepEqual([rows.pending[1], rows.workers[1], rows.teams[1]], [1 | 4 | 8, 0, 2]);
    // The reader keeps w and m, drops t (say its row was a duplicate): then they are plain codes.
    keys.codes.set([40, 41, -1]);
    kernel.settle();
    kernel.register(1, 'v', 6, false);
    assert.equal(kernel.run(third, false), fourth, 'v named now; the fourth row is left to the reader');
    assert.equal(kernel.missed(), false);
    const again = kernel.rows();
    assert.deepEqual([again.count, again.columns.pending[0], again.columns.workers[0], again.columns.users[0], again.columns.models[0]], [1, 0, 40, 6, 41]);
    assert.equal(kernel.pendingKeys().count, 0);
    const last = 'ev-9,2026-01-03,w,,u,m,1,1,,t\n';
    kernel.setPiece(Buffer.from(last, 'latin1'));
    assert.equal(kernel.run(0, false), last.length);
    assert.equal(kernel.pendingKeys().count, 1, 'a dropped key is new again');
    assert.equal(kernel.rows().columns.pending[0], 8);
  });

  it('waits for the end of a line, and hands over a full batch before going on', () => {
    const columns = matchColumns(['timestamp', 'worker', 'user', 'cost']).columns;
    const kernel = CsvRowKernel.make(4, columns, 44, 10, false)!;
    const line = '2026-01-01,w,u,1\n';
    const text = line.repeat(10_000) + '2026-01-01,w,u,2';
    kernel.setPiece(Buffer.from(text, 'latin1'));
    kernel.setUnknownModel(0);
    kernel.register(0, 'w', 0, false);
    kernel.register(1, 'u', 0, false);
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
