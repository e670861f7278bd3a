import assert from 'node:assert/strict';
import { weekday } from '../../src/core/insights/calendar';
import { forecastPeriod, type Forecast } from '../../src/core/insights/forecast';
import { computeInsights } from '../../src/core/insights/insights';
import { resolveStoreRange } from '../../src/core/query';
import { formatDay } from '../../src/core/time';
import { day, noise, storeOfDays } from '../support/dailyUsage';

const NOV = { firstDay: day('2026-11-01'), lastDay: day('2026-11-30') };
const TODAY = day('2026-11-16');

/** A series from `first` to `today` with `valueOf(day)` per day; today's value is the spend so far. */
function series(first: number, today: number, valueOf: (d: number) => number) {
  const values: number[] = [];
  for (let d = first; d <= today; d++) values.push(valueOf(d));
  return { firstDay: first, values };
}

function forecastOf(values: ReturnType<typeof series>, today = TODAY, period = NOV): Forecast {
  const result = forecastPeriod(values, { today, period });
  assert.ok(result.forecast, JSON.stringify(result.reason));
  return result.forecast;
}

const isWeekendDay = (d: number) => weekday(d) === 0 || weekday(d) === 6;

describe('month-end forecast', () => {
  it('forecasts a constant series as the constant times the days, with no spread', () => {
    // 100 a day for 40 days; today (the 16th) has 40 so far.
    const f = forecastOf(series(TODAY - 40, TODAY, (d) => (d === TODAY ? 40 : 100)));
    assert.equal(f.spendMicros, 30 * 100);
    assert.equal(f.lowMicros, 3000);
    assert.equal(f.highMicros, 3000);
    assert.equal(f.actualMicros, 15 * 100 + 40);
    assert.equal(f.historyDays, 28);
    assert.deepEqual(f.projected[0], { day: TODAY, spendMicros: 60 });
    assert.equal(f.projected.length, 15);
  });

  it('is not moved by a one-day spike in the history', () => {
    const base = forecastOf(series(TODAY - 40, TODAY, () => 100));
    for (const spikeDay of [TODAY - 1, TODAY - 5, TODAY - 27]) {
      const spiked = forecastOf(series(TODAY - 40, TODAY, (d) => (d === spikeDay ? 5000 : 100)));
      // The month so far includes the spike (it was spent), the rest of the month is at the same rate.
      const spentExtra = spikeDay >= NOV.firstDay ? 4900 : 0;
      assert.equal(spiked.spendMicros - spentExtra, base.spendMicros, `spike on ${formatDay(spikeDay)}`);
      assert.deepEqual(spiked.projected, base.projected);
    }
  });

  it('keeps the weekday rhythm: weekends stay weekends in the projection', () => {
    const f = forecastOf(series(TODAY - 40, TODAY, (d) => (d === TODAY ? 0 : isWeekendDay(d) ? 20 : 100)));
    assert.ok(f.projected.length > 7);
    for (const p of f.projected) assert.equal(p.spendMicros, isWeekendDay(p.day) ? 20 : 100, formatDay(p.day));
    let expected = 0;
    for (let d = NOV.firstDay; d <= NOV.lastDay; d++) expected += isWeekendDay(d) ? 20 : 100;
    assert.equal(f.spendMicros, expected);
  });

  it('gives a band from the spread, wider with less history', () => {
    const noisy = (d: number) => 1000 * (1 + 0.1 * noise(d));
    const full = forecastOf(series(TODAY - 40, TODAY, noisy));
    assert.ok(full.lowMicros < full.spendMicros && full.spendMicros < full.highMicros, JSON.stringify(full));
    const short = forecastPeriod(series(TODAY - 40, TODAY, noisy), { today: TODAY, period: NOV, dataFirstDay: TODAY - 10 }).forecast!;
    assert.equal(short.historyDays, 10);
    assert.ok(
      short.highMicros - short.lowMicros > full.highMicros - full.lowMicros,
      `${short.highMicros - short.lowMicros} vs ${full.highMicros - full.lowMicros}`,
    );
    assert.ok(short.lowMicros >= short.actualMicros);
  });

  it('gives no forecast, and says why, with fewer than 7 complete days', () => {
    const result = forecastPeriod(
      series(TODAY - 6, TODAY, () => 100),
      { today: TODAY, period: NOV, dataFirstDay: TODAY - 6 },
    );
    assert.equal(result.forecast, null);
    assert.deepEqual(result.reason, { kind: 'short-history', days: 6, minimum: 7 });
    const seven = forecastPeriod(
      series(TODAY - 7, TODAY, () => 100),
      { today: TODAY, period: NOV, dataFirstDay: TODAY - 7 },
    );
    assert.ok(seven.forecast);
  });

  it('says a period that has ended has no forecast', () => {
    const result = forecastPeriod(
      series(TODAY - 40, TODAY, () => 100),
      { today: TODAY, period: { firstDay: day('2026-10-01'), lastDay: day('2026-10-31') } },
    );
    assert.equal(result.forecast, null);
    assert.deepEqual(result.reason, { kind: 'period-ended' });
  });

  describe('from a store, by range', () => {
    const store = storeOfDays(day('2026-06-01'), day('2026-11-16'), () => [{ worker: 'w', user: 'u', model: 'm', micros: 1_000_000 }]);
    const now = Date.parse('2026-11-16T12:00:00Z');
    const periodEnd = (spec: string) => {
      const insights = computeInsights(store, resolveStoreRange(store, spec, { now }), { now });
      return insights.forecast.forecast && { end: formatDay(insights.forecast.forecast.periodLastDay), spend: insights.forecast.forecast.spendMicros };
    };

    it('forecasts the month end for mtd and rolling ranges', () => {
      assert.deepEqual(periodEnd('mtd'), { end: '2026-11-30', spend: 30_000_000 });
      assert.deepEqual(periodEnd('30d'), { end: '2026-11-30', spend: 30_000_000 });
    });

    it('forecasts the year end for ytd, counting spend since the data began', () => {
      // Data from June 1st: 183 days so far this year (June 1 .. Nov 30 at one a day) plus December.
      const days = day('2026-12-31') - day('2026-06-01') + 1;
      assert.deepEqual(periodEnd('ytd'), { end: '2026-12-31', spend: days * 1_000_000 });
    });

    it('forecasts a custom month that holds today, and none for a past month', () => {
      assert.deepEqual(periodEnd('2026-11-01..2026-11-30'), { end: '2026-11-30', spend: 30_000_000 });
      const past = computeInsights(store, resolveStoreRange(store, '2026-10-01..2026-10-31', { now }), { now });
      assert.equal(past.forecast.forecast, null);
    });

    it('takes today from "now" in the range zone', () => {
      const late = Date.parse('2026-11-30T23:30:00Z');
      const insights = computeInsights(store, resolveStoreRange(store, 'mtd', { now: late, timeZone: 'Asia/Tokyo' }), { now: late });
      assert.equal(formatDay(insights.today), '2026-12-01');
      assert.equal(formatDay(insights.forecast.forecast!.periodLastDay), '2026-12-31');
    });
  });
});
