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

/** Plans up to `pieces` chunks of CSV `bytes` of at least `minBytes` each; undefined when the file should be read whole. */
export function planCsvChunks(bytes: Uint8Array, pieces: number, minBytes = 1 << 20): CsvPlan | undefined {
  const n = bytes.length;
  if (pieces < 2 || n < 2 * minBytes) return undefined;
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
  if (bytes[p - 1] === CR) {
    // CRLF: fine. A CR-only file has no LF here in its first line and never reaches this point with one.
  }
  const crlf = bytes[p - 1] === CR;
  if (!crlf && bytes.indexOf(CR, 0) >= 0 && bytes.indexOf(CR, 0) < p) return undefined; // CR line ends: read whole
  let delimiter = 44;
  let best = 0;
  for (const [d, count] of counts) if (count > best) [delimiter, best] = [d, count];
  const headerEnd = p + 1;

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
function nextRowEnd(bytes: Uint8Array, from: number, crlf: boolean): number {
  let nl = bytes.indexOf(LF, from);
  if (crlf) while (nl > 0 && bytes[nl - 1] !== CR) nl = bytes.indexOf(LF, nl + 1);
  return nl;
}
