/**
 * Time ranges as half-open UTC instants [from, to), computed from calendar days in a time zone.
 * Days are "civil day numbers": whole days since 1970-01-01, so date arithmetic is integer
 * arithmetic and DST never shifts a day; instants come from a day's local midnight in the zone.
 */

import { messageOf } from './errors';
/** Milliseconds in a UTC day (a civil day in a zone with DST can be 23 or 25 hours: use startOfDay). */
export const DAY_MS = 86_400_000;

export type RangePreset = 'today' | '7d' | '30d' | '90d' | 'mtd' | 'last-month' | 'ytd' | '12m' | 'all';

export const RANGE_PRESETS: readonly { id: RangePreset; label: string }[] = [
  { id: 'today', label: 'Today' },
  { id: '7d', label: 'Last 7 days' },
  { id: '30d', label: 'Last 30 days' },
  { id: '90d', label: 'Last 90 days' },
  { id: 'mtd', label: 'This month' },
  { id: 'last-month', label: 'Last month' },
  { id: 'ytd', label: 'Year to date' },
  { id: '12m', label: 'Last 12 months' },
  { id: 'all', label: 'All time' },
];

/** A span of whole days [firstDay, lastDay] in a zone, and its instants [from, to). */
export interface DaySpan {
  /** Civil day number of the first day. */
  firstDay: number;
  /** Civil day number of the last day (included). */
  lastDay: number;
  /** UTC ms of the first day's start in the zone. */
  from: number;
  /** UTC ms of the start of the day after the last day (excluded). */
  to: number;
}

export interface ResolvedRange {
  /** The spec it came from: a preset id or `YYYY-MM-DD..YYYY-MM-DD`. */
  spec: string;
  /** Readable name, e.g. `Last 30 days` or `2026-10-01 – 2026-10-31`. */
  label: string;
  /** Canonical zone: `UTC` or an IANA name. */
  timeZone: string;
  current: DaySpan;
  previous: DaySpan;
}

export class TimeRangeError extends Error {
  override readonly name = 'TimeRangeError';
}

/** `UTC`, `local` (this machine's zone) or an IANA zone, as a canonical IANA name; throws on unknown zones. */
export function normalizeTimeZone(zone: string | undefined): string {
  const z = (zone ?? '').trim();
  if (z === '' || z.toUpperCase() === 'UTC' || z === 'Z') return 'UTC';
  if (z.toLowerCase() === 'local') return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: z }).resolvedOptions().timeZone;
  } catch {
    throw new TimeRangeError(`Unknown time zone "${z}". Use UTC, local, or an IANA name such as Europe/Berlin.`);
  }
}

// ---- civil days -------------------------------------------------------------------------

export function dayNumber(year: number, month: number, day: number): number {
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return Math.floor(d.getTime() / DAY_MS);
}

export function civil(dayNum: number): { year: number; month: number; day: number } {
  const d = new Date(dayNum * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** `YYYY-MM-DD` of a civil day number. */
export function formatDay(dayNum: number): string {
  const iso = new Date(dayNum * DAY_MS).toISOString();
  return iso.slice(0, iso.indexOf('T')); // years outside 0000..9999 print as ±YYYYYY
}

/** Civil day number of a strict `YYYY-MM-DD`, or undefined. */
export function parseDay(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  return dayNumber(y, mo, d);
}

function daysInMonth(year: number, month: number): number {
  return civil(dayNumber(year, month + 1, 0)).day;
}

/** The same day of the month `months` later (negative: earlier), clamped to that month's length. */
function addMonthsClamped(dayNum: number, months: number): number {
  const { year, month, day } = civil(dayNum);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return dayNumber(y, m, Math.min(day, daysInMonth(y, m)));
}

// ---- zones ------------------------------------------------------------------------------

const partFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = partFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partFormatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock time in the zone at an instant, as if it were UTC ms. */
function wallClock(instant: number, timeZone: string): number {
  if (timeZone === 'UTC') return instant;
  const p: Record<string, number> = {};
  let bc = false;
  for (const part of partsFormatter(timeZone).formatToParts(instant)) {
    if (part.type === 'era') bc = part.value === 'BC' || part.value === 'B';
    else if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const ms = ((instant % 1000) + 1000) % 1000;
  // Not Date.UTC: it reads years 0-99 as 1900-1999. Year 1 BC is astronomical year 0.
  const d = new Date(0);
  d.setUTCFullYear(bc ? 1 - p.year : p.year, p.month - 1, p.day);
  d.setUTCHours(p.hour, p.minute, p.second, ms);
  return d.getTime();
}

/** The civil day an instant falls on in the zone. */
export function dayOf(instant: number, timeZone: string): number {
  return Math.floor(wallClock(instant, timeZone) / DAY_MS);
}

/** Day starts already computed, per zone: Intl lookups cost microseconds each and a range needs hundreds. */
const dayStartCache = new Map<string, Map<number, number>>();
const DAY_START_CACHE_LIMIT = 100_000;

/** The first instant of a civil day in the zone (its local midnight, or the first moment after a DST gap). */
export function startOfDay(dayNum: number, timeZone: string): number {
  if (timeZone === 'UTC') return dayNum * DAY_MS;
  let zoneCache = dayStartCache.get(timeZone);
  if (!zoneCache) dayStartCache.set(timeZone, (zoneCache = new Map<number, number>()));
  let start = zoneCache.get(dayNum);
  if (start === undefined) {
    if (zoneCache.size >= DAY_START_CACHE_LIMIT) zoneCache.clear();
    start = computeStartOfDay(dayNum, timeZone);
    zoneCache.set(dayNum, start);
  }
  return start;
}

function computeStartOfDay(dayNum: number, timeZone: string): number {
  const wall = dayNum * DAY_MS;
  const offsetAt = (t: number) => wallClock(t, timeZone) - t;
  // Offsets in force around that midnight; one of them gives the day's first instant.
  const candidates = [wall - offsetAt(wall - DAY_MS), wall - offsetAt(wall), wall - offsetAt(wall + DAY_MS)];
  candidates.push(wall - offsetAt(candidates[1]));
  let best = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    if (dayOf(c, timeZone) === dayNum && c < best) best = c;
  }
  return Number.isFinite(best) ? best : candidates[1];
}

/** Day starts for every day of the span plus the end: n + 1 ascending instants. */
export function dayBoundaries(span: DaySpan, timeZone: string): Float64Array {
  const n = span.lastDay - span.firstDay + 1;
  const out = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) out[i] = startOfDay(span.firstDay + i, timeZone);
  return out;
}

export function daySpan(firstDay: number, lastDay: number, timeZone: string): DaySpan {
  return { firstDay, lastDay, from: startOfDay(firstDay, timeZone), to: startOfDay(lastDay + 1, timeZone) };
}

export function spanDays(span: DaySpan): number {
  return span.lastDay - span.firstDay + 1;
}

// ---- ranges -----------------------------------------------------------------------------

export function isRangePreset(value: string): value is RangePreset {
  return RANGE_PRESETS.some((p) => p.id === value);
}

/** Parses `YYYY-MM-DD..YYYY-MM-DD` (both days included); throws a TimeRangeError saying what is wrong. */
export function parseCustomRange(spec: string): { firstDay: number; lastDay: number } {
  const m = /^\s*(\S+)\s*\.\.\s*(\S+)\s*$/.exec(spec);
  if (!m) throw new TimeRangeError(`"${spec}" is not a range. Use a preset (${RANGE_PRESETS.map((p) => p.id).join(', ')}) or YYYY-MM-DD..YYYY-MM-DD.`);
  const firstDay = parseDay(m[1]);
  const lastDay = parseDay(m[2]);
  if (firstDay === undefined) throw new TimeRangeError(`"${m[1]}" is not a valid date (YYYY-MM-DD).`);
  if (lastDay === undefined) throw new TimeRangeError(`"${m[2]}" is not a valid date (YYYY-MM-DD).`);
  if (lastDay < firstDay) throw new TimeRangeError(`The range ends (${m[2]}) before it starts (${m[1]}).`);
  return { firstDay, lastDay };
}

/** The custom spec `YYYY-MM-DD..YYYY-MM-DD` of a span of civil days (both included). */
export function customRangeSpec(firstDay: number, lastDay: number): string {
  return `${formatDay(firstDay)}..${formatDay(lastDay)}`;
}

/** Checks a range spec without resolving it; returns an error message or undefined. */
export function validateRangeSpec(spec: string): string | undefined {
  if (isRangePreset(spec.trim())) return undefined;
  try {
    parseCustomRange(spec);
    return undefined;
  } catch (error) {
    return messageOf(error);
  }
}

export interface ResolveOptions {
  /** Defaults to UTC. */
  timeZone?: string;
  /** "Now", for presets relative to today. Defaults to Date.now(). */
  now?: number;
  /** Data extent, for `all`. */
  extent?: { first: number; last: number };
}

/**
 * Resolves a preset or custom spec to the current span and the previous period to compare with:
 * calendar presets (`mtd`, `last-month`, `ytd`) compare with the same span one calendar unit
 * earlier (clamped to month length); rolling presets and custom ranges with the equal-length
 * window just before.
 */
export function resolveRange(spec: string, options: ResolveOptions = {}): ResolvedRange {
  const timeZone = normalizeTimeZone(options.timeZone);
  const today = dayOf(options.now ?? Date.now(), timeZone);
  const { year, month } = civil(today);
  const trimmed = spec.trim();
  let first: number;
  let last: number;
  let previous: { first: number; last: number } | undefined;

  const rolling = (days: number) => {
    first = today - days + 1;
    last = today;
  };
  switch (trimmed) {
    case 'today':
      first = last = today;
      break;
    case '7d':
      rolling(7);
      break;
    case '30d':
      rolling(30);
      break;
    case '90d':
      rolling(90);
      break;
    case '12m':
      first = addMonthsClamped(today, -12) + 1;
      last = today;
      break;
    case 'mtd':
      first = dayNumber(year, month, 1);
      last = today;
      previous = { first: addMonthsClamped(first, -1), last: addMonthsClamped(today, -1) };
      break;
    case 'last-month': {
      first = addMonthsClamped(dayNumber(year, month, 1), -1);
      last = dayNumber(year, month, 1) - 1;
      const prevFirst = addMonthsClamped(first, -1);
      previous = { first: prevFirst, last: first - 1 };
      break;
    }
    case 'ytd':
      first = dayNumber(year, 1, 1);
      last = today;
      previous = { first: dayNumber(year - 1, 1, 1), last: addMonthsClamped(today, -12) };
      break;
    case 'all':
      if (options.extent) {
        first = dayOf(options.extent.first, timeZone);
        last = dayOf(options.extent.last, timeZone);
      } else {
        first = last = today;
      }
      break;
    default: {
      ({ firstDay: first, lastDay: last } = parseCustomRange(trimmed));
    }
  }
  const preset = RANGE_PRESETS.find((p) => p.id === trimmed);
  const label = preset ? preset.label : `${formatDay(first!)} – ${formatDay(last!)}`;
  if (!previous) {
    const length = last! - first! + 1;
    previous = { first: first! - length, last: first! - 1 };
  }
  return {
    spec: preset ? preset.id : customRangeSpec(first!, last!),
    label,
    timeZone,
    current: daySpan(first!, last!, timeZone),
    previous: daySpan(previous.first, previous.last, timeZone),
  };
}

/** A one-day custom range, e.g. for narrowing the tables to a clicked day. */
export function singleDayRange(day: string, timeZone: string): ResolvedRange {
  return resolveRange(`${day}..${day}`, { timeZone });
}

/** `Last 30 days · UTC` */
export function describeRange(range: ResolvedRange): string {
  return `${range.label} · ${range.timeZone}`;
}
