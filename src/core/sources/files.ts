/**
 * The file source: CSV, JSON (an array of events or `{ "events": [...] }`) and NDJSON usage files
 * into a StoreBuilder. CSV is parsed in chunks with papaparse's Parser and never held whole in one
 * string when read from disk; each row is an array (no per-row objects) and the columns are
 * resolved once per file. Bad rows are skipped and counted, with the first few reported as
 * `file:line: reason`; problems with the file itself throw a UsageFileError naming the file.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Parser } from 'papaparse';
import { USAGE_FIELDS, describeSynonyms, matchColumns, type ColumnIndexes, type ColumnMapping } from '../columns';
import { UNKNOWN } from '../model';
import { MAX_RUNS, MAX_TOKENS, digitsRange, inInstantRange, isoFastRange, parseRow, plainDecimalMicrosRange } from '../parse';
import { type Dictionary, type StoreBuilder } from '../store';

export type UsageFileFormat = 'csv' | 'json' | 'ndjson';

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
}

export interface LoadOptions {
  /** Explicit columns: field -> header (or JSON key) as written in the file; overrides the guess. */
  mapping?: ColumnMapping;
  signal?: AbortSignal;
  /** Piece size in chars (text) or bytes (bytes, files); defaults to 1 MiB. Small values let tests cut rows anywhere. */
  chunkSize?: number;
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
/** Characters handed to the CSV parser at a time. */
const CHUNK_CHARS = 1 << 20;
/** Bytes read from disk at a time. */
const READ_BYTES = 1 << 20;

/** Format from the file extension (`.csv`, `.tsv`, `.json`, `.ndjson`, `.jsonl`), or undefined. */
export function formatFromName(fileName: string): UsageFileFormat | undefined {
  const m = /\.([A-Za-z]+)$/.exec(fileName);
  switch (m?.[1].toLowerCase()) {
    case 'csv':
    case 'tsv':
      return 'csv';
    case 'json':
      return 'json';
    case 'ndjson':
    case 'jsonl':
      return 'ndjson';
    default:
      return undefined;
  }
}

/**
 * Guesses the format of a file's beginning: `[` is JSON; `{` is NDJSON when the first line is a
 * whole object without an `events` array, else JSON; anything else is CSV.
 */
export function sniffFormat(head: string): UsageFileFormat {
  const s = head.replace(/^\uFEFF/, '').trimStart();
  if (s.startsWith('[')) return 'json';
  if (s.startsWith('{')) {
    const nl = s.indexOf('\n');
    const first = (nl < 0 ? s : s.slice(0, nl)).trim();
    try {
      const value: unknown = JSON.parse(first);
      const wrapped = typeof value === 'object' && value !== null && Array.isArray((value as { events?: unknown }).events);
      return wrapped ? 'json' : 'ndjson';
    } catch {
      return 'json';
    }
  }
  return 'csv';
}

/** Loads usage from text already in memory (a BOM is ignored). The format comes from the name, else from the text. */
export function loadUsageText(text: string, fileName: string, builder: StoreBuilder, options: LoadOptions = {}): LoadReport {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const format = formatFromName(fileName) ?? sniffFormat(text.slice(0, 65_536));
  if (format === 'json') return loadJsonText(text, fileName, builder, options);
  const reader = format === 'csv' ? new CsvReader(fileName, builder, options) : new NdjsonReader(fileName, builder, options);
  const size = Math.max(1, options.chunkSize ?? CHUNK_CHARS);
  for (let i = 0; i < text.length; i += size) {
    options.signal?.throwIfAborted();
    reader.push(text.slice(i, i + size));
  }
  return reader.end();
}

/** Loads usage from the bytes of a file (UTF-8, BOM stripped), as the VS Code host reads them through workspace.fs. */
export function loadUsageBytes(bytes: Uint8Array, fileName: string, builder: StoreBuilder, options: LoadOptions = {}): LoadReport {
  const decoder = new TextDecoder('utf-8');
  const format = formatFromName(fileName) ?? sniffFormat(new TextDecoder('utf-8').decode(bytes.subarray(0, 65_536)));
  if (format === 'json') return loadJsonText(decoder.decode(bytes), fileName, builder, options);
  const reader = format === 'csv' ? new CsvReader(fileName, builder, options) : new NdjsonReader(fileName, builder, options);
  const size = Math.max(1, options.chunkSize ?? READ_BYTES);
  for (let i = 0; i < bytes.length; i += size) {
    options.signal?.throwIfAborted();
    reader.push(decoder.decode(bytes.subarray(i, i + size), { stream: true }));
  }
  reader.push(decoder.decode());
  return reader.end();
}

/**
 * Loads a usage file from disk. CSV and NDJSON stream in 1 MiB pieces (never one string for the
 * whole file); JSON is read whole, as it has to be parsed whole.
 */
export async function loadUsageFile(path: string, builder: StoreBuilder, options: LoadOptions = {}): Promise<LoadReport> {
  let format = formatFromName(path);
  if (format === undefined) format = sniffFormat(await readHead(path));
  if (format === 'json') {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path, { signal: options.signal });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw unreadable(path, error);
    }
    return loadJsonText(new TextDecoder('utf-8').decode(bytes), path, builder, options);
  }
  const reader = format === 'csv' ? new CsvReader(path, builder, options) : new NdjsonReader(path, builder, options);
  const decoder = new TextDecoder('utf-8');
  const stream = createReadStream(path, { highWaterMark: Math.max(1, options.chunkSize ?? READ_BYTES) });
  try {
    for await (const chunk of stream) {
      options.signal?.throwIfAborted();
      reader.push(decoder.decode(chunk as Buffer, { stream: true }));
    }
  } catch (error) {
    if (error instanceof UsageFileError || options.signal?.aborted) throw error;
    throw unreadable(path, error);
  } finally {
    stream.destroy();
  }
  reader.push(decoder.decode());
  return reader.end();
}

async function readHead(path: string): Promise<string> {
  try {
    const stream = createReadStream(path, { start: 0, end: 65_535 });
    const parts: Buffer[] = [];
    for await (const chunk of stream) parts.push(chunk as Buffer);
    return new TextDecoder('utf-8').decode(Buffer.concat(parts));
  } catch (error) {
    throw unreadable(path, error);
  }
}

function unreadable(file: string, error: unknown): UsageFileError {
  const code = (error as { code?: string }).code;
  const reason =
    code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error).message;
  return new UsageFileError(`Cannot read ${file}: ${reason}.`, file);
}

// ---- shared ------------------------------------------------------------------------------

/** Counts rows into the builder and the report. */
class Sink {
  readonly report: LoadReport;
  constructor(
    file: string,
    format: UsageFileFormat,
    private readonly builder: StoreBuilder,
  ) {
    this.report = { file, format, rows: 0, added: 0, duplicates: 0, skipped: 0, samples: [] };
  }

  accept(row: readonly unknown[], columns: ColumnIndexes, where: string | number): void {
    const report = this.report;
    report.rows++;
    const event = parseRow(row, columns);
    if (typeof event === 'string') this.skip(where, event);
    else if (this.builder.add(event)) report.added++;
    else report.duplicates++;
  }

  skip(where: string | number, reason: string): void {
    const report = this.report;
    report.skipped++;
    if (report.samples.length < MAX_SAMPLES) report.samples.push(`${report.file}:${where}: ${reason}`);
  }
}

function requireColumns(file: string, headers: readonly string[], options: LoadOptions, strictMapping: boolean): ColumnIndexes {
  const { columns, missing } = matchColumns(headers, options.mapping);
  const found = headers.length === 0 ? '(none)' : headers.map((h) => JSON.stringify(h)).join(', ');
  for (const m of missing) {
    if (strictMapping || m.field === 'timestamp' || m.field === 'cost') {
      throw new UsageFileError(`${file}: the column mapping names "${m.header}" for ${m.field}, but there is no such column; columns found: ${found}.`, file);
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

// ---- CSV ---------------------------------------------------------------------------------

const DELIMITERS = [',', ';', '\t', '|'];

/**
 * Feeds CSV text to papaparse in pieces. Each piece is parsed up to its last complete row (the
 * rest waits for the next piece), so quoted fields may span pieces. Physical line numbers are
 * kept by counting line breaks: when a piece has as many breaks as rows, rows are one line each;
 * otherwise some quoted field holds a line break, and the breaks inside each row's fields are counted.
 */
class CsvReader {
  private readonly sink: Sink;
  private parser: Parser | undefined;
  private pending = '';
  /** Do not reparse a pending text without complete rows until it has grown to this length (keeps huge fields linear). */
  private retryAt = 0;
  private newline: '\n' | '\r' | '\r\n' = '\n';
  /** Char code counted as a line break: `\n` for `\n` and `\r\n`, `\r` for old Mac files. */
  private breakCode = 10;
  /** Physical line number of the next row. */
  private line = 1;
  private columns: ColumnIndexes | undefined;
  private delimiterCode = 44;
  /** For the quote-free fast path: one reused row, and which cells it needs. */
  private scratch: (string | undefined)[] = [];
  private wanted = new Uint8Array(0);
  private usedColumns: number[] = [];
  /** Where each wanted cell of the current plain row starts and ends in the text (-1: the row has no such cell). */
  private starts = new Int32Array(0);
  private ends = new Int32Array(0);
  private dictionaries: StoreBuilder['dictionaries'] | undefined;

  constructor(
    private readonly file: string,
    private readonly builder: StoreBuilder,
    private readonly options: LoadOptions,
  ) {
    this.sink = new Sink(file, 'csv', builder);
  }

  push(text: string): void {
    if (text.length === 0) return;
    this.pending = this.pending.length === 0 ? text : this.pending + text;
    if (this.pending.length < this.retryAt) return;
    this.parse(false);
  }

  end(): LoadReport {
    this.parse(true);
    if (this.columns === undefined) throw new UsageFileError(`${this.file} is empty.`, this.file);
    return this.sink.report;
  }

  private parse(final: boolean): void {
    let input = this.pending;
    if (this.parser === undefined) {
      if (this.line === 1 && input.charCodeAt(0) === 0xfeff) input = this.pending = input.slice(1);
      if (!this.start(input, final)) return;
    }
    if (input.length === 0) return;
    if (this.columns !== undefined && input.indexOf('"') < 0) {
      this.scanPlain(input, final);
      this.options.signal?.throwIfAborted();
      return;
    }
    const result = this.parser!.parse(input, 0, !final) as { data: string[][]; meta: { cursor: number } };
    const rows = result.data;
    const consumed = final ? input.length : result.meta.cursor;
    this.pending = final ? '' : input.slice(consumed);
    this.retryAt = rows.length === 0 && !final ? input.length * 2 : 0;
    if (rows.length === 0) return;

    // Line breaks in the consumed text vs rows ending in one.
    const code = this.breakCode;
    const ch = code === 13 ? '\r' : '\n';
    let breaks = 0;
    for (let i = input.indexOf(ch); i >= 0 && i < consumed; i = input.indexOf(ch, i + 1)) breaks++;
    const terminated = final && consumed > 0 && input.charCodeAt(consumed - 1) !== code ? rows.length - 1 : rows.length;
    const oneLineEach = breaks === terminated;

    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      const line = this.line;
      if (oneLineEach) this.line++;
      else this.line += 1 + breaksInRow(row, code);
      if (this.columns === undefined) {
        if (!isEmptyRow(row, undefined)) this.header(row);
        continue;
      }
      this.acceptRow(row, line);
    }
    this.options.signal?.throwIfAborted();
  }

  /**
   * Text without a quote char, as papaparse's fastMode reads it (split on line ends, then on the
   * delimiter), but in place: no string per line, no array per row, and only the cells of matched
   * columns are located (start and end). Rows of the common shape go straight into the builder
   * (acceptPlain); only other rows are cut into cells, into one reused row.
   */
  private scanPlain(input: string, final: boolean): void {
    const n = input.length;
    const starts = this.starts;
    const ends = this.ends;
    const width = starts.length;
    const wanted = this.wanted;
    const used = this.usedColumns;
    const dch = String.fromCharCode(this.delimiterCode);
    const bch = this.breakCode === 13 ? '\r' : '\n';
    const crlf = this.newline === '\r\n';
    let pos = 0;
    let nextDelim = input.indexOf(dch);
    while (pos < n) {
      for (let k = 0; k < used.length; k++) starts[used[k]] = -1;
      let nl = input.indexOf(bch, pos);
      let inner = 0;
      // A lone \n in a \r\n file stays in its cell, as papaparse keeps it.
      if (crlf) while (nl >= 0 && input.charCodeAt(nl - 1) !== 13) {
        inner++;
        nl = input.indexOf(bch, nl + 1);
      }
      if (nl < 0) {
        if (!final) break; // incomplete last line: wait for more text
        nl = n;
      }
      const lineEnd = crlf && nl < n ? nl - 1 : nl;
      let col = 0;
      let s = pos;
      if (nextDelim >= 0 && nextDelim < s) nextDelim = input.indexOf(dch, s);
      while (nextDelim >= 0 && nextDelim < lineEnd) {
        if (col < width && wanted[col] === 1) {
          starts[col] = s;
          ends[col] = nextDelim;
        }
        col++;
        s = nextDelim + 1;
        nextDelim = input.indexOf(dch, s);
      }
      if (col < width && wanted[col] === 1) {
        starts[col] = s;
        ends[col] = lineEnd;
      }
      const line = this.line;
      this.line += 1 + inner;
      pos = nl + 1;
      if (!this.acceptPlain(input)) {
        const row = this.scratch;
        for (let k = 0; k < used.length; k++) {
          const c = used[k];
          row[c] = starts[c] < 0 ? undefined : input.slice(starts[c], ends[c]);
        }
        this.acceptRow(row, line);
      }
    }
    this.pending = final || pos >= n ? '' : input.slice(pos);
    this.retryAt = pos === 0 && !final ? n * 2 : 0;
  }

  /**
   * The located row (starts/ends in `s`) when every cell it needs has the common shape: plain
   * numbers, a `YYYY-MM-DD[THH:MM:SS[.sss]Z]` timestamp, ids without surrounding white space.
   * Ids are looked up in the dictionaries straight from the text, and names are cut out only for
   * ids not seen before. Returns false, having changed nothing, for any other row: the caller
   * then reads it through parseRow, which gives the same result for rows this accepts.
   */
  private acceptPlain(s: string): boolean {
    const columns = this.columns!;
    const starts = this.starts;
    const ends = this.ends;

    const tsCol = columns.timestamp;
    const tsStart = starts[tsCol];
    if (tsStart < 0) return false;
    const timestamp = isoFastRange(s, tsStart, ends[tsCol]);
    if (!inInstantRange(timestamp)) return false; // also NaN

    const costCol = columns.cost;
    const costStart = starts[costCol];
    if (costStart < 0) return false;
    const costMicros = plainDecimalMicrosRange(s, costStart, ends[costCol]);
    if (Number.isNaN(costMicros)) return false;

    let runs = 1;
    const runsCol = columns.runs;
    if (runsCol >= 0 && starts[runsCol] >= 0 && ends[runsCol] > starts[runsCol]) {
      runs = digitsRange(s, starts[runsCol], ends[runsCol]);
      if (runs < 0 || runs > MAX_RUNS) return false;
    }
    const inputTokens = tokensRange(s, columns.inputTokens, starts, ends);
    if (inputTokens === -2) return false;
    const outputTokens = tokensRange(s, columns.outputTokens, starts, ends);
    if (outputTokens === -2) return false;

    const idCol = columns.id;
    let hasId = false;
    if (idCol >= 0 && starts[idCol] >= 0 && ends[idCol] > starts[idCol]) {
      if (!isCleanRange(s, starts[idCol], ends[idCol])) return false;
      hasId = true;
    }
    const workerCol = columns.workerId;
    const userCol = columns.userId;
    const modelCol = columns.model;
    if (workerCol < 0 || userCol < 0) return false;
    const wStart = starts[workerCol];
    const wEnd = ends[workerCol];
    const uStart = starts[userCol];
    const uEnd = ends[userCol];
    if (wStart < 0 || !isCleanRange(s, wStart, wEnd) || uStart < 0 || !isCleanRange(s, uStart, uEnd)) return false;
    const mStart = modelCol >= 0 ? starts[modelCol] : -1;
    const mEnd = modelCol >= 0 ? ends[modelCol] : -1;
    if (modelCol >= 0 && (mStart < 0 || !isCleanRange(s, mStart, mEnd))) return false;

    // The row is read: from here on it is counted and added exactly as Sink.accept would.
    const report = this.sink.report;
    report.rows++;
    const builder = this.builder;
    if (hasId && !builder.claimIdRange(s, starts[idCol], ends[idCol])) {
      report.duplicates++;
      return true;
    }
    const dictionaries = (this.dictionaries ??= builder.dictionaries);
    const workerCode = this.code(dictionaries.workers, s, wStart, wEnd, columns.workerName);
    const userCode = this.code(dictionaries.users, s, uStart, uEnd, columns.userName);
    const models = dictionaries.models;
    let modelCode: number;
    if (mStart < 0) modelCode = models.intern(UNKNOWN, UNKNOWN);
    else {
      modelCode = models.codeOfRange(s, mStart, mEnd);
      if (modelCode < 0) {
        const model = s.slice(mStart, mEnd);
        modelCode = models.intern(model, model);
      }
    }
    builder.addCoded(timestamp, workerCode, userCode, modelCode, runs, costMicros, inputTokens, outputTokens);
    report.added++;
    return true;
  }

  /** The code of the id at `start..end`, interning it with the name of column `nameCol` (or the id) when new or still unnamed. */
  private code(dictionary: Dictionary, s: string, start: number, end: number, nameCol: number): number {
    const code = dictionary.codeOfRange(s, start, end);
    if (code >= 0 && !dictionary.isUnnamed(code)) return code;
    const id = s.slice(start, end);
    let name: string | undefined;
    if (nameCol >= 0 && this.starts[nameCol] >= 0) name = cellText(s.slice(this.starts[nameCol], this.ends[nameCol]));
    return dictionary.intern(id, name ?? id);
  }

  private acceptRow(row: (string | undefined)[], line: number): void {
    const columns = this.columns!;
    const ts = row[columns.timestamp];
    // A row whose matched cells are all blank (an empty line, or `,,,` as spreadsheets write) is a blank line, not a bad row.
    if ((ts === undefined || ts.length === 0 || ts.charCodeAt(0) <= 32) && isEmptyRow(row, this.usedColumns)) return;
    this.sink.accept(row, columns, line);
  }

  /** Picks line ends and delimiter from the header line; false while more text is needed to tell. */
  private start(input: string, final: boolean): boolean {
    const n = input.length;
    // The header is the first line that is not blank.
    let p = 0;
    while (p < n && (input.charCodeAt(p) === 10 || input.charCodeAt(p) === 13)) p++;
    let i = p;
    let quoted = false;
    for (; i < n; i++) {
      const c = input.charCodeAt(i);
      if (c === 34) quoted = !quoted;
      else if (!quoted && (c === 10 || c === 13)) break;
    }
    if (i === n && !final) return false;
    const b = p > 0 ? 0 : i;
    if (input.charCodeAt(b) === 13) {
      if (b + 1 === n && !final) return false;
      this.newline = input.charCodeAt(b + 1) === 10 ? '\r\n' : '\r';
    }
    this.breakCode = this.newline === '\r' ? 13 : 10;
    const headerLine = input.slice(p, i);
    let delimiter = ',';
    let best = 0;
    for (const d of DELIMITERS) {
      const count = countOutsideQuotes(headerLine, d.charCodeAt(0));
      if (count > best) {
        best = count;
        delimiter = d;
      }
    }
    this.delimiterCode = delimiter.charCodeAt(0);
    this.parser = new Parser({ delimiter, newline: this.newline, quoteChar: '"' });
    return true;
  }

  private header(row: string[]): void {
    const headers = row.map((h) => h.trim());
    if (headers.length > 0 && headers[0].charCodeAt(0) === 0xfeff) headers[0] = headers[0].slice(1);
    const columns = requireColumns(this.file, headers, this.options, true);
    this.columns = columns;
    this.scratch = new Array<string | undefined>(headers.length);
    this.starts = new Int32Array(headers.length).fill(-1);
    this.ends = new Int32Array(headers.length);
    this.wanted = new Uint8Array(headers.length);
    for (const field of USAGE_FIELDS) if (columns[field] >= 0) this.wanted[columns[field]] = 1;
    this.usedColumns = [...new Set(USAGE_FIELDS.map((f) => columns[f]).filter((i) => i >= 0))];
  }
}

/** True when the chars `start..end` are a non-empty cell that parseRow takes as is (no white space or non-ASCII at its ends). */
function isCleanRange(s: string, start: number, end: number): boolean {
  if (end <= start) return false;
  const a = s.charCodeAt(start);
  const b = s.charCodeAt(end - 1);
  return a > 32 && a < 127 && b > 32 && b < 127;
}

/** Token count of column `col` of a located row: the count, -1 when not given, -2 when only parseRow can tell. */
function tokensRange(s: string, col: number, starts: Int32Array, ends: Int32Array): number {
  if (col < 0) return -1;
  const start = starts[col];
  if (start < 0 || ends[col] === start) return -1;
  const v = digitsRange(s, start, ends[col]);
  if (v < 0) return -2;
  return v <= MAX_TOKENS ? v : -1;
}

/** A name cell as parseRow reads it: trimmed, undefined when empty. */
function cellText(v: string): string | undefined {
  const t = v.length > 0 && v.charCodeAt(0) > 32 && v.charCodeAt(v.length - 1) > 32 && v.charCodeAt(0) < 127 && v.charCodeAt(v.length - 1) < 127 ? v : v.trim();
  return t === '' ? undefined : t;
}

function countOutsideQuotes(s: string, code: number): number {
  let count = 0;
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (c === code && !quoted) count++;
  }
  return count;
}

function breaksInRow(row: readonly string[], code: number): number {
  const ch = code === 13 ? '\r' : '\n';
  let n = 0;
  for (const field of row) {
    for (let i = field.indexOf(ch); i >= 0; i = field.indexOf(ch, i + 1)) n++;
  }
  return n;
}

/** True when the given cells (all when `cells` is undefined) are missing or white space. */
function isEmptyRow(row: readonly (string | undefined)[], cells: readonly number[] | undefined): boolean {
  if (cells === undefined) {
    for (const cell of row) if (cell !== undefined && cell.trim() !== '') return false;
  } else {
    for (const i of cells) if (row[i] !== undefined && row[i]!.trim() !== '') return false;
  }
  return true;
}

// ---- JSON and NDJSON ---------------------------------------------------------------------

/** Rows from JSON objects: keys become columns as they are first seen, matched like CSV headers. */
class KeyedRows {
  readonly headers: string[] = [];
  private readonly index = new Map<string, number>();
  columns: ColumnIndexes | undefined;
  private dirty = true;

  /** Registers an object's keys; true when it brought new ones. */
  addKeys(object: Record<string, unknown>): boolean {
    let added = false;
    for (const key in object) {
      if (!this.index.has(key)) {
        this.index.set(key, this.headers.length);
        this.headers.push(key);
        added = true;
      }
    }
    if (added) this.dirty = true;
    return added;
  }

  /** Columns for the keys seen so far (rematched when new keys came). */
  match(file: string, options: LoadOptions): ColumnIndexes {
    if (this.dirty || this.columns === undefined) {
      this.columns = requireColumns(file, this.headers, options, false);
      this.dirty = false;
    }
    return this.columns;
  }

  /** Tries to match; undefined while the keys seen do not yet give a timestamp and a cost. */
  tryMatch(file: string, options: LoadOptions): ColumnIndexes | undefined {
    try {
      return this.match(file, options);
    } catch {
      return undefined;
    }
  }

  row(object: Record<string, unknown>): unknown[] {
    const row = new Array<unknown>(this.headers.length);
    for (const key in object) row[this.index.get(key)!] = object[key];
    return row;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function loadJsonText(text: string, file: string, builder: StoreBuilder, options: LoadOptions): LoadReport {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new UsageFileError(`${file} is empty.`, file);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // A `.json` file that is really NDJSON (one object per line) is read as such.
    if (sniffFormat(text.slice(0, 65_536)) === 'ndjson') {
      const reader = new NdjsonReader(file, builder, options);
      reader.push(text);
      return reader.end();
    }
    throw new UsageFileError(`${file}: invalid JSON ${jsonErrorPlace(text, error as Error)}.`, file);
  }
  const events = Array.isArray(value) ? value : isObject(value) && Array.isArray(value.events) ? (value.events as unknown[]) : undefined;
  if (events === undefined) throw new UsageFileError(`${file}: expected a JSON array of events or an object with an "events" array.`, file);
  const sink = new Sink(file, 'json', builder);
  const keyed = new KeyedRows();
  for (const item of events) if (isObject(item)) keyed.addKeys(item);
  if (events.length === 0) return sink.report;
  const columns = keyed.match(file, options);
  for (let i = 0; i < events.length; i++) {
    if ((i & 0xffff) === 0) options.signal?.throwIfAborted();
    const item = events[i];
    if (isObject(item)) sink.accept(keyed.row(item), columns, `#${i}`);
    else {
      sink.report.rows++;
      sink.skip(`#${i}`, 'not an object');
    }
  }
  return sink.report;
}

/** `at line L, column C (message)` from a JSON.parse error. */
function jsonErrorPlace(text: string, error: Error): string {
  const m = /position (\d+)/.exec(error.message);
  const message = error.message.replace(/^JSON\.parse: /, '');
  if (!m) return /end of JSON/i.test(message) ? `(it ends too early: ${message})` : `(${message})`;
  const position = Number(m[1]);
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < position; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `at line ${line}, column ${position - lineStart + 1} (${message})`;
}

/** NDJSON: one JSON object per line; blank lines ignored; a line that is not an object is skipped. */
class NdjsonReader {
  private readonly sink: Sink;
  private readonly keyed = new KeyedRows();
  private pending = '';
  private line = 0;
  private sawContent = false;
  /** Objects held until the keys seen give a timestamp and a cost column. */
  private held: { object: Record<string, unknown>; line: number }[] | undefined = [];

  constructor(
    private readonly file: string,
    builder: StoreBuilder,
    private readonly options: LoadOptions,
  ) {
    this.sink = new Sink(file, 'ndjson', builder);
  }

  push(text: string): void {
    if (text.length === 0) return;
    let from = this.pending.length;
    const buffer = this.pending.length === 0 ? text : this.pending + text;
    let start = 0;
    for (let nl = buffer.indexOf('\n', from); nl >= 0; nl = buffer.indexOf('\n', from)) {
      this.handle(buffer.slice(start, nl));
      start = from = nl + 1;
    }
    this.pending = buffer.slice(start);
  }

  end(): LoadReport {
    if (this.pending.length > 0) this.handle(this.pending);
    this.pending = '';
    if (!this.sawContent) throw new UsageFileError(`${this.file} is empty.`, this.file);
    if (this.held !== undefined) {
      if (this.held.length > 0) this.keyed.match(this.file, this.options); // throws: no timestamp or cost
      this.flush();
    }
    return this.sink.report;
  }

  private handle(raw: string): void {
    const line = ++this.line;
    const text = this.line === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1).trim() : raw.trim();
    if (text === '') return;
    this.sawContent = true;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      this.sink.report.rows++;
      this.sink.skip(line, `invalid JSON (${(error as Error).message})`);
      return;
    }
    if (!isObject(value)) {
      this.sink.report.rows++;
      this.sink.skip(line, 'not an object');
      return;
    }
    const added = this.keyed.addKeys(value);
    if (this.held !== undefined) {
      this.held.push({ object: value, line });
      if (added && this.keyed.tryMatch(this.file, this.options) !== undefined) this.flush();
      return;
    }
    const columns = added ? this.keyed.match(this.file, this.options) : this.keyed.columns!;
    this.sink.accept(this.keyed.row(value), columns, line);
  }

  private flush(): void {
    const held = this.held ?? [];
    this.held = undefined;
    if (held.length === 0) return;
    const columns = this.keyed.match(this.file, this.options);
    for (const { object, line } of held) this.sink.accept(this.keyed.row(object), columns, line);
  }
}
