import { type EntityDailySeries } from './backend/types';
import { type Dimension } from './model';
import { filterCodes, type Filter } from './query';
import { resolveTeamFilter } from './scanFilters';
import { type UsageStore } from './store';
import { dayBoundaries, formatDay, type ResolvedRange } from './time';
import { compareIds } from './compareIds';

/**
 * Above this many (day, entity) cells the per-day figures are kept per entity seen instead of
 * in one day-major table (16 bytes a cell), so memory stays bounded for long ranges of many entities.
 */
export const MAX_DAY_TABLE_CELLS = 1 << 20;

/**
 * Runs and spend per day and entity of one dimension over a range: `spendMicros[d * entities + code]`.
 * Filled in one pass, day by day (each day's events found by binary search, so no event is dated
 * on its own), into a day-major table whose current day stays in cache.
 */
export interface DayTable {
  dimension: Dimension;
  /** Civil day of row 0, and the number of days (rows). */
  firstDay: number;
  days: number;
  /** Entities of the dimension (columns). */
  entities: number;
  spendMicros: Float64Array;
  runs: Float64Array;
  /** 1 for each entity with an event in the range (even with no runs and no spend). */
  seen: Uint8Array;
  /** Each day's spend and runs over all entities. */
  daySpend: Float64Array;
  dayRuns: Float64Array;
}

/** The range's day table for `dimension`, or undefined when it would be larger than `maxCells`. */
export function dayTable(
  store: UsageStore,
  range: ResolvedRange,
  dimension: Dimension,
  filters: readonly Filter[] = [],
  maxCells = MAX_DAY_TABLE_CELLS,
): DayTable | undefined {
  const span = range.current;
  const days = span.lastDay - span.firstDay + 1;
  const entities = store.dictionary(dimension).size;
  if (days * entities > maxCells) return undefined;
  const table: DayTable = {
    dimension,
    firstDay: span.firstDay,
    days,
    entities,
    spendMicros: new Float64Array(days * entities),
    runs: new Float64Array(days * entities),
    seen: new Uint8Array(entities),
    daySpend: new Float64Array(days),
    dayRuns: new Float64Array(days),
  };
  const codes = filterCodes(store, filters);
  if (!codes || !resolveTeamFilter(store, codes)) return table;
  const bounds = dayBoundaries(span, range.timeZone);
  const { workerCodes, userCodes, modelCodes, runs, costMicros } = store;
  const teamCodes = codes.team >= 0 ? store.codes('team') : undefined;
  const entityCodes = store.codes(dimension);
  const { worker: fw, user: fu, model: fm, team: ft } = codes;
  const { spendMicros, runs: runTable, seen } = table;
  let lo = store.lowerBound(bounds[0]);
  for (let d = 0; d < days; d++) {
    const hi = store.lowerBound(bounds[d + 1]);
    const row = d * entities;
    let daySpend = 0;
    let dayRuns = 0;
    for (let i = lo; i < hi; i++) {
      if ((fw >= 0 && workerCodes[i] !== fw) || (fu >= 0 && userCodes[i] !== fu) || (fm >= 0 && modelCodes[i] !== fm)) continue;
      if (teamCodes !== undefined && teamCodes[i] !== ft) continue;
      const code = entityCodes[i];
      const c = costMicros[i];
      const r = runs[i];
      spendMicros[row + code] += c;
      runTable[row + code] += r;
      seen[code] = 1;
      daySpend += c;
      dayRuns += r;
    }
    table.daySpend[d] = daySpend;
    table.dayRuns[d] = dayRuns;
    lo = hi;
  }
  return table;
}

/** Total spend of each entity in a day table. */
export function entityTotals(table: DayTable): Float64Array {
  const totals = new Float64Array(table.entities);
  for (let d = 0; d < table.days; d++) {
    const row = d * table.entities;
    for (let code = 0; code < table.entities; code++) totals[code] += table.spendMicros[row + code];
  }
  return totals;
}

/** Codes of the entities seen in a day table, by total spend descending, then id: the order both backends give. */
export function rankedEntities(store: UsageStore, table: DayTable): number[] {
  const totals = entityTotals(table);
  const ids = store.dictionary(table.dimension).ids;
  const codes: number[] = [];
  for (let code = 0; code < table.entities; code++) if (table.seen[code] === 1) codes.push(code);
  return codes.sort((a, b) => totals[b] - totals[a] || compareIds(ids[a], ids[b]));
}

/** One entity's column of a day table, as day arrays. */
export function entityColumn(table: DayTable, code: number): { runs: number[]; spendMicros: number[] } {
  const runs = new Array<number>(table.days);
  const spendMicros = new Array<number>(table.days);
  for (let d = 0; d < table.days; d++) {
    runs[d] = table.runs[d * table.entities + code];
    spendMicros[d] = table.spendMicros[d * table.entities + code];
  }
  return { runs, spendMicros };
}

/** `YYYY-MM-DD` of every day of the range. */
export function rangeDates(range: ResolvedRange): string[] {
  const span = range.current;
  return Array.from({ length: span.lastDay - span.firstDay + 1 }, (_, d) => formatDay(span.firstDay + d));
}

/** Daily runs and spend of every entity of `dimension` with an event in the range (by spend, then id). */
export function entityDaily(store: UsageStore, range: ResolvedRange, dimension: Dimension, filters: readonly Filter[] = []): EntityDailySeries {
  const dates = rangeDates(range);
  const table = dayTable(store, range, dimension, filters);
  if (!table) return entityDailyPerEntity(store, range, dimension, filters, dates);
  const dict = store.dictionary(dimension);
  const entities = rankedEntities(store, table).map((code) => ({ id: dict.ids[code], name: dict.names[code], ...entityColumn(table, code) }));
  return { dimension, dates, entities };
}

/** entityDaily for ranges too long for a day table: day arrays only for the entities seen. */
export function entityDailyPerEntity(
  store: UsageStore,
  range: ResolvedRange,
  dimension: Dimension,
  filters: readonly Filter[],
  dates = rangeDates(range),
): EntityDailySeries {
  const span = range.current;
  const days = dates.length;
  const codes = filterCodes(store, filters);
  if (!codes) return { dimension, dates, entities: [] };
  const bounds = dayBoundaries(span, range.timeZone);
  const dict = store.dictionary(dimension);
  const entityCodes = store.codes(dimension);
  const teamCodes = store.codes('team');
  // Slots by entity code (a typed array, not a Map: this loop runs once per event); series only for entities seen.
  const slotOf = new Int32Array(dict.ids.length).fill(-1);
  const series: { code: number; runs: number[]; spendMicros: number[] }[] = [];
  const hi = store.lowerBound(span.to);
  let day = 0;
  for (let i = store.lowerBound(span.from); i < hi; i++) {
    if (codes.worker >= 0 && store.workerCodes[i] !== codes.worker) continue;
    if (codes.user >= 0 && store.userCodes[i] !== codes.user) continue;
    if (codes.model >= 0 && store.modelCodes[i] !== codes.model) continue;
    if (codes.team >= 0 && teamCodes[i] !== codes.team) continue;
    while (store.timestamps[i] >= bounds[day + 1]) day++;
    const code = entityCodes[i];
    let slot = slotOf[code];
    if (slot < 0) {
      slot = slotOf[code] = series.length;
      series.push({ code, runs: new Array<number>(days).fill(0), spendMicros: new Array<number>(days).fill(0) });
    }
    const s = series[slot];
    s.runs[day] += store.runs[i];
    s.spendMicros[day] += store.costMicros[i];
  }
  const entities = series.map(({ code, runs, spendMicros }) => ({ id: dict.ids[code], name: dict.names[code], runs, spendMicros }));
  return { dimension, dates, entities: sortEntities(entities) };
}

/** By total spend descending, then id: the order both backends give. */
export function sortEntities<T extends { id: string; spendMicros: number[] }>(entities: T[]): T[] {
  const total = (e: T) => e.spendMicros.reduce((a, b) => a + b, 0);
  return entities
    .map((e) => ({ e, t: total(e) }))
    .sort((a, b) => b.t - a.t || compareIds(a.e.id, b.e.id))
    .map(({ e }) => e);
}
