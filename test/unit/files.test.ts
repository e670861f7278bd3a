import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { unparse } from 'papaparse';
import { UNKNOWN } from '../../src/core/model';
import { formatFromName, sniffFormat } from '../../src/core/sources/files/format';
import { loadUsageBytes, loadUsageFile, loadUsageText } from '../../src/core/sources/files/load';
import { UsageFileError, type LoadOptions, type LoadReport } from '../../src/core/sources/files/report';
import { SpendLimitError, type UsageStore } from '../../src/core/store';
import { StoreBuilder } from '../../src/core/storeBuilder';

const FIXTURES = join(__dirname, '..', 'fixtures', 'files');
const fixture = (name: string) => join(FIXTURES, name);

function text(csv: string, name = 'usage.csv', options?: LoadOptions): { report: LoadReport; store: UsageStore } {
  const builder = new StoreBuilder();
  const report = loadUsageText(csv, name, builder, options);
  return { report, store: builder.build() };
}

async function file(path: string, options?: LoadOptions): Promise<{ report: LoadReport; store: UsageStore }> {
  const builder = new StoreBuilder();
  const report = await loadUsageFile(path, builder, options);
  return { report, store: builder.build() };
}

function events(store: UsageStore) {
  return Array.from({ length: store.length }, (_, i) => store.event(i));
}

function totalMicros(store: UsageStore): number {
  return store.costMicros.reduce((a, b) => a + b, 0);
}

/** Asserts that `fn` throws a UsageFileError whose message names the file and matches `pattern`. */
async function rejectsNaming(fn: () => unknown, fileName: string, pattern: RegExp): Promise<void> {
  let error: unknown;
  try {
    await fn();
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof UsageFileError, `expected a UsageFileError, got ${String(error)}`);
  assert.ok(error.message.includes(fileName), `"${error.message}" does not name ${fileName}`);
  assert.match(error.message, pattern);
  assert.equal(error.file, fileName);
}

describe('files: CSV', () => {
  it('loads the hostile fixture: BOM, CRLF, quoted commas, quotes and newlines, $ amounts, bad rows', async () => {
    const path = fixture('hostile.csv');
    const { report, store } = await file(path);
    assert.deepEqual(report, {
      file: path,
      format: 'csv',
      rows: 8,
      added: 4,
      duplicates: 1,
      skipped: 3,
      samples: [`${path}:6: cost "abc" is not an amount`, `${path}:7: timestamp "yesterday" is not a date`, `${path}:11: runs "-1" is not a whole number`],
    });
    const all = events(store);
    const byWorker = new Map(all.map((e) => [e.workerId, e]));
    // The BOM did not leak into the first header: timestamps were found.
    assert.equal(byWorker.get('=HYPERLINK("http://x")')!.timestamp, Date.UTC(2024, 2, 1, 8), '10:00+02:00');
    assert.equal(byWorker.get('support-bot')!.costMicros, 1_234_500_000);
    assert.equal(byWorker.get('support-bot')!.runs, 1, 'empty runs = 1');
    assert.equal(byWorker.get('support-bot')!.inputTokens, 1200);
    assert.equal(byWorker.get('=HYPERLINK("http://x")')!.runs, 2, 'formula text is data, kept verbatim on load');
    const html = byWorker.get('<b>Zoë</b> & "Co"')!;
    assert.equal(html.userId, 'multi\r\nline@example.com', 'quoted CRLF kept inside the cell');
    assert.equal(html.costMicros, 1_000_000_000);
    assert.equal(html.timestamp, Date.UTC(2024, 2, 1));
    const epoch = byWorker.get('summarizer, v2')!;
    assert.equal(epoch.timestamp, 1_709_337_600_000);
    assert.equal(epoch.userId, UNKNOWN);
    assert.equal(epoch.model, UNKNOWN);
    assert.equal(epoch.costMicros, 1);
    assert.equal(totalMicros(store), 1_234_500_000 + 250_000 + 1_000_000_000 + 1 + 0);
  });

  it('gives the same result from text, bytes and file, whole or cut into tiny pieces', async () => {
    const path = fixture('hostile.csv');
    const bytes = readFileSync(path);
    const expected = await file(path);
    const summary = (r: { report: LoadReport; store: UsageStore }) => ({
      ...r.report,
      file: 'x',
      samples: r.report.samples.map((s) => s.slice(r.report.file.length)),
      events: events(r.store),
    });
    for (const chunkSize of [undefined, 1, 2, 3, 7, 64]) {
      const b1 = new StoreBuilder();
      const r1 = loadUsageBytes(bytes, 'x.csv', b1, { chunkSize });
      assert.deepEqual(summary({ report: r1, store: b1.build() }), summary(expected), `bytes, chunk ${chunkSize}`);
      const t = text(new TextDecoder().decode(bytes), 'x.csv', { chunkSize });
      assert.deepEqual(summary(t), summary(expected), `text, chunk ${chunkSize}`);
      assert.deepEqual(summary(await file(path, { chunkSize })), summary(expected), `file, chunk ${chunkSize}`);
    }
  });

  it('strips a BOM given as text', () => {
    const { report, store } = text('\uFEFFtimestamp,cost\n2024-03-01,1\n');
    assert.equal(report.added, 1);
    assert.equal(store.costMicros[0], 1_000_000);
  });

  it('reads LF, CRLF and CR line ends alike', () => {
    for (const nl of ['\n', '\r\n', '\r']) {
      const csv = ['timestamp,worker,cost', '2024-03-01,a,1', 'bad,a,1', '2024-03-02,"b', 'c",2'].join(nl) + nl;
      const { report, store } = text(csv);
      assert.equal(report.added, 2, JSON.stringify(nl));
      assert.deepEqual(report.samples, ['usage.csv:3: timestamp "bad" is not a date']);
      assert.deepEqual(
        events(store).map((e) => e.workerId),
        ['a', `b${nl}c`],
      );
    }
  });

  it('reads a last row without a line end', () => {
    assert.equal(text('timestamp,cost\n2024-03-01,1\n2024-03-02,2').report.added, 2);
  });

  it('counts physical lines across quoted newlines in skip samples', () => {
    const csv = [
      'timestamp,worker,cost', // 1
      '2024-03-01,"one', // 2
      'two', // 3
      'three",1', // 4
      '2024-03-01,x,bad', // 5
      '', // 6
      '2024-03-01,"a ""quoted""', // 7
      'name",also bad', // 8
      'nope,x,1', // 9
    ].join('\n');
    const { report } = text(csv);
    assert.deepEqual(report.samples, [
      'usage.csv:5: cost "bad" is not an amount',
      'usage.csv:7: cost "also bad" is not an amount',
      'usage.csv:9: timestamp "nope" is not a date',
    ]);
    assert.equal(report.added, 1);
  });

  it('keeps only the first 5 samples but counts every skipped row', () => {
    const rows = Array.from({ length: 8 }, (_, i) => `2024-03-01,${i}x`);
    const { report } = text(['timestamp,cost', ...rows].join('\n'));
    assert.equal(report.skipped, 8);
    assert.deepEqual(
      report.samples,
      [2, 3, 4, 5, 6].map((l) => `usage.csv:${l}: cost "${l - 2}x" is not an amount`),
    );
  });

  it('ignores blank lines, rows of empty cells and blank lines before the header', () => {
    const { report } = text('\n\ntimestamp,cost,worker,note\n\n2024-03-01,1,a\n,,\n  \n , ,,\n2024-03-02,1,b\n\n,x,,\n,,,just a note\n');
    assert.equal(report.rows, 3);
    assert.equal(report.added, 2);
    // Line 11 has a cost but no timestamp; line 12 fills only the unmatched `note` column, so it is blank.
    assert.deepEqual(report.samples, ['usage.csv:11: timestamp is missing']);
  });

  it('keeps HTML in names verbatim', () => {
    const { store } = text('timestamp,worker,cost\n2024-03-01,"<script>alert(""x"")</script>",1\n');
    assert.equal(store.workers.names[0], '<script>alert("x")</script>');
  });

  it('reads semicolon-, tab- and pipe-separated files', () => {
    for (const d of [';', '\t', '|']) {
      // In a `;` file a comma in a cost may be a decimal comma: such costs are skipped as ambiguous (hostile/misreads).
      const cost = d === ';' ? '"1500"' : '"1,500"';
      const { store } = text(`timestamp${d}worker${d}cost\n2024-03-01${d}a${d}${cost}\n`, 'usage.tsv');
      assert.equal(store.costMicros[0], 1_500_000_000, `delimiter ${JSON.stringify(d)}`);
      assert.equal(store.workers.ids[0], 'a');
    }
  });

  it('applies an explicit column mapping over the guess', () => {
    const csv = 'when,cost,Amount EUR,who\n2024-03-01,999,2.50,ana\n';
    const { store } = text(csv, 'usage.csv', { mapping: { timestamp: 'when', cost: 'Amount EUR', userId: 'who' } });
    assert.equal(store.costMicros[0], 2_500_000);
    assert.equal(store.users.ids[0], 'ana');
  });

  it('counts repeated event ids once (first wins) and reports them', () => {
    const { report, store } = text('id,timestamp,cost\nr1,2024-03-01,1\nr1,2024-03-01,5\nr2,2024-03-01,2\n');
    assert.equal(report.duplicates, 1);
    assert.equal(report.added, 2);
    assert.equal(totalMicros(store), 3_000_000);
  });

  it('reads a header-only file as no rows', () => {
    const { report } = text('timestamp,cost\n');
    assert.equal(report.rows, 0);
    assert.equal(report.added, 0);
  });

  it('reads the columns of rows longer or shorter than the header', () => {
    const { report, store } = text('timestamp,cost,worker\n2024-03-01,1\n2024-03-01,2,w,extra,cells\n');
    assert.equal(report.added, 2);
    assert.deepEqual(store.workers.ids, [UNKNOWN, 'w']);
  });
});

describe('files: errors name the file', () => {
  it('an empty file', async () => {
    await rejectsNaming(() => loadUsageText('', 'empty.csv', new StoreBuilder()), 'empty.csv', /empty/);
    await rejectsNaming(() => loadUsageText('\uFEFF\n\r\n', 'blank.csv', new StoreBuilder()), 'blank.csv', /empty/);
    await rejectsNaming(() => loadUsageBytes(new Uint8Array(0), 'empty.ndjson', new StoreBuilder()), 'empty.ndjson', /empty/);
    await rejectsNaming(() => loadUsageText('  ', 'empty.json', new StoreBuilder()), 'empty.json', /empty/);
    const path = fixture('empty.csv');
    await rejectsNaming(() => loadUsageFile(path, new StoreBuilder()), path, /is empty/);
  });

  it('a file without a recognisable timestamp column, listing the columns found', async () => {
    const path = fixture('no-timestamp.csv');
    await rejectsNaming(() => loadUsageFile(path, new StoreBuilder()), path, /no recognisable timestamp column.*"worker", "user", "cost"/);
  });

  it('a file without a recognisable cost column, listing the columns found', async () => {
    const path = fixture('no-cost.csv');
    await rejectsNaming(() => loadUsageFile(path, new StoreBuilder()), path, /no recognisable cost column.*"timestamp", "worker", "user", "tokens"/);
  });

  it('a mapping that names a column the file does not have', async () => {
    await rejectsNaming(
      () => loadUsageText('timestamp,cost\n2024-03-01,1\n', 'm.csv', new StoreBuilder(), { mapping: { userId: 'login' } }),
      'm.csv',
      /mapping names "login" for userId/,
    );
  });

  it('an unreadable file: missing, or a folder', async () => {
    const missing = join(FIXTURES, 'does-not-exist.csv');
    await rejectsNaming(() => loadUsageFile(missing, new StoreBuilder()), missing, /Cannot read .*no such file/);
    await rejectsNaming(() => loadUsageFile(join(FIXTURES, 'nothing.json'), new StoreBuilder()), join(FIXTURES, 'nothing.json'), /no such file/);
    await rejectsNaming(() => loadUsageFile(FIXTURES, new StoreBuilder()), FIXTURES, /Cannot read/);
  });

  it('invalid JSON, with the line and column', async () => {
    const path = fixture('invalid.json');
    await rejectsNaming(() => loadUsageFile(path, new StoreBuilder()), path, /invalid JSON at line 3, column 30/);
    await rejectsNaming(() => loadUsageText('[{"timestamp": 1', 'cut.json', new StoreBuilder()), 'cut.json', /invalid JSON/);
  });

  it('JSON that is neither an array nor an object with events', async () => {
    await rejectsNaming(() => loadUsageText('{"rows": []}', 'o.json', new StoreBuilder()), 'o.json', /array of events/);
    await rejectsNaming(() => loadUsageText('"text"', 'o.json', new StoreBuilder()), 'o.json', /array of events/);
  });

  it('JSON objects without a timestamp key', async () => {
    await rejectsNaming(() => loadUsageText('[{"cost": 1}]', 'k.json', new StoreBuilder()), 'k.json', /no recognisable timestamp column.*"cost"/);
    await rejectsNaming(() => loadUsageText('{"cost": 1}\n{"cost": 2}\n', 'k.ndjson', new StoreBuilder()), 'k.ndjson', /no recognisable timestamp/);
  });

  it('adds nothing to the builder when the file is rejected', () => {
    const builder = new StoreBuilder();
    assert.throws(() => loadUsageText('{"cost": 1, "worker": "a"}\n{"cost": 2}\n', 'k.ndjson', builder), UsageFileError);
    assert.equal(builder.count, 0);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(loadUsageFile(fixture('hostile.csv'), new StoreBuilder(), { signal: controller.signal }), /abort/i);
    assert.throws(() => loadUsageText('timestamp,cost\n2024-03-01,1\n', 'a.csv', new StoreBuilder(), { signal: controller.signal }), /abort/i);
  });
});

describe('files: JSON and NDJSON', () => {
  it('loads an array of events, reporting bad elements by index', async () => {
    const path = fixture('events.json');
    const { report, store } = await file(path);
    assert.deepEqual(report, {
      file: path,
      format: 'json',
      rows: 5,
      added: 3,
      duplicates: 0,
      skipped: 2,
      samples: [`${path}:#2: timestamp "not a date" is not a date`, `${path}:#3: not an object`],
    });
    const all = events(store);
    assert.deepEqual(
      all.map((e) => [new Date(e.timestamp).toISOString(), e.workerId, e.workerName, e.userId, e.costMicros, e.runs]),
      [
        ['2024-03-01T09:00:00.000Z', 'w1', 'Support Bot', 'ana', 1_500_000, 2],
        ['2024-03-01T11:00:00.000Z', 'w1', 'Support Bot', 'bob', 2_250_000, 1],
        ['2024-03-02T00:00:00.000Z', 'w2', 'w2', UNKNOWN, 100_000, 1],
      ],
    );
    assert.equal(all[0].inputTokens, 100);
    assert.equal(all[0].outputTokens, 20);
  });

  it('loads { "events": [...] }', async () => {
    const { report, store } = await file(fixture('wrapped.json'));
    assert.equal(report.format, 'json');
    assert.equal(report.added, 2);
    assert.deepEqual(store.workers.ids, ['a', 'b']);
    assert.equal(totalMicros(store), 7_000_000);
  });

  it('loads NDJSON with blank lines, reporting bad lines by line number', async () => {
    const path = fixture('events.ndjson');
    const { report, store } = await file(path);
    assert.deepEqual(
      { ...report, samples: report.samples.map((s) => s.replace(/ \(.*\)$/, '')) },
      {
        file: path,
        format: 'ndjson',
        rows: 6,
        added: 3,
        duplicates: 0,
        skipped: 3,
        samples: [`${path}:3: cost "oops" is not an amount`, `${path}:6: invalid JSON`, `${path}:7: not an object`],
      },
    );
    assert.deepEqual(
      events(store).map((e) => [e.workerId, e.userId, e.model, e.costMicros]),
      [
        ['a', 'm1', 'x', 1_250_000],
        ['b', UNKNOWN, UNKNOWN, 2_000_000],
        ['b', UNKNOWN, UNKNOWN, 500_000],
      ],
    );
    assert.equal(events(store)[2].timestamp, Date.UTC(2024, 2, 1, 17));
  });

  it('waits for the keys that give a timestamp and a cost before reading NDJSON rows', () => {
    const { report } = text('{"worker": "a"}\n{"timestamp": "2024-03-01", "cost": 1}\n', 'x.ndjson');
    assert.equal(report.added, 1);
    assert.deepEqual(report.samples, ['x.ndjson:1: timestamp is missing']);
  });

  it('reads a .json file that is really NDJSON', () => {
    const { report } = text('{"timestamp": "2024-03-01", "cost": 1}\n{"timestamp": "2024-03-02", "cost": 2}\n', 'x.json');
    assert.equal(report.format, 'ndjson');
    assert.equal(report.added, 2);
  });

  it('matches JSON keys like CSV headers and honours a mapping', () => {
    const json = JSON.stringify([{ 'Created At': '2024-03-01', price: 3, 'Agent Name': 'Bot' }]);
    const { store } = text(json, 'x.json', { mapping: { cost: 'price' } });
    assert.equal(store.costMicros[0], 3_000_000);
    assert.equal(store.workers.ids[0], 'Bot');
  });

  it('reads an empty array as no rows', () => {
    assert.equal(text('[]', 'x.json').report.rows, 0);
  });

  it('picks the format from the extension, else from the content', () => {
    assert.equal(formatFromName('a/b/usage.CSV'), 'csv');
    assert.equal(formatFromName('usage.jsonl'), 'ndjson');
    assert.equal(formatFromName('usage.ndjson'), 'ndjson');
    assert.equal(formatFromName('usage.json'), 'json');
    assert.equal(formatFromName('usage.txt'), undefined);
    assert.equal(sniffFormat(' [ {"a": 1} ]'), 'json');
    assert.equal(sniffFormat('{"events": []}'), 'json');
    assert.equal(sniffFormat('{\n "events": []\n}'), 'json');
    assert.equal(sniffFormat('{"a": 1}\n{"a": 2}'), 'ndjson');
    assert.equal(sniffFormat('\uFEFFtimestamp,cost'), 'csv');
    assert.equal(text('{"time": "2024-03-01", "cost": 1}\n', 'export').report.format, 'ndjson');
    assert.equal(text('time,cost\n2024-03-01,1\n', 'export').report.format, 'csv');
  });

  it('sniffs files without an extension on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'usage-files-'));
    try {
      writeFileSync(join(dir, 'data'), '[{"time": "2024-03-01", "cost": 1}]');
      const { report } = await file(join(dir, 'data'));
      assert.equal(report.format, 'json');
      assert.equal(report.added, 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('files: large files stream in pieces', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'usage-files-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** A CSV of about 1.3 MB (more than one 1 MiB piece): quoted newlines early or throughout, bad rows at known lines late in the file. */
  function big(newline: string, quotedEvery: number, quotedUntil: number) {
    const lines = ['timestamp,worker,user,cost,runs'];
    let line = 2;
    const bad: string[] = [];
    const workers = new Set<string>();
    let goodMicros = 0;
    let good = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const quoted = i < quotedUntil && i % quotedEvery === 0;
      const worker = quoted ? `"w${i % 7}${newline}second, line"` : `w${i % 7}`;
      const isBad = i % 9_973 === 9_000;
      const cost = isBad ? 'n/a' : `${i % 100}.${String(i % 1000).padStart(3, '0')}`;
      lines.push(`${new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString()},${worker},user-${i % 50},${cost},`);
      if (isBad) bad.push(`${line}: cost "n/a" is not an amount`);
      else {
        workers.add(quoted ? `w${i % 7}${newline}second, line` : `w${i % 7}`);
        goodMicros += (i % 100) * 1_000_000 + (i % 1000) * 1000;
        good++;
      }
      line += quoted ? 2 : 1;
    }
    return { csv: lines.join(newline) + newline, bad, goodMicros, good, workers };
  }

  for (const [label, newline, every, until] of [
    ['quoted newlines throughout, CRLF', '\r\n', 10, Infinity],
    ['quoted newlines only at the start (later pieces take the quote-free path), LF', '\n', 3, 200],
    ['no quotes at all, CR', '\r', 1, 0],
  ] as const) {
    it(`keeps counts and line numbers right: ${label}`, async () => {
      const { csv, bad, goodMicros, good, workers } = big(newline, every, until);
      const path = join(dir, 'big.csv');
      writeFileSync(path, csv);
      for (const chunkSize of [undefined, 4096, 65_537]) {
        const { report, store } = await file(path, { chunkSize });
        assert.equal(report.added, good);
        assert.equal(report.skipped, bad.length);
        assert.deepEqual(
          report.samples,
          bad.map((b) => `${path}:${b}`),
        );
        assert.equal(totalMicros(store), goodMicros);
        assert.deepEqual(new Set(store.workers.ids), workers);
        const t = text(csv, 'big.csv', { chunkSize });
        assert.deepEqual(
          t.report.samples,
          bad.map((b) => `big.csv:${b}`),
        );
        assert.equal(totalMicros(t.store), goodMicros);
      }
    });
  }

  it('reads NDJSON from disk line by line', async () => {
    const path = join(dir, 'big.ndjson');
    const lines: string[] = [];
    for (let i = 0; i < 20_000; i++) lines.push(JSON.stringify({ ts: 1_700_000_000 + i, cost: i % 3, agent: `a${i % 4}` }));
    lines[15_000] = '{broken';
    writeFileSync(path, lines.join('\n'));
    const { report } = await file(path, { mapping: { timestamp: 'ts' } });
    assert.equal(report.added, 19_999);
    assert.equal(report.samples.length, 1);
    assert.match(report.samples[0], new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:15001: invalid JSON`));
  });
});

describe('files: properties', () => {
  const name = fc.string({ unit: 'binary', maxLength: 12 }).filter((s) => !s.includes('\uFEFF'));
  const goodRow = fc.record({
    kind: fc.constant('good' as const),
    ms: fc.integer({ min: 0, max: 4_102_444_800_000 }),
    worker: name,
    user: name,
    micros: fc.integer({ min: 0, max: 10_000_000_000 }),
    runs: fc.integer({ min: 0, max: 1000 }),
  });
  const badRow = fc.record({
    kind: fc.constant('bad' as const),
    ms: fc.oneof(fc.constant(NaN), fc.integer({ min: 0, max: 4_102_444_800_000 })),
    worker: name,
    user: name,
    cost: fc.constantFrom('abc', '1.2.3', '$', 'NaN', '=1+1', '1;2'),
  });
  const micro = (m: number) => `${Math.floor(m / 1e6)}.${String(m % 1e6).padStart(6, '0')}`;

  it('counts a quoted line break in the last parse of a file that ends with a line break', () => {
    // The final parse reads an empty row after the last break; counted as a row ending in a break,
    // it evened out the quoted break and the rows after it were numbered one line short.
    const csv = 'timestamp,worker,cost\n2026-01-05,a,1\n2026-01-05,"' + 'a'.repeat(37) + '\n",1\n2026-01-05,b,abc\n';
    for (const chunkSize of [undefined, 1, 2, 7]) {
      const { report } = text(csv, 'f.csv', { chunkSize });
      assert.deepEqual(report.samples, ['f.csv:5: cost "abc" is not an amount'], `chunk ${chunkSize}`);
    }
  });

  it('keeps every good row around bad ones, with the right line numbers, however the text is cut', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(goodRow, badRow), { maxLength: 30 }),
        fc.constantFrom('\n', '\r\n'),
        fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
        (rows, newline, chunkSize) => {
          let line = 2;
          const lines = ['timestamp,worker,user,cost,runs'];
          const samples: string[] = [];
          let good = 0;
          let micros = 0;
          for (const r of rows) {
            const ts = Number.isNaN(r.ms) ? 'never' : new Date(r.ms).toISOString();
            const cost = r.kind === 'good' ? micro(r.micros) : r.cost;
            const serialised = unparse([[ts, r.worker, r.user, cost, r.kind === 'good' ? r.runs : '']], { newline });
            lines.push(serialised);
            if (r.kind === 'good') {
              good++;
              micros += r.micros;
            } else if (samples.length < 5) {
              samples.push(
                Number.isNaN(r.ms) ? `f.csv:${line}: timestamp "never" is not a date` : `f.csv:${line}: cost ${JSON.stringify(cost)} is not an amount`,
              );
            }
            line += 1 + (serialised.match(/\n/g)?.length ?? 0);
          }
          // A row whose every cell is blank after trimming reads as a blank line, not a row.
          const { report, store } = text(lines.join(newline) + newline, 'f.csv', { chunkSize });
          assert.equal(report.added + report.duplicates, good);
          assert.equal(report.skipped, rows.length - good);
          assert.deepEqual(report.samples, samples);
          assert.equal(totalMicros(store), micros);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws anything but UsageFileError on random text, and counts add up', () => {
    const piece = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.constantFrom('"', '""', ',', '\n', '\r\n', '\r', '\uFEFF', 'timestamp', 'cost', '2024-03-01', '1.5', '{', '}', '[', ']', ';', '\t'),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 40 }),
        fc.constantFrom('x.csv', 'x.json', 'x.ndjson', 'x'),
        fc.option(fc.integer({ min: 1, max: 16 }), { nil: undefined }),
        (pieces, fileName, chunkSize) => {
          const body = pieces.join('');
          for (const t of [body, `timestamp,cost\n${body}`]) {
            try {
              const { report } = text(t, fileName, { chunkSize });
              assert.equal(report.rows, report.added + report.duplicates + report.skipped);
              assert.ok(report.samples.length <= Math.min(5, report.skipped));
            } catch (error) {
              assert.ok(error instanceof UsageFileError, String(error));
            }
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads full rows the same way in place (fast path) as through papaparse and parseRow (property)', () => {
    // Loaded whole, every row goes through papaparse and parseRow; cut into pieces, quote-free pieces
    // take the in-place path that parses cells from the text and interns ids without slicing.
    const pick = <T>(...xs: T[]) => fc.constantFrom(...xs);
    const cell = fc.oneof(pick('', ' ', 'a', ' a', 'a ', 'é', 'x\t'), fc.stringMatching(/^[a-z0-9 .:@-]{0,6}$/));
    const id = fc.oneof(
      { arbitrary: pick('ev-1', 'ev-2', 'ev-3', 'r7', 'r8'), weight: 4 },
      pick('ev-1', 'ev-2', 'ev-01', 'ev-0', '7', '07', 'x9', 'ev-123456789', 'ev-99999999', ' ev-3', 'ev-3 ', ''),
      fc.stringMatching(/^[a-z-]{0,3}[0-9]{0,10}$/),
    );
    const entity = fc.oneof({ arbitrary: pick('w1', 'w2', 'w3'), weight: 4 }, pick('W 1', 'w1 ', '', ' ', 'é'), cell);
    const timestamp = fc.oneof(
      { arbitrary: pick('2024-03-01T10:00:00.000Z', '2024-03-02T00:00:00Z', '2024-03-01'), weight: 4 },
      fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }).map((ms) => new Date(ms).toISOString()),
      fc.integer({ min: 0, max: 4_102_444_800_000 }).map((ms) => new Date(ms).toISOString().replace('.000Z', 'Z')),
      fc.integer({ min: 0, max: 4_102_444_800_000 }).map((ms) => new Date(ms).toISOString().slice(0, 10)),
      pick('2024-02-29', '2023-02-29', '2024-13-01', '0000-01-01', '2024-01-01T24:00:00Z', '2024-01-01T10:00:00+02:00', ' 2024-01-01', '1700000000', '', 'x'),
    );
    const number = fc.oneof(
      { arbitrary: pick('1', '2', '0.5', '12'), weight: 4 },
      pick('', ' ', '0', '-0', '00', '1.', '.5', '-', '1.1234567', '$1,234.50', '1e3', '4294967295', '4294967296', '999999999999999', '9999999999999999'),
      fc.nat().map(String),
      fc.stringMatching(/^-?[0-9]{0,4}(\.[0-9]{0,7})?$/),
    );
    const row = fc.tuple(id, timestamp, entity, cell, entity, cell, entity, number, number, number, number);
    const headers = [
      'id,timestamp,worker_id,worker_name,user_id,user_name,model,runs,cost,input_tokens,output_tokens',
      'timestamp,worker,user,cost',
      'timestamp,cost,runs,model,agent_name',
    ];
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 30 }),
        fc.nat({ max: headers.length - 1 }),
        fc.integer({ min: 1, max: 64 }),
        fc.nat({ max: 3 }),
        (rows, h, chunkSize, drop) => {
          const header = headers[h];
          const width = header.split(',').length;
          // Some rows lose trailing cells; for the short headers, cells come from the front of the tuple.
          const lines = rows.map((r, i) => r.slice(h === 0 ? 0 : 1, (h === 0 ? 0 : 1) + width - (i % 4 === 0 ? drop : 0)).join(','));
          const csv = [header, ...lines].join('\n') + '\n';
          // Rows of huge costs can add up past the store's exact limit: then both ways must refuse alike.
          const refused = (options?: LoadOptions) => {
            try {
              return text(csv, 'p.csv', options);
            } catch (error) {
              if (error instanceof SpendLimitError) return error.message;
              throw error;
            }
          };
          const wholeOrRefusal = refused();
          const cutOrRefusal = refused({ chunkSize });
          if (typeof wholeOrRefusal === 'string' || typeof cutOrRefusal === 'string') {
            assert.equal(cutOrRefusal, wholeOrRefusal);
            return;
          }
          const whole = wholeOrRefusal;
          const cut = cutOrRefusal;
          assert.deepEqual(cut.report, whole.report);
          assert.deepEqual(events(cut.store), events(whole.store));
          for (const dim of ['workers', 'users', 'models'] as const) {
            assert.deepEqual(cut.store[dim].ids, whole.store[dim].ids);
            assert.deepEqual(cut.store[dim].names, whole.store[dim].names);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('counts numbered ids once however they are kept (bits or set)', () => {
    const ids = ['ev-1', 'ev-01', 'ev-1', 'x-1', 'x-1', 'xy-1', 'xy-1', 'ev-123456789', 'ev-123456789', '5', '5', 'ev-0', 'ev-0', 'ev-1 '];
    const csv = ['id,timestamp,cost,worker,user', ...ids.map((id) => `${id},2024-01-01,1,w,u`)].join('\n');
    for (const chunkSize of [undefined, 1, 7]) {
      const { report } = text(csv, 'ids.csv', { chunkSize });
      assert.deepEqual([report.added, report.duplicates], [7, 7], `chunk ${chunkSize}`);
    }
  });

  it('reads the same quote-free rows whether papaparse or the in-place path cuts them', () => {
    // The first piece always goes through papaparse; with tiny pieces later rows take the quote-free path.
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.stringMatching(/^[a-z ,;]{0,8}$/), fc.integer({ min: 0, max: 99_999_999 })), {
          minLength: 1,
          maxLength: 20,
        }),
        fc.integer({ min: 1, max: 30 }),
        (rows, chunkSize) => {
          const csv = ['timestamp,cost,worker,extra']
            .concat(rows.map(([ms, w, m]) => `${new Date(ms).toISOString()},${micro(m)},${w.replace(/[,;]/g, '')},`))
            .join('\n');
          const whole = text(csv, 'q.csv');
          const cut = text(csv, 'q.csv', { chunkSize });
          assert.deepEqual(cut.report, whole.report);
          assert.deepEqual(events(cut.store), events(whole.store));
        },
      ),
    );
  });
});
