/**
 * Where a CSV file can be cut into chunks that parse independently: at row ends outside quoted
 * fields (a quoted field may hold line breaks). Each chunk after the first is parsed with the
 * header in front. Only files whose quoting is regular are cut (every quote opens a field or
 * closes one before a delimiter or line end, and each opened field closes); anything else is
 * read whole, so a cut never changes what is read.
 */

export interface CsvPlan {
  /** Byte offset just after the header row. */
  headerEnd: number;
  /** Line breaks in the header (its physical lines). */
  headerLines: number;
  /** Chunk starts after the first (each just after a row end), ascending. */
  cuts: number[];
  /** Line breaks before each cut. */
  linesBefore: number[];
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** The header row of a CSV file as the chunk planners need it. */
export interface CsvHead {
  /** Byte offset just after the header row. */
  headerEnd: number;
  /** Line breaks in the header (its physical lines). */
  headerLines: number;
  /** The delimiter's byte, as the CSV reader picks it. */
  delimiter: number;
  /** Rows end in CRLF (only an LF after a CR ends a row). */
  crlf: boolean;
}

/**
 * The header of a UTF-8 CSV file from its first bytes; undefined when the file should be read
 * whole (blank lines before the header, CR-only line ends, or no header end in `bytes`).
 */
export function csvHead(bytes: Uint8Array): CsvHead | undefined {
  const n = bytes.length;
  let p = n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if (bytes[p] === LF || bytes[p] === CR) return undefined; // blank lines before the header: read whole
  // The header row and the delimiter, as the CSV reader picks them.
  const counts = new Map<number, number>([
    [44, 0],
    [59, 0],
    [9, 0],
    [124, 0],
  ]);
  let quoted = false;
  let headerLines = 0;
  for (; p < n; p++) {
    const c = bytes[p];
    if (c === QUOTE) quoted = !quoted;
    else if (c === LF) {
      headerLines++;
      if (!quoted) break;
    } else if (!quoted && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  if (p >= n) return undefined;
  // CRLF: fine. A CR-only file has no LF in its first line, so it reaches this point only with a CR before the LF.
  const crlf = bytes[p - 1] === CR;
  const firstCr = bytes.indexOf(CR, 0);
  if (!crlf && firstCr >= 0 && firstCr < p) return undefined; // CR line ends: read whole
  let delimiter = 44;
  let best = 0;
  for (const [d, count] of counts) if (count > best) [delimiter, best] = [d, count];
  return { headerEnd: p + 1, headerLines, delimiter, crlf };
}

/** Plans up to `pieces` chunks of CSV `bytes` of at least `minBytes` each; undefined when the file should be read whole. */
export function planCsvChunks(bytes: Uint8Array, pieces: number, minBytes = 1 << 20): CsvPlan | undefined {
  const n = bytes.length;
  if (pieces < 2 || n < 2 * minBytes) return undefined;
  const head = csvHead(bytes);
  if (head === undefined) return undefined;
  const { headerEnd, headerLines, delimiter, crlf } = head;

  const cuts: number[] = [];
  const linesBefore: number[] = [];
  let pos = headerEnd; // outside quotes, at a row start
  let quote = bytes.indexOf(QUOTE, pos);
  let lines = headerLines;
  let counted = headerEnd;
  const step = (n - headerEnd) / pieces;
  for (let k = 1; k < pieces; k++) {
    const target = Math.max(headerEnd + Math.floor(step * k), pos);
    let cut = -1;
    let from = target;
    while (cut < 0) {
      let nl = nextRowEnd(bytes, from, crlf);
      if (nl < 0) break;
      // Walk the quoted fields that start before this line end.
      while (quote >= 0 && quote < nl) {
        const prev = quote === 0 ? LF : bytes[quote - 1];
        if (prev !== delimiter && prev !== LF) return undefined; // a quote inside a field: irregular
        let close = bytes.indexOf(QUOTE, quote + 1);
        while (close >= 0 && bytes[close + 1] === QUOTE) close = bytes.indexOf(QUOTE, close + 2);
        if (close < 0) return undefined; // never closed
        const after = close + 1 < n ? bytes[close + 1] : LF;
        if (after !== delimiter && after !== LF && after !== CR) return undefined;
        pos = close + 1;
        quote = bytes.indexOf(QUOTE, pos);
        if (close > nl) {
          nl = -2; // the line end was inside the field: look again after it
          break;
        }
      }
      if (nl === -2) {
        from = Math.max(from, pos);
        continue;
      }
      cut = nl + 1;
    }
    if (cut < 0 || cut >= n) break;
    for (let i = bytes.indexOf(LF, counted); i >= 0 && i < cut; i = bytes.indexOf(LF, i + 1)) lines++;
    counted = cut;
    cuts.push(cut);
    linesBefore.push(lines);
    pos = cut;
    if (quote >= 0 && quote < pos) quote = bytes.indexOf(QUOTE, pos);
  }
  return cuts.length === 0 ? undefined : { headerEnd, headerLines, cuts, linesBefore };
}

/** The LF ending a row at or after `from` (in a CRLF file, only an LF after a CR ends a row), or -1. */
export function nextRowEnd(bytes: Uint8Array, from: number, crlf: boolean): number {
  let nl = bytes.indexOf(LF, from);
  if (crlf) while (nl > 0 && bytes[nl - 1] !== CR) nl = bytes.indexOf(LF, nl + 1);
  return nl;
}

/**
 * Follows the quoting of a chunk's bytes, fed in order from a row start: whether it is regular
 * (as planCsvChunks requires: every quote opens a field or closes one before a delimiter or line
 * end) and whether the chunk ends outside a quoted field. A chunk cut at a guessed row end is
 * exact when every chunk before it is regular and ends outside quotes.
 */
export class QuoteWalker {
  private inside = false;
  /** Inside, a quote was the last byte fed: the next byte tells an escaped quote from a close. */
  private quoteAtEnd = false;
  private prev = LF;
  regular = true;

  constructor(private readonly delimiter: number) {}

  feed(bytes: Uint8Array): void {
    const n = bytes.length;
    if (!this.regular || n === 0) return;
    let i = 0;
    if (this.quoteAtEnd) {
      this.quoteAtEnd = false;
      if (bytes[0] === QUOTE)
        i = 1; // an escaped quote: still inside
      else if (!this.closes(bytes[0])) return;
      else this.inside = false;
    }
    while (i < n) {
      if (!this.inside) {
        const q = bytes.indexOf(QUOTE, i);
        if (q < 0) break;
        const before = q === 0 ? this.prev : bytes[q - 1];
        if (before !== this.delimiter && before !== LF) {
          this.regular = false;
          return;
        }
        this.inside = true;
        i = q + 1;
      } else {
        const q = bytes.indexOf(QUOTE, i);
        if (q < 0) break;
        if (q + 1 === n) {
          this.quoteAtEnd = true;
          break;
        }
        if (bytes[q + 1] === QUOTE) {
          i = q + 2;
          continue;
        }
        if (!this.closes(bytes[q + 1])) return;
        this.inside = false;
        i = q + 1;
      }
    }
    this.prev = bytes[n - 1];
  }

  /** True when the chunk fed so far ends outside quoted fields, its quoting regular. */
  get endsOutside(): boolean {
    return this.regular && (!this.inside || this.quoteAtEnd);
  }

  private closes(after: number): boolean {
    if (after === this.delimiter || after === LF || after === CR) return true;
    this.regular = false;
    return false;
  }
}
