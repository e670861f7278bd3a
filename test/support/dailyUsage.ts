import { type UsageEvent } from '../../src/core/model';
import { type UsageStore } from '../../src/core/store';
import { buildStore, DAY_MS } from './arbitraries';

/** One entity's part of a day: a worker run by a user on a model, costing `micros`. */
export interface Part {
  worker: string;
  user: string;
  model: string;
  micros: number;
}

/** A store holding, for each civil day from `firstDay` to `lastDay`, the parts `partsOf(day)` returns (one event each, at noon UTC). */
export function storeOfDays(firstDay: number, lastDay: number, partsOf: (day: number) => Part[]): UsageStore {
  const events: UsageEvent[] = [];
  for (let day = firstDay; day <= lastDay; day++) {
    for (const part of partsOf(day)) {
      if (part.micros <= 0) continue;
      events.push({
        timestamp: day * DAY_MS + DAY_MS / 2,
        workerId: part.worker,
        workerName: part.worker,
        userId: part.user,
        userName: part.user,
        model: part.model,
        runs: 1,
        costMicros: Math.round(part.micros),
      });
    }
  }
  return buildStore(events);
}

/** Civil day number of a `YYYY-MM-DD` (UTC). */
export function day(iso: string): number {
  return Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}

/** A deterministic pseudo-random number in [-1, 1) for an integer seed. */
export function noise(seed: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h / 0x100000000) * 2 - 1;
}
