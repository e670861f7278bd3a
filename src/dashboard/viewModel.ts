/**
 * Builds the dashboard's view models from the engine. Pure (no `vscode`): the panel host calls
 * it, and tests and the benchmark call it directly with a store.
 */
import { buildInsightsModel, type InsightSettings } from './insightsModel';
import { type Insights } from '../core/insights/insights';
import { DIMENSIONS, type Dimension } from '../core/model';
import { breakdown, drillDown, entityName, queryUsage, resolveStoreRange, type Filter, type UsageRow, type UsageView } from '../core/query';
import { type UsageStore } from '../core/store';
import { visibleRows, type TableViewState } from '../core/table';
import { RANGE_PRESETS, formatDay, type ResolvedRange } from '../core/time';
import {
  DRILL_DOWN_LIMIT,
  TABLE_PAGE_SIZE,
  type DashboardModel,
  type DayTablesModel,
  type DrillDownModel,
  type EntityRef,
  type OverlapModel,
  type RangeModel,
  type SourceModel,
  type TableSlice,
} from '../protocol/dashboard';
import { presetLabel, rangeLabel } from '../l10n/display';

/** Slices visible in the breakdown doughnut: the top 8 and one "Other". */
export const BREAKDOWN_TOP = 8;

export interface ModelInput {
  store: UsageStore;
  view: UsageView;
  source: SourceModel;
  loadedAt: number;
  skipped: number;
  warnings: readonly string[];
  currency: string;
  focus: EntityRef | null;
  workerPages: boolean;
  seq: number;
  /** Agent logs beside the organisation that bills them (see overlapModel.ts). */
  overlap?: OverlapModel;
  /** Organisations whose bill the totals count. */
  billedBy?: readonly string[];
  /** Days (in the view's zone) a provider has not finalised yet; those in the range are marked partial. */
  partialDays?: readonly string[];
  /** Budget settings and "now" for the insights; without them the model has none. */
  insights?: InsightSettings;
  /** The insights computed by the backend for the view; without them they are computed from the store. */
  computedInsights?: Insights;
}

export function rangeModel(range: ResolvedRange): RangeModel {
  return {
    spec: range.spec,
    label: rangeLabel(range),
    timeZone: range.timeZone,
    first: formatDay(range.current.firstDay),
    last: formatDay(range.current.lastDay),
    previousFirst: formatDay(range.previous.firstDay),
    previousLast: formatDay(range.previous.lastDay),
  };
}

/** The rows a table shows for a view state (the same function export uses), cut to `limit`. */
export function tableSlice(rows: readonly UsageRow[], dimension: Dimension, state: TableViewState, limit = TABLE_PAGE_SIZE): TableSlice {
  const visible = visibleRows(rows, state);
  return { dimension, state, rows: visible.slice(0, limit), matching: visible.length, total: rows.length };
}

function firstPages(tables: Record<Dimension, UsageRow[]>, limit = TABLE_PAGE_SIZE): Record<Dimension, TableSlice> {
  const out = {} as Record<Dimension, TableSlice>;
  for (const d of DIMENSIONS) out[d] = tableSlice(tables[d], d, {}, limit);
  return out;
}

/** The filters a focus narrows every query to. */
export function focusFilters(focus: EntityRef | null): Filter[] {
  return focus ? [{ dimension: focus.dimension, id: focus.id }] : [];
}

export function buildDashboardModel(input: ModelInput): DashboardModel {
  const { view, store, focus } = input;
  const breakdownByDimension = {} as DashboardModel['breakdown'];
  for (const d of DIMENSIONS) breakdownByDimension[d] = breakdown(view.tables[d], BREAKDOWN_TOP);
  return {
    seq: input.seq,
    source: input.source,
    loadedAt: input.loadedAt,
    skipped: input.skipped,
    warnings: input.warnings.slice(0, 5),
    currency: input.currency,
    range: rangeModel(view.range),
    presets: RANGE_PRESETS.map((p) => ({ id: p.id, label: presetLabel(p.id) })),
    focus: focus ? { ...focus, name: entityName(store, focus.dimension, focus.id) ?? focus.id } : null,
    totals: view.totals,
    previousTotals: view.previousTotals,
    daily: view.daily,
    ...partialDaysIn(input.partialDays, view.daily),
    breakdown: breakdownByDimension,
    tables: firstPages(view.tables),
    workerPages: input.workerPages,
    ...(input.overlap ? { overlap: input.overlap } : {}),
    ...(input.billedBy && input.billedBy.length > 0 ? { billedBy: [...input.billedBy] } : {}),
    ...(input.insights ? { insights: buildInsightsModel(store, view, focusFilters(focus), input.insights, input.computedInsights) } : {}),
  };
}

/** The partial days among the days shown, when there are any. */
function partialDaysIn(days: readonly string[] | undefined, daily: readonly { date: string }[]): { partialDays?: string[] } {
  if (!days || days.length === 0 || daily.length === 0) return {};
  const first = daily[0].date;
  const last = daily[daily.length - 1].date;
  const inRange = days.filter((day) => day >= first && day <= last);
  return inRange.length > 0 ? { partialDays: inRange } : {};
}

/** The range narrowed to one of its days, or an error message when the day is outside it. */
export function dayRange(store: UsageStore, range: ResolvedRange, day: string): ResolvedRange {
  const days = { first: formatDay(range.current.firstDay), last: formatDay(range.current.lastDay) };
  if (day < days.first || day > days.last) throw new Error(`${day} is not in the range ${days.first} – ${days.last}.`);
  return resolveStoreRange(store, `${day}..${day}`, { timeZone: range.timeZone });
}

export function buildDayTables(store: UsageStore, range: ResolvedRange, day: string, focus: EntityRef | null): DayTablesModel {
  return dayTablesModel(day, queryUsage(store, dayRange(store, range, day), focusFilters(focus)));
}

/** The tables of one day from its view (by any backend). */
export function dayTablesModel(day: string, view: UsageView): DayTablesModel {
  return { day, tables: firstPages(view.tables) };
}

export function buildTableSlice(
  store: UsageStore,
  range: ResolvedRange,
  focus: EntityRef | null,
  params: { dimension: Dimension; state: TableViewState; limit: number; day?: string },
  view?: UsageView,
): TableSlice {
  const source = params.day
    ? queryUsage(store, dayRange(store, range, params.day), focusFilters(focus))
    : (view ?? queryUsage(store, range, focusFilters(focus)));
  return tableSlice(source.tables[params.dimension], params.dimension, params.state, params.limit);
}

export function buildDrillDown(
  store: UsageStore,
  range: ResolvedRange,
  focus: EntityRef | null,
  params: { dimension: Dimension; id: string; day?: string },
): DrillDownModel {
  const r = params.day ? dayRange(store, range, params.day) : range;
  return drillDownModel(params, drillDown(store, r, params.dimension, params.id, focusFilters(focus)));
}

/** A drill-down's model from its result (by any backend). */
export function drillDownModel(params: { dimension: Dimension; id: string }, result: { children: Partial<Record<Dimension, UsageRow[]>> }): DrillDownModel {
  const out: DrillDownModel['children'] = {};
  for (const d of DIMENSIONS) {
    const rows = result.children[d];
    // Teams open into the others; a worker, user or model does not open into teams (as in the tree).
    if (rows && d !== 'team') out[d] = tableSlice(rows, d, {}, DRILL_DOWN_LIMIT);
  }
  return { parent: { dimension: params.dimension, id: params.id }, children: out };
}
