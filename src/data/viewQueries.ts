import { MemoryBackend } from '../core/backend/memory';
import { abortError, isAbortError, type DrillDownResult, type QueryOptions, type UsageBackend } from '../core/backend/types';
import { type Dimension } from '../core/model';
import { type Filter, type UsageView } from '../core/query';
import { UsageStore } from '../core/store';
import { type ResolvedRange } from '../core/time';
import { type DataSnapshot } from './usageData';

/** What a view query did, for the log and tests. */
export interface QueryEvent {
  phase: 'start' | 'end';
  /** `view` or `drillDown`, with the range spec and filters. */
  what: string;
  /** Which backend answered: `memory` or `postgres`. */
  backend: string;
  outcome?: 'ready' | 'cancelled' | 'failed';
  ms?: number;
  error?: Error;
}

interface InFlight {
  promise: Promise<unknown>;
  abort: AbortController;
  /** Callers still waiting; the query is cancelled when the last one gives up. */
  waiting: number;
}

const MAX_CACHED = 200;

/**
 * The views' queries through the backend seam: the in-memory store, or the database a source
 * answers from (PostgreSQL). Results are cached per snapshot; callers asking the same query at
 * once share one run, and it is cancelled (on the server too) once every caller has aborted.
 */
export class ViewQueries {
  private current: { snapshot: DataSnapshot; backend: UsageBackend } | undefined;
  private readonly cache = new Map<string, unknown>();
  private readonly inFlight = new Map<string, InFlight>();

  constructor(
    private readonly snapshot: () => DataSnapshot | undefined,
    /** Whether `usageExplorer.teams` remaps teams: then only the store (which applies it) answers. */
    private readonly teamsMapped: () => boolean,
    private readonly fire: (event: QueryEvent) => void,
  ) {}

  /** The backend answering for the data shown now: the one source's database, else the in-memory store. */
  get backend(): UsageBackend {
    const snapshot = this.snapshot();
    if (!snapshot) return EMPTY_BACKEND;
    if (this.current?.snapshot !== snapshot) {
      this.clear();
      const feeding = snapshot.sources.filter((s) => s.result);
      const live = feeding.length === 1 && !this.teamsMapped() ? feeding[0].result!.backend : undefined;
      this.current = { snapshot, backend: live ?? new MemoryBackend(snapshot.store) };
    }
    return this.current.backend;
  }

  /** Forgets cached results (the range, zone or settings changed); running queries finish for their callers. */
  clear(): void {
    this.cache.clear();
  }

  /** A view computed already (by the worker that built the store): asked for, it is answered without a scan here. */
  adopt(view: UsageView): void {
    void this.backend; // binds the cache to the snapshot shown now
    this.cache.set(`view ${describe(view.range, view.filters)}`, view);
  }

  view(range: ResolvedRange, filters: readonly Filter[], options: QueryOptions = {}): Promise<UsageView> {
    const backend = this.backend;
    return this.run(backend, `view ${describe(range, filters)}`, options, (signal) => backend.view(range, filters, { signal }));
  }

  drillDown(range: ResolvedRange, dimension: Dimension, id: string, filters: readonly Filter[], options: QueryOptions = {}): Promise<DrillDownResult> {
    const backend = this.backend;
    return this.run(backend, `drillDown ${dimension}=${id} ${describe(range, filters)}`, options, (signal) =>
      backend.drillDown(range, dimension, id, filters, { signal }),
    );
  }

  private async run<T>(backend: UsageBackend, key: string, options: QueryOptions, query: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (options.signal?.aborted) throw abortError();
    if (this.cache.has(key)) return this.cache.get(key) as T;
    let flight = this.inFlight.get(key);
    // A run cancelled a moment ago (every caller gave up) is not joined: asked again, it runs again.
    if (!flight || flight.abort.signal.aborted) {
      const abort = new AbortController();
      const started = Date.now();
      this.fire({ phase: 'start', what: key, backend: backend.kind });
      const promise = query(abort.signal).then(
        (result) => {
          // A result of a backend no longer shown (a newer load replaced it) is not kept.
          if (this.current?.backend === backend) {
            if (this.cache.size >= MAX_CACHED) this.cache.clear();
            this.cache.set(key, result);
          }
          this.fire({ phase: 'end', what: key, backend: backend.kind, outcome: 'ready', ms: Date.now() - started });
          return result;
        },
        (error: unknown) => {
          const cancelled = abort.signal.aborted || isAbortError(error) || this.current?.backend !== backend;
          const failure = error instanceof Error ? error : new Error(String(error));
          this.fire({ phase: 'end', what: key, backend: backend.kind, outcome: cancelled ? 'cancelled' : 'failed', ms: Date.now() - started, error: failure });
          throw cancelled ? abortError() : failure;
        },
      );
      promise.catch(() => undefined).finally(() => this.inFlight.get(key) === flight && this.inFlight.delete(key));
      flight = { promise, abort, waiting: 0 };
      this.inFlight.set(key, flight);
    }
    return this.wait(flight, options.signal) as Promise<T>;
  }

  /** The shared run's result for one caller; its abort rejects at once and, for the last caller, cancels the run. */
  private wait(flight: InFlight, signal: AbortSignal | undefined): Promise<unknown> {
    flight.waiting++;
    if (!signal) return flight.promise;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        if (--flight.waiting === 0) flight.abort.abort();
        reject(abortError());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      flight.promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }
}

function describe(range: ResolvedRange, filters: readonly Filter[]): string {
  const scope = filters.map((f) => `${f.dimension}=${f.id}`).join(',');
  return `${range.spec} ${range.timeZone} ${range.current.from}-${range.current.to}/${range.previous.from}${scope ? ` ${scope}` : ''}`;
}

/** Before the first load: views show nothing rather than failing. */
const EMPTY_BACKEND: UsageBackend = new MemoryBackend(UsageStore.empty());
