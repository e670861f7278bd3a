import { DIMENSIONS, type Dimension } from '../model';
import { filterCodes, type Filter } from '../query';
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
 * Scans days `firstDay..lastDay` once. `current` and `previous` must lie inside them; events
 * are walked in time order segment by segment, so each loop adds into fixed arrays.
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
  const scan: DailyScan = {
    firstDay,
    total: new Float64Array(days),
    current: entityArrays(store),
    previous: entityArrays(store),
    dataFirstDay: dataFirstDay(store, timeZone),
  };
  const codes = filterCodes(store, filters);
  if (days === 0 || !codes) return scan;
  const bounds = dayBoundaries(daySpan(firstDay, lastDay, timeZone), timeZone);
  const accept = filters.length === 0 ? undefined : acceptor(store, codes);
  // Segments in time order: the previous period and the range add per entity, the rest only per day.
  const cuts = [
    { from: previous.from, to: previous.to, into: scan.previous },
    { from: current.from, to: current.to, into: scan.current },
  ].sort((a, b) => a.from - b.from);
  const end = bounds[days];
  let at = bounds[0];
  for (const cut of cuts) {
    const from = Math.min(end, Math.max(at, cut.from));
    const to = Math.min(end, Math.max(from, cut.to));
    addDays(store, bounds, scan.total, at, from, undefined, accept);
    addDays(store, bounds, scan.total, from, to, cut.into, accept);
    at = to;
  }
  addDays(store, bounds, scan.total, at, end, undefined, accept);
  return scan;
}

type Accept = (i: number) => boolean;

function acceptor(store: UsageStore, codes: Record<Dimension, number>): Accept {
  const { workerCodes, userCodes, modelCodes } = store;
  const teamCodes = store.codes('team');
  const { worker: fw, user: fu, model: fm, team: ft } = codes;
  return (i) => (fw < 0 || workerCodes[i] === fw) && (fu < 0 || userCodes[i] === fu) && (fm < 0 || modelCodes[i] === fm) && (ft < 0 || teamCodes[i] === ft);
}

/** Adds the events in [from, to) to the day totals and, when given, to per-entity sums. */
function addDays(
  store: UsageStore,
  bounds: Float64Array,
  total: Float64Array,
  from: number,
  to: number,
  into: EntitySpend | undefined,
  accept: Accept | undefined,
): void {
  if (to <= from) return;
  const { timestamps, costMicros, workerCodes, userCodes, modelCodes } = store;
  const lo = store.lowerBound(from);
  const hi = store.lowerBound(to);
  let day = 0;
  while (bounds[day + 1] <= from) day++;
  let next = bounds[day + 1];
  if (into === undefined) {
    for (let i = lo; i < hi; i++) {
      if (accept !== undefined && !accept(i)) continue;
      const t = timestamps[i];
      while (t >= next) next = bounds[++day + 1];
      total[day] += costMicros[i];
    }
    return;
  }
  const ws = into.worker,
    us = into.user,
    ms = into.model,
    ts = into.team;
  const teamCodes = store.codes('team');
  for (let i = lo; i < hi; i++) {
    if (accept !== undefined && !accept(i)) continue;
    const t = timestamps[i];
    while (t >= next) next = bounds[++day + 1];
    const c = costMicros[i];
    total[day] += c;
    ws[workerCodes[i]] += c;
    us[userCodes[i]] += c;
    ms[modelCodes[i]] += c;
    ts[teamCodes[i]] += c;
  }
}
