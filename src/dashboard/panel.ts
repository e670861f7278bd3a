import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { CommandId } from '../commandIds';
import { messageOf } from '../core/errors';
import { isAbortError } from '../core/backend/types';
import { type Insights } from '../core/insights/insights';
import { type Dimension } from '../core/model';
import { type UsageView } from '../core/query';
import { validateRangeSpec } from '../core/time';
import { displayLocale } from '../l10n/display';
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
import { createNonce, dashboardHtml } from './html';
import { insightOptions } from './insightsModel';
import { exportTable, openWorkerPage } from './panelActions';
import { panelTitle, webviewOptions, type DashboardPanelOptions } from './panelOptions';
import { PanelPerf } from './panelPerf';
import { panelRequests } from './panelRequests';
import { loadFailedMessage, noEventsMessage, snapshotModel } from './snapshotModel';
import { dashboardStrings } from './strings';
import { focusFilters } from './viewModel';

export { webviewOptions, type DashboardData, type DashboardLog, type DashboardPanelOptions } from './panelOptions';

/** How long a query may take before the dashboard says it is refreshing (no flash for quick answers). */
const REFRESHING_AFTER_MS = 150;

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
  private readonly perf: PanelPerf;
  /** The running update's query; a newer update (range, focus, data) cancels it. */
  private query: AbortController | undefined;

  /** Opens a new panel beside the active editor. */
  static create(options: DashboardPanelOptions, focus: EntityRef | null = null, tab?: Dimension): DashboardPanel {
    const panel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, panelTitle(), vscode.ViewColumn.Active, webviewOptions(options.extensionUri));
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
    this.perf = new PanelPerf(options.log);
    this.requests = panelRequests(options.data, () => this.focus);
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
    return dashboardHtml({ cspSource: webview.cspSource, nonce: createNonce(), scriptUri, title: panelTitle(), lang: vscode.env.language });
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
    this.perf.messageArrived();
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
        this.perf.rangeChangeAsked();
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
        await openWorkerPage(this.options, message.id);
        return;
      case 'openOverlapSetting':
        await vscode.commands.executeCommand('workbench.action.openSettings', 'usageExplorer.providers.overlap');
        return;
      case 'export':
        await exportTable(this.options, this.focus, message);
        return;
      case 'perf':
        this.perf.webviewMark(message);
        return;
      case 'addPriceOverride':
        await vscode.commands.executeCommand(CommandId.addPriceOverride, message.model);
        return;
    }
  }

  /** The webview's requests, answered for the range and focus shown. */
  private readonly requests: RequestHandlers;

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
        this.postStatus('error', loadFailedMessage(data.lastError));
        return;
      }
    }
    const snapshot = data.snapshot;
    if (snapshot.store.length === 0) {
      this.postStatus('empty', noEventsMessage(snapshot));
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
    const model = snapshotModel(snapshot, view, {
      currency: data.currency,
      focus: this.focus,
      workerPages: this.options.workerUrlTemplate().trim() !== '',
      insights: settings,
      computedInsights: insights,
      seq: ++this.seq,
    });
    const message: HostMessage = { type: 'view', model };
    const built = performance.now();
    const bytes = JSON.stringify(message).length;
    this.post(message);
    this.perf.viewPosted({ rangeSpec: view.range.spec, seq: model.seq, started, built, bytes, events: snapshot.store.length });
    if (data.state === 'loading')
      this.postStatus('loading', snapshot.cached ? vscode.l10n.t('Showing cached figures; refreshing…') : vscode.l10n.t('Refreshing…'));
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
