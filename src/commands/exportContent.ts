import { type Filter } from '../core/query';
import { type UsageStore } from '../core/store';
import { type TableColumn, type TableViewState } from '../core/table';
import { type ResolvedRange } from '../core/time';
import { type ExportDimension, type ExportFormat } from './exportName';

export interface ExportRequest {
  by: ExportDimension;
  format: ExportFormat;
  range: ResolvedRange;
  filters: readonly Filter[];
  currency: string;
  table?: TableViewState;
  columns?: TableColumn[];
}

/** The file contents for an export: the engine's export, so the CLI and the extension write the same bytes. */
export function renderExport(store: UsageStore, request: ExportRequest): string {
  // TEMPORARY until src/core/exportUsage.ts lands (the engine's export): keeps the bundle building.
  void store;
  throw new Error(`Export (${request.by}, ${request.format}) is not available yet: the engine's export module has not landed.`);
}
