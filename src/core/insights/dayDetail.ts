import { DIMENSIONS, type Dimension } from '../model';
import { filterCodes, lowerBoundIn, type Filter } from '../query';
import { SpendScan } from '../spendScan';
import { type UsageStore } from '../store';
import { startOfDay } from '../time';

/** Spend per entity on a few chosen days: `byEntity[dimension][k * size + code]` for `days[k]`. */
export interface DayDetail {
  days: number[];
  sizes: Record<Dimension, number>;
  byEntity: Record<Dimension, Float64Array>;
}

/** Per-entity spend on each of `days` (civil days in the zone), reading only those days' events. */
export function dayDetail(store: UsageStore, days: readonly number[], timeZone: string, filters: readonly Filter[] = []): DayDetail {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const sizes = {} as Record<Dimension, number>;
  const byEntity = {} as Record<Dimension, Float64Array>;
  for (const dimension of DIMENSIONS) {
    sizes[dimension] = store.dictionary(dimension).size;
    byEntity[dimension] = new Float64Array(sorted.length * sizes[dimension]);
  }
  const detail: DayDetail = { days: sorted, sizes, byEntity };
  const codes = filterCodes(store, filters);
  if (!codes) return detail;
  sorted.forEach((day, k) => {
    const scan = new SpendScan(store, codes);
    scan.add(store.lowerBound(startOfDay(day, timeZone)), store.lowerBound(startOfDay(day + 1, timeZone)));
    const spend = scan.spendBy;
    for (const dimension of DIMENSIONS) byEntity[dimension].set(spend[dimension], k * sizes[dimension]);
  });
  return detail;
}

/** Position of a day in the detail, or -1. */
export function detailIndex(detail: DayDetail, day: number): number {
  return detail.days.indexOf(day);
}

/** Spend of one entity per day from `firstDay` to `lastDay`, from its own events only (the store's per-entity index). */
export function entityDaily(store: UsageStore, dimension: Dimension, code: number, firstDay: number, lastDay: number, timeZone: string): Float64Array {
  const out = new Float64Array(Math.max(0, lastDay - firstDay + 1));
  if (out.length === 0) return out;
  const events = store.eventsOf(dimension, code);
  const { timestamps, costMicros } = store;
  const from = startOfDay(firstDay, timeZone);
  const to = startOfDay(lastDay + 1, timeZone);
  const lo = lowerBoundIn(events, timestamps, from);
  let day = 0;
  let next = startOfDay(firstDay + 1, timeZone);
  for (let k = lo; k < events.length; k++) {
    const t = timestamps[events[k]];
    if (t >= to) break;
    while (t >= next) next = startOfDay(firstDay + ++day + 1, timeZone);
    out[day] += costMicros[events[k]];
  }
  return out;
}
