/**
 * Limits that keep a hostile CSV file from costing more than linear work or taking good rows
 * with it: a header line that never ends, and a quoted field that never closes.
 */

/** Longest header line (and longest line without a break that is waited for). */
export const MAX_LINE_CHARS = 1 << 20;
/** A quoted field may hold line breaks, but a record still open after this many lines or chars is a bad row. */
export const MAX_RECORD_LINES = 1000;
export const MAX_RECORD_CHARS = 1 << 20;

/** The first physical line of a runaway record: [start, next), next being the index after its line break. */
export interface RunawayRecord {
  start: number;
  next: number;
  /** What gave it away: too many lines or chars, or the end of the file. */
  limit: 'lines' | 'chars' | 'end';
}

/**
 * Finds the first record of `text` (which begins at a record start) whose quoted field stays open
 * past MAX_RECORD_LINES lines or MAX_RECORD_CHARS chars, or, when the text is the end of the
 * file, to its end. One pass over the chars; `breakCode` is the line break char (10 or 13). As
 * the CSV parser reads it, a quote opens a field only at the start of a cell (a quote inside an
 * unquoted cell is a character of it), and `""` inside a quoted field is one quote.
 */
export function findRunawayRecord(text: string, breakCode: number, final: boolean, delimiter = 44): RunawayRecord | undefined {
  const n = text.length;
  let recordStart = 0;
  let lines = 0;
  let open = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      if (open) {
        if (i + 1 < n && text.charCodeAt(i + 1) === 34) i++;
        else open = false;
      } else {
        const before = i === 0 ? breakCode : text.charCodeAt(i - 1);
        if (before === delimiter || before === breakCode || before === 10 || before === 13) open = true;
      }
    } else if (c === breakCode) {
      if (!open) {
        recordStart = i + 1;
        lines = 0;
      } else if (++lines > MAX_RECORD_LINES) return firstLine(text, recordStart, breakCode, 'lines');
    }
    if (open && i - recordStart > MAX_RECORD_CHARS) return firstLine(text, recordStart, breakCode, 'chars');
  }
  return final && open ? firstLine(text, recordStart, breakCode, 'end') : undefined;
}

function firstLine(text: string, start: number, breakCode: number, limit: RunawayRecord['limit']): RunawayRecord {
  const end = text.indexOf(String.fromCharCode(breakCode), start);
  return { start, next: end < 0 ? text.length : end + 1, limit };
}
