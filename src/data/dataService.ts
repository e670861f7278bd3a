import * as vscode from 'vscode';
import { CancelledError, isCancellation } from '../core/errors';
import { type Filter, resolveStoreRange, type UsageView } from '../core/query';
import { UsageStore } from '../core/store';
import { type ResolvedRange, TimeRangeError, validateRangeSpec } from '../core/time';
import { type ConfigChange, type ConfigWatcher, SETTING_GROUPS, type UsageExplorerConfig } from '../config';
import { fetchWindow } from './fetchWindow';
import { combinedError, loadedMessage, loadingMessage } from './loadMessages';
import { loadCachedStatuses, loadSources, snapshotOf } from './loadSources';
import { ReloadTimers } from './reloadTimers';
import { liveSourceEnv } from './sourceEnv';
import { withTeamSettings } from '../teams/teamSettings';
import { type UsageLog } from './log';
import { SourceSet } from './sourceSet';
import { type LoadContext } from './sources/types';
import { ViewCache } from './viewCache';
import { ViewQueries, type QueryEvent } from './viewQueries';
import { ViewSettings } from './viewSettings';
import { parseTeamMapping } from '../core/teams/mapping';
import { type DrillDownResult, type QueryOptions, type UsageBackend } from '../core/backend/types';
import { type Dimension } from '../core/model';
import { type DataSnapshot, type DataState, type LoadEvent, type SourceStatus, type UsageData } from './usageData';

export type { DataSnapshot, DataState } from './usageData';
export { FILE_CHANGE_DEBOUNCE_MS } from './reloadTimers';

export interface DataServiceDeps {
  config: ConfigWatcher;
  secrets: vscode.SecretStorage;
  log: UsageLog;
  /** Global storage folder for sources' caches (provider days). */
  storageDir?: string;
}

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
  private readonly views = new ViewCache();
  private readonly sources: SourceSet;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly timers = new ReloadTimers(
    (only, reason) => {
      this.deps.log.info(`${reason}; reloading.`);
      void this.reload(only);
    },
    () => {
      if (this.currentSnapshot && !this.running) void this.refresh();
    },
  );
  private readonly settings: ViewSettings;

  constructor(private readonly deps: DataServiceDeps) {
    const initial = deps.config.config.defaultTimeRange;
    const problem = validateRangeSpec(initial);
    if (problem) deps.log.warn(`usageExplorer.defaultTimeRange: ${problem} Using the last 30 days.`);
    this.spec = problem ? '30d' : initial;
    this.settings = new ViewSettings(deps.config, deps.log);
    this.sources = new SourceSet(liveSourceEnv(deps.config, deps.secrets, deps.log, deps.storageDir), (source, reason) =>
      this.onInputsChanged(source.id, reason),
    );
    this.applySourceSettings(deps.config.config);
    this.disposables.push(deps.config.onDidChange((change) => this.onConfigChange(change)));
    this.timers.scheduleAutoRefresh(deps.config.config.autoRefreshMinutes);
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
    const window = fetchWindow(this.spec, this.timeZone);
    const stale = this.statuses.filter((s) => s.result?.window && !(s.result.window.from <= window.from && s.result.window.to >= window.to));
    if (this.currentSnapshot && stale.length > 0) void this.reload(new Set(stale.map((s) => s.id)));
  }

  get range(): ResolvedRange {
    return resolveStoreRange(this.currentSnapshot?.store ?? EMPTY_STORE, this.spec, { timeZone: this.timeZone });
  }

  get timeZone(): string {
    return this.settings.timeZone;
  }

  get currency(): string {
    return this.settings.currency;
  }

  // ---- queries --------------------------------------------------------------------------

  view(filters: readonly Filter[] = []): UsageView {
    const { view, computed } = this.views.get(this.currentSnapshot?.store ?? EMPTY_STORE, this.range, filters);
    if (computed) this.queries.clear();
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
      window: fetchWindow(this.spec, this.timeZone),
      view: { spec: this.spec, timeZone: this.timeZone },
      report: (message) => {
        if (generation === this.generation) this.loadEvents.fire({ phase: 'progress', load: generation, message });
      },
    };
    const end = (outcome: 'ready' | 'failed' | 'cancelled' | 'replaced', failedSources: readonly SourceStatus[] = [], error?: Error) =>
      this.loadEvents.fire({ phase: 'end', load: generation, outcome, error, failedSources, keptData: this.currentSnapshot !== undefined });

    try {
      const entries = this.sources.entries;
      log.info(loadingMessage(entries));
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
      this.currentSnapshot = { ...this.withTeams(next), loadedAt: Date.now() };
      this.error = undefined;
      this.views.clear();
      this.queries.clear();
      this.adoptWorkerView(next);
      log.info(loadedMessage(next, result.failed, Date.now() - started));
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
    const statuses = await loadCachedStatuses(entries, context);
    if (statuses.length === 0 || generation !== this.generation || this.currentSnapshot) return;
    const next = await snapshotOf(statuses, undefined, this.deps.config.config.providersOverlap);
    if (!next || generation !== this.generation || this.currentSnapshot) return;
    this.deps.log.info(`Showing the cached figures of ${statuses.map((s) => s.label).join(', ')} while they refresh.`);
    // Kept as the sources' last good data: a refresh that fails keeps them shown.
    this.statuses = statuses;
    this.currentSnapshot = this.withTeams(next);
    this.views.clear();
    this.changed.fire();
  }

  /** A view a worker computed with the store (one source): the views ask for it without a scan on this thread. */
  private adoptWorkerView(snapshot: DataSnapshot): void {
    const feeding = snapshot.sources.filter((s) => s.result);
    const view = feeding.length === 1 ? feeding[0].result!.view : undefined;
    if (view && this.views.adopt(view, this.range)) this.queries.adopt(view);
  }

  /** The combined snapshot with `usageExplorer.teams` applied to its store. */
  private withTeams(next: DataSnapshot): DataSnapshot {
    return { ...next, store: withTeamSettings(next.store, this.deps.config.config, this.deps.log) };
  }

  private setState(state: DataState): void {
    this.currentState = state;
    this.changed.fire();
  }

  // ---- reacting to settings, inputs and time ----------------------------------------------

  private applySourceSettings(config: UsageExplorerConfig): void {
    this.sources.applySettings(config, this.deps.log);
    // Statuses of sources no longer configured go; the others keep their data.
    const ids = new Set(this.sources.entries.map((e) => (e.source ? e.source.id : e.id)));
    this.statuses = this.statuses.filter((s) => ids.has(s.id));
  }

  private onConfigChange(change: ConfigChange): void {
    const { config } = change;
    if (change.affectsAny(SETTING_GROUPS.source)) this.applySourceSettings(config);
    if (change.affects('autoRefreshMinutes')) this.timers.scheduleAutoRefresh(config.autoRefreshMinutes);
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
    this.currentSnapshot = { ...this.withTeams(next), loadedAt: shown.loadedAt };
    this.views.clear();
    this.changed.fire();
  }

  private onInputsChanged(sourceId: string, reason: string): void {
    // Nothing shown yet: the first load will read the inputs anyway.
    if (!this.currentSnapshot && !this.running) return;
    this.timers.inputsChanged(sourceId, reason);
  }

  dispose(): void {
    this.running?.abort.abort();
    this.timers.dispose();
    this.sources.dispose();
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
    this.loadEvents.dispose();
    this.queryEvents.dispose();
  }
}

const EMPTY_STORE = UsageStore.empty();
