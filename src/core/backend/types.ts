import { type InsightOptions, type Insights } from '../insights/insights';
import { type Dimension, type UsageEvent } from '../model';
import { type Filter, type UsageRow, type UsageView } from '../query';
import { type UsageStore } from '../store';
import { resolveRange, type ResolveOptions, type ResolvedRange } from '../time';

/** Lets a newer request cancel an older one: an aborted query rejects with an AbortError. */
export interface QueryOptions {
  signal?: AbortSignal;
}

export interface DrillDownResult {
  /** The entity's own row, undefined when it has no event in the range. */
  parent: UsageRow | undefined;
  /** The other two dimensions' rows for the entity. */
  children: Partial<Record<Dimension, UsageRow[]>>;
}

/** Per day, per entity of a dimension: the input of forecasts and spike detection. */
export interface EntityDailySeries {
  dimension: Dimension;
  /** Every day of the range, `YYYY-MM-DD` in the range's zone. */
  dates: string[];
  /** Entities with an event in the range, by spend descending; arrays are parallel to `dates`, zero-filled. */
  entities: { id: string; name: string; runs: number[]; spendMicros: number[] }[];
}

export interface EventQueryOptions extends QueryOptions {
  /** The most events the caller accepts; more is an EventLimitError (nothing partial is returned). */
  maxEvents: number;
}

export class EventLimitError extends Error {
  override readonly name = 'EventLimitError';
  constructor(readonly maxEvents: number) {
    super(`The range holds more than ${maxEvents.toLocaleString('en-US')} events; narrow it or allow more events.`);
  }
}

/**
 * Everything the views ask of the usage data, answered by the in-memory store or by a SQL
 * warehouse. Results are the same for the same events; every call is async and can be aborted.
 */
export interface UsageBackend {
  /** `memory` or `postgres`. */
  readonly kind: string;
  /** How the backend's figures were made, one line each (e.g. allocated spend), carried into JSON exports. */
  readonly notes: readonly string[];
  /** First and last event instant, or undefined when there are no events (for the `all` range). */
  extent(options?: QueryOptions): Promise<{ first: number; last: number } | undefined>;
  /** Totals with the previous period, the daily series and all three tables (the engine's queryUsage). */
  view(range: ResolvedRange, filters?: readonly Filter[], options?: QueryOptions): Promise<UsageView>;
  /** One entity's row and the other two dimensions' rows for it (the engine's drillDown). */
  drillDown(range: ResolvedRange, dimension: Dimension, id: string, filters?: readonly Filter[], options?: QueryOptions): Promise<DrillDownResult>;
  /** Daily runs and spend per entity of a dimension over the range. */
  entityDaily(range: ResolvedRange, dimension: Dimension, filters?: readonly Filter[], options?: QueryOptions): Promise<EntityDailySeries>;
  /**
   * Forecast, spikes with their drivers, movers, new models and budgets for a range (the engine's
   * computeInsights), their inputs summed per day by the backend.
   */
  insights(range: ResolvedRange, options?: InsightOptions & QueryOptions): Promise<Insights>;
  /** The range's events (for the events export), at most `maxEvents` of them. */
  events(range: ResolvedRange, filters: readonly Filter[], options: EventQueryOptions): Promise<UsageStore>;
  /** Releases connections; the backend is not used afterwards. */
  close(): Promise<void>;
}

/** A backend whose events stay in a database: an events export counts them first, then reads them through a cursor. */
export interface StreamsEvents {
  /** `schema.table` the events are read from, for messages. */
  readonly tableName: string;
  countEvents(range: ResolvedRange, filters: readonly Filter[], options?: QueryOptions): Promise<number>;
  /** Calls `onEvents` a batch at a time, oldest first, up to `limit` events; resolves to how many were read. */
  streamEvents(
    range: ResolvedRange,
    filters: readonly Filter[],
    options: QueryOptions & { limit?: number; onEvents: (events: UsageEvent[]) => void | Promise<void> },
  ): Promise<number>;
}

export function streamsEvents(backend: UsageBackend): backend is UsageBackend & StreamsEvents {
  const b = backend as Partial<StreamsEvents>;
  return typeof b.countEvents === 'function' && typeof b.streamEvents === 'function';
}

/** Resolves a range spec against a backend: `all` spans its data (asked only for `all`). */
export async function resolveBackendRange(
  backend: UsageBackend,
  spec: string,
  options: Omit<ResolveOptions, 'extent'> & QueryOptions = {},
): Promise<ResolvedRange> {
  const extent = spec.trim() === 'all' ? await backend.extent(options) : undefined;
  return resolveRange(spec, { timeZone: options.timeZone, now: options.now, extent });
}

/** The error an aborted query rejects with. */
export function abortError(): Error {
  const error = new Error('The query was cancelled by a newer request.');
  error.name = 'AbortError';
  return error;
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError();
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
