/** Export naming and argument checks: pure, unit-tested in Node (test/unit/export-name.test.ts). */
import { isRecord } from '../core/guards';
import { isDimension } from '../core/model';
import { type Filter } from '../core/query';
import { isTableColumn, type TableColumn, type TableViewState } from '../core/table';
import { formatDay, type ResolvedRange } from '../core/time';

/** What an export holds and its format: the engine's own types, so the command and the CLI cannot drift. */
export type { ExportBy as ExportDimension, ExportFormat } from '../core/exportUsage';
import { type ExportBy as ExportDimension, type ExportFormat } from '../core/exportUsage';

/** What can be exported, in the order the Export command offers it. */
export const EXPORT_DIMENSIONS: readonly ExportDimension[] = ['worker', 'user', 'model', 'day', 'event'];

export function isExportDimension(value: unknown): value is ExportDimension {
  return isDimension(value) || value === 'day' || value === 'event';
}

/** `usage-by-model-2026-10-28_2026-11-26.csv`; narrowed exports name the entity: `usage-by-user-for-triage-bot-….csv`. */
export function defaultExportName(dimension: ExportDimension, format: ExportFormat, range: ResolvedRange, filters: readonly Filter[] = []): string {
  const days = `${formatDay(range.current.firstDay)}_${formatDay(range.current.lastDay)}`;
  const scope = filters.map((f) => `-for-${slugify(f.id)}`).join('');
  return `usage-by-${dimension}${scope}-${days}.${format}`;
}

/** File-name-safe: letters, digits, `.`, `_` and `-` (non-ASCII letters kept), at most 40 characters. */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 40);
  return slug || 'item';
}

/** The arguments `usageExplorer.exportView` accepts (from the dashboard, tests and tree actions). */
export interface ExportViewArgs {
  dimension?: ExportDimension;
  format?: ExportFormat;
  /** Absolute path or URI to write; given, no dialog is shown. */
  target?: string | { scheme: string; path: string; fsPath?: string };
  filters?: Filter[];
  table?: TableViewState;
  columns?: TableColumn[];
  /** A range spec for this export only; defaults to the selected range. */
  range?: string;
}

export class ExportArgsError extends Error {
  override readonly name = 'ExportArgsError';
}

/** Checks arguments from outside (the dashboard, other extensions, tests); throws naming the bad field. */
export function checkExportArgs(value: unknown): ExportViewArgs {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw new ExportArgsError('exportView: arguments must be an object.');
  const args = value;
  if (args.dimension !== undefined && !isExportDimension(args.dimension)) {
    throw new ExportArgsError(`exportView: dimension must be worker, user, model, day or event, not ${JSON.stringify(args.dimension)}.`);
  }
  if (args.format !== undefined && args.format !== 'csv' && args.format !== 'json') {
    throw new ExportArgsError(`exportView: format must be csv or json, not ${JSON.stringify(args.format)}.`);
  }
  if (args.filters !== undefined) {
    if (!Array.isArray(args.filters) || !args.filters.every((f) => isFilter(f))) {
      throw new ExportArgsError('exportView: filters must be an array of { dimension: "worker" | "user" | "model", id: string }.');
    }
  }
  if (args.columns !== undefined && (!Array.isArray(args.columns) || !args.columns.every(isTableColumn))) {
    throw new ExportArgsError('exportView: columns must be an array of name, runs, users, spend, share, change.');
  }
  if (args.range !== undefined && typeof args.range !== 'string') throw new ExportArgsError('exportView: range must be a string.');
  if (args.table !== undefined && !isRecord(args.table)) throw new ExportArgsError('exportView: table must be an object.');
  const target = args.target;
  if (target !== undefined && typeof target !== 'string' && !(isRecord(target) && 'scheme' in target && 'path' in target)) {
    throw new ExportArgsError('exportView: target must be an absolute path or a Uri.');
  }
  return args;
}

function isFilter(value: unknown): value is Filter {
  return isRecord(value) && isDimension(value.dimension) && typeof value.id === 'string';
}
