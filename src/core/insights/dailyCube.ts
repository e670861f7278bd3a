import { DIMENSIONS, type Dimension } from '../model';
import { filterCodes, type Filter } from '../query';
import { type UsageStore } from '../store';
import { dayBoundaries, dayOf, daySpan } from '../time';

/** Most day × entity cells kept per dimension (64 MB of doubles). */
const MAX_CELLS = 8_000_000;

/** Spend per day per entity of one dimension: `spend[day * size + code]`, day-major (size 0: not broken down). */
export interface EntityDays {
  size: number;
  spend: Float64Array;
}

/**
 * Daily spend over a span of civil days, in total and per entity of every dimension, from one
 * scan of the store. Every insight (forecast, spikes and their drivers, movers, budgets) reads
 * from it, so they cost one pass over the events together.
 */
export interface DailyCube {
  /** Civil day number of index 0. */
  firstDay: number;
  days: number;
  timeZone: string;
  /** Spend (micro-units) per day. */
  total: Float64Array;
  byEntity: Record<Dimension, EntityDays>;
  /** Civil day of the store's first event (unfiltered), or undefined when the store is empty: days before it are not history. */
  dataFirstDay: number | undefined;
}

/** Builds the cube for days `firstDay..lastDay` (both included) in the zone, narrowed by `filters`. */
export function buildDailyCube(store: UsageStore, firstDay: number, lastDay: number, timeZone: string, filters: readonly Filter[] = []): DailyCube {
  const days = Math.max(0, lastDay - firstDay + 1);
  const byEntity = {} as Record<Dimension, EntityDays>;
  for (const dimension of DIMENSIONS) {
    // A dimension too large to hold per day (years of 100,000s of users) is left out of the breakdown.
    const size = days * store.dictionary(dimension).size <= MAX_CELLS ? store.dictionary(dimension).size : 0;
    byEntity[dimension] = { size, spend: new Float64Array(days * size) };
  }
  const extent = store.extent();
  const cube: DailyCube = {
    firstDay,
    days,
    timeZone,
    total: new Float64Array(days),
    byEntity,
    dataFirstDay: extent === undefined ? undefined : dayOf(extent.first, timeZone),
  };
  if (days === 0) return cube;
  const codes = filterCodes(store, filters);
  if (!codes) return cube;
  const span = daySpan(firstDay, lastDay, timeZone);
  const bounds = dayBoundaries(span, timeZone);
  const { timestamps, costMicros } = store;
  const columns = DIMENSIONS.map((d) => store.codes(d));
  const sizes = DIMENSIONS.map((d) => byEntity[d].size);
  const spends = DIMENSIONS.map((d) => byEntity[d].spend);
  const wanted = DIMENSIONS.map((d) => codes[d]);
  const dims = DIMENSIONS.length;
  const total = cube.total;
  const lo = store.lowerBound(span.from);
  const hi = store.lowerBound(span.to);
  let day = 0;
  events: for (let i = lo; i < hi; i++) {
    for (let k = 0; k < dims; k++) if (wanted[k] >= 0 && columns[k][i] !== wanted[k]) continue events;
    const t = timestamps[i];
    while (t >= bounds[day + 1]) day++;
    const c = costMicros[i];
    total[day] += c;
    for (let k = 0; k < dims; k++) if (sizes[k] > 0) spends[k][day * sizes[k] + columns[k][i]] += c;
  }
  return cube;
}

/** Index of a civil day in the cube, or -1 outside it. */
export function cubeIndex(cube: DailyCube, day: number): number {
  const i = day - cube.firstDay;
  return i >= 0 && i < cube.days ? i : -1;
}

/** Spend of one entity on each day of the cube. */
export function entitySeries(cube: DailyCube, dimension: Dimension, code: number): Float64Array {
  const { size, spend } = cube.byEntity[dimension];
  const out = new Float64Array(cube.days);
  if (code >= size) return out;
  for (let d = 0; d < cube.days; d++) out[d] = spend[d * size + code];
  return out;
}

/** Spend per entity summed over cube days `fromIndex..toIndex` (clamped to the cube). */
export function entityTotals(cube: DailyCube, dimension: Dimension, fromIndex: number, toIndex: number): Float64Array {
  const { size, spend } = cube.byEntity[dimension];
  const out = new Float64Array(size);
  const a = Math.max(0, fromIndex);
  const b = Math.min(cube.days - 1, toIndex);
  for (let d = a; d <= b; d++) {
    const row = d * size;
    for (let e = 0; e < size; e++) out[e] += spend[row + e];
  }
  return out;
}
