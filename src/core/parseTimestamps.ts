/**
 * Timestamp cells -> UTC ms: ISO 8601 (the common `YYYY-MM-DDTHH:MM:SS(.sss)Z` read with char
 * codes), dates, `YYYYMMDD` and epoch seconds or milliseconds.
 */
import { MAX_VALUE_CHARS, isNumericText } from './parseNumbers';
import { DAY_MS } from './time';

/** Instants must lie in years 0001..9999 so they print as `YYYY-MM-DDTHH:MM:SS.sssZ`. */
const MIN_INSTANT = -62_135_596_800_000;
const MAX_INSTANT = 253_402_300_799_999;
/** Epoch numbers below this magnitude are seconds, above it milliseconds (1e11 s is year 5138, 1e11 ms is 1973). */
const EPOCH_SECONDS_LIMIT = 1e11;

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
export function isEightDigits(v: unknown): boolean {
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
