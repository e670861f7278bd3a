import { type EntityDailySeries } from './backend/types';
import { dayTable, entityColumn, entityDailyPerEntity, rangeDates, rankedEntities, type DayTable } from './entityDaily';
import { type Dimension } from './model';
import { type Filter } from './query';
import { type UsageStore } from './store';
import { type ResolvedRange } from './time';

/** Entities a stacked trend shows on their own; the rest are added up as "Other". */
export const TREND_STACK_TOP = 5;

/** One stacked series: an entity's daily spend and runs, parallel to the dates. */
export interface TrendStackSeries {
  id: string;
  name: string;
  spendMicros: number[];
  runs: number[];
}

/** Spending Trends stacked by a dimension: the top entities by spend, then everything else. */
export interface TrendStack {
  dimension: Dimension;
  /** Every day of the range, `YYYY-MM-DD`. */
  dates: string[];
  /** At most {@link TREND_STACK_TOP}, by spend descending. */
  series: TrendStackSeries[];
  /** The other entities added up, day by day (zeros when there are none), and how many they are. */
  other: Omit<TrendStackSeries, 'id' | 'name'> & { entities: number };
}

/**
 * Folds a per-entity daily series into the top `top` entities and "Other". Every micro of every
 * entity lands in exactly one stack, so the stacks of a day add up to the day's total.
 */
export function stackSeries(series: EntityDailySeries, top = TREND_STACK_TOP): TrendStack {
  const days = series.dates.length;
  const shown = series.entities.slice(0, top).map(({ id, name, spendMicros, runs }) => ({ id, name, spendMicros: [...spendMicros], runs: [...runs] }));
  const rest = series.entities.slice(top);
  const other = { spendMicros: new Array<number>(days).fill(0), runs: new Array<number>(days).fill(0), entities: rest.length };
  for (const entity of rest) {
    for (let d = 0; d < days; d++) {
      other.spendMicros[d] += entity.spendMicros[d];
      other.runs[d] += entity.runs[d];
    }
  }
  return { dimension: series.dimension, dates: [...series.dates], series: shown, other };
}

/**
 * The range's daily spend stacked by `dimension` (top entities + Other), narrowed by `filters`:
 * one pass into a day table, from which only the top entities' days are read out; "Other" is
 * each day's total less theirs. Ranges too long for a day table go through entityDaily's per-entity path.
 */
export function trendStack(store: UsageStore, range: ResolvedRange, dimension: Dimension, filters: readonly Filter[] = [], top = TREND_STACK_TOP): TrendStack {
  const table = dayTable(store, range, dimension, filters);
  if (!table) return stackSeries(entityDailyPerEntity(store, range, dimension, filters), top);
  return stackTable(store, table, rangeDates(range), top);
}

function stackTable(store: UsageStore, table: DayTable, dates: string[], top: number): TrendStack {
  const dict = store.dictionary(table.dimension);
  const ranked = rankedEntities(store, table);
  const shown = ranked.slice(0, top);
  const series = shown.map((code) => ({ id: dict.ids[code], name: dict.names[code], ...entityColumn(table, code) }));
  // Other: the day's total less the shown entities (exact: integer sums).
  const other = { spendMicros: Array.from(table.daySpend), runs: Array.from(table.dayRuns), entities: ranked.length - shown.length };
  for (const s of series) {
    for (let d = 0; d < table.days; d++) {
      other.spendMicros[d] -= s.spendMicros[d];
      other.runs[d] -= s.runs[d];
    }
  }
  return { dimension: table.dimension, dates, series, other };
}
