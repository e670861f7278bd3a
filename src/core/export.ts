/**
 * Export of what the views show: a dimension table, the daily series, or the raw events of a
 * range, as CSV (papaparse) or JSON.
 *
 * CSV: UTF-8 (optionally with a BOM for spreadsheets that need one), `\r\n` line ends (RFC 4180,
 * papaparse's default) and a final line end; a header row whose first column names what the rows
 * are (`Worker`, `User`, `Model`, `Date`; `Timestamp` for events); plain numbers: spend as an exact
 * decimal with up to 6 places, share and change as percentages rounded to 2 places, change empty
 * when there is nothing to compare with.
 *
 * Spreadsheet safety (OWASP CSV injection): a text cell that starts with `=`, `+`, `-`, `@`, tab,
 * CR or LF, also after leading white space and control characters (C0, C1), gets a `'` in front. Only text cells (names, ids) are
 * touched; numbers are written as numbers, so a negative change stays `-12.5`. We neutralise the
 * cells ourselves rather than with papaparse's `escapeFormulae`: that option tests every cell that
 * is not a JS number, so exact decimal strings such as a credit's spend `-3.25` would be quoted
 * too, and its default pattern misses LF and leading white space.
 *
 * Round trip: loading an events export with the file source gives the same events; a neutralised
 * id or name comes back with its leading `'` (the file source does not guess which `'` were ours),
 * and ids and names come back trimmed, as the file source trims cells.
 */
import { unparse } from 'papaparse';
import { DIMENSION_LABELS, type Dimension, type UsageEvent } from './model';
import { microsToDecimalString, microsToUnits } from './money';
import { filterCodes, type DailyPoint, type Filter, type Totals, type UsageRow } from './query';
import { type TokenSums } from './scan';
import { TOKEN_FIELDS, type TokenField, type UsageStore } from './store';
import { TABLE_COLUMNS, type TableColumn } from './table';
import { type ResolvedRange } from './time';

/** What a JSON export says about where its rows come from; a UsageView is one. */
export interface ExportContext {
  range: ResolvedRange;
  totals: Totals;
}

export interface CsvExportOptions {
  /** Table columns to write, in order (as the dashboard shows them); the name column always comes first. Defaults to the view's columns. */
  columns?: readonly TableColumn[];
  /** Ids of rows whose spend leaves out tokens no price is known for: an `Unpriced` column says `yes` for them (written whenever this is given). */
  unpriced?: ReadonlySet<string>;
  /** How each row's spend was made (`billed`, `allocated`, `estimated`; see spendBasisByRow): a `Spend Basis` column (written whenever this is given). */
  spendBasis?: ReadonlyMap<string, string>;
  /** Start with a UTF-8 byte-order mark (helps some spreadsheet programs detect UTF-8). Default false. */
  bom?: boolean;
}

export interface JsonExportOptions {
  /** ISO 4217 code of the amounts. Default USD. */
  currency?: string;
  /** What the reader must know about how the figures were made (e.g. allocated spend), one line each. */
  notes?: readonly string[];
  /** Ids of rows whose spend leaves out unpriced tokens; when given, every row has `unpriced` and the output `estimated: true`. */
  unpriced?: ReadonlySet<string>;
  /** How each row's spend was made; when given, rows with a basis have `spendBasis` (`billed`, `allocated`, `estimated`). */
  spendBasis?: ReadonlyMap<string, string>;
}

const TOKEN_LABELS: Record<TokenField, string> = {
  inputTokens: 'Input Tokens',
  cacheReadTokens: 'Cache Read Tokens',
  cacheWriteTokens: 'Cache Write Tokens',
  outputTokens: 'Output Tokens',
};

/** The token kinds some row has (the store's token columns). */
function tokenFieldsOf(rows: readonly TokenSums[]): TokenField[] {
  return TOKEN_FIELDS.filter((field) => rows.some((row) => row[field] !== undefined));
}

export const CSV_NEWLINE = '\r\n';

/** Headers of the events CSV; the file source matches each of them, so an events export loads back. */
export const EVENT_CSV_HEADERS = [
  'Timestamp',
  'Worker ID',
  'Worker',
  'User ID',
  'User',
  'Model',
  'Runs',
  'Cost',
  'Input Tokens',
  'Output Tokens',
  'Team',
] as const;

const COLUMN_LABELS: Record<Exclude<TableColumn, 'name'>, string> = {
  runs: 'Runs',
  users: 'Users',
  spend: 'Spend',
  share: 'Share %',
  change: 'Change %',
};

/** Characters a spreadsheet may read as the start of a formula. */
function isFormulaChar(c: number): boolean {
  return c === 61 /* = */ || c === 43 /* + */ || c === 45 /* - */ || c === 64; /* @ */
}

/** Characters a spreadsheet may drop or skip before the first one it reads: C0 and C1 controls, DEL, and white space. */
function isSkippable(c: number): boolean {
  return (
    c <= 0x20 ||
    (c >= 0x7f && c <= 0xa0) ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200b) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * A text cell made safe to open in a spreadsheet: `'` in front when a formula character follows any
 * leading control characters (C0, C1, DEL) and white space, or when it starts with tab, CR or LF
 * (also after such characters). Spreadsheets drop a leading NUL and then read `=1+1` as a formula.
 * Nothing else changes: a name with a newline inside keeps it.
 */
export function neutralizeCell(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 9 || c === 10 || c === 13 || isFormulaChar(c)) return `'${text}`;
    if (!isSkippable(c)) return text;
  }
  return text;
}

/** A ratio as a percentage rounded to 2 decimals (0.12345 -> 12.35). */
export function percent(ratio: number): number {
  const p = Math.round(ratio * 10_000) / 100;
  return p === 0 ? 0 : p; // no -0
}

function toCsv(header: readonly string[], rows: readonly (readonly (string | number)[])[], options: CsvExportOptions): string {
  const body = unparse([header as string[], ...(rows as (string | number)[][])], { newline: CSV_NEWLINE, escapeFormulae: false });
  return `${options.bom ? '\uFEFF' : ''}${body}${CSV_NEWLINE}`;
}

function tableColumns(dimension: Dimension, columns: readonly TableColumn[] | undefined): TableColumn[] {
  const chosen = (columns ?? TABLE_COLUMNS[dimension]).filter((c, i, all) => c !== 'name' && all.indexOf(c) === i);
  return ['name', ...chosen];
}

/** A dimension table as CSV: `Worker,Runs,Users,Spend,Share %,Change %` (users only for workers by default). */
export function rowsToCsv(dimension: Dimension, rows: readonly UsageRow[], options: CsvExportOptions = {}): string {
  const columns = tableColumns(dimension, options.columns);
  const tokens = tokenFieldsOf(rows);
  const unpriced = options.unpriced;
  const header = [
    ...columns.map((c) => (c === 'name' ? DIMENSION_LABELS[dimension] : COLUMN_LABELS[c])),
    ...tokens.map((field) => TOKEN_LABELS[field]),
    ...(unpriced ? ['Unpriced'] : []),
    ...(options.spendBasis ? ['Spend Basis'] : []),
  ];
  const body = rows.map((row) => [
    ...columns.map((c): string | number => {
      switch (c) {
        case 'name':
          return neutralizeCell(row.name);
        case 'runs':
          return row.runs;
        case 'users':
          return row.users;
        case 'spend':
          return microsToDecimalString(row.spendMicros);
        case 'share':
          return percent(row.share);
        case 'change':
          return row.change === null ? '' : percent(row.change);
      }
    }),
    ...tokens.map((field) => Math.round(row[field] ?? 0)),
    ...(unpriced ? [unpriced.has(row.id) ? 'yes' : ''] : []),
    ...(options.spendBasis ? [options.spendBasis.get(row.id) ?? ''] : []),
  ]);
  return toCsv(header, body, options);
}

export function jsonRange(range: ResolvedRange): { from: string; to: string; timeZone: string } {
  return { from: new Date(range.current.from).toISOString(), to: new Date(range.current.to).toISOString(), timeZone: range.timeZone };
}

/** The token sums a row or total has (uncached input, cache read, cache write, output) as integers, only those the store has. */
function jsonTokens(sums: TokenSums & { runsUnknown?: true }): TokenSums & { runsUnknown?: true } {
  const out: TokenSums & { runsUnknown?: true } = {};
  for (const field of TOKEN_FIELDS) {
    const sum = sums[field];
    if (sum !== undefined) out[field] = Math.round(sum);
  }
  if (sums.runsUnknown) out.runsUnknown = true;
  return out;
}

function jsonTotal(totals: Totals): { runs: number; spend: number; users: number } & ReturnType<typeof jsonTokens> {
  return { runs: totals.runs, spend: microsToUnits(totals.spendMicros), users: totals.users, ...jsonTokens(totals) };
}

/**
 * A dimension table as JSON, as the CLI writes it: `{ range: {from, to, timeZone}, dimension,
 * currency, total: {runs, spend, users}, rows: [{id, name, runs, users, spend, share,
 * previousSpend, change}] }`. `from`/`to` are the instants of the half-open range; amounts are in
 * currency units; share is 0..1; change is a ratio or null. Rows and total add `inputTokens`
 * (uncached), `cacheReadTokens`, `cacheWriteTokens`, `outputTokens` when the data has them, and
 * `runsUnknown: true` where no source counted runs; `notes` says how figures were made (e.g. allocated).
 */
export function rowsToJson(dimension: Dimension, rows: readonly UsageRow[], context: ExportContext, options: JsonExportOptions = {}): string {
  const unpriced = options.unpriced;
  const out = {
    range: jsonRange(context.range),
    dimension,
    currency: options.currency ?? 'USD',
    ...(unpriced ? { estimated: true } : {}),
    total: jsonTotal(context.totals),
    rows: rows.map((row) => ({
      id: row.id,
      name: row.name,
      runs: row.runs,
      users: row.users,
      spend: microsToUnits(row.spendMicros),
      share: row.share,
      previousSpend: microsToUnits(row.previousSpendMicros),
      change: row.change,
      ...jsonTokens(row),
      ...(unpriced ? { unpriced: unpriced.has(row.id) } : {}),
      ...(options.spendBasis?.has(row.id) ? { spendBasis: options.spendBasis.get(row.id) } : {}),
    })),
    ...(options.notes && options.notes.length > 0 ? { notes: options.notes } : {}),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** The daily series as CSV: `Date,Runs,Spend`. */
export function dailyToCsv(points: readonly DailyPoint[], options: Pick<CsvExportOptions, 'bom'> = {}): string {
  return toCsv(
    ['Date', 'Runs', 'Spend'],
    points.map((p) => [p.date, p.runs, microsToDecimalString(p.spendMicros)]),
    options,
  );
}

/** The daily series as JSON: `{ range, dimension: "day", currency, total, rows: [{date, runs, spend}] }`. */
export function dailyToJson(points: readonly DailyPoint[], context: ExportContext, options: JsonExportOptions = {}): string {
  const out = {
    range: jsonRange(context.range),
    dimension: 'day',
    currency: options.currency ?? 'USD',
    total: jsonTotal(context.totals),
    rows: points.map((p) => ({ date: p.date, runs: p.runs, spend: microsToUnits(p.spendMicros) })),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** Indices of the store's events in the range's current span that pass the filters. */
function* eventIndices(store: UsageStore, range: ResolvedRange, filters: readonly Filter[]): Generator<number> {
  const codes = filterCodes(store, filters);
  if (!codes) return; // an unknown id matches nothing
  const { worker: fw, user: fu, model: fm, team: ft } = codes;
  const teamCodes = ft >= 0 ? store.codes('team') : undefined;
  const hi = store.lowerBound(range.current.to);
  for (let i = store.lowerBound(range.current.from); i < hi; i++) {
    if (fw >= 0 && store.workerCodes[i] !== fw) continue;
    if (fu >= 0 && store.userCodes[i] !== fu) continue;
    if (fm >= 0 && store.modelCodes[i] !== fm) continue;
    if (teamCodes !== undefined && teamCodes[i] !== ft) continue;
    yield i;
  }
}

/** Events per piece of a streamed events export (a few MiB of text). */
const EVENTS_PER_CHUNK = 20_000;

/**
 * An events export written piece by piece from events given in batches, by any backend (the
 * store's events, or rows read through a database cursor): `head()`, then `batch()` for each
 * batch in order, then `end()`; the pieces joined are the file.
 */
export class EventsExportWriter {
  private any = false;

  constructor(
    readonly format: 'csv' | 'json',
    private readonly range: ResolvedRange,
    private readonly options: JsonExportOptions & Pick<CsvExportOptions, 'bom'> = {},
  ) {}

  head(): string {
    if (this.format === 'csv') return toCsv(EVENT_CSV_HEADERS, [], this.options);
    return `{\n  "range": ${JSON.stringify(jsonRange(this.range))},\n  "currency": ${JSON.stringify(this.options.currency ?? 'USD')},\n  "events": [`;
  }

  batch(events: readonly UsageEvent[]): string {
    if (events.length === 0) return '';
    if (this.format === 'csv') return csvLines(events.map(eventCsvCells));
    const text = `${this.any ? ',\n' : '\n'}${events.map((e) => `    ${JSON.stringify(exportedEvent(e))}`).join(',\n')}`;
    this.any = true;
    return text;
  }

  end(): string {
    if (this.format === 'csv') return '';
    return this.any ? '\n  ]\n}\n' : ']\n}\n';
  }
}

/** One event as a row of the events CSV (text cells neutralised). */
function eventCsvCells(e: UsageEvent): (string | number)[] {
  return [
    new Date(e.timestamp).toISOString(),
    neutralizeCell(e.workerId),
    neutralizeCell(e.workerName),
    neutralizeCell(e.userId),
    neutralizeCell(e.userName),
    neutralizeCell(e.model),
    e.runs,
    microsToDecimalString(e.costMicros),
    e.inputTokens ?? '',
    e.outputTokens ?? '',
    neutralizeCell(e.team ?? ''),
  ];
}

/** The store's events of the range and filters, in pieces of EVENTS_PER_CHUNK, written by `writer`. */
function* storeEventsPieces(store: UsageStore, range: ResolvedRange, filters: readonly Filter[], writer: EventsExportWriter): Generator<string> {
  yield writer.head();
  let batch: UsageEvent[] = [];
  for (const i of eventIndices(store, range, filters)) {
    batch.push(store.event(i));
    if (batch.length === EVENTS_PER_CHUNK) {
      yield writer.batch(batch);
      batch = [];
    }
  }
  if (batch.length > 0) yield writer.batch(batch);
  yield writer.end();
}

/**
 * The events of the range (and filters) as CSV, one line each, oldest first:
 * `Timestamp,Worker ID,Worker,User ID,User,Model,Runs,Cost,Input Tokens,Output Tokens,Team`.
 * Token cells are empty when the source gave none, the team cell when the event has no team.
 * It loads back with the file source.
 */
export function eventsToCsv(store: UsageStore, range: ResolvedRange, filters: readonly Filter[] = [], options: Pick<CsvExportOptions, 'bom'> = {}): string {
  return [...eventsToCsvChunks(store, range, filters, options)].join('');
}

/**
 * eventsToCsv in pieces of EVENTS_PER_CHUNK lines, for writing to a stream: a whole export of
 * millions of events would not fit in one string (V8 caps strings at about 512 MiB).
 */
export function eventsToCsvChunks(
  store: UsageStore,
  range: ResolvedRange,
  filters: readonly Filter[] = [],
  options: Pick<CsvExportOptions, 'bom'> = {},
): Generator<string> {
  return storeEventsPieces(store, range, filters, new EventsExportWriter('csv', range, options));
}

/** Rows as CSV lines, each ending in CRLF. */
function csvLines(rows: (string | number)[][]): string {
  return `${unparse(rows, { newline: CSV_NEWLINE, escapeFormulae: false })}${CSV_NEWLINE}`;
}

/** A normalised event as the JSON export writes it: the event's names and runs, with an ISO time and money in units. */
export interface ExportedEvent extends Pick<UsageEvent, 'workerId' | 'workerName' | 'userId' | 'userName' | 'model' | 'runs'> {
  timestamp: string;
  /** Currency units. */
  cost: number;
  inputTokens: number | null;
  outputTokens: number | null;
  /** The event's team (from the source's column or the teams mapping), null when it has none. */
  team: string | null;
}

function exportedEvent(e: UsageEvent): ExportedEvent {
  const { workerId, workerName, userId, userName, model, runs } = e;
  return {
    timestamp: new Date(e.timestamp).toISOString(),
    ...{ workerId, workerName, userId, userName, model, runs },
    cost: microsToUnits(e.costMicros),
    inputTokens: e.inputTokens ?? null,
    outputTokens: e.outputTokens ?? null,
    team: e.team ?? null,
  };
}

/**
 * The events of the range as JSON: `{ range, currency, events: [...] }` with one event per line.
 * The `events` wrapper is a shape the file source reads, so the export loads back.
 */
export function eventsToJson(store: UsageStore, range: ResolvedRange, filters: readonly Filter[] = [], options: JsonExportOptions = {}): string {
  return [...eventsToJsonChunks(store, range, filters, options)].join('');
}

/** eventsToJson in pieces of EVENTS_PER_CHUNK events, for writing to a stream (see eventsToCsvChunks). */
export function eventsToJsonChunks(
  store: UsageStore,
  range: ResolvedRange,
  filters: readonly Filter[] = [],
  options: JsonExportOptions = {},
): Generator<string> {
  return storeEventsPieces(store, range, filters, new EventsExportWriter('json', range, options));
}
