import { DIMENSIONS, type Dimension } from './model';
import { scanSpan, type ScanResult, type TokenSums } from './scan';
import { type UsageStore } from './store';
import { formatDay, resolveRange, type DaySpan, type ResolveOptions, type ResolvedRange } from './time';
import { compareIds } from './compareIds';

export { type TokenSums } from './scan';
export { filterCodes, lowerBoundIn } from './scanFilters';

/** Narrows a query to one entity of a dimension. */
export interface Filter {
  dimension: Dimension;
  id: string;
}

/**
 * Token sums (`inputTokens`, `cacheReadTokens`, `cacheWriteTokens`, `outputTokens`) are present
 * only for the kinds some event of the store has. `runsUnknown` is true when every event counted
 * comes from a source that reports no runs: show "—" for runs and omit per-run averages.
 */
export interface Totals extends TokenSums {
  runs: number;
  runsUnknown?: true;
  spendMicros: number;
  /** Unique users with at least one event. */
  users: number;
  /** Spend divided by runs, rounded to a micro (0 when there are no runs). */
  avgCostPerRunMicros: number;
}

/** Token sums and `runsUnknown` as in Totals. */
export interface UsageRow extends TokenSums {
  id: string;
  name: string;
  runs: number;
  runsUnknown?: true;
  /** Unique users (1 for a user row). */
  users: number;
  spendMicros: number;
  /** Share of the total spend, 0..1. */
  share: number;
  previousSpendMicros: number;
  /** (spend - previous) / previous; null when the previous period had no spend. */
  change: number | null;
}

export interface DailyPoint {
  /** `YYYY-MM-DD` in the range's time zone. */
  date: string;
  runs: number;
  spendMicros: number;
}

/**
 * Ranges up to this many days (a little over 100 years) get a zero-filled daily series; longer
 * ones (e.g. `all` over events from year 1 to 9999) list only the days that have events, so the
 * work and memory per view stay bounded by the data, not by the span.
 */
export const MAX_DENSE_DAYS = 36_600;

export interface UsageView {
  range: ResolvedRange;
  filters: readonly Filter[];
  totals: Totals;
  previousTotals: Totals;
  /** Every day of the range, zero-filled; for ranges over MAX_DENSE_DAYS days, only the days with events. */
  daily: DailyPoint[];
  /** Rows by spend, descending. */
  tables: Record<Dimension, UsageRow[]>;
}

export interface BreakdownSlice {
  /** Entity id, or null for the "Other" slice. */
  id: string | null;
  name: string;
  spendMicros: number;
  runs: number;
  share: number;
}

/** Resolves a range spec against a store: `all` spans the store's data. */
export function resolveStoreRange(store: UsageStore, spec: string, options: Omit<ResolveOptions, 'extent'> = {}): ResolvedRange {
  return resolveRange(spec, { ...options, extent: store.extent() });
}

/** Computes everything a view shows for a range: totals and previous totals, the daily series, and all three tables. */
export function queryUsage(store: UsageStore, range: ResolvedRange, filters: readonly Filter[] = []): UsageView {
  const current = scanSpan(store, range.current, filters, range.timeZone, true);
  const previous = scanSpan(store, range.previous, filters, range.timeZone, false);
  const tables = {} as Record<Dimension, UsageRow[]>;
  for (const dimension of DIMENSIONS) tables[dimension] = buildRows(store, dimension, current, previous);
  return { range, filters: [...filters], totals: totalsOf(current), previousTotals: totalsOf(previous), daily: dailySeries(range.current, current), tables };
}

/** A scan's totals, with token sums and unknown runs for the stores that have them. */
function totalsOf(scan: ScanResult): Totals {
  const { runs, spendMicros, users } = scan;
  const totals: Totals = { runs, spendMicros, users, avgCostPerRunMicros: runs === 0 ? 0 : Math.round(spendMicros / runs) };
  if (scan.tokenFields.length > 0) Object.assign(totals, tokenSums(scan));
  if (scan.knownRunEvents === 0 && scan.events > 0) totals.runsUnknown = true;
  return totals;
}

/** The daily series from the scan's days with events: zero-filled for ranges up to MAX_DENSE_DAYS, else just those days. */
function dailySeries(span: DaySpan, scan: ScanResult): DailyPoint[] {
  const { days, dayRuns, daySpend } = scan;
  const daily: DailyPoint[] = [];
  const length = span.lastDay - span.firstDay + 1;
  if (length > MAX_DENSE_DAYS) {
    for (let k = 0; k < days.length; k++) daily.push({ date: formatDay(days[k]), runs: dayRuns[k], spendMicros: daySpend[k] });
    return daily;
  }
  let k = 0;
  for (let d = span.firstDay; d <= span.lastDay; d++) {
    if (k < days.length && days[k] === d) {
      daily.push({ date: formatDay(d), runs: dayRuns[k], spendMicros: daySpend[k] });
      k++;
    } else daily.push({ date: formatDay(d), runs: 0, spendMicros: 0 });
  }
  return daily;
}

/** The other two dimensions' rows for one entity: worker -> users and models, and so on. They add up to the entity's row. */
export function drillDown(
  store: UsageStore,
  range: ResolvedRange,
  dimension: Dimension,
  id: string,
  filters: readonly Filter[] = [],
): { parent: UsageRow | undefined; children: Partial<Record<Dimension, UsageRow[]>> } {
  const view = queryUsage(store, range, [...filters.filter((f) => f.dimension !== dimension), { dimension, id }]);
  const parent = view.tables[dimension].find((row) => row.id === id);
  const children: Partial<Record<Dimension, UsageRow[]>> = {};
  for (const other of DIMENSIONS) if (other !== dimension) children[other] = view.tables[other];
  return { parent, children };
}

/** Top `top` rows by spend plus one "Other" slice holding the rest (omitted when empty). */
export function breakdown(rows: readonly UsageRow[], top = 8): BreakdownSlice[] {
  const slices: BreakdownSlice[] = rows.slice(0, top).map((r) => ({ id: r.id, name: r.name, spendMicros: r.spendMicros, runs: r.runs, share: r.share }));
  const rest = rows.slice(top);
  if (rest.length > 0) {
    slices.push({
      id: null,
      name: `Other (${rest.length})`,
      spendMicros: rest.reduce((sum, r) => sum + r.spendMicros, 0),
      runs: rest.reduce((sum, r) => sum + r.runs, 0),
      share: rest.reduce((sum, r) => sum + r.share, 0),
    });
  }
  return slices;
}

/** Relative change, or null when there is nothing to compare with. */
export function relativeChange(current: number, previous: number): number | null {
  return previous === 0 ? null : (current - previous) / previous;
}

/** The display name of an entity, or undefined if the store does not know it. */
export function entityName(store: UsageStore, dimension: Dimension, id: string): string | undefined {
  const dict = store.dictionary(dimension);
  const code = dict.codeOf(id);
  return code === undefined ? undefined : dict.names[code];
}

// ---- rows ------------------------------------------------------------------------------

function buildRows(store: UsageStore, dimension: Dimension, current: ScanResult, previous: ScanResult): UsageRow[] {
  const dict = store.dictionary(dimension);
  const runs = current.runsBy[dimension];
  const spend = current.spendBy[dimension];
  const prevSpend = previous.spendBy[dimension];
  const isUser = dimension === 'user';
  const usersOf = current.usersBy[dimension];
  const knownRuns = current.knownRunsBy?.[dimension];
  const tokens = current.tokenFields.length > 0;
  const total = current.spendMicros;
  // Every entity with an event in the range gets a row, even with no runs and no spend,
  // so the user table agrees with the unique-user counts.
  const seen = isUser ? current.userSeen : usersOf;
  const rows: UsageRow[] = [];
  for (let code = 0; code < dict.size; code++) {
    if (seen[code] === 0) continue;
    const row: UsageRow = {
      id: dict.ids[code],
      name: dict.names[code],
      runs: runs[code],
      users: isUser ? 1 : usersOf[code],
      spendMicros: spend[code],
      share: total === 0 ? 0 : spend[code] / total,
      previousSpendMicros: prevSpend[code],
      change: relativeChange(spend[code], prevSpend[code]),
    };
    if (tokens) Object.assign(row, tokenSums(current, dimension, code));
    if (knownRuns !== undefined && knownRuns[code] === 0) row.runsUnknown = true;
    rows.push(row);
  }
  return rows.sort(compareRows);
}

/** By spend descending, then runs descending, then name, then id: a stable, total order. */
export function compareRows(a: UsageRow, b: UsageRow): number {
  return b.spendMicros - a.spendMicros || b.runs - a.runs || a.name.localeCompare(b.name) || compareIds(a.id, b.id);
}

/** The token sums of a scan's totals, or of one entity (a detailed scan), as a row shows them. */
function tokenSums(scan: ScanResult, dimension?: Dimension, code = 0): TokenSums {
  const out: TokenSums = {};
  scan.tokenFields.forEach((field, f) => (out[field] = dimension === undefined ? scan.tokens[f] : scan.tokensBy[f][dimension][code]));
  return out;
}
