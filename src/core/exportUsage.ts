import { type Dimension } from './model';
import { dailyToCsv, dailyToJson, eventsToCsv, eventsToJson, rowsToCsv, rowsToJson } from './export';
import { queryUsage, type Filter } from './query';
import { type UsageStore } from './store';
import { unpricedRowIds } from './unpriced';
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
  /**
   * Models no price is known for, when the view's spend is an estimate (agent logs): rows with
   * their events are flagged `unpriced`, and JSON says `estimated: true`.
   */
  unpricedModels?: ReadonlySet<string>;
}

/**
 * The file contents of an export. One function for the CLI, the export command, the tree's
 * "Export This Breakdown" and the dashboard, so all of them write the same bytes for the same view.
 */
export function exportUsage(store: UsageStore, request: ExportRequest): string {
  const { by, format, range, filters, currency } = request;
  if (by === 'event') {
    return format === 'csv' ? eventsToCsv(store, range, filters) : eventsToJson(store, range, filters, { currency });
  }
  const view = queryUsage(store, range, filters);
  if (by === 'day') {
    return format === 'csv' ? dailyToCsv(view.daily) : dailyToJson(view.daily, view, { currency });
  }
  const rows = request.table ? visibleRows(view.tables[by], request.table) : view.tables[by];
  const unpriced = request.unpricedModels && unpricedRowIds(store, range, filters, by, request.unpricedModels);
  return format === 'csv' ? rowsToCsv(by, rows, { columns: request.columns, unpriced }) : rowsToJson(by, rows, view, { currency, unpriced });
}
