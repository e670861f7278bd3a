/**
 * Amount and count cells: costs in exact integer micro-units (plain decimals read with char
 * codes, other money text by parseMoneyMicros), whole-number counts, and the numeric-text check.
 */
import { parseMoneyMicros, unitsToMicros } from './money';

/**
 * Longest timestamp, cost, run or token cell read at all (after trimming nothing). The longest
 * real shapes (`2026-01-05T09:30:15.123456789+05:30`, `-US$ 1,234,567,890.123456 USD`) are under
 * 40 characters; longer cells are rejected before any pattern looks at them, so every cell check
 * costs at most this many character steps however long the cell is.
 */
export const MAX_VALUE_CHARS = 64;

/**
 * `[+-](digits[.digits] | .digits)[(e|E)[+-]digits]` by one pass over the chars: the regular
 * expression it replaces backtracked quadratically on long digit runs.
 */
export function isNumericText(s: string): boolean {
  const n = s.length;
  let i = 0;
  if (i < n && (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 45)) i++;
  let mantissa = 0;
  while (i < n && isDigit(s.charCodeAt(i))) {
    i++;
    mantissa++;
  }
  if (i < n && s.charCodeAt(i) === 46) {
    i++;
    while (i < n && isDigit(s.charCodeAt(i))) {
      i++;
      mantissa++;
    }
  }
  if (mantissa === 0) return false;
  if (i < n && (s.charCodeAt(i) === 101 || s.charCodeAt(i) === 69)) {
    i++;
    if (i < n && (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 45)) i++;
    const start = i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    if (i === start) return false;
  }
  return i === n;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * A cost in micro-units: JSON numbers of currency units, or text such as `1234.5`, `-0.25`,
 * `$1,234.50` or `1,234.50`. Exact (no floating point) for text. Undefined when it is not an amount.
 */
export function parseCost(value: unknown): number | undefined {
  if (typeof value === 'string') {
    if (value.length > MAX_VALUE_CHARS) return undefined;
    const fast = plainDecimalMicros(value);
    return Number.isNaN(fast) ? parseMoneyMicros(value) : fast;
  }
  if (typeof value === 'number') return unitsToMicros(value);
  return undefined;
}

/** Safe limit for the whole part so whole * 1e6 + fraction stays an exact integer. */
const MAX_WHOLE = Math.floor(Number.MAX_SAFE_INTEGER / 1_000_000) - 1;
const SCALE = [1_000_000, 100_000, 10_000, 1_000, 100, 10, 1];

/** `[-]digits[.digits]` with up to six decimals, by char codes; NaN for anything else (left to parseMoneyMicros). */
function plainDecimalMicros(s: string): number {
  return plainDecimalMicrosRange(s, 0, s.length);
}

/** plainDecimalMicros of the chars `start..end` of `s` (no string cut out). */
export function plainDecimalMicrosRange(s: string, start: number, end: number): number {
  const n = end;
  let i = start;
  let negative = false;
  if (n > i && s.charCodeAt(i) === 45) {
    negative = true;
    i++;
  }
  let whole = 0;
  let digits = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    whole = whole * 10 + c;
    digits++;
  }
  if (whole > MAX_WHOLE) return NaN;
  let fraction = 0;
  let places = 0;
  if (i < n && s.charCodeAt(i) === 46) {
    for (i++; i < n; i++) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return NaN;
      if (++places > 6) return NaN;
      fraction = fraction * 10 + c;
    }
  }
  if (i !== n || digits + places === 0) return NaN;
  const micros = whole * 1_000_000 + fraction * SCALE[places];
  return negative && micros !== 0 ? -micros : micros;
}

/** The chars `start..end` of `s` as a whole number when they are 1 to 15 digits, else -1 (the caller falls back to parseCount). */
export function digitsRange(s: string, start: number, end: number): number {
  const n = end - start;
  if (n <= 0 || n >= 16) return -1;
  let v = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** A non-negative whole number up to `max`, from a JSON number or text; undefined otherwise. */
export function parseCount(value: unknown, max: number): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 && value <= max ? value : undefined;
  if (typeof value !== 'string' || value.length > MAX_VALUE_CHARS) return undefined;
  const n = value.length;
  let v = 0;
  let i = 0;
  for (; i < n; i++) {
    const c = value.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    v = v * 10 + c;
  }
  if (i === n && n > 0 && n < 16) return v <= max ? v : undefined;
  const t = value.trim();
  if (t === '' || !isNumericText(t)) return undefined;
  const x = Number(t);
  return Number.isInteger(x) && x >= 0 && x <= max ? x : undefined;
}
