/**
 * CSV usage files, parsed in pieces with papaparse's Parser (each row an array, no per-row
 * objects; columns resolved once per file), with an in-place fast path for quote-free text, and
 * the row kernel (csvKernelRows.ts) for pieces given as bytes.
 */
import { Parser } from 'papaparse';
import { USAGE_FIELDS, type ColumnIndexes } from '../../columns';
import { UNKNOWN } from '../../model';
import { MAX_MODELS, MAX_RUNS } from '../../store';
import { type StoreBuilder } from '../../storeBuilder';
import { uncachedInput } from '../../parse';
import { inInstantRange, isoFastRange } from '../../parseTimestamps';
import { digitsRange, plainDecimalMicrosRange } from '../../parseNumbers';
import { type Dictionary } from '../../dictionary';
import { MAX_LINE_CHARS, MAX_RECORD_LINES, findRunawayRecord } from './csvLimits';
import { breaksInRow, cellText, countOutsideQuotes, isCleanRange, isEmptyRow, tokensRange } from './csvCells';
import { Sink, UsageFileError, requireColumns, type LoadOptions, type LoadReport } from './report';
import { KernelRowReader } from './csvKernelRows';

const DELIMITERS = [',', ';', '\t', '|'];
/** A non-ASCII char of a Latin-1 view. */
const HIGH = /[\x80-\xff]/g;

/**
 * Feeds CSV text to papaparse in pieces. Each piece is parsed up to its last complete row (the
 * rest waits for the next piece), so quoted fields may span pieces. Physical line numbers are
 * kept by counting line breaks: when a piece has as many breaks as rows, rows are one line each;
 * otherwise some quoted field holds a line break, and the breaks inside each row's fields are counted.
 */
export class CsvReader {
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
  /** The UTF-8 bytes of the text being scanned when it is their Latin-1 view (see push). */
  private raw: Buffer | undefined;
  /** In a Latin-1 view: where the next non-ASCII char is at or after the current row (-1: not looked for yet). */
  private nextHigh = -1;
  /** In a Latin-1 view: the current row has non-ASCII chars (a cell with any is then read by parseRow). */
  private rowHigh = false;
  /** Chars up to the end of the header row's line break, once start() has found it (0 after it is read). */
  private headerLength = 0;
  /** The bytes of the piece being read by pushView, and their Latin-1 view once made. */
  private bytes: Buffer | undefined;
  private view: string | undefined;
  /** The row kernel's reader once made (null: this file's columns cannot use it). */
  private kernel: KernelRowReader | null | undefined;

  constructor(
    private readonly file: string,
    private readonly builder: StoreBuilder,
    private readonly options: LoadOptions,
  ) {
    this.sink = new Sink(file, 'csv', builder, options.lineOffset);
  }

  /** The next piece of text. */
  push(text: string): void {
    if (text.length === 0) return;
    this.pending = this.pending.length === 0 ? text : this.pending + text;
    if (this.pending.length < this.retryAt) return;
    this.parse(false);
  }

  /**
   * The next piece as bytes whose Latin-1 view is its text (see FileDecoder.bytes): all ASCII, or
   * with `nonAscii` valid UTF-8. When the piece can go through the quote-free fast path whole,
   * the row kernel reads its rows from the bytes, and the view is made only if a row is left to
   * this reader, which locates its cells in the view and takes them as text from the bytes.
   * Otherwise the bytes are decoded and pushed as text.
   */
  pushView(bytes: Buffer, nonAscii: boolean): void {
    const decoded = (from: number, to = bytes.length): string => bytes.toString(nonAscii ? 'utf8' : 'latin1', from, to);
    let at = 0;
    // The lines up to the header row one by one, so the rest of the piece can take the fast path.
    while (this.columns === undefined && this.pending.length === 0 && this.retryAt === 0) {
      const lf = bytes.indexOf(10, at);
      if (lf < 0) break;
      this.push(decoded(at, lf + 1));
      at = lf + 1;
    }
    if (at > 0) bytes = bytes.subarray(at);
    if (this.columns === undefined || this.pending.length > 0 || this.retryAt > 0) {
      this.push(decoded(0));
      return;
    }
    if (bytes.length === 0) return;
    // With quotes, the kernel reads rows while it can (cells quoted whole); the rest of the piece is read as text.
    const quoted = bytes.indexOf(34) >= 0;
    let rest = 0;
    this.raw = nonAscii ? bytes : undefined;
    this.bytes = bytes;
    this.nextHigh = -1;
    try {
      if (quoted) rest = this.kernelFromStart();
      else this.scanPlain(undefined, bytes.length, false);
    } finally {
      this.raw = this.bytes = this.view = undefined;
    }
    this.options.signal?.throwIfAborted();
    if (quoted) {
      if (rest < bytes.length) this.push(decoded(rest));
      return;
    }
    // A row still waiting for its end is kept as text, decoded.
    if (nonAscii && this.pending.length > 0) this.pending = bytes.toString('utf8', bytes.length - this.pending.length);
  }

  /** The rows the kernel reads from the start of the piece (see pushView); returns where it stopped. */
  private kernelFromStart(): number {
    const kernel = this.rowKernel();
    if (kernel === undefined || !kernel.fits()) return 0;
    kernel.setPiece();
    return this.kernelRows(kernel, 0, false);
  }

  /** The Latin-1 view of the bytes of the piece being read, made on first use. */
  private viewText(): string {
    return (this.view ??= this.bytes!.toString('latin1'));
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
    if (this.columns === undefined && this.headerLength > 0 && this.headerLength < input.length) {
      // The header row on its own first, so the rows after it can take the quote-free fast path.
      const head = this.headerLength;
      this.headerLength = 0;
      this.parseRows(input.slice(0, head), false);
      input = this.pending = this.pending + input.slice(head);
      if (input.length === 0) return;
    }
    if (this.columns !== undefined && input.indexOf('"') >= 0) input = this.skipRunawayRecords(input, final);
    this.parseRows(input, final);
  }

  /**
   * Skips each record whose quoted field never closes (within MAX_RECORD_LINES lines, or before
   * the end of the file) as one bad row, and goes on at the line after its first line: one
   * stray quote costs its own row, never the good rows after it. Rows before it are read first.
   */
  private skipRunawayRecords(input: string, final: boolean): string {
    for (
      let bad = findRunawayRecord(input, this.breakCode, final, this.delimiterCode);
      bad !== undefined;
      bad = findRunawayRecord(input, this.breakCode, final, this.delimiterCode)
    ) {
      // The rows before it end with a line break: read as text that more may follow, so every
      // line is counted, a blank last one too (read as the end of a file, it was not).
      if (bad.start > 0) this.parseRows(input.slice(0, bad.start), false);
      this.sink.report.rows++;
      const where = bad.limit === 'end' ? 'before the end of the file' : bad.limit === 'lines' ? `within ${MAX_RECORD_LINES} lines` : 'within 1 MiB';
      this.sink.skip(this.line, `a quoted field is not closed ${where}; the row is skipped`);
      this.line++;
      input = input.slice(bad.next);
      this.retryAt = 0;
    }
    this.pending = input;
    return input;
  }

  private parseRows(input: string, final: boolean): void {
    if (input.length === 0) {
      if (final) this.pending = '';
      return;
    }
    if (this.columns !== undefined && input.indexOf('"') < 0) {
      this.scanPlain(input, input.length, final);
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
    // The last row of a final parse has no break after it; when the text ends with one, that last
    // row is the empty one papaparse reads after it, so it is not counted either. (Counting it
    // made a quoted line break go uncounted when it evened the numbers out.)
    const terminated = final ? rows.length - 1 : rows.length;
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
   * (acceptPlain); only other rows are cut into cells, into one reused row. Without `input`, the
   * text is the view of the bytes pushView reads: rows go to the row kernel first, and the view is
   * made only when a row is left to this reader.
   */
  private scanPlain(input: string | undefined, n: number, final: boolean): void {
    const starts = this.starts;
    const ends = this.ends;
    const width = starts.length;
    const wanted = this.wanted;
    const used = this.usedColumns;
    const dch = String.fromCharCode(this.delimiterCode);
    const bch = this.breakCode === 13 ? '\r' : '\n';
    const crlf = this.newline === '\r\n';
    const raw = this.raw;
    const kernel = input === undefined ? this.rowKernel() : undefined;
    kernel?.setPiece();
    this.rowHigh = false;
    let pos = 0;
    let nextDelim = input === undefined ? -1 : input.indexOf(dch);
    while (pos < n) {
      if (kernel !== undefined && kernel.ready()) {
        pos = this.kernelRows(kernel, pos, final);
        if (pos >= n) break;
      }
      if (input === undefined) {
        input = this.viewText();
        nextDelim = input.indexOf(dch, pos);
      }
      for (let k = 0; k < used.length; k++) starts[used[k]] = -1;
      let nl = input.indexOf(bch, pos);
      let inner = 0;
      // A lone \n in a \r\n file stays in its cell, as papaparse keeps it.
      if (crlf)
        while (nl >= 0 && input.charCodeAt(nl - 1) !== 13) {
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
      if (raw !== undefined) this.rowHigh = this.highBefore(input, pos, nl);
      pos = nl + 1;
      if (!this.acceptPlain(input)) {
        const row = this.scratch;
        for (let k = 0; k < used.length; k++) {
          const c = used[k];
          row[c] = starts[c] < 0 ? undefined : this.cell(input, starts[c], ends[c]);
        }
        this.acceptRow(row, line);
      }
    }
    this.pending = final || pos >= n || input === undefined ? '' : input.slice(pos);
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
    let inputTokens = tokensRange(s, columns.inputTokens, starts, ends);
    if (inputTokens === -2) return false;
    const cacheReadTokens = tokensRange(s, columns.cacheReadTokens, starts, ends);
    if (cacheReadTokens === -2) return false;
    if (inputTokens >= 0) inputTokens = uncachedInput(inputTokens, cacheReadTokens, columns);
    const cacheWriteTokens = tokensRange(s, columns.cacheWriteTokens, starts, ends);
    if (cacheWriteTokens === -2) return false;
    const outputTokens = tokensRange(s, columns.outputTokens, starts, ends);
    if (outputTokens === -2) return false;
    const teamCol = columns.team;
    const teamStart = teamCol >= 0 ? starts[teamCol] : -1;
    const hasTeam = teamStart >= 0 && ends[teamCol] > teamStart;
    if (hasTeam && !isCleanRange(s, teamStart, ends[teamCol])) return false;

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
    // In a Latin-1 view, an id with non-ASCII chars is read by parseRow (from the decoded bytes).
    if (
      this.rowHigh &&
      (this.hasHigh(s, idCol) || this.hasHigh(s, workerCol) || this.hasHigh(s, userCol) || this.hasHigh(s, modelCol) || this.hasHigh(s, teamCol))
    )
      return false;
    // A full model dictionary: Sink.accept decides whether this row's model still fits.
    if (this.builder.dictionaries.models.size >= MAX_MODELS) return false;

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
    let teamCode = -1;
    if (hasTeam) {
      const teams = dictionaries.teams;
      teamCode = teams.codeOfRange(s, teamStart, ends[teamCol]);
      if (teamCode < 0) {
        const team = s.slice(teamStart, ends[teamCol]);
        teamCode = teams.intern(team, team);
      }
    }
    builder.addCoded(timestamp, workerCode, userCode, modelCode, runs, costMicros, inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, teamCode);
    report.added++;
    return true;
  }

  /** The kernel's reader for this file, made on first use; undefined when its columns never have the common shape. */
  private rowKernel(): KernelRowReader | undefined {
    if (this.kernel === undefined) {
      const piece = { bytes: () => this.bytes!, nonAscii: () => this.raw !== undefined, view: () => this.viewText() };
      this.kernel =
        KernelRowReader.make(
          this.builder,
          this.sink.report,
          this.columns!,
          this.starts.length,
          this.delimiterCode,
          this.breakCode,
          this.newline === '\r\n',
          piece,
        ) ?? null;
    }
    return this.kernel ?? undefined;
  }

  /** The kernel's rows from `pos` (see KernelRowReader.read), counted as lines; returns where it stopped. */
  private kernelRows(kernel: KernelRowReader, pos: number, final: boolean): number {
    const { stop, rows } = kernel.read(pos, final);
    this.line += rows;
    return stop;
  }

  /** The code of the id at `start..end`, interning it with the name of column `nameCol` (or the id) when new or still unnamed. */
  private code(dictionary: Dictionary, s: string, start: number, end: number, nameCol: number): number {
    const code = dictionary.codeOfRange(s, start, end);
    if (code >= 0 && !dictionary.isUnnamed(code)) return code;
    const id = s.slice(start, end);
    let name: string | undefined;
    if (nameCol >= 0 && this.starts[nameCol] >= 0) name = cellText(this.cell(s, this.starts[nameCol], this.ends[nameCol]));
    return dictionary.intern(id, name ?? id);
  }

  /** The text of chars `start..end` of the scanned text: from the UTF-8 bytes when it is their Latin-1 view. */
  private cell(s: string, start: number, end: number): string {
    return this.raw !== undefined && this.rowHigh && end > this.nextHigh ? this.raw.toString('utf8', start, end) : s.slice(start, end);
  }

  /** In a Latin-1 view: whether chars `from..to` hold a non-ASCII char. */
  private highBefore(s: string, from: number, to: number): boolean {
    if (this.nextHigh < from) {
      HIGH.lastIndex = from;
      this.nextHigh = HIGH.test(s) ? HIGH.lastIndex - 1 : s.length;
    }
    return this.nextHigh < to;
  }

  /** Whether the located cell of column `col` (-1: none) holds a non-ASCII char. */
  private hasHigh(s: string, col: number): boolean {
    if (col < 0) return false;
    const end = this.ends[col];
    // nextHigh is the row's first non-ASCII char: a cell ending before it has none.
    if (end <= this.nextHigh) return false;
    for (let i = Math.max(this.starts[col], this.nextHigh); i >= 0 && i < end; i++) if (s.charCodeAt(i) > 127) return true;
    return false;
  }

  private acceptRow(row: (string | undefined)[], line: number): void {
    const columns = this.columns!;
    const ts = row[columns.timestamp];
    // A row whose matched cells are all blank (an empty line, or `,,,` as spreadsheets write) is a blank line, not a bad row.
    if ((ts === undefined || ts.length === 0 || ts.charCodeAt(0) <= 32) && isEmptyRow(row, this.usedColumns)) return;
    // In a `;`-delimited file a comma in a cost may be a decimal comma (`1,5`) or a thousands
    // separator (`1,500`): skipped with the reason, never guessed.
    const cost = row[columns.cost];
    if (this.delimiterCode === 59 && cost !== undefined && cost.indexOf(',') >= 0 && cost.length <= 64) {
      this.sink.report.rows++;
      this.sink.skip(line, `cost ${JSON.stringify(cost)} is ambiguous in a ;-delimited file (decimal comma or thousands separator); write it as 1500 or 1.5`);
      return;
    }
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
    if (i - p > MAX_LINE_CHARS) {
      throw new UsageFileError(`${this.file}: the first line is over ${MAX_LINE_CHARS / (1 << 20)} MiB without a line break; not a usage file.`, this.file);
    }
    if (i === n && !final) {
      this.retryAt = n * 2; // rescan only once the text has doubled: linear however long the line
      return false;
    }
    const b = p > 0 ? 0 : i;
    if (input.charCodeAt(b) === 13) {
      if (b + 1 === n && !final) return false;
      this.newline = input.charCodeAt(b + 1) === 10 ? '\r\n' : '\r';
    }
    this.breakCode = this.newline === '\r' ? 13 : 10;
    if (i < n) this.headerLength = i + (this.newline === '\r\n' ? 2 : 1);
    const headerLine = input.slice(p, i);
    if (headerLine.startsWith('\uFFFD\uFFFD') || headerLine.indexOf('\0') >= 0) throw notUtf8(this.file);
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

/** A file decoded as UTF-8 that is really UTF-16 (its byte-order mark reads as two U+FFFD, its ASCII as char + NUL). */
export function notUtf8(file: string): UsageFileError {
  return new UsageFileError(`${file} looks UTF-16 encoded (a UTF-16 byte-order mark or NUL bytes in its first line); save it as UTF-8.`, file);
}
