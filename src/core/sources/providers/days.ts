import { dayOf, formatDay } from '../../time';

/** Provider reports are in whole UTC days. */
export const DAY_MS = 86_400_000;

export function utcDayStart(instant: number): number {
  return Math.floor(instant / DAY_MS) * DAY_MS;
}

/** `2026-11-02` for a UTC day start. */
export function utcDayKey(day: number): string {
  return new Date(day).toISOString().slice(0, 10);
}

/** Day starts of the UTC days that overlap [from, to). */
export function utcDaysBetween(from: number, to: number): number[] {
  const days: number[] = [];
  for (let day = utcDayStart(from); day < to; day += DAY_MS) days.push(day);
  return days;
}

/**
 * A provider may still change a day's figures for a while: today and yesterday (UTC) are not final.
 * A day fetched at `fetchedAt` is final once it ended at least a full day before the fetch.
 */
export function isFinalDay(day: number, fetchedAt: number): boolean {
  return day + 2 * DAY_MS <= utcDayStart(fetchedAt);
}

/** Groups sorted day starts into runs of consecutive days, as [from, to) spans. */
export function contiguousSpans(days: readonly number[]): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const day of [...days].sort((a, b) => a - b)) {
    const last = spans[spans.length - 1];
    if (last && last[1] === day) last[1] = day + DAY_MS;
    else spans.push([day, day + DAY_MS]);
  }
  return spans;
}

/**
 * The days of a view in `timeZone` that hold the given UTC days: a provider day stays whole,
 * placed at its UTC start, so it shows on the view's day of that instant. Sorted, no repeats.
 */
export function viewDaysOfUtcDays(utcKeys: readonly string[], timeZone: string): string[] {
  const days = new Set<string>();
  for (const key of utcKeys) {
    const start = Date.parse(`${key}T00:00:00Z`);
    if (Number.isFinite(start)) days.add(formatDay(dayOf(start, timeZone)));
  }
  return [...days].sort();
}
