import { type UsageEvent } from '../../model';
import { allocateLargestRemainder } from './allocate';

/** Largest count the store keeps per event (its token and run columns are 32-bit, one value reserved). */
export const MAX_EVENT_COUNT = 0xfffffffe;

const COUNT_FIELDS = ['inputTokens', 'cacheReadTokens', 'cacheWriteTokens', 'outputTokens', 'runs'] as const;

/**
 * A provider day of a busy organisation can exceed 4.29 billion tokens for one user and model.
 * Such an event is cut into as few events as keep every count in range, the counts and the cost
 * divided exactly (largest remainder), so no sum changes. Other events are returned as they are.
 */
export function fitEventCounts(event: UsageEvent): UsageEvent[] {
  const largest = Math.max(...COUNT_FIELDS.map((f) => event[f] ?? 0));
  if (largest <= MAX_EVENT_COUNT) return [event];
  const pieces = Math.ceil(largest / MAX_EVENT_COUNT);
  const even = new Array<number>(pieces).fill(1);
  const parts = Array.from({ length: pieces }, (_, i): UsageEvent => ({ ...event, id: event.id === undefined ? undefined : `${event.id}#${i + 1}` }));
  for (const field of COUNT_FIELDS) {
    const value = event[field];
    if (value === undefined) continue;
    allocateLargestRemainder(value, even).forEach((share, i) => (parts[i][field] = share));
  }
  allocateLargestRemainder(event.costMicros, even).forEach((share, i) => (parts[i].costMicros = share));
  for (const part of parts) if (part.id === undefined) delete part.id;
  return parts;
}
