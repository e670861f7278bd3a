import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { loadBytesSegment, mergeLoadedSegments } from '../../../src/core/engine/fileSegment';
import { loadUsageText } from '../../../src/core/sources/files/load';
import { queryUsage, resolveStoreRange } from '../../../src/core/query';
import { MAX_MODELS, MAX_SPEND_MICROS, SpendLimitError } from '../../../src/core/store';
import { StoreBuilder } from '../../../src/core/storeBuilder';

/** A CSV with one event per model `m<from>`..`m<to - 1>`, each costing 1 micro-unit more than the last. */
function modelsCsv(from: number, to: number, quoted = false): string {
  const rows = ['timestamp,model,cost'];
  for (let m = from; m < to; m++) rows.push(`2026-01-05T00:00:00Z,${quoted ? `"m${m}"` : `m${m}`},0.000001`);
  return rows.join('\n') + '\n';
}

describe('hostile: store limits per dimension', function () {
  this.timeout(20000);

  for (const quoted of [false, true]) {
    it(`skips and counts the events past ${MAX_MODELS} distinct models instead of failing the file (${quoted ? 'parser' : 'fast'} path)`, () => {
      const builder = new StoreBuilder();
      const text = modelsCsv(0, MAX_MODELS + 2, quoted) + '2026-01-06T00:00:00Z,m0,0.000001\n';
      const report = loadUsageText(text, 'models.csv', builder);
      assert.equal(report.skipped, 2);
      assert.equal(report.added, MAX_MODELS + 1);
      assert.match(
        report.samples[0],
        /^models\.csv:65538: its model would be model 65,537; a view holds at most 65,536 distinct models, so the row is skipped$/,
      );
      const store = builder.build();
      assert.equal(store.models.size, MAX_MODELS);
      assert.equal(store.length, MAX_MODELS + 1);
    });
  }

  it('skips the events whose model is one too many across files when their segments merge', () => {
    const half = MAX_MODELS / 2 + 10;
    const first = loadBytesSegment(new TextEncoder().encode(modelsCsv(0, half)), 'a.csv');
    const second = loadBytesSegment(new TextEncoder().encode(modelsCsv(half, 2 * half) + '2026-01-06T00:00:00Z,m1,0.000001\n'), 'b.csv');
    const { store, overModelLimit } = mergeLoadedSegments([first, second]);
    assert.deepEqual(overModelLimit, [0, 20]);
    assert.equal(store.models.size, MAX_MODELS);
    assert.equal(store.length, MAX_MODELS + 1);
    assert.equal(second.report.skipped, 20);
    assert.equal(second.report.added, half + 1 - 20);
    assert.match(second.report.samples[0], /^b\.csv: 20 rows: its model would be model 65,537;/);
  });
});

describe('hostile: totals past 2^53 micro-units', function () {
  this.timeout(20000);
  const event = (costMicros: number, day = 5) => ({
    timestamp: Date.UTC(2026, 0, day),
    workerId: 'w',
    workerName: 'w',
    userId: 'u',
    userName: 'u',
    model: 'm',
    runs: 1,
    costMicros,
  });

  it('keeps totals exact right up to 2^53 - 1 micro-units', () => {
    const builder = new StoreBuilder();
    builder.addAll([event(2 ** 52), event(2 ** 52 - 2), event(1, 6)]);
    const store = builder.build();
    const view = queryUsage(store, resolveStoreRange(store, 'all'));
    assert.equal(view.totals.spendMicros, MAX_SPEND_MICROS);
    assert.equal(view.totals.spendMicros, Number.MAX_SAFE_INTEGER);
  });

  it('refuses, with one clear line, events whose spend adds up past 2^53 micro-units instead of losing the last digit', () => {
    const builder = new StoreBuilder();
    // 2^53 + 1 is not a float: summed as numbers it would read 2^53, one micro-unit short.
    builder.addAll([event(2 ** 52), event(2 ** 52), event(1)]);
    assert.throws(
      () => builder.build(),
      (error: Error) =>
        error instanceof SpendLimitError && /more than 9,007,199,254\.74 \(2\^53 micro-units\)/.test(error.message) && !error.message.includes('\n'),
    );
    // Credits count by their size: +2^52 and -2^52 twice cannot be summed exactly in every order either.
    const credits = new StoreBuilder();
    credits.addAll([event(2 ** 52), event(-(2 ** 52)), event(2 ** 52), event(-(2 ** 52)), event(1)]);
    assert.throws(() => credits.build(), SpendLimitError);
  });

  it('the CLI says so in one line and exits 2 for files whose totals pass 2^53 micro-units', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ue-hostile-limit-'));
    try {
      const path = join(dir, 'big.csv');
      writeFileSync(path, 'timestamp,cost\n2026-01-05T00:00:00Z,5000000000\n2026-01-06T00:00:00Z,5000000000\n');
      const stderr: string[] = [];
      const code = await main(['report', '--input', path, '--range', 'all'], { stdout: () => undefined, stderr: (l) => stderr.push(l) });
      assert.equal(code, 2);
      assert.equal(stderr.length, 1);
      assert.match(stderr[0], /^usage-explorer: The usage in this view adds up to more than 9,007,199,254\.74/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
