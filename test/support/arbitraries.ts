import fc from 'fast-check';
import { type UsageEvent } from '../../src/core/model';
import { type UsageStore } from '../../src/core/store';
import { StoreBuilder } from '../../src/core/storeBuilder';

export const DAY_MS = 86_400_000;

/** Start of the window random events fall in: 2026-01-01T00:00Z. */
export const EVENTS_START = Date.UTC(2026, 0, 1);
/** Random events spread over this many days from EVENTS_START. */
export const EVENTS_DAYS = 60;

export const WORKERS = [
  { id: 'w-triage', name: 'Support Triage Bot' },
  { id: 'w-review', name: 'Code Review Assistant' },
  { id: 'w-summary', name: 'Meeting Summarizer' },
  { id: 'w-zeta', name: 'Zeta' },
] as const;

export const USERS = [
  { id: 'maya@example.com', name: 'Maya Patel' },
  { id: 'jose@example.com', name: 'José García' },
  { id: 'li@example.com', name: '李娜' },
  { id: 'zoe@example.com', name: 'Zoë Lindqvist' },
  { id: 'bjorn@example.com', name: 'Björn Ångström' },
  // Two users with the same display name: rows must still be told apart by id.
  { id: 'sam1@example.com', name: 'Sam Lee' },
  { id: 'sam2@example.com', name: 'Sam Lee' },
] as const;

export const MODELS = ['gpt-4o', 'claude-3-5-haiku', 'gemini-1.5-flash'] as const;

/** Teams a source may name; events often have none. */
export const TEAMS = ['Platform', 'Support'] as const;

/** Zones with DST changes at 02:00, at midnight, at 30-minute offsets, and none. */
export const ZONES = [
  'UTC',
  'America/New_York',
  'Europe/Berlin',
  'America/Santiago',
  'America/Havana',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
] as const;

/** A random event at START + an offset drawn from `offsets`; costs and runs include 0 often. */
export function eventArbAt(start: number, offsets: fc.Arbitrary<number>): fc.Arbitrary<UsageEvent> {
  return fc
    .record({
      offset: offsets,
      worker: fc.integer({ min: 0, max: WORKERS.length - 1 }),
      user: fc.integer({ min: 0, max: USERS.length - 1 }),
      model: fc.integer({ min: 0, max: MODELS.length - 1 }),
      runs: fc.oneof(fc.constant(0), fc.constant(1), fc.integer({ min: 0, max: 6 })),
      costMicros: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5_000_000 }), fc.integer({ min: 0, max: 50 })),
      team: fc.integer({ min: -1, max: TEAMS.length - 1 }),
    })
    .map(({ offset, worker, user, model, runs, costMicros, team }) => ({
      timestamp: start + offset,
      workerId: WORKERS[worker].id,
      workerName: WORKERS[worker].name,
      userId: USERS[user].id,
      userName: USERS[user].name,
      model: MODELS[model],
      runs,
      costMicros,
      ...(team >= 0 ? { team: TEAMS[team] } : {}),
    }));
}

/** One random event in the EVENTS_DAYS from EVENTS_START. */
export const eventArb: fc.Arbitrary<UsageEvent> = eventArbAt(EVENTS_START, fc.integer({ min: 0, max: EVENTS_DAYS * DAY_MS - 1 }));

export const eventsArb = (maxLength = 300): fc.Arbitrary<UsageEvent[]> => fc.array(eventArb, { maxLength });

export function buildStore(events: Iterable<UsageEvent>): UsageStore {
  const builder = new StoreBuilder(16);
  builder.addAll(events);
  return builder.build();
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>();
/** `YYYY-MM-DD` of an instant in a zone, straight from Intl (independent of src/core/time). */
export function localDate(instant: number, timeZone: string): string {
  let f = dateFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormatters.set(timeZone, f);
  }
  return f.format(instant);
}
