import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
// Each element below also declares its events in HTMLElementEventMap, which types the handlers here.
import { DIMENSIONS, type Dimension } from '../../src/core/model';
import { dimensionLabel } from '../labels';
import { setStrings, t } from '../strings';
import { TABLE_COLUMNS } from '../../src/core/table';
import {
  TABLE_MAX_LIMIT,
  TABLE_ROWS_PAGE,
  type DashboardModel,
  type EntityRef,
  type ExportFormat,
  type HostMessage,
  type StatusKind,
  type TrendStack,
} from '../../src/protocol/dashboard';
import { UsageDataController } from '../controllers/usage-data';
import { currentLocale, longDay, setLocale } from '../format';
import { HostLink, vscodeApi, type VsCodeApi } from '../host';
import { PaintTiming } from '../paint-timing';
export type { ViewPaintedDetail, ViewPaintedEvent } from '../paint-timing';
import { restoreState, type UiState } from '../state';
import { readChartColors, watchTheme, type ChartColors } from '../theme';
import './breakdown-chart';
import { dashboardAppStyles } from './dashboard-app.styles';
import './dashboard-notices';
import './estimate-notice';
import './range-picker';
import { sharedStyles } from './shared-styles';
import './summary-cards';
import './trend-chart';
import './overlap-notice';
import { TREND_GROUPINGS, type TrendGrouping } from '../../src/core/trendGroups';
import './insights-panel';
import './usage-table';
import { STACK_TEXT } from '../stack-strings';

/**
 * The dashboard page: header, summary cards, Spending Trends, Spend Breakdown and the Usage
 * tables. It renders view models from the host and keeps its UI state in the webview state so it
 * survives hide/show; {@link UsageDataController} asks the host for more (table pages, one day,
 * drill-downs). This element only lays the page out and wires the parts together.
 */
const GROUPING_LABELS = { day: 'groupDay', week: 'groupWeek', month: 'groupMonth' } as const satisfies Record<TrendGrouping, string>;

@customElement('ue-dashboard')
export class DashboardApp extends LitElement {
  static override styles = [sharedStyles, dashboardAppStyles];

  @state() model: DashboardModel | undefined;
  @state() ui: UiState = restoreState(undefined);
  @state() private status: { status: StatusKind; message: string } | undefined;
  /** Spending Trends bars by day, week or month (kept in the webview state). */
  private get trendGrouping(): TrendGrouping {
    return this.ui.trend.grouping;
  }
  /** Spending Trends stacked by a dimension (top 5 + Other), or null for the plain total (kept in the webview state). */
  get trendStackBy(): Dimension | null {
    return this.ui.trend.stackBy;
  }
  @state() private colors: ChartColors | undefined;

  private api!: VsCodeApi;
  private link!: HostLink;
  /** Table pages, day tables and drill-downs, fetched from the host as the UI state needs them. */
  readonly data = new UsageDataController(
    this,
    { request: (method, params) => this.link.request(method, params) },
    (message) => (this.status = { status: 'error', message }),
  );
  private readonly paints = new PaintTiming(this, (mark, ms, seq) => this.link.send({ type: 'perf', mark, ms, seq }));
  private cleanups: (() => void)[] = [];

  override connectedCallback(): void {
    super.connectedCallback();
    this.api = vscodeApi();
    this.link = new HostLink(this.api);
    this.ui = restoreState(this.api.getState());
    this.colors = readChartColors();
    this.cleanups.push(
      this.link.onNotification((message) => this.onHostMessage(message)),
      watchTheme(() => (this.colors = readChartColors())),
      () => this.link.dispose(),
    );
    this.link.ready();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  // ---- host messages ----------------------------------------------------------------------

  private onHostMessage(message: Exclude<HostMessage, { type: 'response' }>): void {
    switch (message.type) {
      case 'init':
        setStrings(message.strings);
        setLocale(message.locale);
        this.requestUpdate();
        return;
      case 'status':
        this.status = { status: message.status, message: message.message };
        if (message.status !== 'loading') this.model = undefined;
        return;
      case 'showTab':
        this.setUi({ tab: message.dimension });
        return;
      case 'view':
        this.onView(message.model);
        return;
    }
  }

  private onView(model: DashboardModel): void {
    const previous = this.model;
    this.model = model;
    this.status = undefined;
    // The host owns the focus: the state keeps what the view shows, for the host to restore the panel on it.
    const focus: EntityRef | null = model.focus ? { dimension: model.focus.dimension, id: model.focus.id } : null;
    const patch: Partial<UiState> = {};
    if (JSON.stringify(focus) !== JSON.stringify(this.ui.focus)) patch.focus = focus;
    if (this.ui.day && (this.ui.day < model.range.first || this.ui.day > model.range.last)) patch.day = null;
    if (Object.keys(patch).length) this.setUi(patch);
    if (!previous || previous.seq !== model.seq) this.data.reset();
    this.paints.viewArrived(model.seq, previous === undefined, previous !== undefined && previous.range.spec !== model.range.spec);
  }

  private setUi(patch: Partial<UiState>): void {
    this.ui = { ...this.ui, ...patch };
    this.api.setState(this.ui);
  }

  // ---- user actions ----------------------------------------------------------------------

  private onTabSelect({ detail }: CustomEvent<{ selectedIndex: number }>): void {
    const tab = DIMENSIONS[detail.selectedIndex];
    if (tab && tab !== this.ui.tab) this.setUi({ tab });
  }

  private onTableState(dimension: Dimension, event: HTMLElementEventMap['table-state']): void {
    // The table reports what changed; merging here keeps quick successive changes.
    const previous = this.ui.tables[dimension];
    const next = { ...previous, ...event.detail };
    this.setUi({ tables: { ...this.ui.tables, [dimension]: next }, limits: { ...this.ui.limits, [dimension]: TABLE_ROWS_PAGE } });
    if (previous.filterText !== next.filterText) this.data.filterChanged(dimension);
  }

  private onShowMore(dimension: Dimension): void {
    this.setUi({ limits: { ...this.ui.limits, [dimension]: Math.min(TABLE_MAX_LIMIT, this.ui.limits[dimension] + TABLE_ROWS_PAGE * 2) } });
  }

  private onRowToggle({ dimension, id }: HTMLElementEventMap['row-toggle']['detail']): void {
    const open = this.ui.open[dimension];
    this.setUi({ open: { ...this.ui.open, [dimension]: open.includes(id) ? open.filter((o) => o !== id) : [...open, id] } });
  }

  /** Asks the host to narrow the dashboard: the host owns the focus, and its next view carries it. */
  private setFocus(focus: EntityRef | null): void {
    this.setUi({ day: null, ...(focus ? { tab: 'user' as const } : {}) });
    this.link.send({ type: 'setFocus', focus });
  }

  private openWorker(id: string, withPage: boolean): void {
    this.setFocus({ dimension: 'worker', id });
    if (withPage && this.model?.workerPages) this.link.send({ type: 'openWorkerPage', id });
  }

  private onSliceSelect(event: HTMLElementEventMap['slice-select']): void {
    const { dimension, id } = event.detail;
    if (id === null) {
      this.setUi({ tab: dimension });
    } else if (dimension === 'worker') {
      this.openWorker(id, false);
      return;
    } else {
      const open = this.ui.open[dimension].includes(id) ? this.ui.open[dimension] : [...this.ui.open[dimension], id];
      this.setUi({
        tab: dimension,
        open: { ...this.ui.open, [dimension]: open },
        tables: { ...this.ui.tables, [dimension]: { ...this.ui.tables[dimension], filterText: '' } },
      });
    }
    void this.updateComplete.then(() => {
      const table = this.renderRoot.querySelector(`ue-usage-table[dimension="${dimension}"]`);
      const row = id === null ? null : table?.shadowRoot?.querySelector(`tr[data-id="${CSS.escape(id)}"]`);
      (row ?? table)?.scrollIntoView({ block: 'nearest' });
      (row?.querySelector('button') as HTMLElement | null)?.focus();
    });
  }

  /** An insight opens the view it talks about: its day (a spike), or its entity. */
  private onInsightOpen(event: HTMLElementEventMap['insight-open']): void {
    const { filters, day } = event.detail.target;
    if (day) this.selectDay(day);
    else if (filters.length > 0) this.setFocus({ dimension: filters[0].dimension, id: filters[0].id });
    else this.setFocus(null);
  }

  private selectDay(day: string | null): void {
    // A spike's day opens on a tab where its drivers are highlighted, unless the tab shown has one.
    const drivers = day ? (this.model?.insights?.spikes.find((s) => s.date === day)?.drivers ?? []) : [];
    const tab = drivers.length > 0 && !drivers.some((d) => d.dimension === this.ui.tab) ? drivers[0].dimension : this.ui.tab;
    this.setUi({ day, tab });
    this.data.reset();
  }

  private onRangeChange(event: HTMLElementEventMap['range-change']): void {
    this.paints.rangeAsked();
    this.setUi({ day: null });
    this.link.send({ type: 'setRange', range: event.detail.spec });
  }

  private exportTable(format: ExportFormat): void {
    const dimension = this.ui.tab;
    const day = this.ui.day;
    this.link.send({ type: 'export', format, dimension, state: this.ui.tables[dimension], columns: [...TABLE_COLUMNS[dimension]], ...(day ? { day } : {}) });
  }

  private refresh(): void {
    this.link.send({ type: 'refresh' });
  }

  // ---- rendering -------------------------------------------------------------------------

  override render() {
    const model = this.model;
    if (!model) return this.renderState();
    return html`
      ${this.renderHeader(model)}
      <ue-dashboard-notices
        .focused=${model.focus}
        .workerPages=${model.workerPages}
        .day=${this.ui.day}
        .skipped=${model.skipped}
        .warnings=${model.warnings}
        @focus-clear=${() => this.setFocus(null)}
        @day-clear=${() => this.selectDay(null)}
        @worker-page-open=${(e: HTMLElementEventMap['worker-page-open']) => this.link.send({ type: 'openWorkerPage', id: e.detail.id })}
      ></ue-dashboard-notices>
      <ue-estimate-notice
        .estimate=${model.estimate}
        .currency=${model.currency}
        @price-override-add=${(e: HTMLElementEventMap['price-override-add']) => this.link.send({ type: 'addPriceOverride', model: e.detail.model })}
      ></ue-estimate-notice>
      <ue-overlap-notice .model=${model} @overlap-setting-open=${() => this.link.send({ type: 'openOverlapSetting' })}></ue-overlap-notice>
      <ue-summary-cards
        class=${this.staleClass()}
        aria-busy=${this.refreshing()}
        .totals=${model.totals}
        .previousTotals=${model.previousTotals}
        .currency=${model.currency}
        ?estimated=${model.estimate !== undefined}
      ></ue-summary-cards>
      <section class="charts ${this.staleClass()}" aria-busy=${this.refreshing()} aria-label=${t('charts')}>
        <div class="panel surface">
          <div class="panel-head">
            <h2 id="trend-title">${t('spendingTrends')}</h2>
            <div class="grouping" role="group" aria-label=${t('barsBy')}>
              ${TREND_GROUPINGS.map(
                (g) => html`<vscode-button
                  ?secondary=${g !== this.trendGrouping}
                  aria-pressed=${g === this.trendGrouping ? 'true' : 'false'}
                  @click=${() => this.setUi({ trend: { ...this.ui.trend, grouping: g } })}
                  >${t(GROUPING_LABELS[g])}</vscode-button
                >`,
              )}
            </div>
            <div class="stack-by" role="group" aria-label=${STACK_TEXT.stackBy}>
              ${[null, ...DIMENSIONS].map(
                (d) => html`<vscode-button
                  ?secondary=${d !== this.trendStackBy}
                  aria-pressed=${d === this.trendStackBy ? 'true' : 'false'}
                  data-stack=${d ?? 'total'}
                  @click=${() => this.setUi({ trend: { ...this.ui.trend, stackBy: d } })}
                  >${d ? dimensionLabel(d) : STACK_TEXT.total}</vscode-button
                >`,
              )}
            </div>
          </div>
          <ue-trend-chart
            .daily=${model.daily}
            .partialDays=${model.partialDays ?? []}
            .currency=${model.currency}
            .selectedDay=${this.ui.day}
            .colors=${this.colors}
            .rangeLabel=${model.range.label}
            .projected=${model.insights?.projected ?? []}
            .spikes=${model.insights?.spikes ?? []}
            .grouping=${this.trendGrouping}
            .stack=${this.stackShown()}
            @day-select=${(e: HTMLElementEventMap['day-select']) => this.selectDay(e.detail.day)}
          ></ue-trend-chart>
          ${this.renderStackStatus()}
        </div>
        <div class="panel surface">
          <h2>${t('breakdownBy', dimensionLabel(this.ui.tab))}</h2>
          <ue-breakdown-chart
            .slices=${model.breakdown[this.ui.tab]}
            .dimension=${this.ui.tab}
            .currency=${model.currency}
            .colors=${this.colors}
            @slice-select=${this.onSliceSelect}
          ></ue-breakdown-chart>
        </div>
      </section>
      <ue-insights-panel
        class=${this.staleClass()}
        aria-busy=${this.refreshing()}
        .insights=${model.insights} .currency=${model.currency} @insight-open=${this.onInsightOpen}></ue-insights-panel>
      ${this.renderUsage(model)}
    `;
  }

  /** While the host refreshes the view, the sections it will replace keep the old figures, dimmed and marked busy. */
  private refreshing(): 'true' | 'false' {
    return this.status?.status === 'loading' ? 'true' : 'false';
  }

  private staleClass(): string {
    return this.status?.status === 'loading' ? 'stale' : '';
  }

  /** The stacked trend to draw: the chosen dimension's, once it has arrived. */
  private stackShown(): TrendStack | null {
    const state = this.data.trendStack();
    return state?.status === 'ready' ? state.stack : null;
  }

  private renderStackStatus(): TemplateResult | typeof nothing {
    const state = this.data.trendStack();
    if (state?.status === 'loading') return html`<p class="muted stack-status" role="status">${STACK_TEXT.loading}</p>`;
    if (state?.status === 'error') return html`<p class="error stack-status" role="alert">${STACK_TEXT.failed(state.message)}</p>`;
    return nothing;
  }

  /** The rows to highlight in a table: the drivers of the spike on the day shown, if the day is a spike. */
  private spikeDrivers(dimension: Dimension): string[] {
    const day = this.ui.day;
    const spike = day ? this.model?.insights?.spikes.find((s) => s.date === day) : undefined;
    return spike ? spike.drivers.filter((d) => d.dimension === dimension).map((d) => d.id) : [];
  }

  private renderState(): TemplateResult {
    const status = this.status;
    if (!status || status.status === 'loading') {
      return html`<div class="state" role="status">
        <vscode-progress-ring aria-label=${t('loadingUsageLabel')}></vscode-progress-ring>
        <p>${status?.message ?? t('loadingUsage')}</p>
      </div>`;
    }
    return html`<div class="state" role=${status.status === 'error' ? 'alert' : 'status'}>
      <h1>${t('appTitle')}</h1>
      <p class=${status.status === 'error' ? 'error' : ''}>${status.message}</p>
      <vscode-button @click=${this.refresh}>${t('refresh')}</vscode-button>
    </div>`;
  }

  private renderHeader(model: DashboardModel): TemplateResult {
    const range = model.range;
    return html`<header>
        <div class="title">
          <h1>${t('appTitle')}</h1>
          ${
            model.source.kind === 'demo'
              ? html`<vscode-badge variant="default" title=${t('demoDataTitle')}>${t('demoData')}</vscode-badge>`
              : html`<span class="muted" title=${t('dataSource')}>${model.source.label}</span>`
          }
          ${this.status?.status === 'loading' ? html`<vscode-progress-ring aria-label=${t('refreshing')}></vscode-progress-ring>` : nothing}
        </div>
        <div class="actions">
          <ue-range-picker .presets=${model.presets} .range=${range} @range-change=${this.onRangeChange}></ue-range-picker>
          <vscode-button secondary @click=${this.refresh} title=${t('refreshTitle')}>${t('refresh')}</vscode-button>
          <vscode-button @click=${() => this.exportTable('csv')} title=${t('exportCsvTitle')}>${t('exportCsv')}</vscode-button>
          <vscode-button secondary @click=${() => this.exportTable('json')} title=${t('exportJsonTitle')}>${t('exportJson')}</vscode-button>
        </div>
      </header>
      <p class="subtitle muted">
        ${t('subtitle', longDay(range.first), longDay(range.last), range.timeZone, longDay(range.previousFirst), longDay(range.previousLast))}
      </p>`;
  }

  private renderUsage(model: DashboardModel): TemplateResult {
    const index = DIMENSIONS.indexOf(this.ui.tab);
    return html`<section class="usage ${this.staleClass()}" aria-busy=${this.refreshing()} aria-labelledby="usage-title">
      <h2 id="usage-title">${t('usage')}</h2>
      <vscode-tabs .selectedIndex=${index} @vsc-tabs-select=${this.onTabSelect}>
        ${DIMENSIONS.map((d) => html`<vscode-tab-header slot="header">${dimensionLabel(d)}</vscode-tab-header>`)}
        ${DIMENSIONS.map((d) => html`<vscode-tab-panel>${d === this.ui.tab ? this.renderTable(model, d) : nothing}</vscode-tab-panel>`)}
      </vscode-tabs>
    </section>`;
  }

  private renderTable(model: DashboardModel, dimension: Dimension): TemplateResult {
    const shown = this.data.table(dimension);
    return html`<ue-usage-table
      dimension=${dimension}
      .rows=${shown.rows}
      .matching=${shown.matching}
      .total=${shown.total}
      .busy=${shown.busy}
      .currency=${model.currency}
      .state=${this.ui.tables[dimension]}
      .open=${this.ui.open[dimension]}
      .drill=${this.data.drillDowns(dimension)}
      .highlighted=${this.spikeDrivers(dimension)}
      .caption=${t('tableCaption', dimensionLabel(dimension).toLocaleLowerCase(currentLocale()), this.ui.day ? longDay(this.ui.day) : model.range.label)}
      @table-state=${(e: HTMLElementEventMap['table-state']) => this.onTableState(dimension, e)}
      @show-more=${() => this.onShowMore(dimension)}
      @row-open=${(e: HTMLElementEventMap['row-open']) => this.openWorker(e.detail.id, true)}
      @row-toggle=${(e: HTMLElementEventMap['row-toggle']) => this.onRowToggle(e.detail)}
    ></ue-usage-table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ue-dashboard': DashboardApp;
  }
}
