/**
 * The one protocol between the dashboard panel host (src/dashboard) and its webview (webview/).
 *
 * - Commands go from the webview to the host and are not answered (`ready`, `setRange`, ...).
 * - Requests go from the webview to the host with an `id`; the host answers with a `response`
 *   carrying the same id (`table`, `drillDown`, `dayTables`).
 * - Notifications go from the host to the webview (`status`, `view`, `response`).
 *
 * The webview says `ready` before the host posts anything. Both sides validate what they receive
 * with the guards below and drop what does not fit. Only view models cross this line: never raw
 * events. Pure TypeScript: no `vscode`, no DOM.
 */
import { isDimension, type Dimension } from '../core/model';
import { type BreakdownSlice, type DailyPoint, type Totals, type UsageRow } from '../core/query';
import { type ExportFormat } from '../core/exportUsage';
import { isTableColumn, type TableColumn, type TableViewState } from '../core/table';

export const DASHBOARD_VIEW_TYPE = 'usageExplorer.dashboard';
export const PROTOCOL_VERSION = 1;

/** Rows a table slice carries at most unless asked for more; keeps a message small for any workspace. */
export const TABLE_PAGE_SIZE = 200;
/** Upper bound on rows the host sends for one table request. */
export const TABLE_MAX_LIMIT = 5000;
/** Rows each drill-down child table carries at most. */
export const DRILL_DOWN_LIMIT = 100;
/** Largest filter text accepted. */
export const MAX_FILTER_LENGTH = 200;

// ---- view models -------------------------------------------------------------------------

export interface EntityRef {
  dimension: Dimension;
  id: string;
}

export interface RangeModel {
  /** Preset id or `YYYY-MM-DD..YYYY-MM-DD`. */
  spec: string;
  label: string;
  timeZone: string;
  /** First and last day included, `YYYY-MM-DD`. */
  first: string;
  last: string;
  previousFirst: string;
  previousLast: string;
}

/** Some rows of one dimension's table, filtered and sorted as `state` says. */
export interface TableSlice {
  dimension: Dimension;
  state: TableViewState;
  /** The first rows of the visible order (at most the limit asked for). */
  rows: UsageRow[];
  /** Rows matching the filter. */
  matching: number;
  /** Rows in the table before filtering. */
  total: number;
}

export interface SourceModel {
  kind: 'demo' | 'files' | 'http' | 'postgres';
  label: string;
}

/** Everything the dashboard shows for one range (and focus). */
export interface DashboardModel {
  /** Increases with every view the host posts; echoed in `perf` reports. */
  seq: number;
  source: SourceModel;
  /** When the data was loaded, ms since the epoch. */
  loadedAt: number;
  skipped: number;
  warnings: string[];
  currency: string;
  range: RangeModel;
  presets: { id: string; label: string }[];
  /** The entity the whole dashboard is narrowed to, with its display name. */
  focus: (EntityRef & { name: string }) | null;
  totals: Totals;
  previousTotals: Totals;
  daily: DailyPoint[];
  breakdown: Record<Dimension, BreakdownSlice[]>;
  /** Each table's first page in the default order (spend, descending). */
  tables: Record<Dimension, TableSlice>;
  /** A worker page URL template is set, so a worker's page can be opened. */
  workerPages: boolean;
}

export interface DrillDownModel {
  parent: EntityRef;
  /** The other two dimensions' rows for the entity (first {@link DRILL_DOWN_LIMIT} each). */
  children: Partial<Record<Dimension, TableSlice>>;
}

export interface DayTablesModel {
  day: string;
  tables: Record<Dimension, TableSlice>;
}

// ---- requests ----------------------------------------------------------------------------

export interface TableParams {
  dimension: Dimension;
  state: TableViewState;
  limit: number;
  /** Narrow to one day of the range, `YYYY-MM-DD`. */
  day?: string;
}

export interface DrillDownParams {
  dimension: Dimension;
  id: string;
  day?: string;
}

export interface DayTablesParams {
  day: string;
}

/** Each request method, its params and its result. */
export interface RequestMap {
  table: { params: TableParams; result: TableSlice };
  drillDown: { params: DrillDownParams; result: DrillDownModel };
  dayTables: { params: DayTablesParams; result: DayTablesModel };
}

export type RequestMethod = keyof RequestMap;

export type RequestMessage = {
  [M in RequestMethod]: { type: 'request'; id: number; method: M; params: RequestMap[M]['params'] };
}[RequestMethod];

// ---- webview -> host ---------------------------------------------------------------------

export type { ExportFormat } from '../core/exportUsage';
export type PerfMark = 'firstChartPaint' | 'rangeRender';

export type WebviewCommand =
  | { type: 'ready'; protocol: number; focus: EntityRef | null }
  | { type: 'setRange'; range: string }
  | { type: 'refresh' }
  | { type: 'setFocus'; focus: EntityRef | null }
  | { type: 'openWorkerPage'; id: string }
  | { type: 'export'; format: ExportFormat; dimension: Dimension; state: TableViewState; columns: TableColumn[]; day?: string }
  | { type: 'perf'; mark: PerfMark; ms: number; seq: number };

export type WebviewMessage = WebviewCommand | RequestMessage;

// ---- host -> webview ---------------------------------------------------------------------

export type StatusKind = 'loading' | 'error' | 'empty';

export type ResponseMessage =
  | { type: 'response'; id: number; ok: true; result: RequestMap[RequestMethod]['result'] }
  | { type: 'response'; id: number; ok: false; error: string };

export type HostMessage =
  | { type: 'status'; status: StatusKind; message: string }
  /** Select a Usage tab (the dashboard was opened on a dimension's list). */
  | { type: 'showTab'; dimension: Dimension }
  | { type: 'view'; model: DashboardModel }
  | ResponseMessage;

// ---- validation ---------------------------------------------------------------------------

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasOnly(value: Obj, keys: readonly string[]): boolean {
  return Object.keys(value).every((k) => keys.includes(k));
}

function isShortString(value: unknown, max = 500): value is string {
  return typeof value === 'string' && value.length <= max;
}

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export function isDay(value: unknown): value is string {
  return typeof value === 'string' && DAY_PATTERN.test(value);
}

export function isEntityRef(value: unknown): value is EntityRef {
  return isObject(value) && hasOnly(value, ['dimension', 'id']) && isDimension(value.dimension) && isShortString(value.id, 1000) && value.id !== '';
}

export function isTableViewState(value: unknown): value is TableViewState {
  if (!isObject(value) || !hasOnly(value, ['filterText', 'sort'])) return false;
  if (value.filterText !== undefined && !isShortString(value.filterText, MAX_FILTER_LENGTH)) return false;
  if (value.sort !== undefined) {
    const sort = value.sort;
    if (!isObject(sort) || !hasOnly(sort, ['column', 'direction'])) return false;
    if (!isTableColumn(sort.column) || (sort.direction !== 'asc' && sort.direction !== 'desc')) return false;
  }
  return true;
}

function isOptionalDay(value: unknown): boolean {
  return value === undefined || isDay(value);
}

function isRequestParams(method: unknown, params: unknown): boolean {
  if (!isObject(params)) return false;
  switch (method) {
    case 'table':
      return (
        hasOnly(params, ['dimension', 'state', 'limit', 'day']) &&
        isDimension(params.dimension) &&
        isTableViewState(params.state) &&
        Number.isInteger(params.limit) &&
        (params.limit as number) > 0 &&
        (params.limit as number) <= TABLE_MAX_LIMIT &&
        isOptionalDay(params.day)
      );
    case 'drillDown':
      return (
        hasOnly(params, ['dimension', 'id', 'day']) &&
        isDimension(params.dimension) &&
        isShortString(params.id, 1000) &&
        params.id !== '' &&
        isOptionalDay(params.day)
      );
    case 'dayTables':
      return hasOnly(params, ['day']) && isDay(params.day);
    default:
      return false;
  }
}

/**
 * The message if it is a well-formed webview message, else undefined. Unknown types, extra or
 * missing fields and out-of-range values are all rejected: the host never acts on them.
 */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  if (!isObject(value) || typeof value.type !== 'string') return undefined;
  const v = value;
  switch (v.type) {
    case 'ready':
      return hasOnly(v, ['type', 'protocol', 'focus']) && v.protocol === PROTOCOL_VERSION && (v.focus === null || isEntityRef(v.focus))
        ? (v as WebviewMessage)
        : undefined;
    case 'setRange':
      return hasOnly(v, ['type', 'range']) && isShortString(v.range, 100) ? (v as WebviewMessage) : undefined;
    case 'refresh':
      return hasOnly(v, ['type']) ? (v as WebviewMessage) : undefined;
    case 'setFocus':
      return hasOnly(v, ['type', 'focus']) && (v.focus === null || isEntityRef(v.focus)) ? (v as WebviewMessage) : undefined;
    case 'openWorkerPage':
      return hasOnly(v, ['type', 'id']) && isShortString(v.id, 1000) && v.id !== '' ? (v as WebviewMessage) : undefined;
    case 'export':
      return hasOnly(v, ['type', 'format', 'dimension', 'state', 'columns', 'day']) &&
        (v.format === 'csv' || v.format === 'json') &&
        isDimension(v.dimension) &&
        isTableViewState(v.state) &&
        Array.isArray(v.columns) &&
        v.columns.length > 0 &&
        v.columns.length <= 6 &&
        v.columns.every(isTableColumn) &&
        isOptionalDay(v.day)
        ? (v as WebviewMessage)
        : undefined;
    case 'perf':
      return hasOnly(v, ['type', 'mark', 'ms', 'seq']) &&
        (v.mark === 'firstChartPaint' || v.mark === 'rangeRender') &&
        typeof v.ms === 'number' &&
        Number.isFinite(v.ms) &&
        v.ms >= 0 &&
        Number.isInteger(v.seq)
        ? (v as WebviewMessage)
        : undefined;
    case 'request':
      return hasOnly(v, ['type', 'id', 'method', 'params']) &&
        Number.isSafeInteger(v.id) &&
        (v.id as number) >= 0 &&
        isRequestParams(v.method, v.params)
        ? (v as WebviewMessage)
        : undefined;
    default:
      return undefined;
  }
}

export function isRequestMessage(message: WebviewMessage): message is RequestMessage {
  return message.type === 'request';
}

function isTableSlice(value: unknown): value is TableSlice {
  return isObject(value) && isDimension(value.dimension) && Array.isArray(value.rows) && typeof value.matching === 'number' && typeof value.total === 'number';
}

function isTables(value: unknown): value is Record<Dimension, TableSlice> {
  return isObject(value) && isTableSlice(value.worker) && isTableSlice(value.user) && isTableSlice(value.model);
}

export function isDashboardModel(value: unknown): value is DashboardModel {
  return (
    isObject(value) &&
    typeof value.seq === 'number' &&
    isObject(value.source) &&
    isObject(value.range) &&
    typeof value.currency === 'string' &&
    isObject(value.totals) &&
    isObject(value.previousTotals) &&
    Array.isArray(value.daily) &&
    isObject(value.breakdown) &&
    isTables(value.tables)
  );
}

/** The message if it is a well-formed host message (the webview's side of validation), else undefined. */
export function parseHostMessage(value: unknown): HostMessage | undefined {
  if (!isObject(value)) return undefined;
  switch (value.type) {
    case 'status':
      return (value.status === 'loading' || value.status === 'error' || value.status === 'empty') && typeof value.message === 'string'
        ? (value as HostMessage)
        : undefined;
    case 'showTab':
      return isDimension(value.dimension) ? (value as HostMessage) : undefined;
    case 'view':
      return isDashboardModel(value.model) ? (value as HostMessage) : undefined;
    case 'response':
      return Number.isSafeInteger(value.id) && (value.ok === true ? 'result' in value : value.ok === false && typeof value.error === 'string')
        ? (value as HostMessage)
        : undefined;
    default:
      return undefined;
  }
}
