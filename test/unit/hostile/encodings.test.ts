import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { loadUsage } from '../../../src/core/engine/loadUsage';
import { EnginePool } from '../../../src/core/engine/pool';
import { loadUsageBytes, loadUsageFile } from '../../../src/core/sources/files/load';
import { type StoreSource } from '../../../src/core/store';
import { StoreBuilder } from '../../../src/core/storeBuilder';

const SOURCE: StoreSource = { id: 'usage', label: 'Usage', runsKnown: true };

/** `text` as UTF-16 with its byte-order mark, little- or big-endian. */
function utf16(text: string, endian: 'le' | 'be'): Uint8Array {
  const bytes = new Uint8Array(2 + text.length * 2);
  const [lo, hi] = endian === 'le' ? [0, 1] : [1, 0];
  bytes[lo] = 0xff;
  bytes[hi] = 0xfe;
  for (let i = 0; i < text.length; i++) {
    bytes[2 + 2 * i + lo] = text.charCodeAt(i) & 0xff;
    bytes[2 + 2 * i + hi] = text.charCodeAt(i) >> 8;
  }
  return bytes;
}

/** A CSV of `rows` events whose worker is `café` written in Latin-1 (byte E9) on the given lines, else `cafe`. */
function latin1Csv(rows: number, latin1Lines: readonly number[]): Uint8Array {
  const parts: Buffer[] = [Buffer.from('timestamp,worker,cost\n')];
  for (let line = 2; line <= rows + 1; line++) {
    parts.push(Buffer.from(`2026-01-05T00:00:00Z,caf`), latin1Lines.includes(line) ? Buffer.from([0xe9]) : Buffer.from('e'), Buffer.from(',1\n'));
  }
  return Buffer.concat(parts);
}

const NAMES = 'timestamp,worker,cost\n2026-01-05T00:00:00Z,Zoë 🚀,1.5\n2026-01-06T00:00:00Z,b,2\n';

describe('hostile: encodings', function () {
  this.timeout(10_000);
  let dir: string;
  let pool: EnginePool;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ue-hostile-enc-'));
    pool = new EnginePool(2);
  });
  after(async () => {
    await pool.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const endian of ['le', 'be'] as const) {
    for (const [name, text] of [
      ['u16.csv', NAMES],
      ['u16.json', '[{"timestamp":"2026-01-05T00:00:00Z","worker":"Zoë 🚀","cost":1.5},{"timestamp":"2026-01-06T00:00:00Z","worker":"b","cost":2}]'],
      ['u16.ndjson', '{"timestamp":"2026-01-05T00:00:00Z","worker":"Zoë 🚀","cost":1.5}\n{"timestamp":"2026-01-06T00:00:00Z","worker":"b","cost":2}\n'],
      ['u16', NAMES],
    ] as const) {
      it(`decodes a UTF-16${endian.toUpperCase()} file with its byte-order mark (${name}), from bytes cut anywhere and from disk`, async () => {
        const bytes = utf16(text, endian);
        const fromBytes = new StoreBuilder();
        const report = loadUsageBytes(bytes, name, fromBytes, { chunkSize: 3 });
        assert.deepEqual([report.added, report.skipped, report.undecodable], [2, 0, undefined]);
        const store = fromBytes.build();
        assert.deepEqual(store.workers.names.toSorted(), ['Zoë 🚀', 'b']);
        assert.equal(
          store.costMicros.reduce((a, b) => a + b, 0),
          3_500_000,
        );

        const path = join(dir, `${endian}-${name}`);
        writeFileSync(path, bytes);
        const fromDisk = new StoreBuilder();
        assert.equal((await loadUsageFile(path, fromDisk, { chunkSize: 5 })).added, 2);
        assert.deepEqual(fromDisk.build().workers.names.toSorted(), ['Zoë 🚀', 'b']);
      });
    }
  }

  it('loads a big UTF-16 CSV whole in the engine (not cut into parallel chunks on line-feed bytes)', async () => {
    const rows = ['timestamp,worker,cost'];
    for (let i = 0; i < 2000; i++) rows.push(`2026-01-05T00:00:00Z,w\u010a${i % 7},0.25`);
    const path = join(dir, 'big16.csv');
    writeFileSync(path, utf16(rows.join('\n') + '\n', 'le'));
    const { store, reports } = await loadUsage([{ source: SOURCE, files: [{ name: 'big16.csv', path }] }], { pool, chunks: 4, minChunkBytes: 1 });
    assert.deepEqual([reports[0].added, reports[0].skipped], [2000, 0]);
    assert.equal(store.workers.size, 7);
    assert.ok(store.workers.names.every((n) => n.startsWith('w\u010a')));
  });

  it('warns, naming the file and the first line, when bytes are not UTF-8 (Latin-1), and loads on', () => {
    const builder = new StoreBuilder();
    const report = loadUsageBytes(latin1Csv(20, [12, 15, 19]), 'latin.csv', builder, { chunkSize: 7 });
    assert.equal(report.added, 20);
    assert.deepEqual(report.undecodable, { encoding: 'utf-8', lines: 3, firstLine: 12 });
    assert.ok(builder.build().workers.names.includes('caf\uFFFD'));
  });

  it('does not warn about a U+FFFD the UTF-8 file spells out itself', () => {
    const report = loadUsageBytes(new TextEncoder().encode('timestamp,worker,cost\n2026-01-05T00:00:00Z,a\uFFFD,1\n'), 'ok.csv', new StoreBuilder());
    assert.equal(report.undecodable, undefined);
  });

  it('finds the first undecodable line across the parallel chunks of a file', async () => {
    const path = join(dir, 'latin-big.csv');
    writeFileSync(path, latin1Csv(3000, [2500, 2900]));
    const { reports } = await loadUsage([{ source: SOURCE, files: [{ name: 'latin-big.csv', path }] }], { pool, chunks: 4, minChunkBytes: 1 });
    assert.equal(reports[0].added, 3000);
    assert.deepEqual(reports[0].undecodable, { encoding: 'utf-8', lines: 2, firstLine: 2500 });
  });

  it('the CLI prints one warning line for a Latin-1 file and still reports its spend', async () => {
    const path = join(dir, 'file.csv');
    writeFileSync(path, latin1Csv(13, [12, 13]));
    let stdout = '';
    const stderr: string[] = [];
    const code = await main(['report', '--input', path, '--range', 'all', '--format', 'json'], { stdout: (t) => (stdout += t), stderr: (l) => stderr.push(l) });
    assert.equal(code, 0);
    assert.equal((JSON.parse(stdout) as { total: number }).total, 13);
    assert.deepEqual(stderr, [
      `warning: ${path}: 2 lines contain bytes that are not UTF-8 (first at line 12); names there show as U+FFFD — save the file as UTF-8.`,
    ]);
  });
});
