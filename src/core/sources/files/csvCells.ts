/** Cell and row checks for the CSV reader: what its fast path may take as is, and when a row is empty or cut short. */
import { digitsRange } from '../../parseNumbers';
import { MAX_TOKENS } from '../../store';

/** True when the chars `start..end` are a non-empty cell that parseRow takes as is (no white space or non-ASCII at its ends). */
export function isCleanRange(s: string, start: number, end: number): boolean {
  if (end <= start) return false;
  const a = s.charCodeAt(start);
  const b = s.charCodeAt(end - 1);
  return a > 32 && a < 127 && b > 32 && b < 127;
}

/** Token count of column `col` of a located row: the count, -1 when not given, -2 when only parseRow can tell. */
export function tokensRange(s: string, col: number, starts: Int32Array, ends: Int32Array): number {
  if (col < 0) return -1;
  const start = starts[col];
  if (start < 0 || ends[col] === start) return -1;
  const v = digitsRange(s, start, ends[col]);
  if (v < 0) return -2;
  return v <= MAX_TOKENS ? v : -1;
}

/** A name cell as parseRow reads it: trimmed, undefined when empty. */
export function cellText(v: string): string | undefined {
  const t = v.length > 0 && v.charCodeAt(0) > 32 && v.charCodeAt(v.length - 1) > 32 && v.charCodeAt(0) < 127 && v.charCodeAt(v.length - 1) < 127 ? v : v.trim();
  return t === '' ? undefined : t;
}

export function countOutsideQuotes(s: string, code: number): number {
  let count = 0;
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (c === code && !quoted) count++;
  }
  return count;
}

export function breaksInRow(row: readonly string[], code: number): number {
  const ch = code === 13 ? '\r' : '\n';
  let n = 0;
  for (const field of row) {
    for (let i = field.indexOf(ch); i >= 0; i = field.indexOf(ch, i + 1)) n++;
  }
  return n;
}

/** True when the given cells (all when `cells` is undefined) are missing or white space. */
export function isEmptyRow(row: readonly (string | undefined)[], cells: readonly number[] | undefined): boolean {
  if (cells === undefined) {
    for (const cell of row) if (cell !== undefined && cell.trim() !== '') return false;
  } else {
    for (const i of cells) if (row[i] !== undefined && row[i].trim() !== '') return false;
  }
  return true;
}
