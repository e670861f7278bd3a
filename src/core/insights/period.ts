import { type ResolvedRange } from '../time';
import { monthOf, yearOf } from './calendar';

/**
 * The calendar period a forecast is for: the range itself when it is one (`mtd`, `ytd`, a
 * custom range that is exactly a month or a year), otherwise the month "today" falls in.
 */
export function forecastPeriodFor(range: ResolvedRange, today: number): { firstDay: number; lastDay: number } {
  const { firstDay, lastDay } = range.current;
  if (range.spec === 'ytd') return yearOf(today);
  if (range.spec === 'mtd') return monthOf(today);
  const month = monthOf(firstDay);
  if (month.firstDay === firstDay && month.lastDay === lastDay) return month;
  const year = yearOf(firstDay);
  if (year.firstDay === firstDay && year.lastDay === lastDay) return year;
  return monthOf(today);
}
