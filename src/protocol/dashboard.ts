/**
 * The one protocol between the dashboard panel host (src/dashboard) and its webview (webview/).
 *
 * - Commands go from the webview to the host and are not answered (`ready`, `setRange`, ...).
 * - Requests go from the webview to the host with an `id`; the host answers with a `response`
 *   carrying the same id (`table`, `drillDown`, `dayTables`, `trendStack`), through a handler object typed by
 *   method ({@link RequestHandlers}).
 * - Notifications go from the host to the webview (`status`, `showTab`, `view`, `response`).
 *
 * Each message is defined once, as a valibot schema; its TypeScript type is inferred from the
 * schema, so the union and the parser cannot drift. Both sides parse what they receive and drop
 * what does not fit. The webview says `ready` before the host posts anything. The host alone owns
 * the focus: the webview asks with `setFocus` and shows the focus each view carries. Only view
 * models cross this line: never raw events. Pure TypeScript: no `vscode`, no DOM.
 */
import { isDashboardStrings, type DashboardStrings } from './strings';
import { isInsightsModel, type InsightsModel } from './insights';
import * as v from 'valibot';
import { DIMENSIONS, type Dimension } from '../core/model';
import { type BreakdownSlice, type DailyPoint, type Totals, type UsageRow } from '../core/query';
import { type TableColumn, type TableViewState } from '../core/table';
import { type TrendStack } from '../core/trendStack';
import { type OverlapMode, type OverlapShare } from '../core/sources/providers/overlap';

export const DASHBOARD_VIEW_TYPE = 'usageExplorer.dashboard';
/** Version 2: `ready` no longer carries a focus (the host owns it). */
export const PROTOCOL_VERSION = 2;

// ---- limits both sides share ---------------------------------------------------------------

/** Rows a table slice carries at most unless asked for more; keeps a message small for any workspace. */
export const TABLE_PAGE_SIZE = 200;
/** Upper bound on rows the host sends for one table request (and on "Show more"). */
export const TABLE_MAX_LIMIT = 5000;
/** Rows each drill-down child table carries at most. */
export const DRILL_DOWN_LIMIT = 100;
/** Rows a table shows at first, and how many more "Show more" adds (twice this). */
export const TABLE_ROWS_PAGE = 50;
/** Expanded rows per table remembered in the webview state. */
export const MAX_OPEN_ROWS = 50;
/** Largest filter text accepted. */
export const MAX_FILTER_LENGTH = 200;
/** Longest entity id accepted. */
export const MAX_ID_LENGTH = 1000;
/** Longest range spec accepted (`YYYY-MM-DD..YYYY-MM-DD` is 22). */
export const MAX_RANGE_SPEC_LENGTH = 100;

const TABLE_COLUMN_IDS = ['name', 'runs', 'users', 'spend', 'share', 'change'] as const satisfies readonly TableColumn[];

// ---- building blocks -----------------------------------------------------------------------

const dimension = v.picklist(DIMENSIONS);
const entityId = v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_ID_LENGTH));
const day = v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/));
const exportFormat = v.picklist(['csv', 'json']);

const entityRefSchema = v.strictObject({ dimension, id: entityId });
export type EntityRef = v.InferOutput<typeof entityRefSchema>;

const tableViewStateSchema = v.strictObject({
  filterText: v.optional(v.pipe(v.string(), v.maxLength(MAX_FILTER_LENGTH))),
  sort: v.optional(v.strictObject({ column: v.picklist(TABLE_COLUMN_IDS), direction: v.picklist(['asc', 'desc']) })),
});

export const isDay = (value: unknown): value is string => v.is(day, value);

const savedFocusSchema = v.looseObject({ focus: entityRefSchema });

/**
 * The focus a restored panel starts with: the webview keeps the focus it last showed in its
 * state (`getState().focus`), which VS Code hands back to the host when it restores the panel.
 */
export function savedFocus(webviewState: unknown): EntityRef | null {
  return v.is(savedFocusSchema, webviewState) ? webviewState.focus : null;
}
export const isEntityRef = (value: unknown): value is EntityRef => v.is(entityRefSchema, value);
export const isTableViewState = (value: unknown): value is TableViewState => v.is(tableViewStateSchema, value);

// ---- view models (host -> webview, built by src/dashboard/viewModel.ts) -----------------

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
  /** The source kind (`demo`, `files`, `http`, `postgres`, `openai`, …; several sources: the first one's). */
  kind: string;
  label: string;
}

/**
 * Spend estimated from tokens at API list prices (agent logs): each such source with its spend in
 * the range and the flat fee the user pays for it, and the models no price is known for.
 */
export interface EstimateModel {
  sources: { kind: string; label: string; spend: number; subscription?: { amount: number; currency: string; label: string } }[];
  /** Models whose tokens have no price (their spend is not counted), with their tokens in the range. */
  unpriced: { model: string; tokens: number }[];
}

/**
 * Agent logs shown beside the organisation that bills them (src/core/sources/providers/overlap.ts):
 * which the totals count, and with the bill counted, the logs' share of it by project and person.
 */
export interface OverlapModel {
  mode: OverlapMode;
  pairs: { logs: string; providers: string; share?: OverlapShare }[];
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
  /** Days of the range (`YYYY-MM-DD`) a provider has not finalised yet (OpenAI, Anthropic): the chart marks them partial. */
  partialDays?: string[];
  breakdown: Record<Dimension, BreakdownSlice[]>;
  /** Each table's first page in the default order (spend, descending). */
  tables: Record<Dimension, TableSlice>;
  /** A worker page URL template is set, so a worker's page can be opened. */
  workerPages: boolean;
  /** Forecast, spikes, budgets and the insights list (absent from hosts that compute none). */
  insights?: InsightsModel;
  /** Present when some spend is an estimate (agent logs). */
  estimate?: EstimateModel;
  /** Agent logs and an organisation's bill are both sources (absent otherwise). */
  overlap?: OverlapModel;
  /** The organisations (OpenAI, Anthropic) whose bill the totals count: their spend per user is allocated. */
  billedBy?: string[];
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

// ---- requests (webview -> host, answered) --------------------------------------------------

const tableParams = v.strictObject({
  dimension,
  state: tableViewStateSchema,
  limit: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(TABLE_MAX_LIMIT)),
  /** Narrow to one day of the range, `YYYY-MM-DD`. */
  day: v.optional(day),
});
const drillDownParams = v.strictObject({ dimension, id: entityId, day: v.optional(day) });
const dayTablesParams = v.strictObject({ day });
/** Spending Trends stacked by a dimension, for the range and focus shown. */
const trendStackParams = v.strictObject({ dimension });

export type TableParams = v.InferOutput<typeof tableParams>;
export type DrillDownParams = v.InferOutput<typeof drillDownParams>;
export type DayTablesParams = v.InferOutput<typeof dayTablesParams>;
export type TrendStackParams = v.InferOutput<typeof trendStackParams>;
export type { TrendStack } from '../core/trendStack';

/** Each request method, its params and its result. */
export interface RequestMap {
  table: { params: TableParams; result: TableSlice };
  drillDown: { params: DrillDownParams; result: DrillDownModel };
  dayTables: { params: DayTablesParams; result: DayTablesModel };
  trendStack: { params: TrendStackParams; result: TrendStack };
}
export type RequestMethod = keyof RequestMap;

const requestId = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
const request = <M extends RequestMethod, P extends v.GenericSchema<unknown, RequestMap[M]['params']>>(method: M, params: P) =>
  v.strictObject({ type: v.literal('request'), id: requestId, method: v.literal(method), params });
const requestSchema = v.variant('method', [
  request('table', tableParams),
  request('drillDown', drillDownParams),
  request('dayTables', dayTablesParams),
  request('trendStack', trendStackParams),
]);
export type RequestMessage = v.InferOutput<typeof requestSchema>;

/** How the host answers each request method. */
export type RequestHandlers = { [M in RequestMethod]: (params: RequestMap[M]['params']) => RequestMap[M]['result'] | Promise<RequestMap[M]['result']> };

/** Answers a request with the handler for its method. */
export function handleRequest(handlers: RequestHandlers, message: RequestMessage): Promise<RequestMap[RequestMethod]['result']> {
  // The variant ties method and params together; TypeScript cannot follow that through an index.
  const handler = handlers[message.method] as (
    params: RequestMessage['params'],
  ) => RequestMap[RequestMethod]['result'] | Promise<RequestMap[RequestMethod]['result']>;
  return Promise.resolve(handler(message.params));
}

// ---- commands (webview -> host) ------------------------------------------------------------

export type { ExportFormat } from '../core/exportUsage';
const perfMark = v.picklist(['firstChartPaint', 'rangeRender']);
export type PerfMark = v.InferOutput<typeof perfMark>;

const commandSchemas = [
  v.strictObject({ type: v.literal('ready'), protocol: v.literal(PROTOCOL_VERSION) }),
  v.strictObject({ type: v.literal('setRange'), range: v.pipe(v.string(), v.maxLength(MAX_RANGE_SPEC_LENGTH)) }),
  v.strictObject({ type: v.literal('refresh') }),
  /** Ask the host to narrow the dashboard to an entity (null: show all). */
  v.strictObject({ type: v.literal('setFocus'), focus: v.nullable(entityRefSchema) }),
  v.strictObject({ type: v.literal('openWorkerPage'), id: entityId }),
  /** Ask the host to add a price for a model (its id prefilled; the user confirms and types the prices). */
  v.strictObject({ type: v.literal('addPriceOverride'), model: v.pipe(v.string(), v.maxLength(MAX_ID_LENGTH)) }),
  /** Open the setting that says whether agent logs or an organisation's bill counts. */
  v.strictObject({ type: v.literal('openOverlapSetting') }),
  v.strictObject({
    type: v.literal('export'),
    format: exportFormat,
    dimension,
    state: tableViewStateSchema,
    columns: v.pipe(v.array(v.picklist(TABLE_COLUMN_IDS)), v.minLength(1), v.maxLength(TABLE_COLUMN_IDS.length)),
    day: v.optional(day),
  }),
  v.strictObject({ type: v.literal('perf'), mark: perfMark, ms: v.pipe(v.number(), v.finite(), v.minValue(0)), seq: v.pipe(v.number(), v.integer()) }),
] as const;
const webviewMessageSchema = v.variant('type', [...commandSchemas, requestSchema]);

export type WebviewCommand = v.InferOutput<(typeof commandSchemas)[number]>;
export type WebviewMessage = v.InferOutput<typeof webviewMessageSchema>;

/**
 * The message if it is a well-formed webview message, else undefined. Unknown types, extra or
 * missing fields and out-of-range values are all rejected: the host never acts on them.
 */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  return v.is(webviewMessageSchema, value) ? value : undefined;
}

export function isRequestMessage(message: WebviewMessage): message is RequestMessage {
  return message.type === 'request';
}

// ---- notifications (host -> webview) -------------------------------------------------------

const statusKind = v.picklist(['loading', 'error', 'empty']);
export type StatusKind = v.InferOutput<typeof statusKind>;

const tableSlice = v.looseObject({ dimension, rows: v.array(v.unknown()), matching: v.number(), total: v.number() });
const tables = v.looseObject({ worker: tableSlice, user: tableSlice, model: tableSlice });
/** A shallow check of a view model: the parts the webview reads before rendering. */
const dashboardModelSchema = v.looseObject({
  seq: v.number(),
  source: v.looseObject({}),
  range: v.looseObject({}),
  currency: v.string(),
  totals: v.looseObject({}),
  previousTotals: v.looseObject({}),
  daily: v.array(v.unknown()),
  breakdown: v.looseObject({}),
  tables,
});
export const isDashboardModel = (value: unknown): value is DashboardModel =>
  v.is(dashboardModelSchema, value) &&
  ((value as { insights?: unknown }).insights === undefined || isInsightsModel((value as { insights?: unknown }).insights));

const hostMessageSchema = v.variant('type', [
  /** First, in answer to `ready`: the dashboard's words and the locale numbers and dates are formatted in. */
  v.object({ type: v.literal('init'), locale: v.string(), strings: v.custom<DashboardStrings>(isDashboardStrings) }),
  v.object({ type: v.literal('status'), status: statusKind, message: v.string() }),
  /** Select a Usage tab (the dashboard was opened on a dimension's list). */
  v.object({ type: v.literal('showTab'), dimension }),
  v.object({ type: v.literal('view'), model: v.custom<DashboardModel>(isDashboardModel) }),
  v.variant('ok', [
    v.object({
      type: v.literal('response'),
      id: requestId,
      ok: v.literal(true),
      result: v.custom<RequestMap[RequestMethod]['result']>((r) => r !== undefined),
    }),
    v.object({ type: v.literal('response'), id: requestId, ok: v.literal(false), error: v.string() }),
  ]),
]);
export type HostMessage = v.InferOutput<typeof hostMessageSchema>;
export type ResponseMessage = Extract<HostMessage, { type: 'response' }>;

/** The message if it is a well-formed host message (the webview's side of validation), else undefined. */
export function parseHostMessage(value: unknown): HostMessage | undefined {
  return v.is(hostMessageSchema, value) ? value : undefined;
}
