/**
 * What every usage file reader shares: the options, the load report, the file error, the sink that
 * counts rows into the builder and the report, and the check for the required columns.
 */
import { describeSynonyms, matchColumns, type ColumnIndexes, type ColumnMapping } from '../../columns';
import { messageOf } from '../../errors';
import { parseRow } from '../../parse';
import { MAX_MODELS } from '../../store';
import { type StoreBuilder } from '../../storeBuilder';
import { type Undecodable } from './decode';
import { type UsageFileFormat } from './format';

export interface LoadReport {
  /** The file name as given. */
  file: string;
  format: UsageFileFormat;
  /** Data rows read (blank lines and the header not counted): added + duplicates + skipped. */
  rows: number;
  added: number;
  /** Rows whose event id had been seen before (first occurrence wins). */
  duplicates: number;
  /** Rows that could not be read. */
  skipped: number;
  /** The first few skipped rows as `file:line: reason` (JSON arrays: `file:#index: reason`). */
  samples: string[];
  /** Lines where bytes could not be decoded (read as U+FFFD); warn with undecodableWarning. */
  undecodable?: Undecodable;
}

export interface LoadOptions {
  /** Explicit columns: field -> header (or JSON key) as written in the file; overrides the guess. */
  mapping?: ColumnMapping;
  signal?: AbortSignal;
  /** Piece size in chars (text) or bytes (bytes, files); defaults to 1 MiB. Small values let tests cut rows anywhere. */
  chunkSize?: number;
  /** Added to the line numbers of samples: the text read starts this many lines into the file (after its header). */
  lineOffset?: number;
}

/** A file that cannot be loaded at all: unreadable, empty, invalid JSON, or without timestamp or cost column. */
export class UsageFileError extends Error {
  override readonly name = 'UsageFileError';
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
  }
}

export const MAX_SAMPLES = 5;

/** Why an event whose model would be one too many for the store is skipped. */
export const MODEL_LIMIT_REASON = `its model would be model ${(MAX_MODELS + 1).toLocaleString('en-US')}; a view holds at most ${MAX_MODELS.toLocaleString('en-US')} distinct models, so the row is skipped`;

export function unreadable(file: string, error: unknown): UsageFileError {
  const code = (error as { code?: string }).code;
  const reason =
    code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : messageOf(error);
  return new UsageFileError(`Cannot read ${file}: ${reason}.`, file);
}

/** Counts rows into the builder and the report. */
export class Sink {
  readonly report: LoadReport;
  constructor(
    file: string,
    format: UsageFileFormat,
    private readonly builder: StoreBuilder,
    /** Added to line numbers in samples (a chunk of a file starts further down). */
    private readonly lineOffset = 0,
  ) {
    this.report = { file, format, rows: 0, added: 0, duplicates: 0, skipped: 0, samples: [] };
  }

  accept(row: readonly unknown[], columns: ColumnIndexes, where: string | number): void {
    const report = this.report;
    report.rows++;
    const event = parseRow(row, columns);
    if (typeof event === 'string') this.skip(where, event);
    else if (!this.builder.admitsModel(event.model)) this.skip(where, MODEL_LIMIT_REASON);
    else if (this.builder.add(event)) report.added++;
    else report.duplicates++;
  }

  skip(where: string | number, reason: string): void {
    const report = this.report;
    report.skipped++;
    if (report.samples.length < MAX_SAMPLES) report.samples.push(`${report.file}:${typeof where === 'number' ? where + this.lineOffset : where}: ${reason}`);
  }
}

/** Moves a report's line numbers (samples, undecodable lines) `offset` lines down: its text was read without the lines before it. */
export function shiftLines(report: LoadReport, offset: number): void {
  if (offset === 0) return;
  const prefix = `${report.file}:`;
  report.samples = report.samples.map((sample) => {
    const m = /^(\d+):/.exec(sample.slice(prefix.length));
    return sample.startsWith(prefix) && m ? `${prefix}${Number(m[1]) + offset}${sample.slice(prefix.length + m[1].length)}` : sample;
  });
  if (report.undecodable !== undefined) report.undecodable = { ...report.undecodable, firstLine: report.undecodable.firstLine + offset };
}

/** Names shown in a message, and the longest shown whole: messages stay one short line. */
const MESSAGE_NAMES = 10;
const MESSAGE_NAME_CHARS = 40;

/** A name for a message: quoted, escaped, and cut to MESSAGE_NAME_CHARS with `…`. */
export function shortName(name: string): string {
  return JSON.stringify(name.length > MESSAGE_NAME_CHARS ? `${name.slice(0, MESSAGE_NAME_CHARS)}…` : name);
}

/** `"a", "b", … and 12 more` from the columns of a file (and, for JSON, its other keys). */
function describeColumns(headers: readonly string[], others?: { others: readonly string[]; otherCount: number }): string {
  const all = others ? [...headers, ...others.others.slice(0, MESSAGE_NAMES)] : headers;
  const total = headers.length + (others?.otherCount ?? 0);
  if (total === 0) return '(none)';
  const shown = all.slice(0, MESSAGE_NAMES).map(shortName).join(', ');
  return total > MESSAGE_NAMES ? `${shown} and ${total - Math.min(MESSAGE_NAMES, all.length)} more` : shown;
}

export function requireColumns(
  file: string,
  headers: readonly string[],
  options: LoadOptions,
  strictMapping: boolean,
  others?: { others: readonly string[]; otherCount: number },
): ColumnIndexes {
  const { columns, missing } = matchColumns(headers, options.mapping);
  const found = describeColumns(headers, others);
  for (const m of missing) {
    if (strictMapping || m.field === 'timestamp' || m.field === 'cost') {
      throw new UsageFileError(
        `${file}: the column mapping names ${shortName(m.header)} for ${m.field}, but there is no such column; columns found: ${found}.`,
        file,
      );
    }
  }
  for (const field of ['timestamp', 'cost'] as const) {
    if (columns[field] < 0) {
      throw new UsageFileError(
        `${file}: no recognisable ${field} column (expected one of ${describeSynonyms(field)}, or a column mapping); columns found: ${found}.`,
        file,
      );
    }
  }
  return columns;
}
