import { type DailyPoint } from './query';
import { civil, dayNumber, formatDay, parseDay } from './time';

export type TrendGrouping = 'day' | 'week' | 'month';

export const TREND_GROUPINGS: readonly TrendGrouping[] = ['day', 'week', 'month'];

/** A bar of the trend: the days `firstDate..lastDate` added up. */
export interface TrendPoint extends DailyPoint {
  /** `YYYY-MM-DD` of the group's first day in the range (`date` is the same). */
  firstDate: string;
  lastDate: string;
}

/**
 * The daily series folded into weeks (starting on `weekStart`, 0 Sunday … 6 Saturday, the
 * locale's first day) or calendar months; partial groups at the range's edges hold only the
 * range's days. Days are kept as they are for `day`.
 */
export function groupTrend(daily: readonly DailyPoint[], grouping: TrendGrouping, weekStart = 1): TrendPoint[] {
  const out: TrendPoint[] = [];
  let key = '';
  for (const point of daily) {
    const day = parseDay(point.date);
    if (day === undefined) continue;
    const k = grouping === 'day' ? point.date : grouping === 'week' ? formatDay(day - ((((day + 4) % 7) - weekStart + 7) % 7)) : monthStart(day);
    const last = out[out.length - 1];
    if (k !== key || !last) {
      key = k;
      out.push({ date: point.date, firstDate: point.date, lastDate: point.date, runs: point.runs, spendMicros: point.spendMicros });
    } else {
      last.lastDate = point.date;
      last.runs += point.runs;
      last.spendMicros += point.spendMicros;
    }
  }
  return out;
}

function monthStart(day: number): string {
  const { year, month } = civil(day);
  return formatDay(dayNumber(year, month, 1));
}
