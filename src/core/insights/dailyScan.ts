import { DIMENSIONS, type Dimension } from '../model';
import { filterCodes, type Filter } from '../query';
import { SpendScan } from '../spendScan';
import { type UsageStore } from '../store';
import { dayBoundaries, dayOf, daySpan, type DaySpan } from '../time';

/** Spend per entity of every dimension, indexed by dictionary code. */
export type EntitySpend = Record<Dimension, Float64Array>;

/**
 * What one pass over the events gives the insights: spend per day over a span of days (for the
 * forecast and the spikes), and spend per entity in the range and in the previous period (for
 * the movers). Per-entity daily detail is read later only for the few days that need it.
 */
export interface DailyScan {
  /** Civil day of `total[0]`. */
  firstDay: number;
  /** Spend (micro-units) per day. */
  total: Float64Array;
  current: EntitySpend;
  previous: EntitySpend;
  /** Civil day of the store's first event, or undefined when the store is empty: days before it are not history. */
  dataFirstDay: number | undefined;
}

function entityArrays(store: UsageStore): EntitySpend {
  const out = {} as EntitySpend;
  for (const dimension of DIMENSIONS) out[dimension] = new Float64Array(store.dictionary(dimension).size);
  return out;
}

/** First civil day with data in the zone (undefined for an empty store). */
export function dataFirstDay(store: UsageStore, timeZone: string): number | undefined {
  const extent = store.extent();
  return extent === undefined ? undefined : dayOf(extent.first, timeZone);
}

/**
 * Scans days `firstDay..lastDay` once. `current` and `previous` must lie inside them. The days
 * are cut by binary search on the zone's day boundaries, so no event is dated one by one; the
 * range and the previous period add per entity, the other days only per day.
 */
export function scanDays(
  store: UsageStore,
  firstDay: number,
  lastDay: number,
  current: DaySpan,
  previous: DaySpan,
  timeZone: string,
  filters: readonly Filter[] = [],
): DailyScan {
  const days = Math.max(0, lastDay - firstDay + 1);
  const codes = filterCodes(store, filters);
  const scan: DailyScan = {
    firstDay,
    total: new Float64Array(days),
    current: entityArrays(store),
    previous: entityArrays(store),
    dataFirstDay: dataFirstDay(store, timeZone),
  };
  if (days === 0 || !codes) return scan;
  const bounds = dayBoundaries(daySpan(firstDay, lastDay, timeZone), timeZone);
  const segments = [
    { from: previous.from, to: previous.to, scan: new SpendScan(store, codes), into: scan.previous },
    { from: current.from, to: current.to, scan: new SpendScan(store, codes), into: scan.current },
  ];
  const rest = new SpendScan(store, codes);
  const edges = segments.flatMap((s) => [s.from, s.to]);
  for (let d = 0; d < days; d++) {
    // The day's events, cut where a segment starts or ends inside the day.
    const cuts = [bounds[d], ...edges.filter((e) => e > bounds[d] && e < bounds[d + 1]).sort((a, b) => a - b), bounds[d + 1]];
    for (let c = 0; c + 1 < cuts.length; c++) {
      const [from, to] = [cuts[c], cuts[c + 1]];
      const segment = segments.find((s) => s.from <= from && to <= s.to);
      scan.total[d] += (segment?.scan ?? rest).add(store.lowerBound(from), store.lowerBound(to));
    }
  }
  for (const segment of segments) {
    const spend = segment.scan.spendBy;
    for (const dimension of DIMENSIONS) segment.into[dimension].set(spend[dimension]);
  }
  return scan;
}
