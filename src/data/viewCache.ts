import { type Filter, queryUsage, type UsageView } from '../core/query';
import { type UsageStore } from '../core/store';
import { type ResolvedRange } from '../core/time';

const MAX_CACHED_VIEWS = 200;

/**
 * The in-memory views computed on this thread, one per range (as resolved) and filters, for the
 * snapshot shown now. Cleared whenever the snapshot, range, zone or view settings change.
 */
export class ViewCache {
  private readonly views = new Map<string, UsageView>();

  /** The cached view of `range` and `filters`, computed from `store` when missing (`computed` says so). */
  get(store: UsageStore, range: ResolvedRange, filters: readonly Filter[]): { view: UsageView; computed: boolean } {
    const key = viewKey(range, filters);
    const cached = this.views.get(key);
    if (cached) return { view: cached, computed: false };
    if (this.views.size >= MAX_CACHED_VIEWS) this.views.clear();
    const view = queryUsage(store, range, filters);
    this.views.set(key, view);
    return { view, computed: true };
  }

  /** Keeps a view computed elsewhere (a worker) when it is the unfiltered view of `range`; says whether it did. */
  adopt(view: UsageView, range: ResolvedRange): boolean {
    if (view.filters.length > 0 || viewKey(view.range, []) !== viewKey(range, [])) return false;
    this.views.set(viewKey(range, []), view);
    return true;
  }

  clear(): void {
    this.views.clear();
  }
}

/** The cache key of a view: its range (as resolved) and filters. */
function viewKey(range: ResolvedRange, filters: readonly Filter[]): string {
  return [range.spec, range.timeZone, range.current.from, range.current.to, range.previous.from, ...filters.map((f) => `${f.dimension}=${f.id}`)].join(
    '\u0000',
  );
}
