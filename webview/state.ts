import { isRecord } from '../src/core/guards';
import { DIMENSIONS, isDimension, type Dimension } from '../src/core/model';
import { isDay, isEntityRef, isTableViewState, MAX_OPEN_ROWS, TABLE_MAX_LIMIT, TABLE_ROWS_PAGE, type EntityRef } from '../src/protocol/dashboard';
import { type TableViewState } from '../src/core/table';
import { TREND_GROUPINGS, type TrendGrouping } from '../src/core/trendGroups';

/** What the dashboard remembers across hide/show (getState/setState) and reloads (the serializer). */
export interface UiState {
  v: 1;
  tab: Dimension;
  tables: Record<Dimension, TableViewState>;
  /** Expanded accordion rows by dimension (user and model tables). */
  open: Record<Dimension, string[]>;
  /** Rows shown per table ("Show more" adds a page). */
  limits: Record<Dimension, number>;
  /** The day the tables are narrowed to, `YYYY-MM-DD`. */
  day: string | null;
  focus: EntityRef | null;
  /** Spending Trends: bars by day, week or month, and the dimension they are stacked by (null: the plain total). */
  trend: { grouping: TrendGrouping; stackBy: Dimension | null };
}

export function defaultState(): UiState {
  return {
    v: 1,
    tab: 'worker',
    tables: { worker: {}, user: {}, model: {}, team: {} },
    open: { worker: [], user: [], model: [], team: [] },
    limits: { worker: TABLE_ROWS_PAGE, user: TABLE_ROWS_PAGE, model: TABLE_ROWS_PAGE, team: TABLE_ROWS_PAGE },
    day: null,
    focus: null,
    trend: { grouping: 'day', stackBy: null },
  };
}

/** The saved state if it still fits this version, field by field; anything odd falls back to the default. */
export function restoreState(saved: unknown): UiState {
  const state = defaultState();
  if (!isRecord(saved)) return state;
  const s = saved;
  if (s.v !== 1) return state;
  if (isDimension(s.tab)) state.tab = s.tab;
  if (isDay(s.day)) state.day = s.day;
  if (isEntityRef(s.focus)) state.focus = s.focus;
  if (isRecord(s.trend)) {
    const { grouping, stackBy } = s.trend;
    if ((TREND_GROUPINGS as readonly unknown[]).includes(grouping)) state.trend.grouping = grouping as TrendGrouping;
    if (isDimension(stackBy)) state.trend.stackBy = stackBy;
  }
  const tables = isRecord(s.tables) ? s.tables : undefined;
  const open = isRecord(s.open) ? s.open : undefined;
  const limits = isRecord(s.limits) ? s.limits : undefined;
  for (const d of DIMENSIONS) {
    if (tables && isTableViewState(tables[d])) state.tables[d] = tables[d];
    const rows = open?.[d];
    if (Array.isArray(rows)) state.open[d] = rows.filter((r): r is string => typeof r === 'string').slice(0, MAX_OPEN_ROWS);
    const limit = limits?.[d];
    if (typeof limit === 'number' && Number.isInteger(limit) && limit >= TABLE_ROWS_PAGE && limit <= TABLE_MAX_LIMIT) state.limits[d] = limit;
  }
  return state;
}
