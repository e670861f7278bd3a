import { billedEvents, type BilledEvents } from './bill';
import { cacheFilePath, emptyCache, readProviderCache, writeProviderCache, type CachedDay } from './cache';
import { ProviderClient, type ProviderClientOptions } from './client';
import { DAY_MS, contiguousSpans, isFinalDay, utcDayKey, utcDayStart, utcDaysBetween } from './days';
import { type ProviderSpec } from './spec';
import { type PriceTokens, type ProviderDays } from './types';

export interface ProviderLoadOptions extends ProviderClientOptions {
  /** Range wanted, UTC ms [from, to); widened to whole UTC days (provider days are UTC). */
  from: number;
  to: number;
  /** "Now" (UTC ms); default Date.now(). */
  now?: number;
  /** Folder for the organisation's cache of fetched days; none: fetch every day each time. */
  cacheDir?: string;
  /** Prices tokens for the user split; without it (or for unknown models) the split is by tokens. */
  price?: PriceTokens;
  /** Prefix of event ids, to keep several organisations apart. Default: the kind. */
  sourceId?: string;
  /** Only the cached days, no network (to show cached figures at once). */
  cachedOnly?: boolean;
}

export interface ProviderLoadResult extends Omit<BilledEvents, 'events'> {
  events: BilledEvents['events'];
  /** Days fetched by this load (`YYYY-MM-DD`). */
  fetchedDays: string[];
  /** Days the provider may still change (today, yesterday, and any never fetched with cachedOnly). */
  partialDays: string[];
  /** HTTP requests made. */
  requests: number;
  /** False when the provider does not count requests (runs are unknown). */
  runsKnown: boolean;
}

/**
 * Loads one organisation's usage and billed costs for [from, to): cached final days are reused,
 * the rest (never fetched, or not final when fetched: the last two days) is fetched in as few
 * spans as possible; then the bill is turned into events (see bill.ts).
 */
export async function loadProviderSource(spec: ProviderSpec, options: ProviderLoadOptions): Promise<ProviderLoadResult> {
  const now = options.now ?? Date.now();
  const days = utcDaysBetween(options.from, Math.min(options.to, utcDayStart(now) + DAY_MS));
  const file = options.cacheDir ? cacheFilePath(options.cacheDir, spec.kind, options.baseUrl, options.key) : undefined;
  const cache = file ? await readProviderCache(file, spec.kind) : emptyCache(spec.kind);

  const stale = days.filter((day) => {
    const cached = cache.days[utcDayKey(day)];
    return !cached || !isFinalDay(day, cached.fetchedAt);
  });
  let requests = 0;
  const fetchedDays: string[] = [];
  if (stale.length > 0 && !options.cachedOnly) {
    const client = new ProviderClient(spec.identity, options);
    try {
      for (const [from, to] of contiguousSpans(stale)) {
        const fetched = await spec.fetchDays(client, from, to);
        for (let day = from; day < to; day += DAY_MS) {
          const entry: CachedDay = { fetchedAt: now, usage: [], costs: [] };
          entry.usage = fetched.usage.filter((row) => utcDayStart(row.day) === day);
          entry.costs = fetched.costs.filter((row) => utcDayStart(row.day) === day);
          const people = fetched.people?.filter((row) => row.day === day);
          if (people && people.length > 0) entry.people = people;
          cache.days[utcDayKey(day)] = entry;
          fetchedDays.push(utcDayKey(day));
        }
      }
      cache.names = await spec.fetchNames(client);
    } finally {
      requests = client.requests;
    }
    if (file) await writeProviderCache(file, cache);
  }

  const wanted: ProviderDays = { usage: [], costs: [], people: [] };
  const partialDays: string[] = [];
  for (const day of days) {
    const cached = cache.days[utcDayKey(day)];
    if (!cached || !isFinalDay(day, cached.fetchedAt)) partialDays.push(utcDayKey(day));
    if (!cached) continue;
    wanted.usage.push(...cached.usage);
    wanted.costs.push(...cached.costs);
    if (cached.people) wanted.people!.push(...cached.people);
  }
  const billed = billedEvents(spec, wanted, cache.names, options.price, options.sourceId ?? spec.kind);
  return { ...billed, fetchedDays, partialDays, requests, runsKnown: spec.runsKnown };
}
