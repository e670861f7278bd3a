import { isWeekend } from './calendar';
import { type DaySeries } from './forecast';
import { MAD_TO_SIGMA, median, medianAbsoluteDeviation } from './robust';

export interface SpikeOptions {
  /** Days judged: `firstDay..lastDay`, both included. */
  firstDay: number;
  lastDay: number;
  /** First civil day with data: earlier days are not history. */
  dataFirstDay?: number;
  /** How many robust deviations above the baseline a day must be (default {@link DEFAULT_SPIKE_K}). */
  k?: number;
  /** Previous days the baseline is read from (default 28). */
  baselineDays?: number;
  /** A day with fewer previous days of history is not judged (default 7). */
  minHistoryDays?: number;
}

/**
 * Default k. With the baseline scale floored at 5% of the baseline, a day must be at least 25%
 * above it: ±10% noise (whatever the weekday/weekend rhythm) never gets there, a real spike does.
 */
export const DEFAULT_SPIKE_K = 5;

/** The scale is never below this share of the same-kind median nor of the all-days median. */
const SCALE_FLOOR = 0.05;

export interface Spike {
  day: number;
  spendMicros: number;
  /** The baseline: median of the previous days of the same kind (weekdays or weekend days). */
  expectedMicros: number;
  /** Spend above which the day counted as a spike. */
  thresholdMicros: number;
  /** The previous days (civil day numbers) the baseline came from; drivers compare against the same days. */
  baseline: number[];
}

/**
 * Days whose spend is above a robust baseline: the median of the previous 28 days plus k times
 * their MAD. Weekdays are compared with the weekdays and weekend days with the weekend days
 * among those 28, so that an ordinary weekly rhythm is never a spike.
 */
export function detectSpikes(series: DaySeries, options: SpikeOptions): Spike[] {
  const k = options.k ?? DEFAULT_SPIKE_K;
  const window = options.baselineDays ?? 28;
  const minimum = options.minHistoryDays ?? 7;
  const earliest = Math.max(series.firstDay, options.dataFirstDay ?? series.firstDay);
  const at = (day: number) => {
    const i = day - series.firstDay;
    return i >= 0 && i < series.values.length ? series.values[i] : 0;
  };
  const spikes: Spike[] = [];
  for (let day = Math.max(options.firstDay, earliest); day <= options.lastDay; day++) {
    const spend = at(day);
    if (spend <= 0) continue;
    const from = Math.max(earliest, day - window);
    if (day - from < minimum) continue;
    const weekend = isWeekend(day);
    const same: number[] = [];
    const all: number[] = [];
    const baseline: number[] = [];
    for (let d = from; d < day; d++) {
      all.push(at(d));
      if (isWeekend(d) === weekend) {
        same.push(at(d));
        baseline.push(d);
      }
    }
    if (same.length < 2) continue;
    const expected = median(same);
    const scale = Math.max(MAD_TO_SIGMA * medianAbsoluteDeviation(same, expected), SCALE_FLOOR * expected, SCALE_FLOOR * median(all));
    const threshold = expected + k * scale;
    if (spend > threshold && scale > 0) {
      spikes.push({ day, spendMicros: spend, expectedMicros: Math.round(expected), thresholdMicros: Math.round(threshold), baseline });
    }
  }
  return spikes;
}
