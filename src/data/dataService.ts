import * as vscode from 'vscode';
import { CancelledError, isCancellation, messageOf } from '../core/errors';
import { isCurrencyCode } from '../core/money';
import { type Filter, queryUsage, resolveStoreRange, type UsageView } from '../core/query';
import { UsageStore } from '../core/store';
import { DAY_MS, normalizeTimeZone, resolveRange, type ResolvedRange, TimeRangeError, validateRangeSpec } from '../core/time';
import { type ConfigChange, type ConfigWatcher, SETTING_GROUPS, type UsageExplorerConfig } from '../config';
import { loadSources, snapshotOf } from './loadSources';
import { withTeamSettings } from '../teams/teamSettings';
import { type UsageLog } from './log';
import { SourceSet } from './sourceSet';
import { sourceDefinition } from './sources/registry';
import { resolveSourceSpecs } from './sources/settings';
import { type LoadContext } from './sources/types';
import { ViewQueries, type QueryEvent } from './viewQueries';
import { parseTeamMapping } from '../core/teams/mapping';
import { type DrillDownResult, type QueryOptions, type UsageBackend } from '../core/backend/types';
import { type Dimension } from '../core/model';
import { type DataSnapshot, type DataState, type LoadEvent, type SourceStatus, type UsageData } from './usageData';

export type { DataSnapshot, DataState } from './usageData';

export interface DataServiceDeps {
  config: ConfigWatcher;
  secrets: vscode.SecretStorage;
  log: UsageLog;
  /** Global storage folder for sources' caches (provider days). */
  storageDir?: string;
}

/** File changes within this time cause one reload. */
export const FILE_CHANGE_DEBOUNCE_MS = 600;
/** What window-fetching sources (HTTP) fetch for the `all` range: it has no extent to go by. */
const HTTP_ALL_DAYS = 730;
const MAX_CACHED_VIEWS = 200;

/**
 * One per window: owns the configured sources, the loaded usage, the selected time range, the
 * time zone and the currency. Loads lazily (the first time a view or command asks, never during
 * activation), reloads on refresh, source input changes, setting changes and the auto-refresh
 * timer. It shows no UI: it fires `onDidChange` (the views follow) and `onDidLoad` (the load
 * notifier shows progress and errors).
 */
export class DataService implements UsageData, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly queryEvents = new vscode.EventEmitter<QueryEvent>();
  readonly onDidQuery: vscode.Event<QueryEvent> = this.queryEvents.event;
  private readonly queries = new ViewQueries(
    () => this.currentSnapshot,
    () => Object.keys(parseTeamMapping(this.deps.config.config.teams).mapping).length > 0,
    (event) => this.onQuery(event),
  );
  private readonly loadEvents = new vscode.EventEmitter<LoadEvent>();
  readonly onDidChange: vscode.Event<void> = this.changed.event;
  readonly onDidLoad: vscode.Event<LoadEvent> = this.loadEvents.event;

  private currentState: DataState = 'idle';
  private currentSnapshot: DataSnapshot | undefined;
  private error: Error | undefined;
  private loads = 0;
  private spec: string;
  private statuses: SourceStatus[] = [];
  private running: { promise: Promise<void>; abort: AbortController; generation: number } | undefined;
  private generation = 0;
  private readonly views = new Map<string, UsageView>();
  private readonly sources: SourceSet;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly dirty = new Set<string>();
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private autoRefresh: ReturnType<typeof setInterval> | undefined;
  private warnedTimeZone: string | undefined;

  constructor(private readonly deps: DataServiceDeps) {
    const initial = deps.config.config.defaultTimeRange;
    const problem = validateRangeSpec(initial);
    if (problem) deps.log.warn(`usageExplorer.defaultTimeRange: ${problem} Using the last 30 days.`);
    this.spec = problem ? '30d' : initial;
    const files = () => ({
      include: deps.config.config.filesInclude,
      exclude: deps.config.config.filesExclude,
      columnMapping: deps.config.config.columnMapping,
    });
    const postgres = () => {
      const c = deps.config.config;
      return {
        table: c.postgresTable,
        columnMapping: c.postgresColumnMapping,
        rollup: c.postgresRollup,
        rollupTimeZone: c.postgresRollupTimeZone,
        statementTimeoutSeconds: c.postgresStatementTimeoutSeconds,
      };
    };
    this.sources = new SourceSet(
      {
        secrets: deps.secrets,
        log: deps.log,
        storageDir: deps.storageDir,
        get files() {
          return files();
        },
        get postgres() {
          return postgres();
        },
      },
      (source, reason) => this.onInputsChanged(source.id, reason),
    );
    this.applySourceSettings(deps.config.config);
    this.disposables.push(deps.config.onDidChange((change) => this.onConfigChange(change)));
    this.scheduleAutoRefresh(deps.config.config);
  }

  get state(): DataState {
    return this.currentState;
  }

  get snapshot(): DataSnapshot | undefined {
    return this.currentSnapshot;
  }

  get lastError(): Error | undefined {
    return this.error;
  }

  get loadCount(): number {
    return this.loads;
  }

  // ---- range, zone, currency ------------------------------------------------------------

  get rangeSpec(): string {
    return this.spec;
  }

  setRange(spec: string): void {
    const trimmed = spec.trim();
    const problem = validateRangeSpec(trimmed);
    if (problem) throw new TimeRangeError(problem);
    if (trimmed === this.spec) return;
    this.spec = trimmed;
    this.deps.log.info(`Time range: ${this.range.label} (${this.range.spec}).`);
    this.views.clear();
    this.queries.clear();
    this.changed.fire();
    // Sources that fetch a window (HTTP) fetch again when the new range reaches beyond it.
    const window = this.fetchWindow();
    const stale = this.statuses.filter((s) => s.result?.window && !(s.result.window.from <= window.from && s.result.window.to >= window.to));
    if (this.currentSnapshot && stale.length > 0) void this.reload(new Set(stale.map((s) => s.id)));
  }

  get range(): ResolvedRange {
    return resolveStoreRange(this.currentSnapshot?.store ?? EMPTY_STORE, this.spec, { timeZone: this.timeZone });
  }

  get timeZone(): string {
    const setting = this.deps.config.config.timeZone;
    try {
      return normalizeTimeZone(setting);
    } catch (error) {
      if (this.warnedTimeZone !== setting) {
        this.warnedTimeZone = setting;
        this.deps.log.warn(`usageExplorer.timeZone: ${messageOf(error)} Using UTC.`);
      }
      return 'UTC';
    }
  }

  get currency(): string {
    const code = this.deps.config.config.currency;
    return isCurrencyCode(code) ? code : 'USD';
  }

  // ---- queries --------------------------------------------------------------------------

  view(filters: readonly Filter[] = []): UsageView {
    const range = this.range;
    const key = viewKey(range, filters);
    let view = this.views.get(key);
    if (!view) {
      if (this.views.size >= MAX_CACHED_VIEWS) this.views.clear();
      this.queries.clear();
      view = queryUsage(this.currentSnapshot?.store ?? EMPTY_STORE, range, filters);
      this.views.set(key, view);
    }
    return view;
  }

  /** The backend the views query: the one source's database (PostgreSQL), else the in-memory store. */
  get backend(): UsageBackend {
    return this.queries.backend;
  }

  query(filters: readonly Filter[] = [], options: QueryOptions & { range?: ResolvedRange } = {}): Promise<UsageView> {
    return this.queries.view(options.range ?? this.range, filters, options);
  }

  drillDown(
    dimension: Dimension,
    id: string,
    filters: readonly Filter[] = [],
    options: QueryOptions & { range?: ResolvedRange } = {},
  ): Promise<DrillDownResult> {
    return this.queries.drillDown(options.range ?? this.range, dimension, id, filters, options);
  }

  private onQuery(event: QueryEvent): void {
    if (event.phase === 'end' && event.backend !== 'memory') {
      const how = event.outcome === 'failed' ? `failed: ${event.error?.message ?? ''}` : event.outcome;
      this.deps.log.info(`Query (${event.backend}) ${event.what}: ${how} after ${event.ms ?? 0} ms.`);
    }
    this.queryEvents.fire(event);
  }

  // ---- loading --------------------------------------------------------------------------

  /** After a failed first load it does not retry (Refresh does). */
  async ensureLoaded(): Promise<DataSnapshot | undefined> {
    if (this.currentSnapshot) return this.currentSnapshot;
    if (this.running) {
      await this.shownOrDone(this.running.promise);
      return this.currentSnapshot;
    }
    if (this.currentState === 'error') return undefined;
    await this.shownOrDone(this.refresh());
    return this.currentSnapshot;
  }

  /** Resolves when `load` ends, or earlier when it shows data before it ends (cached figures). */
  private shownOrDone(load: Promise<void>): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        subscription.dispose();
        resolve();
      };
      const subscription = this.onDidChange(() => {
        if (this.currentSnapshot) done();
      });
      void load.finally(done);
    });
  }

  /** A running load is replaced. */
  refresh(): Promise<void> {
    return this.reload(undefined);
  }

  cancel(): void {
    this.running?.abort.abort();
  }

  /** Loads the sources in `only` (all when undefined; sources never loaded always load). */
  private reload(only: ReadonlySet<string> | undefined): Promise<void> {
    // A replaced partial load still has to happen: widen the new load to cover it.
    const replaced = this.running;
    replaced?.abort.abort();
    const scope = only && replaced ? undefined : only;
    const abort = new AbortController();
    const generation = ++this.generation;
    this.loads++;
    const promise = this.runLoad(abort, generation, scope);
    this.running = { promise, abort, generation };
    return promise;
  }

  private async runLoad(abort: AbortController, generation: number, only: ReadonlySet<string> | undefined): Promise<void> {
    const log = this.deps.log;
    const started = Date.now();
    this.setState('loading');
    this.loadEvents.fire({ phase: 'start', load: generation });
    const context: LoadContext = {
      signal: abort.signal,
      log,
      window: this.fetchWindow(),
      view: { spec: this.spec, timeZone: this.timeZone },
      report: (message) => {
        if (generation === this.generation) this.loadEvents.fire({ phase: 'progress', load: generation, message });
      },
    };
    const end = (outcome: 'ready' | 'failed' | 'cancelled' | 'replaced', failedSources: readonly SourceStatus[] = [], error?: Error) =>
      this.loadEvents.fire({ phase: 'end', load: generation, outcome, error, failedSources, keptData: this.currentSnapshot !== undefined });

    try {
      const entries = this.sources.entries;
      log.info(
        `Loading usage data from ${entries.length === 1 ? 'one source' : `${entries.length} sources`}: ${entries.map((e) => (e.source ? `${e.source.label} (${e.source.kind})` : `${e.label} (invalid)`)).join(', ')}.`,
      );
      // The first load shows what sources kept from before (providers' cached days) at once.
      if (!this.currentSnapshot && only === undefined) await this.showCached(entries, context, generation);
      const result = await loadSources(entries, this.statuses, context, only);
      if (generation !== this.generation) {
        end('replaced');
        return;
      }
      const next = await snapshotOf(result.statuses, this.currentSnapshot, this.deps.config.config.providersOverlap);
      if (!next || result.statuses.every((s) => s.error)) {
        // Every source failed: the whole load failed; what was shown before stays.
        const failure = combinedError(result.failed);
        this.statuses = result.statuses;
        this.error = failure;
        log.error(`Loading usage data failed after ${Date.now() - started} ms: ${failure.message}`);
        if (this.currentSnapshot)
          log.info(`Keeping the data loaded at ${new Date(this.currentSnapshot.loadedAt).toISOString()} from ${this.currentSnapshot.source.label}.`);
        this.setState('error');
        end('failed', result.failed, failure);
        return;
      }
      this.statuses = result.statuses;
      this.currentSnapshot = { ...next, store: withTeamSettings(next.store, this.deps.config.config, this.deps.log), loadedAt: Date.now() };
      this.error = undefined;
      this.views.clear();
      this.queries.clear();
      this.adoptWorkerView(next);
      const store = next.store;
      log.info(
        `Loaded ${store.length.toLocaleString('en-US')} events from ${next.source.label} (${next.source.kind}) in ${Date.now() - started} ms` +
          `${next.skipped > 0 ? `; ${next.skipped} rows skipped (reasons above)` : ''}` +
          `${store.duplicates > 0 ? `; ${store.duplicates} duplicate events counted once` : ''}` +
          `${result.failed.length > 0 ? `; ${result.failed.length} source${result.failed.length === 1 ? '' : 's'} failed: ${result.failed.map((s) => s.label).join(', ')}` : ''}.`,
      );
      this.setState('ready');
      end('ready', result.failed);
    } catch (error) {
      if (generation !== this.generation) {
        // A newer load replaced this one: callers wait for that one instead.
        end('replaced');
        await this.running?.promise;
        return;
      }
      if (isCancellation(error) || abort.signal.aborted) {
        log.info(`Loading usage data was cancelled after ${Date.now() - started} ms${this.currentSnapshot ? '; keeping the data shown before' : ''}.`);
        // With nothing to show, a cancelled first load is an error state: the view offers Retry
        // instead of the tree asking for data again straight away.
        if (!this.currentSnapshot) this.error = new CancelledError(vscode.l10n.t('Loading usage data was cancelled.'));
        this.setState(this.currentSnapshot ? (this.error ? 'error' : 'ready') : 'error');
        end('cancelled');
        return;
      }
      const failure = error instanceof Error ? error : new Error(String(error));
      this.error = failure;
      log.error(`Loading usage data failed after ${Date.now() - started} ms: ${failure.message}`);
      this.setState('error');
      end('failed', [], failure);
    } finally {
      if (this.running?.generation === generation) this.running = undefined;
    }
  }

  /** Shows the sources' cached figures (a snapshot marked `cached`) while the load that follows refreshes them. */
  private async showCached(entries: SourceSet['entries'], context: LoadContext, generation: number): Promise<void> {
    const cached = await Promise.all(
      entries.map(async (entry): Promise<SourceStatus | undefined> => {
        const source = entry.source;
        const result = source?.loadCached ? await source.loadCached(context) : undefined;
        return source && result && { id: source.id, kind: source.kind, label: result.source.label, result, loadedAt: Date.now() };
      }),
    );
    const statuses = cached.filter((s) => s !== undefined);
    if (statuses.length === 0 || generation !== this.generation || this.currentSnapshot) return;
    const next = await snapshotOf(statuses, undefined, this.deps.config.config.providersOverlap);
    if (!next || generation !== this.generation || this.currentSnapshot) return;
    this.deps.log.info(`Showing the cached figures of ${statuses.map((s) => s.label).join(', ')} while they refresh.`);
    // Kept as the sources' last good data: a refresh that fails keeps them shown.
    this.statuses = statuses;
    this.currentSnapshot = { ...next, store: withTeamSettings(next.store, this.deps.config.config, this.deps.log) };
    this.views.clear();
    this.changed.fire();
  }

  /** A view a worker computed with the store (one source): the views ask for it without a scan on this thread. */
  private adoptWorkerView(snapshot: DataSnapshot): void {
    const feeding = snapshot.sources.filter((s) => s.result);
    const view = feeding.length === 1 ? feeding[0].result!.view : undefined;
    if (!view || view.filters.length > 0) return;
    const range = this.range;
    if (viewKey(view.range, []) !== viewKey(range, [])) return;
    this.views.set(viewKey(range, []), view);
    this.queries.adopt(view);
  }

  /** The instants window-fetching sources fetch for the current range: it and its previous period. */
  private fetchWindow(): { from: number; to: number } {
    if (this.spec === 'all') {
      const end = resolveRange('today', { timeZone: this.timeZone }).current.to;
      return { from: end - HTTP_ALL_DAYS * DAY_MS, to: end };
    }
    const range = resolveRange(this.spec, { timeZone: this.timeZone });
    return { from: range.previous.from, to: range.current.to };
  }

  private setState(state: DataState): void {
    this.currentState = state;
    this.changed.fire();
  }

  // ---- reacting to settings, inputs and time ----------------------------------------------

  private applySourceSettings(config: UsageExplorerConfig): void {
    const resolved = resolveSourceSpecs(config.sources, { source: config.source, httpBaseUrl: config.httpBaseUrl }, (kind) => sourceDefinition(kind));
    for (const problem of resolved.problems) this.deps.log.warn(problem);
    this.sources.update(resolved.specs);
    // Statuses of sources no longer configured go; the others keep their data.
    const ids = new Set(this.sources.entries.map((e) => (e.source ? e.source.id : e.id)));
    this.statuses = this.statuses.filter((s) => ids.has(s.id));
  }

  private onConfigChange(change: ConfigChange): void {
    const { config } = change;
    if (change.affectsAny(SETTING_GROUPS.source)) this.applySourceSettings(config);
    if (change.affects('autoRefreshMinutes')) this.scheduleAutoRefresh(config);
    if (change.affects('providers.overlap')) void this.recombine();
    if (change.affects('defaultTimeRange')) {
      if (validateRangeSpec(config.defaultTimeRange))
        this.deps.log.warn(`usageExplorer.defaultTimeRange: "${config.defaultTimeRange}" is not a range; ignored.`);
      else this.setRange(config.defaultTimeRange);
    }
    if (change.affectsAny(SETTING_GROUPS.view)) {
      this.views.clear();
      this.queries.clear();
      this.changed.fire();
      // Sources that summed days in the database did so in the old zone: they load again.
      const zoned = this.statuses.filter((s) => s.result?.timeZone !== undefined && s.result.timeZone !== this.timeZone);
      if (this.currentSnapshot && zoned.length > 0 && !change.affectsAny(SETTING_GROUPS.source)) void this.reload(new Set(zoned.map((s) => s.id)));
    }
    // Reload only what was loaded (or asked for) before: settings never trigger the first load.
    if (change.affectsAny(SETTING_GROUPS.source) && (this.currentSnapshot || this.running || this.currentState === 'error')) {
      this.deps.log.info('Data source settings changed; reloading.');
      void this.refresh();
    }
  }

  /** The loaded sources combined again (agent logs or the bill counted instead), without loading anything. */
  private async recombine(): Promise<void> {
    const shown = this.currentSnapshot;
    const next = shown && (await snapshotOf(this.statuses, undefined, this.deps.config.config.providersOverlap));
    if (!shown || !next || this.currentSnapshot !== shown) return;
    this.currentSnapshot = { ...next, store: withTeamSettings(next.store, this.deps.config.config, this.deps.log), loadedAt: shown.loadedAt };
    this.views.clear();
    this.changed.fire();
  }

  private onInputsChanged(sourceId: string, reason: string): void {
    // Nothing shown yet: the first load will read the inputs anyway.
    if (!this.currentSnapshot && !this.running) return;
    this.dirty.add(sourceId);
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      const only = new Set(this.dirty);
      this.dirty.clear();
      this.deps.log.info(`${reason}; reloading.`);
      void this.reload(only);
    }, FILE_CHANGE_DEBOUNCE_MS);
  }

  private scheduleAutoRefresh(config: UsageExplorerConfig): void {
    clearInterval(this.autoRefresh);
    this.autoRefresh = undefined;
    if (config.autoRefreshMinutes <= 0) return;
    this.autoRefresh = setInterval(() => {
      if (this.currentSnapshot && !this.running) void this.refresh();
    }, config.autoRefreshMinutes * 60_000);
  }

  dispose(): void {
    this.running?.abort.abort();
    clearTimeout(this.debounce);
    clearInterval(this.autoRefresh);
    this.sources.dispose();
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
    this.loadEvents.dispose();
    this.queryEvents.dispose();
  }
}

/** The cache key of a view: its range (as resolved) and filters. */
function viewKey(range: ResolvedRange, filters: readonly Filter[]): string {
  return [range.spec, range.timeZone, range.current.from, range.current.to, range.previous.from, ...filters.map((f) => `${f.dimension}=${f.id}`)].join(
    '\u0000',
  );
}

/** One error for sources that all failed: the one's own, or each named. */
function combinedError(failed: readonly SourceStatus[]): Error {
  const errors = failed.filter((s) => s.error);
  if (errors.length === 1) return errors[0].error!;
  if (errors.length === 0) return new Error(vscode.l10n.t('No source is configured.'));
  return new Error(errors.map((s) => `${s.label}: ${s.error!.message}`).join(' '));
}

const EMPTY_STORE = UsageStore.empty();
