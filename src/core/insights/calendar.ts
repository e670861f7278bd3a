import { civil, dayNumber } from '../time';

/** Day of the week of a civil day number: 0 Sunday … 6 Saturday (1970-01-01 was a Thursday). */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isWeekend(day: number): boolean {
  const w = weekday(day);
  return w === 0 || w === 6;
}

/** First and last civil day of the month a day falls in. */
export function monthOf(day: number): { firstDay: number; lastDay: number } {
  const { year, month } = civil(day);
  return { firstDay: dayNumber(year, month, 1), lastDay: dayNumber(year, month + 1, 0) };
}

/** First and last civil day of the year a day falls in. */
export function yearOf(day: number): { firstDay: number; lastDay: number } {
  const { year } = civil(day);
  return { firstDay: dayNumber(year, 1, 1), lastDay: dayNumber(year, 12, 31) };
}

/** `YYYY-MM` of the month a day falls in: the key of a monthly budget period. */
export function monthKey(day: number): string {
  const { year, month } = civil(day);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}
