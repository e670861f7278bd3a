/**
 * One row of a usage file -> a UsageEvent, or the reason it was skipped. Shared by CSV (rows of
 * strings) and JSON (rows of JSON values). Kept lean: it runs once per row of million-row files;
 * the cells are read by parseTimestamps.ts (instants) and parseNumbers.ts (amounts and counts).
 */
import { type ColumnIndexes } from './columns';
import { UNKNOWN, type UsageEvent } from './model';
import { MAX_RUNS, MAX_TOKENS } from './store';
import { MAX_VALUE_CHARS, parseCost, parseCount } from './parseNumbers';
import { isEightDigits, parseTimestamp } from './parseTimestamps';

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
