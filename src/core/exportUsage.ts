import { type Dimension } from './model';
import { dailyToCsv, dailyToJson, eventsToCsvChunks, eventsToJsonChunks, rowsToCsv, rowsToJson } from './export';
import { queryUsage, type Filter } from './query';
import { type UsageStore } from './store';
import { visibleRows, type TableColumn, type TableViewState } from './table';
import { type ResolvedRange } from './time';

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
}

/**
 * The file contents of an export. One function for the CLI, the export command, the tree's
 * "Export This Breakdown" and the dashboard, so all of them write the same bytes for the same view.
 */
export function exportUsage(store: UsageStore, request: ExportRequest): string {
  return [...exportUsageChunks(store, request)].join('');
}

/**
 * exportUsage as a sequence of pieces whose concatenation is the file, for writing to a stream:
 * event exports come in pieces of a few MiB, so any number of events can be written.
 */
export function* exportUsageChunks(store: UsageStore, request: ExportRequest): Generator<string> {
  const { by, format, range, filters, currency } = request;
  if (by === 'event') {
    yield* format === 'csv' ? eventsToCsvChunks(store, range, filters) : eventsToJsonChunks(store, range, filters, { currency });
    return;
  }
  yield exportTable(store, request);
}

function exportTable(store: UsageStore, request: ExportRequest): string {
  const { by, format, range, filters, currency } = request;
  if (by === 'event') throw new Error('exportTable: events are exported in chunks');
  const view = queryUsage(store, range, filters);
  if (by === 'day') {
    return format === 'csv' ? dailyToCsv(view.daily) : dailyToJson(view.daily, view, { currency });
  }
  const rows = request.table ? visibleRows(view.tables[by], request.table) : view.tables[by];
  return format === 'csv' ? rowsToCsv(by, rows, { columns: request.columns }) : rowsToJson(by, rows, view, { currency });
}
