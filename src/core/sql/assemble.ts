/** Turns the grouped rows the SQL backend receives into the engine's view shapes, exactly as queryUsage builds them. */
import { sortEntities } from '../entityDaily';
import { type EntityDailySeries } from '../backend/types';
import { DIMENSIONS, type Dimension } from '../model';
import { compareRows, relativeChange, type DailyPoint, type Filter, type Totals, type UsageRow, type UsageView } from '../query';
import { formatDay, type DaySpan, type ResolvedRange } from '../time';

/** A tablesQuery row (counts and sums arrive as strings: bigint and numeric). */
export interface DimensionRow {
  dim: Dimension;
  id: string;
  name: string;
  n: string | number;
  runs: string | number;
  spend: string | number;
  users: string | number;
  prev_n: string | number;
  prev_runs: string | number;
  prev_spend: string | number;
}

export interface DayRow {
  day: string;
  id?: string;
  name?: string;
  runs: string | number;
  spend: string | number;
}

function totals(runs: number, spendMicros: number, users: number): Totals {
  return { runs, spendMicros, users, avgCostPerRunMicros: runs === 0 ? 0 : Math.round(spendMicros / runs) };
}

function periodTotals(userRows: readonly DimensionRow[], previous: boolean): Totals {
  let runs = 0;
  let spend = 0;
  let users = 0;
  for (const row of userRows) {
    if (Number(previous ? row.prev_n : row.n) === 0) continue;
    runs += Number(previous ? row.prev_runs : row.runs);
    spend += Number(previous ? row.prev_spend : row.spend);
    users++;
  }
  return totals(runs, spend, users);
}

/** Rows of the entities with an event in the current period, by spend descending. */
export function tableRows(rows: readonly DimensionRow[], totalSpend: number): UsageRow[] {
  const out: UsageRow[] = [];
  for (const row of rows) {
    if (Number(row.n) === 0) continue;
    const spendMicros = Number(row.spend);
    const previousSpendMicros = Number(row.prev_spend);
    out.push({
      id: row.id,
      name: row.name,
      runs: Number(row.runs),
      users: Number(row.users),
      spendMicros,
      share: totalSpend === 0 ? 0 : spendMicros / totalSpend,
      previousSpendMicros,
      change: relativeChange(spendMicros, previousSpendMicros),
    });
  }
  return out.sort(compareRows);
}

/** Every day of the span, zero-filled. */
export function dailySeries(span: DaySpan, rows: readonly DayRow[]): DailyPoint[] {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const out: DailyPoint[] = [];
  for (let d = span.firstDay; d <= span.lastDay; d++) {
    const date = formatDay(d);
    const row = byDay.get(date);
    out.push({ date, runs: row ? Number(row.runs) : 0, spendMicros: row ? Number(row.spend) : 0 });
  }
  return out;
}

export function assembleView(range: ResolvedRange, filters: readonly Filter[], rows: readonly DimensionRow[], days: readonly DayRow[]): UsageView {
  const dims: Record<Dimension, DimensionRow[]> = { worker: [], user: [], model: [], team: [] };
  for (const row of rows) dims[row.dim].push(row);
  const current = periodTotals(dims.user, false);
  const tables = {} as Record<Dimension, UsageRow[]>;
  for (const dimension of DIMENSIONS) tables[dimension] = tableRows(dims[dimension], current.spendMicros);
  return {
    range,
    filters: [...filters],
    totals: current,
    previousTotals: periodTotals(dims.user, true),
    daily: dailySeries(range.current, days),
    tables,
  };
}

export function assembleEntityDaily(range: ResolvedRange, dimension: Dimension, rows: readonly DayRow[]): EntityDailySeries {
  const span = range.current;
  const days = span.lastDay - span.firstDay + 1;
  const dates = Array.from({ length: days }, (_, d) => formatDay(span.firstDay + d));
  const index = new Map(dates.map((date, i) => [date, i]));
  const series = new Map<string, { id: string; name: string; runs: number[]; spendMicros: number[] }>();
  for (const row of rows) {
    const i = index.get(row.day);
    if (i === undefined) continue;
    let s = series.get(row.id!);
    if (!s) series.set(row.id!, (s = { id: row.id!, name: row.name!, runs: new Array<number>(days).fill(0), spendMicros: new Array<number>(days).fill(0) }));
    s.runs[i] += Number(row.runs);
    s.spendMicros[i] += Number(row.spend);
  }
  return { dimension, dates, entities: sortEntities([...series.values()]) };
}

/** The last filter per dimension wins, as in the in-memory engine. */
export function effectiveFilters(filters: readonly Filter[]): Filter[] {
  const last = new Map<Dimension, Filter>();
  for (const f of filters) last.set(f.dimension, f);
  return [...last.values()];
}
