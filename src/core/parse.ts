/**
 * One row of a usage file -> a UsageEvent, or the reason it was skipped. Shared by CSV (rows of
 * strings) and JSON (rows of JSON values). Kept lean: it runs once per row of million-row files,
 * so the common shapes (plain decimals, `YYYY-MM-DDTHH:MM:SS(.sss)Z`) are read with char codes.
 */
import { type ColumnIndexes } from './columns';
import { UNKNOWN, type UsageEvent } from './model';
import { parseMoneyMicros, unitsToMicros } from './money';
import { MAX_RUNS, MAX_TOKENS } from './store';
import { DAY_MS } from './time';

/** Instants must lie in years 0001..9999 so they print as `YYYY-MM-DDTHH:MM:SS.sssZ`. */
const MIN_INSTANT = -62_135_596_800_000;
const MAX_INSTANT = 253_402_300_799_999;
/** Epoch numbers below this magnitude are seconds, above it milliseconds (1e11 s is year 5138, 1e11 ms is 1973). */
const EPOCH_SECONDS_LIMIT = 1e11;
/**
 * Longest timestamp, cost, run or token cell read at all (after trimming nothing). The longest
 * real shapes (`2026-01-05T09:30:15.123456789+05:30`, `-US$ 1,234,567,890.123456 USD`) are under
 * 40 characters; longer cells are rejected before any pattern looks at them, so every cell check
 * costs at most this many character steps however long the cell is.
 */
export const MAX_VALUE_CHARS = 64;

/**
 * Parses one row. `row` holds the cell values (strings for CSV, any JSON value for JSON), and
 * `columns` says which cell holds which field (-1: absent). Returns the event, or a string saying
 * why the row cannot be read. Ids and names are trimmed; an empty one counts as missing. A missing
 * user, worker or model becomes `(unknown)`. Token counts that are not whole numbers are dropped
 * (the row and its cost are kept).
 */
export function parseRow(row: readonly unknown[], columns: ColumnIndexes): UsageEvent | string {
  const tsCol = columns.timestamp;
  const rawTs = tsCol >= 0 ? row[tsCol] : undefined;
  const timestamp = parseTimestamp(rawTs);
  if (timestamp === undefined) return whyNot('timestamp', rawTs, 'is not a date');

  const costCol = columns.cost;
  const rawCost = costCol >= 0 ? row[costCol] : undefined;
  const costMicros = parseCost(rawCost);
  if (costMicros === undefined) return whyNot('cost', rawCost, 'is not an amount');

  let runs = 1;
  if (columns.runs >= 0) {
    const rawRuns = row[columns.runs];
    if (!isBlank(rawRuns)) {
      const r = parseCount(rawRuns, MAX_RUNS);
      if (r === undefined) return whyNot('runs', rawRuns, 'is not a whole number');
      runs = r;
    }
  }

  let workerId = text(row, columns.workerId);
  let workerName = text(row, columns.workerName);
  if (workerId === undefined) workerId = workerName ?? UNKNOWN;
  if (workerName === undefined) workerName = workerId;
  let userId = text(row, columns.userId);
  let userName = text(row, columns.userName);
  if (userId === undefined) userId = userName ?? UNKNOWN;
  if (userName === undefined) userName = userId;
  const model = text(row, columns.model) ?? UNKNOWN;

  const event: UsageEvent = { timestamp, workerId, workerName, userId, userName, model, runs, costMicros };
  const input = tokens(row, columns.inputTokens);
  const cacheRead = tokens(row, columns.cacheReadTokens);
  if (input !== undefined) event.inputTokens = uncachedInput(input, cacheRead ?? -1, columns);
  if (cacheRead !== undefined) event.cacheReadTokens = cacheRead;
  const cacheWrite = tokens(row, columns.cacheWriteTokens);
  if (cacheWrite !== undefined) event.cacheWriteTokens = cacheWrite;
  const output = tokens(row, columns.outputTokens);
  if (output !== undefined) event.outputTokens = output;
  const team = text(row, columns.team);
  if (team !== undefined) event.team = team;
  if (columns.id >= 0) {
    const id = text(row, columns.id);
    if (id !== undefined) event.id = id;
  }
  return event;
}

function tokens(row: readonly unknown[], index: number): number | undefined {
  return index >= 0 ? parseCount(row[index], MAX_TOKENS) : undefined;
}

/**
 * Uncached input tokens from the input count and the cache-read count (-1: none): the difference
 * when the input column includes cached tokens (never below 0), else the input as given.
 */
export function uncachedInput(input: number, cacheRead: number, columns: ColumnIndexes): number {
  return columns.inputIncludesCached === true && cacheRead > 0 ? Math.max(0, input - cacheRead) : input;
}

/** A cell as trimmed text; undefined when absent, empty or not a primitive. */
function text(row: readonly unknown[], index: number): string | undefined {
  if (index < 0) return undefined;
  const v = row[index];
  if (typeof v === 'string') {
    const n = v.length;
    if (n === 0) return undefined;
    // Trim only when an end looks like white space (most cells need no new string).
    if (v.charCodeAt(0) > 32 && v.charCodeAt(n - 1) > 32 && v.charCodeAt(0) < 127 && v.charCodeAt(n - 1) < 127) return v;
    const t = v.trim();
    return t === '' ? undefined : t;
  }
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  return undefined;
}

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/** The skip reason for a cell that could not be read: missing, too long, an ambiguous 8-digit number, or `problem`. */
function whyNot(field: string, v: unknown, problem: string): string {
  if (isBlank(v)) return `${field} is missing`;
  if (typeof v === 'string' && v.length > MAX_VALUE_CHARS) return `${field} is too long (${v.length} characters)`;
  if (field === 'timestamp' && isEightDigits(v))
    return `timestamp ${show(v)} is ambiguous: 8 digits that are not a YYYYMMDD date (as epoch seconds it would be 1970-1973)`;
  return `${field} ${show(v)} ${problem}`;
}

/** A value for a skip reason: quoted, escaped and shortened. */
function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'number') return String(v);
  try {
    const s = JSON.stringify(v) ?? String(v);
    return s.length > 40 ? `${s.slice(0, 40)}…` : s;
  } catch {
    // Too deep to serialise (or cyclic): named, not shown; String() would recurse as deep.
    return Array.isArray(v) ? 'an array' : typeof v === 'object' && v !== null ? 'an object' : typeof v;
  }
}

// ---- timestamps --------------------------------------------------------------------------

/**
 * A timestamp as UTC ms: ISO 8601 with or without an offset (none = UTC), a date-only `YYYY-MM-DD`
 * (UTC midnight), or epoch seconds or milliseconds (numbers or numeric strings, told apart by
 * magnitude). Undefined when it is none of these or outside years 0001..9999.
 */
export function parseTimestamp(value: unknown): number | undefined {
  let t: number;
  if (typeof value === 'string') {
    t = isoFast(value);
    if (Number.isNaN(t) && value.length <= MAX_VALUE_CHARS) t = parseTimestampText(value.trim()); // not the common shape
  } else if (typeof value === 'number') {
    t = Number.isInteger(value) && value >= 10_000_000 && value <= 99_999_999 ? compactDate(value) : epoch(value);
  } else {
    return undefined;
  }
  return t >= MIN_INSTANT && t <= MAX_INSTANT ? t : undefined;
}

function epoch(n: number): number {
  if (!Number.isFinite(n)) return NaN;
  const ms = Math.abs(n) < EPOCH_SECONDS_LIMIT ? n * 1000 : n;
  return Math.round(ms);
}

/** Two decimal digits at i, or -1. */
function d2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SSZ` and `YYYY-MM-DDTHH:MM:SS.sssZ` by char codes; NaN for anything else. */
function isoFast(s: string): number {
  return isoFastRange(s, 0, s.length);
}

/** Last date read by isoFastRange (y * 10000 + m * 100 + d) and its day number: rows of a file mostly share a day. */
let lastDateKey = -1;
let lastDay = 0;

/**
 * isoFast of the chars `start..end` of `s` (no string cut out), or NaN. The day number of the
 * last date seen is cached, so consecutive rows of one day skip the calendar arithmetic.
 */
export function isoFastRange(s: string, start: number, end: number): number {
  const n = end - start;
  if (n !== 10 && n !== 20 && n !== 24) return NaN;
  const o = start;
  if (s.charCodeAt(o + 4) !== 45 || s.charCodeAt(o + 7) !== 45) return NaN;
  const c1 = d2(s, o);
  const c2 = d2(s, o + 2);
  const mo = d2(s, o + 5);
  const d = d2(s, o + 8);
  if (c1 < 0 || c2 < 0 || mo < 1 || mo > 12 || d < 1) return NaN;
  const y = c1 * 100 + c2;
  const key = y * 10_000 + mo * 100 + d;
  let day: number;
  if (key === lastDateKey) day = lastDay;
  else {
    if (d > daysInMonth(y, mo)) return NaN;
    day = daysFromCivil(y, mo, d);
    lastDateKey = key;
    lastDay = day;
  }
  if (n === 10) return day * DAY_MS;
  if (s.charCodeAt(o + 10) !== 84 /* T */ || s.charCodeAt(o + 13) !== 58 || s.charCodeAt(o + 16) !== 58 || s.charCodeAt(end - 1) !== 90 /* Z */) return NaN;
  const h = d2(s, o + 11);
  const mi = d2(s, o + 14);
  const se = d2(s, o + 17);
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59) return NaN;
  let ms = 0;
  if (n === 24) {
    if (s.charCodeAt(o + 19) !== 46 /* . */) return NaN;
    const a = d2(s, o + 20);
    const b = s.charCodeAt(o + 22) - 48;
    if (a < 0 || b < 0 || b > 9) return NaN;
    ms = a * 10 + b;
  }
  return day * DAY_MS + h * 3_600_000 + mi * 60_000 + se * 1000 + ms;
}

/** Whether an instant from isoFastRange lies in the years a store accepts (0001..9999). */
export function inInstantRange(t: number): boolean {
  return t >= MIN_INSTANT && t <= MAX_INSTANT;
}

const ISO_PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(?:([Zz]|UTC|GMT)|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;

function parseTimestampText(s: string): number {
  const m = ISO_PATTERN.exec(s);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return NaN;
    let t = daysFromCivil(y, mo, d) * DAY_MS;
    if (m[4] !== undefined) {
      const h = Number(m[4]);
      const mi = Number(m[5]);
      const se = m[6] === undefined ? 0 : Number(m[6]);
      if (h > 23 || mi > 59 || se > 59) return NaN;
      const frac = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
      t += h * 3_600_000 + mi * 60_000 + se * 1000 + frac;
      if (m[9] !== undefined) {
        const oh = Number(m[10]);
        const om = m[11] === undefined ? 0 : Number(m[11]);
        if (oh > 23 || om > 59) return NaN;
        const offset = (oh * 60 + om) * 60_000;
        t += m[9] === '+' ? -offset : offset;
      }
    }
    return t;
  }
  if (!isNumericText(s)) return NaN;
  const n = Number(s);
  return /^\d{8}$/.test(s) ? compactDate(n) : epoch(n);
}

/** True for a JSON number or digit string of exactly 8 digits (a `YYYYMMDD` date or an epoch second of 1970-1973). */
function isEightDigits(v: unknown): boolean {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 10_000_000 && v <= 99_999_999;
  return typeof v === 'string' && /^\s*\d{8}\s*$/.test(v) && v.length <= MAX_VALUE_CHARS;
}

/**
 * An 8-digit number: a `YYYYMMDD` day when it is a valid date in years 1900..2199, else NaN.
 * Read as epoch seconds it would fall in 1970-1973, which no usage export holds; the ambiguity is
 * reported as a skip reason instead of a silent 1970 date.
 */
function compactDate(n: number): number {
  const y = Math.floor(n / 10_000);
  const mo = Math.floor(n / 100) % 100;
  const d = n % 100;
  if (y < 1900 || y > 2199 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return NaN;
  return daysFromCivil(y, mo, d) * DAY_MS;
}

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

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const MONTH_DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeap(y) ? 29 : MONTH_DAYS[m];
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

// ---- amounts and counts ------------------------------------------------------------------

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
