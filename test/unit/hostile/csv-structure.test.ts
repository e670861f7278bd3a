import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'papaparse';
import { MAX_RECORD_LINES, findRunawayRecord } from '../../../src/core/sources/files/csvLimits';
import { loadUsageFile, loadUsageText } from '../../../src/core/sources/files/load';
import { UsageFileError } from '../../../src/core/sources/files/report';
import { StoreBuilder } from '../../../src/core/storeBuilder';

const HEADER = 'timestamp,cost\n';

describe('hostile: CSV structure (stray quotes, endless lines)', function () {
  this.timeout(5000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'ue-hostile-csv-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('loses only the row with an unbalanced quote, not the 500,000 good rows after it', function () {
    this.timeout(30_000); // reads 500,000 rows twice (about 1 s each here); before the fix they were lost, not slow
    const good = '2026-01-05T00:00:00Z,2\n'.repeat(500_000);
    for (const chunkSize of [undefined, 4096]) {
      const builder = new StoreBuilder();
      const report = loadUsageText(`${HEADER}2026-01-05T00:00:00Z,"oops,2\n${good}`, 'quote.csv', builder, { chunkSize });
      assert.equal(report.skipped, 1);
      assert.equal(report.added, 500_000);
      assert.equal(report.samples[0], 'quote.csv:2: a quoted field is not closed within 1000 lines; the row is skipped');
      assert.equal(
        builder.build().costMicros.reduce((a, b) => a + b, 0),
        1_000_000_000_000,
      );
    }
  });

  it('skips a quote left open at the end of the file as one row, keeping the rows before it and the lines after it', () => {
    const builder = new StoreBuilder();
    const report = loadUsageText(`${HEADER}2026-01-05,1\n2026-01-05,"oops\n2026-01-06,3\n2026-01-07,4\n`, 'end.csv', builder);
    assert.equal(report.added, 3);
    assert.equal(report.skipped, 1);
    assert.match(report.samples[0], /^end\.csv:3: a quoted field is not closed before the end of the file/);
  });

  it('still reads quoted fields with line breaks, commas and quotes', () => {
    const builder = new StoreBuilder();
    const report = loadUsageText(`timestamp,worker,cost\n2026-01-05,"two\nlines, ""quoted""",1\n2026-01-05,w,2\n`, 'ok.csv', builder);
    assert.equal(report.added, 2);
    assert.equal(builder.build().workers.ids[0], 'two\nlines, "quoted"');
  });

  it('fails fast, in one short line, on a 25 MB header without a line break', async () => {
    const file = join(dir, 'header.csv');
    writeFileSync(file, `timestamp,${'c'.repeat(25 * 1024 * 1024)}`);
    const before = process.memoryUsage().rss;
    await assert.rejects(loadUsageFile(file, new StoreBuilder()), (error: Error) => {
      assert.ok(error instanceof UsageFileError);
      assert.equal(error.message, `${file}: the first line is over 1 MiB without a line break; not a usage file.`);
      return true;
    });
    const grown = process.memoryUsage().rss - before;
    assert.ok(grown < 200 * 1024 * 1024, `grew ${grown} bytes`);
  });

  it('keeps the message one short line when a long header lacks a cost column', () => {
    const header = Array.from({ length: 5000 }, (_, i) => `${'h'.repeat(100)}${i}`).join(',');
    assert.throws(
      () => loadUsageText(`timestamp,${header}\n2026-01-05,1\n`, 'wide.csv', new StoreBuilder()),
      (error: Error) => {
        assert.ok(error.message.length < 800, `${error.message.length} chars`);
        assert.match(error.message, /no recognisable cost column.*and 4991 more\.$/);
        return true;
      },
    );
  });

  it('property: finding runaway quotes is one pass, and flags an unclosed quoted field exactly when the CSV parser finds one', () => {
    const line = fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '1'), maxLength: 60 });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 50 }), fc.boolean(), (parts, final) => {
        const text = parts.join('');
        const bad = findRunawayRecord(text, 10, final);
        // papaparse opens a quoted field only at a cell start; a stray quote inside a cell is a character.
        const errors = parse(text, { delimiter: ',', newline: '\n' }).errors.map((e) => e.code);
        if (!errors.includes('InvalidQuotes') && text.split('\n').length <= MAX_RECORD_LINES) {
          assert.equal(bad !== undefined, final && errors.includes('MissingQuotes'), JSON.stringify(text));
        }
        if (bad) {
          assert.ok(bad.start <= bad.next && bad.next <= text.length);
          assert.ok(bad.start === 0 || text.charCodeAt(bad.start - 1) === 10);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('reads a quote inside an unquoted cell as a character, in any pieces (as the parser does)', () => {
    for (const text of ['timestamp,worker_id,user_id,cost\nzoë"\n', 'timestamp,worker_id,user_id,cost\n' + '2026-01-01,w,u,1\n'.repeat(3) + 'zoë"\n']) {
      const whole = loadUsageText(text, 'u.csv', new StoreBuilder());
      assert.match(whole.samples[0], /timestamp "zoë\\"" is not a date/);
      for (const chunkSize of [1, 2, 5]) assert.deepEqual(loadUsageText(text, 'u.csv', new StoreBuilder(), { chunkSize }), whole, `pieces of ${chunkSize}`);
    }
  });
});
