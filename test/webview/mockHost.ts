// A stand-in for the panel host inside the test page: it answers the webview exactly as
// src/dashboard/panel.ts does, from the real engine and view model builders.
import { queryUsage, resolveStoreRange } from '../../src/core/query';
import { type UsageStore } from '../../src/core/store';
import { type ResolvedRange } from '../../src/core/time';
import { buildDashboardModel, buildDayTables, buildDrillDown, buildTableSlice, focusFilters } from '../../src/dashboard/viewModel';
import { trendStack } from '../../src/core/trendStack';
import { messageOf } from '../../src/core/errors';
import { dashboardStrings } from '../../src/dashboard/strings';
import {
  handleRequest,
  parseWebviewMessage,
  savedFocus,
  type EntityRef,
  type EstimateModel,
  type HostMessage,
  type OverlapModel,
  type RequestHandlers,
  type WebviewMessage,
} from '../../src/protocol/dashboard';
import { type VsCodeApi } from '../../webview/host';

export class MockHost implements VsCodeApi {
  readonly received: WebviewMessage[] = [];
  readonly dropped: unknown[] = [];
  state: unknown;
  rangeSpec = '30d';
  focus: EntityRef | null = null;
  seq = 0;
  /** Set to hold the first view back (to test the loading state). */
  holdViews = false;
  workerPages = false;
  /** Days a provider has not finalised, as the panel passes them (already in the view's zone). */
  partialDays: string[] = [];
  /** Agent logs beside an organisation's bill, as the panel builds it (src/dashboard/overlapModel.ts). */
  overlap: OverlapModel | undefined;
  billedBy: string[] = [];
  /** `usageExplorer.budgets` as the host would read it. */
  budgets: unknown = [];
  /** The estimate notice's model, as the host adds it for agent-log sources (estimates.ts). */
  estimate: EstimateModel | undefined;
  /** Optional: replace the view model posted (for the benchmark). */
  viewOverride: ((seq: number) => HostMessage) | undefined;
  /** Messages from the webview not yet answered, plus answers posted but not yet delivered. */
  private inFlight = 0;

  constructor(
    public store: UsageStore,
    private readonly now = Date.UTC(2026, 9, 15, 12),
  ) {}

  get range(): ResolvedRange {
    return resolveStoreRange(this.store, this.rangeSpec, { timeZone: 'UTC', now: this.now });
  }

  getState(): unknown {
    return this.state;
  }

  setState(state: unknown): void {
    this.state = JSON.parse(JSON.stringify(state));
  }

  postMessage(raw: unknown): void {
    // Structured clone, as the real channel does.
    const copy = JSON.parse(JSON.stringify(raw)) as unknown;
    const message = parseWebviewMessage(copy);
    if (!message) {
      this.dropped.push(copy);
      return;
    }
    this.received.push(message);
    this.inFlight++;
    setTimeout(() => {
      this.inFlight--;
      this.handle(message);
    }, 0);
  }

  /** Posts a host message, or anything else a test sends to see the page reject it. */
  post(message: unknown): void {
    this.inFlight++;
    // Counted until the page has dispatched it (listeners run in the order they were added: the webview's first).
    window.addEventListener('message', () => this.inFlight--, { once: true });
    window.postMessage(JSON.parse(JSON.stringify(message)), '*');
  }

  /** Nothing is on its way between the webview and this host. */
  get idle(): boolean {
    return this.inFlight === 0;
  }

  commands<T extends WebviewMessage['type']>(type: T): Extract<WebviewMessage, { type: T }>[] {
    return this.received.filter((m): m is Extract<WebviewMessage, { type: T }> => m.type === type);
  }

  sendView(): void {
    if (this.viewOverride) {
      this.post(this.viewOverride(++this.seq));
      return;
    }
    const range = this.range;
    const view = queryUsage(this.store, range, focusFilters(this.focus));
    const model = buildDashboardModel({
      store: this.store,
      view,
      source: { kind: 'demo', label: 'Demo data' },
      loadedAt: this.now,
      skipped: 0,
      warnings: [],
      currency: 'USD',
      focus: this.focus,
      workerPages: this.workerPages,
      seq: ++this.seq,
      insights: { budgets: this.budgets, budgetThresholds: [50, 80, 100], now: this.now },
      partialDays: this.partialDays,
      overlap: this.overlap,
      billedBy: this.billedBy,
    });
    if (this.estimate) model.estimate = this.estimate;
    this.post({ type: 'view', model });
  }

  private readonly requests: RequestHandlers = {
    table: (params) => buildTableSlice(this.store, this.range, this.focus, params),
    drillDown: (params) => buildDrillDown(this.store, this.range, this.focus, params),
    dayTables: (params) => buildDayTables(this.store, this.range, params.day, this.focus),
    trendStack: (params) => trendStack(this.store, this.range, params.dimension, focusFilters(this.focus)),
  };

  private handle(message: WebviewMessage): void {
    switch (message.type) {
      case 'ready':
        // As the panel does: the words (English here) and the locale first.
        this.post({ type: 'init', locale: 'en-US', strings: dashboardStrings() });
        // As the panel does when VS Code restores it: the focus the webview state kept.
        this.focus ??= savedFocus(this.state);
        if (!this.holdViews) this.sendView();
        else this.post({ type: 'status', status: 'loading', message: 'Loading usage…' });
        return;
      case 'setRange':
        this.rangeSpec = message.range;
        // As the panel does while a slow query runs: the refreshing status first, the view when it is let go.
        if (!this.holdViews) this.sendView();
        else this.post({ type: 'status', status: 'loading', message: 'Refreshing…' });
        return;
      case 'setFocus':
        this.focus = message.focus;
        this.sendView();
        return;
      case 'refresh':
        this.sendView();
        return;
      case 'request':
        this.inFlight++;
        handleRequest(this.requests, message)
          .then(
            (result) => this.post({ type: 'response', id: message.id, ok: true, result }),
            (error: unknown) => this.post({ type: 'response', id: message.id, ok: false, error: messageOf(error) }),
          )
          .finally(() => this.inFlight--);
        return;
      default:
        return;
    }
  }
}
