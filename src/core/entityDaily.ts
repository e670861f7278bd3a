import { type EntityDailySeries } from './backend/types';
import { type Dimension } from './model';
import { filterCodes, type Filter } from './query';
import { type UsageStore } from './store';
import { dayBoundaries, formatDay, type ResolvedRange } from './time';

/** Daily runs and spend of every entity of `dimension` with an event in the range (by spend, then id). */
export function entityDaily(store: UsageStore, range: ResolvedRange, dimension: Dimension, filters: readonly Filter[] = []): EntityDailySeries {
  const span = range.current;
  const days = span.lastDay - span.firstDay + 1;
  const dates = Array.from({ length: days }, (_, d) => formatDay(span.firstDay + d));
  const codes = filterCodes(store, filters);
  if (!codes) return { dimension, dates, entities: [] };
  const bounds = dayBoundaries(span, range.timeZone);
  const dict = store.dictionary(dimension);
  const entityCodes = store.codes(dimension);
  const teamCodes = store.codes('team');
  // Slots by entity code (a typed array, not a Map: this loop runs once per event); series only for entities seen.
  const slotOf = new Int32Array(dict.ids.length).fill(-1);
  const series: { code: number; runs: number[]; spendMicros: number[] }[] = [];
  const hi = store.lowerBound(span.to);
  let day = 0;
  for (let i = store.lowerBound(span.from); i < hi; i++) {
    if (codes.worker >= 0 && store.workerCodes[i] !== codes.worker) continue;
    if (codes.user >= 0 && store.userCodes[i] !== codes.user) continue;
    if (codes.model >= 0 && store.modelCodes[i] !== codes.model) continue;
    if (codes.team >= 0 && teamCodes[i] !== codes.team) continue;
    while (store.timestamps[i] >= bounds[day + 1]) day++;
    const code = entityCodes[i];
    let slot = slotOf[code];
    if (slot < 0) {
      slot = slotOf[code] = series.length;
      series.push({ code, runs: new Array<number>(days).fill(0), spendMicros: new Array<number>(days).fill(0) });
    }
    const s = series[slot];
    s.runs[day] += store.runs[i];
    s.spendMicros[day] += store.costMicros[i];
  }
  const entities = series.map(({ code, runs, spendMicros }) => ({ id: dict.ids[code], name: dict.names[code], runs, spendMicros }));
  return { dimension, dates, entities: sortEntities(entities) };
}

/** By total spend descending, then id: the order both backends give. */
export function sortEntities<T extends { id: string; spendMicros: number[] }>(entities: T[]): T[] {
  const total = (e: T) => e.spendMicros.reduce((a, b) => a + b, 0);
  return entities
    .map((e) => ({ e, t: total(e) }))
    .sort((a, b) => b.t - a.t || (a.e.id < b.e.id ? -1 : a.e.id > b.e.id ? 1 : 0))
    .map(({ e }) => e);
}
