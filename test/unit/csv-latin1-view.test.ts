import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadUsage } from '../../src/core/engine/loadUsage';
import { EnginePool } from '../../src/core/engine/pool';
import { FileDecoder } from '../../src/core/sources/files/decode';
import { loadUsageBytes, loadUsageText } from '../../src/core/sources/files/load';
import { type LoadReport } from '../../src/core/sources/files/report';
import { type StoreSource, type UsageStore } from '../../src/core/store';
import { StoreBuilder } from '../../src/core/storeBuilder';
import { assertSameStore } from '../support/sameStore';

const SOURCE: StoreSource = { id: 'usage', label: 'Usage', runsKnown: true };
const T0 = Date.UTC(2026, 0, 1);

/**
 * Quote-free rows with non-ASCII text in every kind of cell (ids, names, models, teams), so the
 * CSV reader's fast path meets them in the Latin-1 view of their bytes.
 */
const rowArb = fc
  .record({
    id: fc.oneof(
      fc.constant(''),
      fc.integer({ min: 0, max: 30 }).map((n) => `ev-${n}`),
      fc.integer({ min: 0, max: 10 }).map((n) => `ér-${n}`),
    ),
    minute: fc.integer({ min: 0, max: 60 * 24 * 3 }),
    worker: fc.constantFrom('w-a', 'w-ü', 'w-李'),
    workerName: fc.constantFrom('Alpha', 'Café Bot', 'Ωmega 🚀', ' padded é '),
    user: fc.constantFrom('ana', 'zoë', '李娜', 'bo', ''),
    userName: fc.constantFrom('', 'Zoë Smith', 'Łukasz', 'Tomás O’Brien'),
    model: fc.constantFrom('gpt-4o', 'modèle-1', 'claude'),
    cost: fc.constantFrom('0.25', '1', '3.7e-05', 'bad', '€5'),
    team: fc.constantFrom('', 'Sales', 'Ventes–Europe'),
  })
  .map((r) => `${r.id},${new Date(T0 + r.minute * 60_000).toISOString()},${r.worker},${r.workerName},${r.user},${r.userName},${r.model},${r.cost},${r.team}`);

const HEADER = 'id,timestamp,worker_id,worker_name,user_id,user_name,model,cost,team';

function fromText(text: string): { store: UsageStore; report: LoadReport } {
  const builder = new StoreBuilder(16);
  builder.beginSource(SOURCE);
  const report = loadUsageText(text, 'u.csv', builder);
  return { store: builder.build(), report };
}

function fromBytes(bytes: Uint8Array, chunkSize: number): { store: UsageStore; report: LoadReport } {
  const builder = new StoreBuilder(16);
  builder.beginSource(SOURCE);
  const report = loadUsageBytes(bytes, 'u.csv', builder, { chunkSize });
  return { store: builder.build(), report };
}

describe('CSV with non-ASCII text read through the Latin-1 view of its bytes', function () {
  this.timeout(120_000);
  let pool: EnginePool;
  let dir: string;
  before(() => {
    pool = new EnginePool(2);
    dir = mkdtempSync(join(tmpdir(), 'latin1-view-'));
  });
  after(async () => {
    await pool.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves ASCII and valid UTF-8 undecoded, as bytes (marked when not ASCII), and decodes the rest', () => {
    const views = new FileDecoder('utf-8', 1, true);
    const piece = (bytes: Buffer) => ({ text: views.decode(bytes), bytes: views.bytes?.toString('utf8'), nonAscii: views.nonAscii });
    assert.deepEqual(piece(Buffer.from('a,b\n')), { text: '', bytes: 'a,b\n', nonAscii: false }, 'ASCII: its bytes');
    assert.deepEqual(piece(Buffer.from('zoë,1\n')), { text: '', bytes: 'zoë,1\n', nonAscii: true }, 'UTF-8: its bytes, marked');
    const invalid = piece(Buffer.from([0x61, 0xff, 0x0a]));
    assert.deepEqual(invalid, { text: 'a\uFFFD\n', bytes: undefined, nonAscii: false }, 'invalid UTF-8 is decoded (and counted) as before');
    assert.equal(views.undecodable?.lines, 1);
    const plain = new FileDecoder('utf-8');
    assert.equal(plain.decode(Buffer.from('zoë,1\n')), 'zoë,1\n');
    assert.equal(plain.bytes, undefined, 'off unless asked for');
  });

  it('counts the lines of pieces left as bytes, for the line of a later undecodable byte', () => {
    const views = new FileDecoder('utf-8', 1, true);
    views.decode(Buffer.from('a\nzoë\n\n'));
    views.decode(Buffer.from([0x62, 0xff, 0x0a]));
    assert.deepEqual(views.undecodable, { encoding: 'utf-8', lines: 1, firstLine: 4 });
  });

  it('loads exactly as the decoded text does: one thread in pieces of any size, and chunked in workers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(rowArb, { minLength: 1, maxLength: 80 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 2, max: 5 }),
        fc.constantFrom('\n', '\r\n'),
        async (rows, chunkSize, chunks, newline) => {
          const text = [HEADER, ...rows].join(newline) + newline;
          const bytes = new TextEncoder().encode(text);
          const expected = fromText(text);
          const pieces = fromBytes(bytes, chunkSize);
          assertSameStore(pieces.store, expected.store);
          assert.deepEqual(pieces.report, expected.report);
          const { store, reports } = await loadUsage([{ source: SOURCE, files: [{ name: 'u.csv', bytes }] }], { pool, chunks, minChunkBytes: 1 });
          assertSameStore(store, expected.store);
          assert.deepEqual(reports, [expected.report]);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('keeps names with non-ASCII text whole, from a 1 MiB piece read in the fast path', () => {
    const lines = [HEADER];
    for (let i = 0; i < 20_000; i++) lines.push(`ev-${i},2026-01-01T00:00:00Z,w-${i % 7},Café ${i % 7} 🚀,u-${i % 50},Zoë ${i % 50},gpt-4o,0.5,Ventes`);
    const bytes = new TextEncoder().encode(lines.join('\n') + '\n');
    const { store, report } = fromBytes(bytes, 1 << 20);
    assert.equal(report.added, 20_000);
    assert.deepEqual(store.workers.names.slice(0, 2), ['Café 0 🚀', 'Café 1 🚀']);
    assert.deepEqual(store.users.names.slice(0, 2), ['Zoë 0', 'Zoë 1']);
    assertSameStore(store, fromText(lines.join('\n') + '\n').store);
  });
});
