import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { CommandId } from '../commandIds';
import { messageOf } from '../core/errors';
import { type Dimension } from '../core/model';
import { validateRangeSpec } from '../core/time';
import { workerUrl } from '../commands/workerUrl';
import { type UsageStore } from '../core/store';
import { type UsageData } from '../data/usageData';
import { estimateModel } from '../data/sources/estimates';
import { type ExportService } from '../export/exportService';
import {
  DASHBOARD_VIEW_TYPE,
  handleRequest,
  isRequestMessage,
  parseWebviewMessage,
  type EntityRef,
  type HostMessage,
  type RequestHandlers,
  type RequestMessage,
  type StatusKind,
  type WebviewCommand,
} from '../protocol/dashboard';
import { displayLocale } from '../l10n/display';
import { createNonce, dashboardHtml } from './html';
import { dashboardStrings } from './strings';
import { insightOptions, type InsightSettings } from './insightsModel';
import { type Insights } from '../core/insights/insights';
import { trendStack } from '../core/trendStack';
import { buildDashboardModel, dayRange, dayTablesModel, drillDownModel, focusFilters, tableSlice } from './viewModel';
import { isAbortError } from '../core/backend/types';
import { type UsageView } from '../core/query';
import { type ResolvedRange } from '../core/time';
import { viewDaysOfUtcDays } from '../core/sources/providers/days';
import { buildOverlapModel } from './overlapModel';
import { countedSources } from '../data/sources/providers/overlapLines';

/** What the panel reads from the data service (the real one, or a stand-in in tests). */
export type DashboardData = Pick<
  UsageData,
  | 'onDidChange'
  | 'state'
  | 'snapshot'
  | 'lastError'
  | 'rangeSpec'
  | 'setRange'
  | 'range'
  | 'currency'
  | 'ensureLoaded'
  | 'refresh'
  | 'query'
  | 'drillDown'
  | 'backend'
>;

/** How long a query may take before the dashboard says it is refreshing (no flash for quick answers). */
const REFRESHING_AFTER_MS = 150;

/** Where the panel writes its log lines (the extension's LogOutputChannel or a wrapper of it). */
export type DashboardLog = Pick<vscode.LogOutputChannel, 'info' | 'warn' | 'error' | 'debug'>;

export interface DashboardPanelOptions {
  data: DashboardData;
  log: DashboardLog;
  extensionUri: vscode.Uri;
  /** The worker page URL template (`${id}`, `${name}`); empty when none is set. */
  workerUrlTemplate: () => string;
  /** Budget settings for the insights panel; none: no insights. */
  insightSettings?: () => InsightSettings;
  /** Writes the dashboard's exports (the same service as the Export… command). */
  exports: Pick<ExportService, 'export'>;
}

/** The panel's title, in the display language. */
const title = () => vscode.l10n.t('Usage Explorer');

/** The webview options: scripts on, resources only from dist/ and media/. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/**
 * One dashboard panel: owns its WebviewPanel and every listener it registers, answers the
 * webview's requests from the engine, and posts view models (never raw events). Nothing is
 * posted before the webview says `ready`; every incoming message is validated and bad ones
 * are logged and dropped.
 */
export class DashboardPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly postedEmitter = new vscode.EventEmitter<HostMessage>();
  private readonly disposedEmitter = new vscode.EventEmitter<void>();
  /** Every message posted to the webview (tests and diagnostics listen). */
  readonly onDidPost = this.postedEmitter.event;
  readonly onDidDispose = this.disposedEmitter.event;

  private focus: EntityRef | null;
  private pendingTab: Dimension | undefined;
  private ready = false;
  private seq = 0;
  private disposed = false;
  private updateQueued = false;
  /** When the webview's first message arrived (performance.now()). */
  private firstMessageAt: number | undefined;
  private firstPaintLogged = false;
  /** When a range change was asked for, until its view is posted. */
  private rangeChangeAt: number | undefined;
  private lastViewBytes = 0;
  /** The running update's query; a newer update (range, focus, data) cancels it. */
  private query: AbortController | undefined;

  /** Opens a new panel beside the active editor. */
  static create(options: DashboardPanelOptions, focus: EntityRef | null = null, tab?: Dimension): DashboardPanel {
    const panel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, title(), vscode.ViewColumn.Active, webviewOptions(options.extensionUri));
    return new DashboardPanel(panel, options, focus, tab);
  }

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly options: DashboardPanelOptions,
    focus: EntityRef | null = null,
    tab?: Dimension,
  ) {
    this.focus = focus;
    this.pendingTab = tab;
    panel.webview.options = webviewOptions(options.extensionUri);
    panel.webview.html = this.html();
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => void this.handleMessage(message)),
      panel.onDidDispose(() => this.dispose()),
      options.data.onDidChange(() => this.scheduleUpdate()),
    );
  }

  get isReady(): boolean {
    return this.ready;
  }

  get currentFocus(): EntityRef | null {
    return this.focus;
  }

  /** Shows the panel; with a focus (or null to clear it), narrows the dashboard first. */
  reveal(focus?: EntityRef | null, tab?: Dimension): void {
    if (focus !== undefined) this.setFocus(focus);
    if (tab) this.showTab(tab);
    this.panel.reveal();
  }

  setFocus(focus: EntityRef | null): void {
    this.focus = focus;
    this.scheduleUpdate();
  }

  private showTab(tab: Dimension): void {
    if (this.ready) this.post({ type: 'showTab', dimension: tab });
    else this.pendingTab = tab;
  }

  private html(): string {
    const webview = this.panel.webview;
    const scriptUri = webview.asWebviewUri(vscode.Uri.joinPath(this.options.extensionUri, 'dist', 'webview.js')).toString();
    return dashboardHtml({ cspSource: webview.cspSource, nonce: createNonce(), scriptUri, title: title(), lang: vscode.env.language });
  }

  private post(message: HostMessage): void {
    if (this.disposed) return;
    void this.panel.webview.postMessage(message);
    this.postedEmitter.fire(message);
  }

  private postStatus(status: StatusKind, message: string): void {
    this.post({ type: 'status', status, message });
  }

  /** Validates and handles one message from the webview. Public so tests can drive the host directly. */
  async handleMessage(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.options.log.warn(`Dashboard: dropped a malformed message from the webview: ${describe(raw)}`);
      return;
    }
    if (this.firstMessageAt === undefined) this.firstMessageAt = performance.now();
    if (!this.ready && message.type !== 'ready') {
      this.options.log.warn(`Dashboard: dropped "${message.type}" sent before "ready".`);
      return;
    }
    try {
      if (isRequestMessage(message)) await this.answer(message);
      else await this.handleCommand(message);
    } catch (error) {
      this.options.log.error(`Dashboard: ${message.type} failed: ${messageOf(error)}`);
    }
  }

  private async handleCommand(message: WebviewCommand): Promise<void> {
    const data = this.options.data;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        // The webview's words and number formats come from here: it translates nothing itself.
        this.post({ type: 'init', locale: displayLocale(), strings: dashboardStrings() });
        if (this.pendingTab) {
          this.post({ type: 'showTab', dimension: this.pendingTab });
          this.pendingTab = undefined;
        }
        await this.update();
        return;
      case 'setRange': {
        const problem = validateRangeSpec(message.range.trim());
        if (problem) {
          this.options.log.warn(`Dashboard: dropped setRange: ${problem}`);
          return;
        }
        this.rangeChangeAt = performance.now();
        data.setRange(message.range);
        this.scheduleUpdate();
        return;
      }
      case 'refresh':
        this.postStatus('loading', vscode.l10n.t('Loading usage…'));
        await data.refresh();
        this.scheduleUpdate();
        return;
      case 'setFocus':
        this.setFocus(message.focus);
        return;
      case 'openWorkerPage':
        await this.openWorkerPage(message.id);
        return;
      case 'openOverlapSetting':
        await vscode.commands.executeCommand('workbench.action.openSettings', 'usageExplorer.providers.overlap');
        return;
      case 'export':
        await this.exportTable(message);
        return;
      case 'perf':
        this.logPerf(message);
        return;
      case 'addPriceOverride':
        await vscode.commands.executeCommand(CommandId.addPriceOverride, message.model);
        return;
    }
  }

  /** The webview's requests, answered through the backend (the trend stack from the loaded store) for the range and focus shown. */
  private readonly requests: RequestHandlers = {
    table: async (params) => {
      const view = await this.options.data.query(focusFilters(this.focus), { range: this.rangeOf(params.day) });
      return tableSlice(view.tables[params.dimension], params.dimension, params.state, params.limit);
    },
    drillDown: async (params) =>
      drillDownModel(params, await this.options.data.drillDown(params.dimension, params.id, focusFilters(this.focus), { range: this.rangeOf(params.day) })),
    dayTables: async (params) => dayTablesModel(params.day, await this.options.data.query(focusFilters(this.focus), { range: this.rangeOf(params.day) })),
    trendStack: (params) => trendStack(this.store(), this.options.data.range, params.dimension, focusFilters(this.focus)),
  };

  /** The range shown, or one of its days (an error when the day is outside it). */
  private rangeOf(day: string | undefined): ResolvedRange {
    return day ? dayRange(this.store(), this.options.data.range, day) : this.options.data.range;
  }

  private store(): UsageStore {
    const snapshot = this.options.data.snapshot;
    if (!snapshot) throw new Error(vscode.l10n.t('No usage data is loaded.'));
    return snapshot.store;
  }

  private async answer(request: RequestMessage): Promise<void> {
    try {
      this.post({ type: 'response', id: request.id, ok: true, result: await handleRequest(this.requests, request) });
    } catch (error) {
      this.post({ type: 'response', id: request.id, ok: false, error: messageOf(error) });
    }
  }

  private scheduleUpdate(): void {
    if (this.updateQueued || this.disposed) return;
    this.updateQueued = true;
    setImmediate(() => {
      this.updateQueued = false;
      void this.update().catch((error: unknown) => this.options.log.error(`Dashboard: update failed: ${messageOf(error)}`));
    });
  }

  /** Posts what the webview should show now: a status, or the view model for the range and focus. */
  async update(): Promise<void> {
    if (!this.ready || this.disposed) return;
    const data = this.options.data;
    if (!data.snapshot) {
      if (data.state !== 'error') {
        this.postStatus('loading', vscode.l10n.t('Loading usage…'));
        await data.ensureLoaded();
      }
      if (!data.snapshot) {
        const reason = data.lastError?.message ?? vscode.l10n.t('The usage data could not be loaded.');
        this.postStatus(
          'error',
          vscode.l10n.t('{0} Check the source in Settings (Usage Explorer), then press Refresh. Details are in the log (Usage Explorer: Show Log).', reason),
        );
        return;
      }
    }
    const snapshot = data.snapshot;
    if (snapshot.store.length === 0) {
      this.postStatus(
        'empty',
        snapshot.source.kind === 'files'
          ? vscode.l10n.t(
              'No usage events were found in {0}. Add rows to the file, or pick another source in Settings (Usage Explorer: Source).',
              snapshot.source.label,
            )
          : vscode.l10n.t('No usage events were found. Pick another source in Settings (Usage Explorer: Source), or use the demo data.'),
      );
      return;
    }
    const started = performance.now();
    this.query?.abort();
    const query = (this.query = new AbortController());
    // The figures shown stay (dimmed) while the backend answers; quick answers show no refreshing state.
    const refreshing = setTimeout(() => this.postStatus('loading', vscode.l10n.t('Refreshing…')), REFRESHING_AFTER_MS);
    let view: UsageView;
    let insights: Insights | undefined;
    const settings = this.options.insightSettings?.();
    try {
      const filters = focusFilters(this.focus);
      // The view and its insights from the backend (a database answers both with grouped queries).
      [view, insights] = await Promise.all([
        data.query(filters, { signal: query.signal }),
        settings ? data.backend.insights(data.range, { ...insightOptions(settings, filters), signal: query.signal }) : undefined,
      ]);
    } catch (error) {
      if (query.signal.aborted || isAbortError(error)) return;
      this.options.log.error(`Dashboard: the view query failed: ${messageOf(error)}`);
      this.postStatus('error', vscode.l10n.t('{0} Press Refresh to try again. Details are in the log (Usage Explorer: Show Log).', messageOf(error)));
      return;
    } finally {
      clearTimeout(refreshing);
    }
    if (query.signal.aborted || this.disposed) return;
    const model = buildDashboardModel({
      store: snapshot.store,
      view,
      // The header names every source that fed the view (`team.usage.csv + usage.example.com`); the page marks only pure demo data.
      source: { kind: snapshot.source.kind, label: snapshot.source.label },
      loadedAt: snapshot.loadedAt,
      skipped: snapshot.skipped,
      warnings: snapshot.warnings,
      currency: data.currency,
      focus: this.focus,
      workerPages: this.options.workerUrlTemplate().trim() !== '',
      insights: settings,
      computedInsights: insights,
      seq: ++this.seq,
      overlap: buildOverlapModel(snapshot, view.range),
      billedBy: countedSources(snapshot)
        .filter((s) => s.result && (s.kind === 'openai' || s.kind === 'anthropic'))
        .map((s) => s.label),
      partialDays: viewDaysOfUtcDays(
        snapshot.sources.flatMap((s) => s.result?.partialDays ?? []),
        view.range.timeZone,
      ),
    });
    const estimate = estimateModel(countedSources(snapshot), snapshot.store, view.range.current, data.currency);
    if (estimate) model.estimate = estimate;
    const message: HostMessage = { type: 'view', model };
    const built = performance.now();
    this.lastViewBytes = JSON.stringify(message).length;
    this.post(message);
    const what = this.rangeChangeAt !== undefined ? `range change to ${view.range.spec}` : 'view';
    this.options.log.info(
      `Dashboard perf: ${what} #${model.seq} built in ${(built - started).toFixed(1)} ms` +
        (this.rangeChangeAt !== undefined ? ` (${(built - this.rangeChangeAt).toFixed(1)} ms after the request)` : '') +
        `, message ${(this.lastViewBytes / 1024).toFixed(1)} KB, ${snapshot.store.length} events.`,
    );
    this.rangeChangeAt = undefined;
    if (data.state === 'loading')
      this.postStatus('loading', snapshot.cached ? vscode.l10n.t('Showing cached figures; refreshing…') : vscode.l10n.t('Refreshing…'));
  }

  private logPerf(message: { mark: string; ms: number; seq: number }): void {
    if (message.mark === 'firstChartPaint') {
      if (this.firstPaintLogged) return;
      this.firstPaintLogged = true;
      const sinceFirst = this.firstMessageAt === undefined ? NaN : performance.now() - this.firstMessageAt;
      this.options.log.info(
        `Dashboard perf: first chart painted ${message.ms.toFixed(1)} ms after the first view message arrived (webview), ` +
          `${sinceFirst.toFixed(0)} ms after the webview's first message including data load (host).`,
      );
    } else {
      this.options.log.info(`Dashboard perf: view #${message.seq} re-rendered ${message.ms.toFixed(1)} ms after its data arrived (webview).`);
    }
  }

  private async openWorkerPage(id: string): Promise<void> {
    const store = this.options.data.snapshot?.store;
    const code = store?.workers.codeOf(id);
    if (!store || code === undefined) {
      this.options.log.warn(`Dashboard: dropped openWorkerPage for an unknown worker.`);
      return;
    }
    const url = workerUrl(this.options.workerUrlTemplate(), id, store.workers.names[code]);
    if (!url) {
      this.options.log.warn('Dashboard: usageExplorer.workerUrlTemplate is not set or is not an http(s) URL.');
      return;
    }
    await vscode.env.openExternal(vscode.Uri.parse(url, true));
  }

  private async exportTable(message: Extract<WebviewCommand, { type: 'export' }>): Promise<vscode.Uri | undefined> {
    const data = this.options.data;
    // A day of the tables must lie in the range shown (dayRange throws saying so).
    if (message.day && data.snapshot) dayRange(data.snapshot.store, data.range, message.day);
    return this.options.exports.export({
      dimension: message.dimension,
      format: message.format,
      filters: focusFilters(this.focus),
      table: message.state,
      columns: message.columns,
      range: message.day ? `${message.day}..${message.day}` : undefined,
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.query?.abort();
    this.disposedEmitter.fire();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
    this.postedEmitter.dispose();
    this.disposedEmitter.dispose();
  }
}

/** A short, safe description of a dropped message for the log. */
function describe(raw: unknown): string {
  try {
    const text = JSON.stringify(raw) ?? String(raw);
    return text.length > 200 ? `${text.slice(0, 200)}…` : text;
  } catch {
    return typeof raw;
  }
}
