/** Filters as dictionary codes, and binary searches over events in time order: what every scan starts from. */
import { type Dimension } from './model';
import { type Filter } from './query';
import { type UsageStore } from './store';

/**
 * Filters as dictionary codes per dimension (-1: not filtered), or undefined when a filter names
 * an id the store does not know, which matches nothing.
 */
export function filterCodes(store: UsageStore, filters: readonly Filter[]): Record<Dimension, number> | undefined {
  const codes: Record<Dimension, number> = { worker: -1, user: -1, model: -1, team: -1 };
  for (const f of filters) {
    const code = store.dictionary(f.dimension).codeOf(f.id);
    if (code === undefined) return undefined;
    codes[f.dimension] = code;
  }
  return codes;
}

/**
 * Without a team column every event is in one team, so a team filter keeps all events or none:
 * drops it from `codes` (so that the team codes need not be read) and says whether any event can match.
 */
export function resolveTeamFilter(store: UsageStore, codes: Record<Dimension, number>): boolean {
  if (codes.team < 0 || store.teamCodes !== undefined || store.length === 0) return true;
  const matches = store.codes('team')[0] === codes.team;
  codes.team = -1;
  return matches;
}

/** First position in `events` (indices in time order) whose event is at or after `instant`. */
export function lowerBoundIn(events: Uint32Array, timestamps: Float64Array, instant: number): number {
  return lowerBoundAt(events, timestamps, 0, events.length, instant);
}

/** First position in `lo..hi` (of `events`, or of the store's events when undefined) whose event is at or after `instant`. */
export function lowerBoundAt(events: Uint32Array | undefined, timestamps: Float64Array, lo: number, hi: number, instant: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (timestamps[events === undefined ? mid : events[mid]] < instant) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
