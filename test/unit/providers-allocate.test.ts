import assert from 'node:assert/strict';
import fc from 'fast-check';
import { allocateLargestRemainder } from '../../src/core/sources/providers/allocate';
import { contiguousSpans, isFinalDay, DAY_MS } from '../../src/core/sources/providers/days';
import { fitEventCounts, MAX_EVENT_COUNT } from '../../src/core/sources/providers/fit';

describe('largest-remainder allocation', () => {
  it('splits in proportion and gives the leftover micros to the largest remainders', () => {
    assert.deepEqual(allocateLargestRemainder(100, [1, 1, 1]), [34, 33, 33]);
    assert.deepEqual(allocateLargestRemainder(10, [1, 2, 7]), [1, 2, 7]);
    assert.deepEqual(allocateLargestRemainder(5, [0, 0]), [3, 2]);
    assert.deepEqual(allocateLargestRemainder(-100, [1, 1, 1]), [-34, -33, -33]);
  });

  it('always adds up exactly, never moves more than one micro from the exact share (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 30 }), (amount, weights) => {
        const parts = allocateLargestRemainder(amount, weights);
        assert.equal(
          parts.reduce((a, b) => a + b, 0),
          amount,
        );
        const total = weights.reduce((a, b) => a + b, 0);
        if (total > 0) parts.forEach((p, i) => assert.ok(Math.abs(p - (amount * weights[i]) / total) < 1 + 1e-6 * Math.abs(amount)));
      }),
    );
  });
});

describe('provider days', () => {
  const day = Date.parse('2026-11-20T00:00:00Z');
  it('are final once fetched two UTC days after they began', () => {
    assert.equal(isFinalDay(day, day + 2 * DAY_MS - 1), false);
    assert.equal(isFinalDay(day, day + 2 * DAY_MS), true);
  });
  it('are fetched in runs of consecutive days', () => {
    assert.deepEqual(contiguousSpans([day + 3 * DAY_MS, day, day + DAY_MS]), [
      [day, day + 2 * DAY_MS],
      [day + 3 * DAY_MS, day + 4 * DAY_MS],
    ]);
  });
});

describe("provider events larger than the store's counts", () => {
  it('are cut into events that keep every sum', () => {
    const event = {
      timestamp: 0,
      workerId: 'w',
      workerName: 'w',
      userId: 'u',
      userName: 'u',
      model: 'm',
      runs: 3,
      costMicros: 1_000_001,
      inputTokens: 9_000_000_000,
      outputTokens: 5,
      id: 'x',
    };
    const parts = fitEventCounts(event);
    assert.equal(parts.length, 3);
    assert.ok(parts.every((p) => (p.inputTokens ?? 0) <= MAX_EVENT_COUNT));
    assert.equal(
      parts.reduce((s, p) => s + (p.inputTokens ?? 0), 0),
      9_000_000_000,
    );
    assert.equal(
      parts.reduce((s, p) => s + p.costMicros, 0),
      1_000_001,
    );
    assert.equal(
      parts.reduce((s, p) => s + p.runs, 0),
      3,
    );
    assert.equal(new Set(parts.map((p) => p.id)).size, 3);
    assert.deepEqual(fitEventCounts({ ...event, inputTokens: 10 }), [{ ...event, inputTokens: 10 }]);
  });
});
