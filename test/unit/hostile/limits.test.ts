import assert from 'node:assert/strict';
import { loadBytesSegment, mergeLoadedSegments } from '../../../src/core/engine/fileSegment';
import { loadUsageText } from '../../../src/core/sources/files/load';
import { MAX_MODELS, StoreBuilder } from '../../../src/core/store';

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
      assert.match(report.samples[0], /^models\.csv:65538: its model would be model 65,537; a view holds at most 65,536 distinct models, so the row is skipped$/);
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
