import { billedEvents, type BilledEvents } from './bill';
import { cacheFilePath, emptyCache, readProviderCache, writeProviderCache, type CachedDay } from './cache';
import { ProviderClient, type ProviderClientOptions } from './client';
import { DAY_MS, contiguousSpans, isFinalDay, utcDayKey, utcDayStart, utcDaysBetween } from './days';
import { type ProviderKind, type ProviderSpec } from './spec';
import { type PriceTokens, type ProviderDays, type ProviderNames } from './types';

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

/** What a load says besides its events: the bill's sums and which days are not final. */
export interface ProviderLoadSummary extends Omit<BilledEvents, 'events'> {
  /** Days fetched by this load (`YYYY-MM-DD`). */
  fetchedDays: string[];
  /** Days the provider may still change (today, yesterday, and any never fetched with cachedOnly). */
  partialDays: string[];
  /** HTTP requests made. */
  requests: number;
  /** False when the provider does not count requests (runs are unknown). */
  runsKnown: boolean;
  /** Days shown from the cache without a fetch in this load (`cachedOnly`): figures may be older. */
  cachedDays: number;
}

export interface ProviderLoadResult extends ProviderLoadSummary {
  events: BilledEvents['events'];
}

/**
 * The heavy half of a load, after the network: merge the days just fetched into the
 * organisation's cache (and write it), then bill the wanted days. Plain data, so it can run in
 * an engine worker (offThread.ts) as well as here.
 */
export interface FinishJob {
  kind: ProviderKind;
  /** The cache file; none: no cache (only `fetched` is known). */
  file?: string;
  /** Days fetched in this load, by `YYYY-MM-DD`. */
  fetched: Record<string, CachedDay>;
  /** Names fetched in this load (absent: the cache's). */
  names?: ProviderNames;
  /** UTC day starts of the days to bill. */
  days: number[];
  sourceId: string;
}

export interface FinishedBill extends BilledEvents {
  partialDays: string[];
}

/** The fetch time of each cached day, `YYYY-MM-DD` → UTC ms (empty without a cache file). */
export async function cachedFetchTimes(kind: ProviderKind, file: string | undefined): Promise<Record<string, number>> {
  if (!file) return {};
  const cache = await readProviderCache(file, kind);
  const times: Record<string, number> = {};
  for (const [day, cached] of Object.entries(cache.days)) times[day] = cached.fetchedAt;
  return times;
}

/** Merges, writes and bills (see FinishJob) on the calling thread. */
export async function finishProviderLoad(spec: ProviderSpec, job: FinishJob, price: PriceTokens | undefined): Promise<FinishedBill> {
  const cache = job.file ? await readProviderCache(job.file, job.kind) : emptyCache(job.kind);
  Object.assign(cache.days, job.fetched);
  if (job.names) cache.names = job.names;
  if (job.file && Object.keys(job.fetched).length > 0) await writeProviderCache(job.file, cache);

  const wanted: ProviderDays = { usage: [], costs: [], people: [] };
  const partialDays: string[] = [];
  for (const day of job.days) {
    const cached = cache.days[utcDayKey(day)];
    if (!cached || !isFinalDay(day, cached.fetchedAt)) partialDays.push(utcDayKey(day));
    if (!cached) continue;
    wanted.usage.push(...cached.usage);
    wanted.costs.push(...cached.costs);
    if (cached.people) wanted.people!.push(...cached.people);
  }
  return { ...billedEvents(spec, wanted, cache.names, price, job.sourceId), partialDays };
}

/** How a load reads the cache's state and finishes: on this thread, or in an engine worker. */
export interface ProviderLoadSteps<R> {
  fetchTimes(kind: ProviderKind, file: string | undefined): Promise<Record<string, number>>;
  finish(job: FinishJob): Promise<R>;
}

/**
 * Loads one organisation's usage and billed costs for [from, to): cached final days are reused,
 * the rest (never fetched, or not final when fetched: the last two days) is fetched in as few
 * spans as possible; then `steps.finish` merges, caches and bills. Only the network waits run
 * here; reading and writing the cache and billing are the steps'.
 */
export async function loadProviderWith<R>(
  spec: ProviderSpec,
  options: ProviderLoadOptions,
  steps: ProviderLoadSteps<R>,
): Promise<{ finished: R; fetchedDays: string[]; requests: number; cachedDays: number }> {
  const now = options.now ?? Date.now();
  const days = utcDaysBetween(options.from, Math.min(options.to, utcDayStart(now) + DAY_MS));
  const file = options.cacheDir ? cacheFilePath(options.cacheDir, spec.kind, options.baseUrl, options.key) : undefined;
  const times = await steps.fetchTimes(spec.kind, file);
  const stale = days.filter((day) => {
    const fetchedAt = times[utcDayKey(day)];
    return fetchedAt === undefined || !isFinalDay(day, fetchedAt);
  });

  let requests = 0;
  const fetched: Record<string, CachedDay> = {};
  let names: ProviderNames | undefined;
  if (stale.length > 0 && !options.cachedOnly) {
    const client = new ProviderClient(spec.identity, options);
    try {
      for (const [from, to] of contiguousSpans(stale)) {
        const got = await spec.fetchDays(client, from, to);
        for (let day = from; day < to; day += DAY_MS) {
          const entry: CachedDay = {
            fetchedAt: now,
            usage: got.usage.filter((row) => utcDayStart(row.day) === day),
            costs: got.costs.filter((row) => utcDayStart(row.day) === day),
          };
          const people = got.people?.filter((row) => row.day === day);
          if (people && people.length > 0) entry.people = people;
          fetched[utcDayKey(day)] = entry;
        }
      }
      names = await spec.fetchNames(client);
    } finally {
      requests = client.requests;
    }
  }
  const fetchedDays = Object.keys(fetched);
  const cachedDays = options.cachedOnly ? days.filter((day) => times[utcDayKey(day)] !== undefined).length : 0;
  const finished = await steps.finish({ kind: spec.kind, file, fetched, names, days, sourceId: options.sourceId ?? spec.kind });
  return { finished, fetchedDays, requests, cachedDays };
}

/** Loads one organisation on the calling thread (the CLI and the unit tests); the bill becomes events (see bill.ts). */
export async function loadProviderSource(spec: ProviderSpec, options: ProviderLoadOptions): Promise<ProviderLoadResult> {
  const loaded = await loadProviderWith(spec, options, {
    fetchTimes: cachedFetchTimes,
    finish: (job) => finishProviderLoad(spec, job, options.price),
  });
  const { finished, fetchedDays, requests, cachedDays } = loaded;
  return { ...finished, fetchedDays, requests, cachedDays, runsKnown: spec.runsKnown };
}
