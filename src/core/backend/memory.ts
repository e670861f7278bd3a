import { entityDaily } from '../entityDaily';
import { type InsightOptions, type Insights } from '../insights/insights';
import { type Dimension } from '../model';
import { queryUsage, type Filter, type UsageView } from '../query';
import { type UsageStore } from '../store';
import { sourceNotes } from '../exportUsage';
import { type ResolvedRange } from '../time';
import { drillDownThrough } from './drillDown';
import { throwIfAborted, type DrillDownResult, type EntityDailySeries, type EventQueryOptions, type QueryOptions, type UsageBackend } from './types';

/** The seam over the in-memory engine: the same functions, the same results, behind a promise. */
export class MemoryBackend implements UsageBackend {
  readonly kind = 'memory';

  readonly notes: readonly string[];

  constructor(readonly store: UsageStore) {
    this.notes = sourceNotes(store);
  }

  // The backend contract is asynchronous: `async` turns an abort (or an engine error) into a rejected
  // promise, as the database backend gives, instead of a synchronous throw. Nothing here awaits.
  /* eslint-disable @typescript-eslint/require-await -- see above */
  async extent(): Promise<{ first: number; last: number } | undefined> {
    return this.store.extent();
  }

  async view(range: ResolvedRange, filters: readonly Filter[] = [], options: QueryOptions = {}): Promise<UsageView> {
    throwIfAborted(options.signal);
    return queryUsage(this.store, range, filters);
  }

  async drillDown(
    range: ResolvedRange,
    dimension: Dimension,
    id: string,
    filters: readonly Filter[] = [],
    options: QueryOptions = {},
  ): Promise<DrillDownResult> {
    throwIfAborted(options.signal);
    return drillDownThrough(dimension, id, filters, (narrowed) => queryUsage(this.store, range, narrowed));
  }

  async entityDaily(range: ResolvedRange, dimension: Dimension, filters: readonly Filter[] = [], options: QueryOptions = {}): Promise<EntityDailySeries> {
    throwIfAborted(options.signal);
    return entityDaily(this.store, range, dimension, filters);
  }

  async insights(range: ResolvedRange, options: InsightOptions & QueryOptions = {}): Promise<Insights> {
    throwIfAborted(options.signal);
    // Loaded on first use (the CLI loads insights only for report).
    const { computeInsights } = await import('../insights/insights');
    return computeInsights(this.store, range, options);
  }

  /** The store itself: its events are in memory already, so the limit (about what crosses the wire) does not apply. */
  async events(_range: ResolvedRange, _filters: readonly Filter[], options: EventQueryOptions): Promise<UsageStore> {
    throwIfAborted(options.signal);
    return this.store;
  }
  /* eslint-enable @typescript-eslint/require-await */

  async close(): Promise<void> {}
}
