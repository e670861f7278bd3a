import assert from 'node:assert/strict';
import fc from 'fast-check';
import { groupTrend } from '../../src/core/trendGroups';
import { formatDay } from '../../src/core/time';

const DAY = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
function daily(from: string, days: number, spend: (i: number) => number = () => 1) {
  return Array.from({ length: days }, (_, i) => ({ date: formatDay(DAY(from) + i), runs: 1, spendMicros: spend(i) }));
}

describe('trend grouping', () => {
  it('folds days into weeks starting on the given day, with partial weeks at the edges', () => {
    // 2026-11-01 is a Sunday.
    const weeks = groupTrend(daily('2026-11-01', 15), 'week', 1);
    assert.deepEqual(
      weeks.map((w) => [w.firstDate, w.lastDate, w.spendMicros]),
      [
        ['2026-11-01', '2026-11-01', 1],
        ['2026-11-02', '2026-11-08', 7],
        ['2026-11-09', '2026-11-15', 7],
      ],
    );
    const sundayWeeks = groupTrend(daily('2026-11-01', 15), 'week', 0);
    assert.deepEqual(
      sundayWeeks.map((w) => w.firstDate),
      ['2026-11-01', '2026-11-08', '2026-11-15'],
    );
  });

  it('folds days into calendar months', () => {
    const months = groupTrend(daily('2026-10-20', 50), 'month');
    assert.deepEqual(
      months.map((m) => [m.firstDate, m.lastDate, m.runs]),
      [
        ['2026-10-20', '2026-10-31', 12],
        ['2026-11-01', '2026-11-30', 30],
        ['2026-12-01', '2026-12-08', 8],
      ],
    );
  });

  it('keeps every micro and run (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 }),
        fc.constantFrom('day', 'week', 'month' as const),
        fc.integer({ min: 0, max: 6 }),
        (days, grouping, start) => {
          const points = daily('2026-01-01', days, (i) => (i * 7919) % 1000);
          const groups = groupTrend(points, grouping, start);
          assert.equal(
            groups.reduce((s, g) => s + g.spendMicros, 0),
            points.reduce((s, p) => s + p.spendMicros, 0),
          );
          assert.equal(
            groups.reduce((s, g) => s + g.runs, 0),
            days,
          );
          if (grouping === 'day') assert.equal(groups.length, days);
        },
      ),
    );
  });
});
