import * as vscode from 'vscode';
import { isCurrencyCode } from '../core/money';
import { type Filter, queryUsage, resolveStoreRange, type UsageView } from '../core/query';
import { UsageStore } from '../core/store';
import { normalizeTimeZone, resolveRange, type ResolvedRange, TimeRangeError, validateRangeSpec } from '../core/time';
import { type ConfigChange, type ConfigWatcher, SETTING_GROUPS, type UsageExplorerConfig } from '../config';
import { CommandId } from '../commandIds';
import { type UsageLog } from './log';
import { loadDemoSource } from './sources/demoSource';
import { findUsageFiles, loadFilesSource } from './sources/filesSource';
import { API_KEY_SECRET, loadHttpSource } from './sources/httpSource';
import { loadPostgresSource, POSTGRES_CONNECTION_SECRET } from './sources/postgresSource';
import { isCancellation, LoadCancelledError, type LoadContext, type LoadResult, type SourceInfo } from './sources/types';

export type DataState = 'idle' | 'loading' | 'ready' | 'error';

/** The data loaded by the last successful load. It stays when a later load fails. */
export interface DataSnapshot {
  store: UsageStore;
  source: SourceInfo;
  /** When the load finished (ms since the epoch). */
  loadedAt: number;
  /** Rows left out because they could not be read. */
  skipped: number;
  warnings: string[];
}

export interface DataServiceDeps {
  config: ConfigWatcher;
  secrets: vscode.SecretStorage;
  log: UsageLog;
}

/** Loads longer than this show a progress notification. */
export const PROGRESS_DELAY_MS = 500;
/** File changes within this time cause one reload. */
export const FILE_CHANGE_DEBOUNCE_MS = 600;
/** What the HTTP source fetches for the `all` range: it has no extent to go by. */
const HTTP_ALL_DAYS = 730;
const DAY_MS = 86_400_000;
const MAX_CACHED_VIEWS = 200;

/**
 * One per window: owns the loaded usage store, the selected time range, the time zone and the
 * source. Loads lazily (the first time a view or command asks, never during activation),
 * reloads on refresh, file changes, setting changes and the auto-refresh timer, and fires one
 * change event that the tree, the status bar and the dashboard follow.
 */
export class DataService implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires when the state, the data, the range, the time zone or the currency changes. */
  readonly onDidChange: vscode.Event<void> = this.emitter.event;

  state: DataState = 'idle';
  snapshot: DataSnapshot | undefined;
  lastError: Error | undefined;
  /** Number of loads started since the service was created (activation must leave it at 0). */
  loadCount = 0;

  private spec: string;
  private fetchedWindow: { from: number; to: number } | undefined;
  private running: { promise: Promise<void>; abort: AbortController; generation: number } | undefined;
  private generation = 0;
  private readonly views = new Map<string, UsageView>();
  private readonly disposables: vscode.Disposable[] = [];
  private watcher: vscode.FileSystemWatcher | undefined;
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private autoRefresh: ReturnType<typeof setInterval> | undefined;
  private warnedTimeZone: string | undefined;
  /** The zone the PostgreSQL source cut its day sums in. */
  private loadedZone: string | undefined;

  constructor(private readonly deps: DataServiceDeps) {
    const initial = deps.config.config.defaultTimeRange;
    const problem = validateRangeSpec(initial);
    if (problem) deps.log.warn(`usageExplorer.defaultTimeRange: ${problem} Using the last 30 days.`);
    this.spec = problem ? '30d' : initial;
    this.disposables.push(deps.config.onDidChange((change) => this.onConfigChange(change)));
    this.watchFiles(deps.config.config);
    this.scheduleAutoRefresh(deps.config.config);
  }

  // ---- range, zone, currency ------------------------------------------------------------

  /** The selected range: a preset id (`30d`) or `YYYY-MM-DD..YYYY-MM-DD`. */
  get rangeSpec(): string {
    return this.spec;
  }

  /** Selects a range; throws a TimeRangeError when the spec is not a range. */
  setRange(spec: string): void {
    const trimmed = spec.trim();
    const problem = validateRangeSpec(trimmed);
    if (problem) throw new TimeRangeError(problem);
    if (trimmed === this.spec) return;
    this.spec = trimmed;
    this.deps.log.info(`Time range: ${this.range.label} (${this.range.spec}).`);
    this.views.clear();
    this.emitter.fire();
    if (this.fetchesWindows() && !this.windowCovers(this.httpWindow())) void this.refresh();
  }

  /** The selected range resolved in the time zone setting (`all` spans the loaded data). */
  get range(): ResolvedRange {
    return resolveStoreRange(this.snapshot?.store ?? EMPTY_STORE, this.spec, { timeZone: this.timeZone });
  }

  /** The canonical time zone from `usageExplorer.timeZone` (UTC when the setting is not a zone). */
  get timeZone(): string {
    const setting = this.deps.config.config.timeZone;
    try {
      return normalizeTimeZone(setting);
    } catch (error) {
      if (this.warnedTimeZone !== setting) {
        this.warnedTimeZone = setting;
        this.deps.log.warn(`usageExplorer.timeZone: ${(error as Error).message} Using UTC.`);
      }
      return 'UTC';
    }
  }

  /** The currency code from `usageExplorer.currency` (USD when it is not a code). */
  get currency(): string {
    const code = this.deps.config.config.currency;
    return isCurrencyCode(code) ? code : 'USD';
  }

  // ---- queries --------------------------------------------------------------------------

  /** Everything a view shows for the current range, narrowed by `filters`; cached until the data or range changes. */
  view(filters: readonly Filter[] = []): UsageView {
    const range = this.range;
    const key = [range.spec, range.timeZone, range.current.from, range.current.to, range.previous.from, ...filters.map((f) => `${f.dimension}=${f.id}`)].join('\u0000');
    let view = this.views.get(key);
    if (!view) {
      if (this.views.size >= MAX_CACHED_VIEWS) this.views.clear();
      view = queryUsage(this.snapshot?.store ?? EMPTY_STORE, range, filters);
      this.views.set(key, view);
    }
    return view;
  }

  // ---- loading --------------------------------------------------------------------------

  /** The loaded data, loading it first if nothing was loaded yet. After a failed first load it does not retry (Refresh does). */
  async ensureLoaded(): Promise<DataSnapshot | undefined> {
    if (this.snapshot) return this.snapshot;
    if (this.running) {
      await this.running.promise;
      return this.snapshot;
    }
    if (this.state === 'error') return undefined;
    await this.refresh();
    return this.snapshot;
  }

  /** Loads from the configured source again. A running load is replaced. Never rejects: failures go to `lastError`. */
  refresh(): Promise<void> {
    this.running?.abort.abort();
    const abort = new AbortController();
    const generation = ++this.generation;
    this.loadCount++;
    const promise = this.runLoad(abort, generation);
    this.running = { promise, abort, generation };
    return promise;
  }

  /** Cancels the running load, if any; the data shown before stays. */
  cancel(): void {
    this.running?.abort.abort();
  }

  private async runLoad(abort: AbortController, generation: number): Promise<void> {
    const config = this.deps.config.config;
    const log = this.deps.log;
    const started = Date.now();
    this.setState('loading');

    let lastMessage = 'Loading usage data…';
    let reportToProgress: ((message: string) => void) | undefined;
    let finishProgress: (() => void) | undefined;
    const context: LoadContext = {
      signal: abort.signal,
      log,
      report: (message) => {
        lastMessage = message;
        reportToProgress?.(message);
      },
    };
    // Only loads that take a while get a (cancellable) notification.
    const progressTimer = setTimeout(() => {
      void vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Usage Explorer', cancellable: true },
        (progress, token) =>
          new Promise<void>((resolve) => {
            finishProgress = resolve;
            token.onCancellationRequested(() => abort.abort());
            reportToProgress = (message) => progress.report({ message });
            reportToProgress(lastMessage);
            if (this.running?.generation !== generation || abort.signal.aborted) resolve();
          }),
      );
    }, PROGRESS_DELAY_MS);

    try {
      log.info(`Loading usage data (source setting: ${config.source}).`);
      const result = await this.load(config, context);
      if (generation !== this.generation) return;
      this.snapshot = {
        store: result.store,
        source: result.source,
        loadedAt: Date.now(),
        skipped: result.skipped,
        warnings: result.warnings,
      };
      this.fetchedWindow = result.window;
      this.lastError = undefined;
      this.views.clear();
      log.info(
        `Loaded ${result.store.length.toLocaleString('en-US')} events from ${result.source.label} (${result.source.kind}) in ${Date.now() - started} ms` +
          `${result.skipped > 0 ? `; ${result.skipped} rows skipped (reasons above)` : ''}` +
          `${result.store.duplicates > 0 ? `; ${result.store.duplicates} duplicate events counted once` : ''}.`,
      );
      this.setState('ready');
    } catch (error) {
      if (generation !== this.generation) {
        // A newer load replaced this one: callers wait for that one instead.
        await this.running?.promise;
        return;
      }
      if (isCancellation(error)) {
        log.info(`Loading usage data was cancelled after ${Date.now() - started} ms${this.snapshot ? '; keeping the data shown before' : ''}.`);
        // With nothing to show, a cancelled first load is an error state: the view offers Retry
        // instead of the tree asking for data again straight away.
        if (!this.snapshot) this.lastError = new LoadCancelledError();
        this.setState(this.snapshot ? (this.lastError ? 'error' : 'ready') : 'error');
        return;
      }
      const failure = error instanceof Error ? error : new Error(String(error));
      this.lastError = failure;
      log.error(`Loading usage data failed after ${Date.now() - started} ms: ${failure.message}`);
      if (this.snapshot) log.info(`Keeping the data loaded at ${new Date(this.snapshot.loadedAt).toISOString()} from ${this.snapshot.source.label}.`);
      this.setState('error');
      this.notifyFailure(failure);
    } finally {
      clearTimeout(progressTimer);
      finishProgress?.();
      if (this.running?.generation === generation) this.running = undefined;
    }
  }

  private async load(config: UsageExplorerConfig, context: LoadContext): Promise<LoadResult> {
    const files = { include: config.filesInclude, exclude: config.filesExclude, mapping: config.columnMapping };
    switch (config.source) {
      case 'demo':
        return loadDemoSource(context);
      case 'files':
        return loadFilesSource(files, context);
      case 'http': {
        if (!config.httpBaseUrl) throw new Error('The HTTP source has no base URL. Run "Usage Explorer: Configure Data Source…" to set usageExplorer.http.baseUrl.');
        const token = await this.deps.secrets.get(API_KEY_SECRET);
        return loadHttpSource({ baseUrl: config.httpBaseUrl, token, window: this.httpWindow() }, context);
      }
      case 'postgres':
        return this.loadPostgres(config, context);
      case 'auto': {
        const found = await findUsageFiles(files, context.signal);
        if (found.length > 0) {
          context.log.info(`Source auto: ${found.length} workspace file${found.length === 1 ? '' : 's'} match ${config.filesInclude}.`);
          return loadFilesSource(files, context, found);
        }
        context.log.info(`Source auto: no workspace files match ${config.filesInclude}; showing demo data.`);
        return loadDemoSource(context);
      }
    }
  }

  /** The PostgreSQL source sums the window per day in the current zone (a new zone reloads). */
  private async loadPostgres(config: UsageExplorerConfig, context: LoadContext): Promise<LoadResult> {
    if (!config.postgresTable) throw new Error('The PostgreSQL source has no table. Set usageExplorer.postgres.table to the table or view of usage events.');
    const connectionString = await this.deps.secrets.get(POSTGRES_CONNECTION_SECRET);
    if (!connectionString) throw new Error('No PostgreSQL connection is set. Run "Usage Explorer: Set PostgreSQL Connection…".');
    this.loadedZone = this.timeZone;
    return loadPostgresSource(
      {
        connectionString,
        table: config.postgresTable,
        mapping: config.postgresColumnMapping,
        rollup: config.postgresRollup ? { table: config.postgresRollup, timeZone: normalizeTimeZone(config.postgresRollupTimeZone) } : undefined,
        statementTimeoutMs: Math.round(config.postgresStatementTimeoutSeconds * 1000),
        window: this.httpWindow(),
        timeZone: this.loadedZone,
      },
      context,
    );
  }

  /** Sources that load the window of the selected range (and its previous period) only. */
  private fetchesWindows(): boolean {
    const kind = this.snapshot?.source.kind;
    return kind === 'http' || kind === 'postgres';
  }

  /** The instants the HTTP source fetches for the current range: it and its previous period. */
  private httpWindow(): { from: number; to: number } {
    if (this.spec === 'all') {
      const end = resolveRange('today', { timeZone: this.timeZone }).current.to;
      return { from: end - HTTP_ALL_DAYS * DAY_MS, to: end };
    }
    const range = resolveRange(this.spec, { timeZone: this.timeZone });
    return { from: range.previous.from, to: range.current.to };
  }

  private windowCovers(window: { from: number; to: number }): boolean {
    return this.fetchedWindow !== undefined && this.fetchedWindow.from <= window.from && this.fetchedWindow.to >= window.to;
  }

  private notifyFailure(error: Error): void {
    const keeping = this.snapshot ? ' Showing the data loaded before.' : '';
    void vscode.window.showErrorMessage(`Usage Explorer could not load usage data: ${error.message}${keeping}`, 'Retry', 'Show Log').then((choice) => {
      if (choice === 'Retry') void this.refresh();
      else if (choice === 'Show Log') void vscode.commands.executeCommand(CommandId.showLog);
    });
  }

  private setState(state: DataState): void {
    this.state = state;
    this.emitter.fire();
  }

  // ---- reacting to settings, files and time ---------------------------------------------

  private onConfigChange(change: ConfigChange): void {
    const { config } = change;
    if (change.affectsAny(['files.include', 'files.exclude', 'source'])) this.watchFiles(config);
    if (change.affects('autoRefreshMinutes')) this.scheduleAutoRefresh(config);
    if (change.affects('defaultTimeRange')) {
      if (validateRangeSpec(config.defaultTimeRange)) this.deps.log.warn(`usageExplorer.defaultTimeRange: "${config.defaultTimeRange}" is not a range; ignored.`);
      else this.setRange(config.defaultTimeRange);
    }
    if (change.affectsAny(SETTING_GROUPS.view)) {
      this.views.clear();
      this.emitter.fire();
      if (this.snapshot?.source.kind === 'postgres' && this.loadedZone !== this.timeZone) void this.refresh();
    }
    // Reload only what was loaded (or asked for) before: settings never trigger the first load.
    if (change.affectsAny(SETTING_GROUPS.source) && (this.snapshot || this.running || this.state === 'error')) {
      this.deps.log.info('Data source settings changed; reloading.');
      void this.refresh();
    }
  }

  private watchFiles(config: UsageExplorerConfig): void {
    this.watcher?.dispose();
    this.watcher = undefined;
    if (config.source !== 'files' && config.source !== 'auto') return;
    const watcher = vscode.workspace.createFileSystemWatcher(config.filesInclude);
    const onChange = (uri: vscode.Uri) => this.onFileChanged(uri);
    watcher.onDidCreate(onChange);
    watcher.onDidChange(onChange);
    watcher.onDidDelete(onChange);
    this.watcher = watcher;
  }

  private onFileChanged(uri: vscode.Uri): void {
    // Nothing shown yet: the first load will read the file anyway.
    if (!this.snapshot && !this.running) return;
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.deps.log.info(`${vscode.workspace.asRelativePath(uri, false)} changed; reloading.`);
      void this.refresh();
    }, FILE_CHANGE_DEBOUNCE_MS);
  }

  private scheduleAutoRefresh(config: UsageExplorerConfig): void {
    clearInterval(this.autoRefresh);
    this.autoRefresh = undefined;
    if (config.autoRefreshMinutes <= 0) return;
    this.autoRefresh = setInterval(() => {
      if (this.snapshot && !this.running) void this.refresh();
    }, config.autoRefreshMinutes * 60_000);
  }

  dispose(): void {
    this.running?.abort.abort();
    clearTimeout(this.debounce);
    clearInterval(this.autoRefresh);
    this.watcher?.dispose();
    for (const d of this.disposables) d.dispose();
    this.emitter.dispose();
  }
}

const EMPTY_STORE = UsageStore.empty();
