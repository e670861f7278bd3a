import { DIMENSIONS, type Dimension } from './model';
import { needsExtras, scanExtras, tokensOf, type ExtrasResult, type TokenSums } from './queryExtras';
import { type UsageStore } from './store';
import { dayOf, formatDay, resolveRange, startOfDay, type DaySpan, type ResolveOptions, type ResolvedRange } from './time';

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
  const current = scan(store, range.current, filters, range.timeZone, true);
  const previous = scan(store, range.previous, filters, range.timeZone, false);
  const tables = {} as Record<Dimension, UsageRow[]>;
  for (const dimension of DIMENSIONS) tables[dimension] = buildRows(store, dimension, current, previous);
  return { range, filters: [...filters], totals: current.totals, previousTotals: previous.totals, daily: dailySeries(range.current, current), tables };
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

// ---- the scan ---------------------------------------------------------------------------

/**
 * Filters as dictionary codes per dimension (-1: not filtered), or undefined when a filter names
 * an id the store does not know, which matches nothing.
 */
export function filterCodes(store: UsageStore, filters: readonly Filter[]): Record<Dimension, number> | undefined {
  const codes: Record<Dimension, number> = { worker: -1, user: -1, model: -1, team: -1 };
  for (const f of filters) {
    const code = store.dictionary(f.dimension).codeOf(f.id);
    if (code === undefined) return undefined;
    codes[f.dimension] = code;
  }
  return codes;
}

interface ScanResult {
  totals: Totals;
  runs: Record<Dimension, Float64Array>;
  spend: Record<Dimension, Float64Array>;
  /** Unique users per worker, model and team (current period only). */
  usersOf: Partial<Record<Dimension, Uint32Array>>;
  /** 1 for each user with an event. */
  userSeen: Uint8Array;
  /** Civil day numbers that have events, ascending, with their runs and spend (current period only). */
  days: number[];
  dayRuns: number[];
  daySpend: number[];
  /** Tokens and known runs, for stores that have them. */
  extras?: ExtrasResult;
}

/** Above this many (entity, user) cells, distinct users are counted with a Set instead of a byte map. */
const MAX_PAIR_BITMAP = 1 << 24;

/** First position in `events` (indices in time order) whose event is at or after `instant`. */
export function lowerBoundIn(events: Uint32Array, timestamps: Float64Array, instant: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (timestamps[events[mid]] < instant) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Per entity, how many of its `width` user marks are set. */
function countPairs(marks: Uint8Array, width: number, counts: Uint32Array): void {
  for (let entity = 0; entity < counts.length; entity++) {
    let n = 0;
    const row = entity * width;
    for (let u = 0; u < width; u++) n += marks[row + u];
    counts[entity] = n;
  }
}

function scan(store: UsageStore, span: DaySpan, filters: readonly Filter[], timeZone: string, detail: boolean): ScanResult {
  const nW = store.workers.size;
  const nU = store.users.size;
  const nM = store.models.size;
  const nT = store.dictionary('team').size;
  const result: ScanResult = {
    totals: { runs: 0, spendMicros: 0, users: 0, avgCostPerRunMicros: 0 },
    runs: { worker: new Float64Array(nW), user: new Float64Array(nU), model: new Float64Array(nM), team: new Float64Array(nT) },
    spend: { worker: new Float64Array(nW), user: new Float64Array(nU), model: new Float64Array(nM), team: new Float64Array(nT) },
    usersOf: detail ? { worker: new Uint32Array(nW), model: new Uint32Array(nM), team: new Uint32Array(nT) } : {},
    userSeen: new Uint8Array(nU),
    days: [],
    dayRuns: [],
    daySpend: [],
  };

  const codes = filterCodes(store, filters);
  if (!codes) return result;
  const { worker: fw, user: fu, model: fm, team: ft } = codes;

  const { timestamps, workerCodes, userCodes, modelCodes, runs, costMicros } = store;
  const teamCodes = store.codes('team');
  const wr = result.runs.worker,
    ws = result.spend.worker;
  const ur = result.runs.user,
    us = result.spend.user;
  const mr = result.runs.model,
    ms = result.spend.model;
  const tr = result.runs.team,
    ts = result.spend.team;
  const userSeen = result.userSeen;
  // Distinct users per worker and per model: a byte per (entity, user) pair, or Sets for huge workspaces.
  const wUsers = result.usersOf.worker ?? new Uint32Array(0);
  const mUsers = result.usersOf.model ?? new Uint32Array(0);
  const tUsers = result.usersOf.team ?? new Uint32Array(0);
  const small = nU * Math.max(nW, nM, nT) <= MAX_PAIR_BITMAP;
  const wuBits = detail && small ? new Uint8Array(nW * nU) : undefined;
  const muBits = detail && small ? new Uint8Array(nM * nU) : undefined;
  const wuSet = detail && !small ? new Set<number>() : undefined;
  const muSet = detail && !small ? new Set<number>() : undefined;
  const tuBits = detail && small ? new Uint8Array(nT * nU) : undefined;
  const tuSet = detail && !small ? new Set<number>() : undefined;
  const { days, dayRuns, daySpend } = result;
  // The day being filled: its civil number, its instants [dayStart, dayEnd), and its slot.
  // Days are looked up in the zone only when an event leaves the current one, so the zone work
  // is per day with events, never per day of the span.
  let dayNum = 0;
  let dayStart = Number.POSITIVE_INFINITY;
  let dayEnd = Number.NEGATIVE_INFINITY;
  let slot = -1;

  let totalRuns = 0;
  let totalSpend = 0;
  let users = 0;
  // Filtered to an entity: walk only its events (in time order); otherwise the span's slice.
  const filtered = filters.length > 0 ? filters[0] : undefined;
  const only = filtered ? store.eventsOf(filtered.dimension, codes[filtered.dimension]) : undefined;
  const lo = only ? lowerBoundIn(only, timestamps, span.from) : store.lowerBound(span.from);
  const hi = only ? lowerBoundIn(only, timestamps, span.to) : store.lowerBound(span.to);
  for (let k = lo; k < hi; k++) {
    const i = only ? only[k] : k;
    const w = workerCodes[i];
    if (fw >= 0 && w !== fw) continue;
    const u = userCodes[i];
    if (fu >= 0 && u !== fu) continue;
    const m = modelCodes[i];
    if (fm >= 0 && m !== fm) continue;
    const tm = teamCodes[i];
    if (ft >= 0 && tm !== ft) continue;
    const r = runs[i];
    const c = costMicros[i];
    totalRuns += r;
    totalSpend += c;
    wr[w] += r;
    ws[w] += c;
    ur[u] += r;
    us[u] += c;
    mr[m] += r;
    ms[m] += c;
    tr[tm] += r;
    ts[tm] += c;
    // Marks, not counts: stores without a branch in the loop; counted once afterwards.
    userSeen[u] = 1;
    if (detail) {
      const t = timestamps[i];
      if (t >= dayEnd || t < dayStart) {
        // Most often the next day; otherwise ask the zone which day the instant falls on.
        if (slot >= 0 && t >= dayEnd && t < startOfDay(dayNum + 2, timeZone)) dayNum++;
        else dayNum = dayOf(t, timeZone);
        dayStart = startOfDay(dayNum, timeZone);
        dayEnd = startOfDay(dayNum + 1, timeZone);
        days.push(dayNum);
        dayRuns.push(0);
        daySpend.push(0);
        slot++;
      }
      dayRuns[slot] += r;
      daySpend[slot] += c;
      if (wuBits !== undefined) {
        wuBits[w * nU + u] = 1;
        muBits![m * nU + u] = 1;
        tuBits![tm * nU + u] = 1;
      } else {
        wuSet!.add(w * nU + u);
        muSet!.add(m * nU + u);
        tuSet!.add(tm * nU + u);
      }
    }
  }
  for (let u = 0; u < nU; u++) users += userSeen[u];
  if (wuBits !== undefined) {
    countPairs(wuBits, nU, wUsers);
    countPairs(muBits!, nU, mUsers);
    countPairs(tuBits!, nU, tUsers);
  } else if (wuSet !== undefined) {
    for (const key of wuSet) wUsers[Math.floor(key / nU)]++;
    for (const key of muSet!) mUsers[Math.floor(key / nU)]++;
    for (const key of tuSet!) tUsers[Math.floor(key / nU)]++;
  }
  result.totals = {
    runs: totalRuns,
    spendMicros: totalSpend,
    users,
    avgCostPerRunMicros: totalRuns === 0 ? 0 : Math.round(totalSpend / totalRuns),
  };
  if (needsExtras(store)) {
    const extras = (result.extras = scanExtras(store, lo, hi, only, codes));
    Object.assign(result.totals, extras.tokens);
    if (extras.knownRunEventsBy !== undefined && users > 0 && extras.knownRunEvents === 0) result.totals.runsUnknown = true;
  }
  return result;
}

function buildRows(store: UsageStore, dimension: Dimension, current: ScanResult, previous: ScanResult): UsageRow[] {
  const dict = store.dictionary(dimension);
  const runs = current.runs[dimension];
  const spend = current.spend[dimension];
  const prevSpend = previous.spend[dimension];
  const usersOf = current.usersOf[dimension];
  const total = current.totals.spendMicros;
  // Every entity with an event in the range gets a row, even with no runs and no spend,
  // so the user table agrees with the unique-user counts.
  const seen = dimension === 'user' ? current.userSeen : usersOf!;
  const rows: UsageRow[] = [];
  for (let code = 0; code < dict.size; code++) {
    if (seen[code] === 0) continue;
    rows.push({
      id: dict.ids[code],
      name: dict.names[code],
      runs: runs[code],
      users: usersOf ? usersOf[code] : 1,
      spendMicros: spend[code],
      share: total === 0 ? 0 : spend[code] / total,
      previousSpendMicros: prevSpend[code],
      change: relativeChange(spend[code], prevSpend[code]),
    });
    const extras = current.extras;
    if (extras !== undefined) {
      const row = rows[rows.length - 1];
      Object.assign(row, tokensOf(extras, dimension, code));
      if (extras.knownRunEventsBy?.[dimension][code] === 0) row.runsUnknown = true;
    }
  }
  return rows.sort(compareRows);
}

/** By spend descending, then runs descending, then name, then id: a stable, total order. */
export function compareRows(a: UsageRow, b: UsageRow): number {
  return b.spendMicros - a.spendMicros || b.runs - a.runs || a.name.localeCompare(b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
