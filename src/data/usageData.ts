import type * as vscode from 'vscode';
import { type DrillDownResult, type QueryOptions, type UsageBackend } from '../core/backend/types';
import { type Dimension } from '../core/model';
import { type Filter, type UsageView } from '../core/query';
import { type QueryEvent } from './viewQueries';
import { type OverlapPlan } from '../core/sources/providers/overlap';
import { type UsageStore } from '../core/store';
import { type ResolvedRange } from '../core/time';
import { type LoadResult, type SourceInfo, type SourceKind } from './sources/types';

export type DataState = 'idle' | 'loading' | 'ready' | 'error';

/** One configured source as the last loads left it. */
export interface SourceStatus {
  id: string;
  kind: SourceKind;
  label: string;
  /** The last good load of this source; stays when a later load of it fails. */
  result?: LoadResult;
  /** When `result` was loaded (ms since the epoch). */
  loadedAt?: number;
  /** Why the last load of this source failed (or why its settings entry is not a source). */
  error?: Error;
}

/** The data loaded by the last successful load. It stays when a later load fails. */
export interface DataSnapshot {
  /** Every source's events together. */
  store: UsageStore;
  /** The sources together: the kind when they are all one kind (else `mixed`), labels joined. */
  source: SourceInfo;
  /** Each configured source with its data or its error, in settings order. */
  sources: readonly SourceStatus[];
  /** When the load finished (ms since the epoch). */
  loadedAt: number;
  /** Rows left out because they could not be read. */
  skipped: number;
  warnings: string[];
  /** Agent logs and an organisation that bills them are both shown: which the totals count, and the sources set aside. */
  overlap?: { plan: OverlapPlan; aside: readonly SourceStatus[] };
  /** Some figures are a source's cached ones, shown while its refresh runs. */
  cached?: boolean;
}

/** What the data service tells a listener about a load (the notifier shows progress and errors from it). */
export type LoadEvent =
  | { phase: 'start'; load: number }
  | { phase: 'progress'; load: number; message: string }
  | {
      phase: 'end';
      load: number;
      outcome: 'ready' | 'failed' | 'cancelled' | 'replaced';
      /** The whole load failed (no source gave data): why. */
      error?: Error;
      /** Sources that failed this time while others gave data. */
      failedSources: readonly SourceStatus[];
      /** Data from before is still shown. */
      keptData: boolean;
    };

/**
 * The loaded usage as the tree, the status bar, the commands and the dashboard see it: read-only
 * state, queries, and the few actions they may ask for. No UI: the views and the load notifier
 * follow its events.
 */
export interface UsageData {
  /** Fires when the state, the data, the range, the time zone or the currency changes. */
  readonly onDidChange: vscode.Event<void>;
  /** Fires as loads start, progress and end. */
  readonly onDidLoad: vscode.Event<LoadEvent>;
  readonly state: DataState;
  readonly snapshot: DataSnapshot | undefined;
  /** Why the last load gave no data (the snapshot, if any, is older). */
  readonly lastError: Error | undefined;
  /** Loads started since the service was created (activation leaves it at 0). */
  readonly loadCount: number;
  /** The selected range: a preset id (`30d`) or `YYYY-MM-DD..YYYY-MM-DD`. */
  readonly rangeSpec: string;
  /** The selected range resolved in the time zone setting (`all` spans the loaded data). */
  readonly range: ResolvedRange;
  readonly timeZone: string;
  readonly currency: string;
  /** Everything a view shows for the current range, narrowed by `filters` (from the loaded store, at once). */
  view(filters?: readonly Filter[]): UsageView;
  /** The backend the views query: the one source's database (PostgreSQL), else the in-memory store. */
  readonly backend: UsageBackend;
  /**
   * The view through the backend (a database query for a PostgreSQL source): the current range, or
   * `options.range`, narrowed by `filters`. An aborted signal rejects it with an AbortError and,
   * once no other view waits for the same query, cancels it on the server.
   */
  query(filters?: readonly Filter[], options?: QueryOptions & { range?: ResolvedRange }): Promise<UsageView>;
  /** One entity's row and the other dimensions' rows for it, through the backend. */
  drillDown(dimension: Dimension, id: string, filters?: readonly Filter[], options?: QueryOptions & { range?: ResolvedRange }): Promise<DrillDownResult>;
  /** Fires as view queries start and end (the log and tests follow it). */
  readonly onDidQuery: vscode.Event<QueryEvent>;
  /** Selects a range; throws a TimeRangeError when the spec is not a range. */
  setRange(spec: string): void;
  /** The loaded data, loading it first if nothing was loaded yet. */
  ensureLoaded(): Promise<DataSnapshot | undefined>;
  /** Loads every source again; resolves when the load has finished. Never rejects. */
  refresh(): Promise<void>;
  /** Cancels the running load; the data shown before stays. */
  cancel(): void;
}
