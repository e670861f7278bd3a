import assert from 'node:assert/strict';
import { loadUsageBytes, loadUsageText } from '../../../src/core/sources/files/load';
import { StoreBuilder } from '../../../src/core/storeBuilder';

function utf16le(text: string): Uint8Array {
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes[0] = 0xff;
  bytes[1] = 0xfe;
  for (let i = 0; i < text.length; i++) {
    bytes[2 + 2 * i] = text.charCodeAt(i) & 0xff;
    bytes[3 + 2 * i] = text.charCodeAt(i) >> 8;
  }
  return bytes;
}

describe('hostile: silent misreads', function () {
  this.timeout(5000);

  it('says a UTF-16 CSV without a byte-order mark is UTF-16 instead of "no timestamp column"', () => {
    // With its byte-order mark it is decoded (encodings.test.ts); without one, its NUL bytes give it away.
    const bytes = utf16le('timestamp,cost\n2026-01-05,1\n').subarray(2);
    assert.throws(() => loadUsageBytes(bytes, 'u16.csv', new StoreBuilder()), /looks UTF-16 encoded .*save it as UTF-8\./);
  });

  it('skips a cost with a comma in a ;-delimited file with a reason instead of reading 1,500 as 1500', () => {
    const builder = new StoreBuilder();
    const report = loadUsageText('timestamp;cost\n2026-01-05;1,500\n2026-01-05;2\n', 'semi.csv', builder);
    assert.equal(report.added, 1);
    assert.equal(report.skipped, 1);
    assert.match(report.samples[0], /^semi\.csv:2: cost "1,500" is ambiguous in a ;-delimited file/);
    // Comma-delimited files keep reading "1,500" (quoted) as 1500.
    const comma = new StoreBuilder();
    loadUsageText('timestamp,cost\n2026-01-05,"1,500"\n', 'comma.csv', comma);
    assert.equal(comma.build().costMicros[0], 1_500_000_000);
  });
});
