import { type Dimension } from './model';
import { dailyToCsv, dailyToJson, rowsToCsv, rowsToJson } from './export';
import { eventsToCsvChunks, eventsToJsonChunks } from './exportEvents';
import { queryUsage, type Filter, type UsageView } from './query';
import { type UsageStore } from './store';
import { visibleRows, type TableColumn, type TableViewState } from './table';
import { type ResolvedRange } from './time';
import { spendBasisByRow } from './sources/providers/basis';

/** What an export holds: a dimension's table, the daily series, or the raw events. */
export type ExportBy = Dimension | 'day' | 'event';
export type ExportFormat = 'csv' | 'json';

export interface ExportRequest {
  by: ExportBy;
  format: ExportFormat;
  range: ResolvedRange;
  filters: readonly Filter[];
  /** ISO 4217 code written into JSON exports. */
  currency: string;
  /** Filter text and sort of a table as shown on screen: the export holds exactly those rows, in that order. */
  table?: TableViewState;
  /** The table columns shown, in order. */
  columns?: readonly TableColumn[];
  /**
   * When the view's spend is an estimate (agent logs): the ids of the rows (of `by`) with events
   * of a model no price is known for (see unpricedRowIds). Those rows are flagged `unpriced`,
   * and JSON says `estimated: true`.
   */
  unpricedRows?: ReadonlySet<string>;
  /** How each row's spend was made (see spendBasisByRow); exportUsage finds it in the store when not given. */
  spendBasis?: ReadonlyMap<string, string>;
}

/**
 * The file contents of an export. One function for the CLI, the export command, the tree's
 * "Export This Breakdown" and the dashboard, so all of them write the same bytes for the same view.
 */
export function exportUsage(store: UsageStore, request: ExportRequest): string {
  if (request.by === 'event') return exportEventsText(store, request);
  const spendBasis = request.spendBasis ?? (request.by === 'day' ? undefined : spendBasisByRow(store, request.range, request.filters, request.by));
  return exportViewText(queryUsage(store, request.range, request.filters), { ...request, spendBasis }, sourceNotes(store));
}

/** The file contents of an events export: the store's events in the request's range and filters. */
export function exportEventsText(store: UsageStore, request: ExportRequest): string {
  return [...exportEventsChunks(store, request)].join('');
}

/** exportEventsText in pieces of a few MiB whose concatenation is the file, for writing to a stream (one string is capped at about 512 MiB). */
export function exportEventsChunks(store: UsageStore, request: ExportRequest): Generator<string> {
  const { format, range, filters, currency } = request;
  return format === 'csv' ? eventsToCsvChunks(store, range, filters) : eventsToJsonChunks(store, range, filters, { currency });
}

/** The file contents of a table or daily export from a view already computed (by any backend). */
export function exportViewText(view: UsageView, request: ExportRequest, notes: readonly string[] = []): string {
  const { by, format, currency } = request;
  if (by === 'event') throw new Error('An events export reads the events, not a view.');
  if (by === 'day') {
    return format === 'csv' ? dailyToCsv(view.daily) : dailyToJson(view.daily, view, { currency });
  }
  const rows = request.table ? visibleRows(view.tables[by], request.table) : view.tables[by];
  const { unpricedRows: unpriced, spendBasis } = request;
  return format === 'csv'
    ? rowsToCsv(by, rows, { columns: request.columns, unpriced, spendBasis })
    : rowsToJson(by, rows, view, { currency, notes, unpriced, spendBasis });
}

/** What the store's sources say about how their figures were made (e.g. allocated spend), one line each. */
export function sourceNotes(store: UsageStore): string[] {
  return store.sources.flatMap((s) => (s.note ? [`${s.label}: ${s.note}`] : []));
}
