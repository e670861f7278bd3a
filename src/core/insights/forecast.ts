import { weekday } from './calendar';
import { MAD_TO_SIGMA, median, medianAbsoluteDeviation } from './robust';

/** Spend per civil day from `firstDay` on (index 0 is `firstDay`). */
export interface DaySeries {
  firstDay: number;
  values: ArrayLike<number>;
}

export interface ForecastOptions {
  /** Civil day of "now": it is still running, so it counts as spend so far, not as history. */
  today: number;
  /** The calendar period to forecast the end of (days included). */
  period: { firstDay: number; lastDay: number };
  /** First civil day with data: days before it are not history (they would read as zero spend). */
  dataFirstDay?: number;
  /** Complete days the daily rate is read from (default 28: four of each weekday). */
  historyDays?: number;
  /** Fewer complete days than this give no forecast (default 7: one of each weekday). */
  minHistoryDays?: number;
}

export interface Forecast {
  /** Civil days of the period. */
  periodFirstDay: number;
  periodLastDay: number;
  /** Spent in the period up to now (today's part included). */
  actualMicros: number;
  /** Expected at the period's end, and the low-high band around it (integer micro-units). */
  spendMicros: number;
  lowMicros: number;
  highMicros: number;
  /** Complete days the rate was read from (fewer than `historyDays` widens the band). */
  historyDays: number;
  /** Expected spend of each day still to come in the period; for today, what is still expected on top of its spend so far. */
  projected: { day: number; spendMicros: number }[];
}

/** Why there is no forecast: the period has ended, or there are fewer complete days of history than a forecast needs. */
export type NoForecastReason = { kind: 'period-ended' } | { kind: 'short-history'; days: number; minimum: number };

export type ForecastResult = { forecast: Forecast; reason?: undefined } | { forecast: null; reason: NoForecastReason };

/**
 * Period-end forecast: spend so far plus the remaining days at a robust daily rate, the median
 * of the same weekday over the last complete days (so that a spike does not inflate the rate
 * and weekends stay weekends). The band is the spread of those days around their weekday
 * medians, carried over the remaining days, and widened when there is less than full history.
 */
export function forecastPeriod(series: DaySeries, options: ForecastOptions): ForecastResult {
  const { today, period } = options;
  const wanted = options.historyDays ?? 28;
  const minimum = options.minHistoryDays ?? 7;
  const at = (day: number) => {
    const i = day - series.firstDay;
    return i >= 0 && i < series.values.length ? series.values[i] : 0;
  };
  if (today > period.lastDay) return { forecast: null, reason: { kind: 'period-ended' } };
  const earliest = Math.max(series.firstDay, options.dataFirstDay ?? series.firstDay);
  const historyFirst = Math.max(earliest, today - wanted);
  const history = Math.max(0, today - historyFirst);
  if (history < minimum) return { forecast: null, reason: { kind: 'short-history', days: history, minimum } };

  // Weekday medians of the history, and the residuals of each day from its weekday's median.
  const byWeekday: number[][] = [[], [], [], [], [], [], []];
  for (let day = historyFirst; day < today; day++) byWeekday[weekday(day)].push(at(day));
  const rate = byWeekday.map((values) => median(values));
  const everyDay = byWeekday.flat();
  // With a single day per weekday the residuals are all zero: measure the spread against the overall median then.
  const paired = byWeekday.every((values) => values.length >= 2);
  const overall = median(everyDay);
  const residuals: number[] = [];
  for (let day = historyFirst; day < today; day++) residuals.push(at(day) - (paired ? rate[weekday(day)] : overall));
  const sigma = MAD_TO_SIGMA * medianAbsoluteDeviation(residuals, 0);
  const widen = Math.sqrt(wanted / history);

  let actual = 0;
  for (let day = period.firstDay; day <= Math.min(today, period.lastDay); day++) actual += at(day);
  const projected: { day: number; spendMicros: number }[] = [];
  let expected = 0;
  let remainingDays = 0;
  for (let day = Math.max(today, period.firstDay); day <= period.lastDay; day++) {
    const full = rate[weekday(day)];
    const still = day === today ? Math.max(0, full - at(day)) : full;
    projected.push({ day, spendMicros: Math.round(still) });
    expected += still;
    remainingDays += day === today ? 0.5 : 1;
  }
  // The band moves the whole rest of the period by the daily spread: a level that is off stays off.
  const halfWidth = sigma * remainingDays * widen;
  const spend = actual + expected;
  return {
    forecast: {
      periodFirstDay: period.firstDay,
      periodLastDay: period.lastDay,
      actualMicros: Math.round(actual),
      spendMicros: Math.round(spend),
      lowMicros: Math.round(Math.max(actual, spend - halfWidth)),
      highMicros: Math.round(spend + halfWidth),
      historyDays: history,
      projected,
    },
  };
}
