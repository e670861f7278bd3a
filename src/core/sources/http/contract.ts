/** The contract check of a page of the usage API: every event validated before any is added. */
import { isRecord } from '../../guards';
import { UNKNOWN, type UsageEvent } from '../../model';
import { unitsToMicros } from '../../money';
import { inInstantRange } from '../../parseTimestamps';
import { MAX_VALUE_CHARS } from '../../parseNumbers';
import { HttpSourceError, describe } from './errors';

// Contract validation

export interface Page {
  events: UsageEvent[];
  nextCursor: string | null;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;
const MAX_UINT32_COUNT = 0xffffffff;
/** Token counts are stored in 32 bits with 0xffffffff meaning "not given". */
const MAX_TOKENS = 0xfffffffe;

class ContractViolation extends Error {}

export function parsePage(body: unknown, pageNumber: number, redact: (text: string) => string): Page {
  try {
    if (!isRecord(body)) throw new ContractViolation(`response: expected a JSON object, got ${describe(body, redact)}`);
    const raw = body.events;
    if (!Array.isArray(raw)) throw new ContractViolation(`events: expected an array, got ${describe(raw, redact)}`);
    const next = body.nextCursor;
    if (next !== undefined && next !== null && (typeof next !== 'string' || next === '')) {
      throw new ContractViolation(`nextCursor: expected a non-empty string or null, got ${describe(next, redact)}`);
    }
    const events = raw.map((item, index) => toEvent(item, `events[${index}]`, redact));
    return { events, nextCursor: typeof next === 'string' ? next : null };
  } catch (error) {
    if (error instanceof ContractViolation) {
      throw new HttpSourceError('contract', redact(`The usage API's response (page ${pageNumber}) does not match the contract: ${error.message}.`));
    }
    throw error;
  }
}

function toEvent(item: unknown, at: string, redact: (text: string) => string): UsageEvent {
  if (!isRecord(item)) throw new ContractViolation(`${at}: expected an object, got ${describe(item, redact)}`);
  const fail = (field: string, expected: string): never => {
    throw new ContractViolation(`${at}.${field}: expected ${expected}, got ${describe(item[field], redact)}`);
  };
  const optionalString = (field: string): string | undefined => {
    const value = item[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') fail(field, 'a string');
    return value as string;
  };

  const timestamp = toInstant(item.timestamp);
  if (timestamp === undefined) fail('timestamp', 'an ISO 8601 date-time with a time zone or epoch milliseconds, in years 0001-9999');

  const workerId = item.workerId;
  if (typeof workerId !== 'string' || workerId === '') fail('workerId', 'a non-empty string');

  const cost = item.cost;
  if (typeof cost !== 'number') fail('cost', 'a number');
  const costMicros = unitsToMicros(cost as number);
  if (costMicros === undefined) fail('cost', 'a finite amount');

  const runsValue = item.runs;
  let runs = 1;
  if (runsValue !== undefined && runsValue !== null) {
    if (!isCount(runsValue, MAX_UINT32_COUNT)) fail('runs', 'a non-negative integer');
    runs = runsValue as number;
  }

  const workerName = optionalString('workerName');
  const userId = optionalString('userId');
  const userName = optionalString('userName');
  const model = optionalString('model');
  const id = optionalString('id');

  const event: UsageEvent = {
    timestamp: timestamp as number,
    workerId: workerId as string,
    workerName: workerName || (workerId as string),
    userId: userId || userName || UNKNOWN,
    userName: userName || userId || UNKNOWN,
    model: model || UNKNOWN,
    runs,
    costMicros: costMicros as number,
  };
  for (const field of ['inputTokens', 'outputTokens'] as const) {
    const value = item[field];
    if (value === undefined || value === null) continue;
    if (!isCount(value, MAX_TOKENS)) fail(field, 'a non-negative integer');
    event[field] = value as number;
  }
  if (id !== undefined && id !== '') event.id = id;
  return event;
}

/** An instant in years 0001..9999, as file timestamps must be (±8.64e15 ms would make "all" span 548,000 years). */
function toInstant(value: unknown): number | undefined {
  let ms: number | undefined;
  if (typeof value === 'number') ms = Number.isFinite(value) ? value : undefined;
  else if (typeof value === 'string' && value.length <= MAX_VALUE_CHARS && ISO_INSTANT.test(value)) ms = Date.parse(value);
  return ms !== undefined && inInstantRange(ms) ? ms : undefined;
}

function isCount(value: unknown, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;
}
