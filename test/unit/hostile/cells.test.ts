import assert from 'node:assert/strict';
import fc from 'fast-check';
import { matchColumns } from '../../../src/core/columns';
import { parseRow } from '../../../src/core/parse';
import { parseTimestamp } from '../../../src/core/parseTimestamps';
import { MAX_VALUE_CHARS, parseCost, parseCount } from '../../../src/core/parseNumbers';
import { loadUsageText } from '../../../src/core/sources/files/load';
import { StoreBuilder } from '../../../src/core/storeBuilder';
import { regexChars } from '../../support/regexWork';

const HEADERS = ['timestamp', 'worker', 'user', 'model', 'runs', 'cost', 'input_tokens', 'output_tokens'];
const COLUMNS = matchColumns(HEADERS).columns;
const GOOD = { timestamp: '2026-01-05T00:00:00Z', worker: 'w', user: 'u', model: 'm', runs: '1', cost: '1.5', input_tokens: '', output_tokens: '' };

function rowWith(field: string, value: string): string[] {
  return HEADERS.map((h) => (h === field ? value : GOOD[h as keyof typeof GOOD]));
}

describe('hostile: long cells (each cell check linear and bounded)', function () {
  // Each must take milliseconds; before the fix a 160,000-digit timestamp took about 27 s.
  this.timeout(5000);
  const digitsThenX = '1'.repeat(160_000) + 'x';

  for (const field of ['timestamp', 'cost', 'runs']) {
    it(`rejects a 160,000-character ${field} cell quickly, saying it is too long`, () => {
      assert.equal(parseRow(rowWith(field, digitsThenX), COLUMNS), `${field} is too long (160001 characters)`);
    });
  }

  it('drops 160,000-character token cells quickly and keeps the row', () => {
    const event = parseRow(rowWith('input_tokens', digitsThenX), COLUMNS);
    assert.equal(typeof event, 'object');
    assert.equal((event as { inputTokens?: number }).inputTokens, undefined);
  });

  it('loads a CSV whose long cells are skipped and whose good rows all load', () => {
    const lines = ['timestamp,worker,user,model,runs,cost'];
    for (let i = 0; i < 20; i++) lines.push(`${digitsThenX},w,u,m,1,1`, `2026-01-05T00:00:00Z,w,u,m,${digitsThenX},1`, '2026-01-05T00:00:00Z,w,u,m,1,2');
    const builder = new StoreBuilder();
    const report = loadUsageText(lines.join('\n'), 'long.csv', builder);
    assert.equal(report.added, 20);
    assert.equal(report.skipped, 40);
    assert.match(report.samples[0], /timestamp is too long/);
  });

  it('still reads every real shape up to the cap', () => {
    assert.equal(parseTimestamp('2026-01-05T09:30:15.123456789+05:30'), Date.UTC(2026, 0, 5, 4, 0, 15, 123));
    assert.equal(parseCost('-US$ 1,234,567,890.123456'), -1_234_567_890_123_456);
    assert.equal(parseCount('  42  ', 100), 42);
    assert.equal(parseTimestamp(' '.repeat(MAX_VALUE_CHARS + 1)), undefined);
  });

  it('reads 8-digit numbers as a YYYYMMDD date only when that is a valid date, else skips with a reason', () => {
    assert.equal(parseTimestamp('20260105'), Date.UTC(2026, 0, 5));
    assert.equal(parseTimestamp(20260105), Date.UTC(2026, 0, 5));
    assert.equal(parseTimestamp('12345678'), undefined);
    assert.match(parseRow(rowWith('timestamp', '12345678'), COLUMNS) as string, /ambiguous: 8 digits that are not a YYYYMMDD date/);
    // Other epoch numbers keep their meaning.
    assert.equal(parseTimestamp('1762160400'), 1_762_160_400_000);
  });

  it('property: the regular expressions run on any cell see at most a bounded number of characters', () => {
    const longCell = fc.oneof(
      fc
        .tuple(
          fc.string({ unit: fc.constantFrom('0', '1', '9', '.', ',', ' ', '-', 'e', '$', 'T', ':', 'x'), minLength: 0, maxLength: 5000 }),
          fc.integer({ min: 1, max: 40 }),
        )
        .map(([s, k]) => s.repeat(k)),
      fc.string({ minLength: 0, maxLength: 20_000 }),
    );
    fc.assert(
      fc.property(longCell, fc.constantFrom('timestamp', 'cost', 'runs', 'input_tokens'), (cell, field) => {
        const { chars } = regexChars(() => parseRow(rowWith(field, cell), COLUMNS));
        // A handful of patterns each see at most one capped cell (or a row's short good cells).
        assert.ok(chars <= 8 * MAX_VALUE_CHARS, `${chars} characters matched for a ${cell.length}-character ${field}`);
      }),
      { numRuns: 200 },
    );
  });
});
