import assert from 'node:assert/strict';
import { loadBytesSegment, mergeLoadedSegments } from '../../../src/core/engine/fileSegment';
import { type UsageSegment } from '../../../src/core/engine/segment';

const encode = (text: string) => new TextEncoder().encode(text);

/** A signal whose check fails (as a read error would) once the reader has taken `pieces` pieces. */
function faultAfter(pieces: number): AbortSignal {
  let calls = 0;
  return {
    aborted: false,
    throwIfAborted() {
      if (++calls > pieces) throw new Error('EIO: i/o error, read');
    },
  } as unknown as AbortSignal;
}

describe('hostile: a file that fails halfway contributes nothing', function () {
  this.timeout(5000);

  it('drops every row of the failed file and lets its ids go to the next file', () => {
    const a = encode('timestamp,cost,id\n2026-01-05,1,x1\n');
    const failing = encode(`timestamp,cost,id\n2026-01-05,5,x2\n${'2026-01-05,5,\n'.repeat(200)}`);
    const c = encode('timestamp,cost,id\n2026-01-05,7,x2\n');
    const segments: UsageSegment[] = [];
    const failures: string[] = [];
    for (const [bytes, name, options] of [
      [a, 'a.csv', {}],
      [failing, 'b.csv', { chunkSize: 64, signal: faultAfter(3) }],
      [c, 'c.csv', {}],
    ] as const) {
      try {
        segments.push(loadBytesSegment(bytes, name, options));
      } catch (error) {
        failures.push(`${name}: ${(error as Error).message}`);
      }
    }
    assert.deepEqual(failures, ['b.csv: EIO: i/o error, read']);
    const { store } = mergeLoadedSegments(segments);
    assert.equal(store.length, 2);
    assert.equal(
      store.costMicros.reduce((s, v) => s + v, 0),
      8_000_000,
    );
    assert.equal(store.duplicates, 0);
  });

  it("counts ids repeated across files that loaded as duplicates of the first, in each file's report", () => {
    const first = loadBytesSegment(encode('timestamp,cost,id\n2026-01-05,1,x\n2026-01-05,1,y\n'), 'one.csv');
    const second = loadBytesSegment(encode('timestamp,cost,id\n2026-01-05,9,x\n2026-01-05,2,z\n'), 'two.csv');
    const { store } = mergeLoadedSegments([first, second]);
    assert.equal(store.length, 3);
    assert.equal(second.report.added, 1);
    assert.equal(second.report.duplicates, 1);
    assert.equal(first.report.added, 2);
  });
});
