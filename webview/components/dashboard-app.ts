import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { DIMENSIONS, DIMENSION_LABELS, type Dimension } from '../../src/core/model';
import { relativeChange, type UsageRow } from '../../src/core/query';
import { TABLE_COLUMNS, visibleRows, type TableViewState } from '../../src/core/table';
import { validateRangeSpec } from '../../src/core/time';
import {
  TABLE_MAX_LIMIT,
  type DashboardModel,
  type DayTablesModel,
  type EntityRef,
  type ExportFormat,
  type HostMessage,
  type StatusKind,
  type TableSlice,
} from '../../src/protocol/dashboard';
import { change, count, longDay, money } from '../format';
import { HostLink, vscodeApi, type VsCodeApi } from '../host';
import { PAGE, restoreState, type UiState } from '../state';
import { readChartColors, watchTheme, type ChartColors } from '../theme';
import './breakdown-chart';
import { type SliceSelectDetail } from './breakdown-chart';
import { sharedStyles } from './shared-styles';
import './trend-chart';
import './usage-table';
import { type DrillState } from './usage-table';

const CUSTOM = '__custom__';
const FILTER_DEBOUNCE_MS = 150;

interface ShownTable {
  rows: UsageRow[];
  matching: number;
  total: number;
  busy: boolean;
}

/** Fired on the element after each paint that followed a view (tests and the benchmark listen). */
export interface ViewPaintedDetail {
  seq: number;
  ms: number;
  first: boolean;
}

/**
 * The dashboard page: header, summary cards, Spending Trends, Spend Breakdown and the Usage
 * tables. It renders view models from the host, asks the host for more (table pages, one day,
 * drill-downs) and keeps its UI state in the webview state so it survives hide/show.
 */
@customElement('ue-dashboard')
export class DashboardApp extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        padding: 12px 20px 32px;
        max-width: 1400px;
        margin: 0 auto;
      }
      header {
        display: flex;
        flex-wrap: wrap;
        gap: 8px 16px;
        align-items: center;
        justify-content: space-between;
      }
      .title {
        display: flex;
        gap: 10px;
        align-items: center;
        flex-wrap: wrap;
      }
      h1 {
        font-size: 1.5em;
        font-weight: 600;
        margin: 0;
      }
      h2 {
        font-size: 1.1em;
        font-weight: 600;
        margin: 0 0 8px;
      }
      .actions {
        display: flex;
        gap: 8px;
        align-items: center;
        flex-wrap: wrap;
      }
      vscode-single-select {
        width: 180px;
      }
      .subtitle {
        margin: 4px 0 12px;
      }
      .custom {
        display: flex;
        gap: 8px;
        align-items: center;
        flex-wrap: wrap;
        margin: 8px 0;
      }
      .custom vscode-textfield {
        width: 150px;
      }
      .error {
        color: var(--vscode-errorForeground, #f48771);
      }
      .notice {
        border-left: 3px solid var(--vscode-editorWarning-foreground, #cca700);
        padding: 4px 10px;
        margin: 8px 0;
      }
      .chips {
        display: flex;
        gap: 8px;
        flex-wrap: wrap;
        margin: 8px 0;
      }
      .chip {
        display: inline-flex;
        gap: 6px;
        align-items: center;
        border-radius: 11px;
        padding: 1px 4px 1px 10px;
        background: var(--vscode-badge-background, #616161);
        color: var(--vscode-badge-foreground, #f8f8f8);
      }
      .chip button {
        background: none;
        border: none;
        cursor: pointer;
        border-radius: 50%;
        width: 20px;
        height: 20px;
        padding: 0;
      }
      .chip button:hover {
        background: rgba(128, 128, 128, 0.35);
      }
      .cards {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(170px, 1fr));
        gap: 12px;
        margin: 12px 0;
      }
      .card,
      .panel {
        background: var(--vscode-editorWidget-background, rgba(128, 128, 128, 0.06));
        border: 1px solid var(--vscode-widget-border, var(--vscode-editorGroup-border, rgba(128, 128, 128, 0.25)));
        border-radius: 4px;
        padding: 12px 14px;
      }
      .card .label {
        margin: 0;
      }
      .card .value {
        font-size: 1.6em;
        font-weight: 600;
        margin: 4px 0;
        font-variant-numeric: tabular-nums;
      }
      .card .delta {
        margin: 0;
        font-size: 0.95em;
      }
      .up {
        color: var(--vscode-charts-red, #f14c4c);
      }
      .down {
        color: var(--vscode-charts-green, #89d185);
      }
      .charts {
        display: grid;
        grid-template-columns: minmax(0, 3fr) minmax(280px, 2fr);
        gap: 12px;
      }
      @media (max-width: 900px) {
        .charts {
          grid-template-columns: minmax(0, 1fr);
        }
      }
      .usage {
        margin-top: 16px;
      }
      .state {
        display: flex;
        flex-direction: column;
        gap: 12px;
        align-items: flex-start;
        padding: 40px 0;
        max-width: 640px;
      }
    `,
  ];

  @state() private model: DashboardModel | undefined;
  @state() private status: { status: StatusKind; message: string } | undefined;
  @state() private ui: UiState = restoreState(undefined);
  @state() private dayTables: DayTablesModel | undefined;
  @state() private remote: Partial<Record<Dimension, { key: string; slice: TableSlice }>> = {};
  @state() private drill: Record<Dimension, Map<string, DrillState>> = { worker: new Map(), user: new Map(), model: new Map() };
  @state() private colors: ChartColors | undefined;
  @state() private customOpen = false;
  @state() private customError = '';

  private api!: VsCodeApi;
  private link!: HostLink;
  private cleanups: (() => void)[] = [];
  private requested = new Map<Dimension, string>();
  private filterTimers = new Map<Dimension, ReturnType<typeof setTimeout>>();
  private paintedSeq = 0;
  private rangeRequested = false;

  override connectedCallback(): void {
    super.connectedCallback();
    this.api = vscodeApi();
    this.link = new HostLink(this.api);
    this.ui = restoreState(this.api.getState());
    this.colors = readChartColors();
    this.cleanups.push(
      this.link.onNotification((message) => this.onHostMessage(message)),
      watchTheme(() => {
        this.colors = readChartColors();
      }),
      () => this.link.dispose(),
    );
    this.link.ready(this.ui.focus);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  // ---- host messages ----------------------------------------------------------------------

  private onHostMessage(message: Exclude<HostMessage, { type: 'response' }>): void {
    switch (message.type) {
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
    const arrived = performance.now();
    performance.mark(`ue-view-${model.seq}`);
    const previous = this.model;
    const first = previous === undefined && this.paintedSeq === 0;
    const rangeChanged = previous !== undefined && previous.range.spec !== model.range.spec;
    const dataChanged = !previous || previous.seq !== model.seq;
    this.model = model;
    this.status = undefined;
    const focus: EntityRef | null = model.focus ? { dimension: model.focus.dimension, id: model.focus.id } : null;
    const patch: Partial<UiState> = {};
    if (JSON.stringify(focus) !== JSON.stringify(this.ui.focus)) patch.focus = focus;
    if (this.ui.day && (this.ui.day < model.range.first || this.ui.day > model.range.last)) patch.day = null;
    if (Object.keys(patch).length) this.setUi(patch);
    if (dataChanged) {
      this.remote = {};
      this.requested.clear();
      this.drill = { worker: new Map(), user: new Map(), model: new Map() };
      this.dayTables = undefined;
      if (this.ui.day) void this.loadDay(this.ui.day);
    }
    const reportRange = rangeChanged || this.rangeRequested;
    this.rangeRequested = false;
    void this.updateComplete.then(() =>
      requestAnimationFrame(() => {
        const ms = performance.now() - arrived;
        performance.measure(first ? 'ue-first-chart-paint' : `ue-render-${model.seq}`, `ue-view-${model.seq}`);
        this.paintedSeq = model.seq;
        if (first) this.link.send({ type: 'perf', mark: 'firstChartPaint', ms, seq: model.seq });
        else if (reportRange) this.link.send({ type: 'perf', mark: 'rangeRender', ms, seq: model.seq });
        this.dispatchEvent(new CustomEvent<ViewPaintedDetail>('view-painted', { detail: { seq: model.seq, ms, first } }));
      }),
    );
  }

  // ---- state -----------------------------------------------------------------------------

  private setUi(patch: Partial<UiState>): void {
    this.ui = { ...this.ui, ...patch };
    this.api.setState(this.ui);
  }

  private setTable(dimension: Dimension, table: TableViewState): void {
    this.setUi({ tables: { ...this.ui.tables, [dimension]: table }, limits: { ...this.ui.limits, [dimension]: PAGE } });
  }

  // ---- tables ----------------------------------------------------------------------------

  private baseSlice(dimension: Dimension): TableSlice | undefined {
    if (this.ui.day) return this.dayTables?.day === this.ui.day ? this.dayTables.tables[dimension] : undefined;
    return this.model?.tables[dimension];
  }

  private requestKey(dimension: Dimension): string {
    return JSON.stringify([this.ui.tables[dimension], this.ui.limits[dimension], this.ui.day]);
  }

  /**
   * The rows a table shows. A table the host sent whole is filtered and sorted here with the
   * engine's visibleRows (the same function export uses); a larger one is asked of the host.
   */
  shownTable(dimension: Dimension): ShownTable {
    const base = this.baseSlice(dimension);
    if (!base) return { rows: [], matching: 0, total: 0, busy: true };
    const table = this.ui.tables[dimension];
    const limit = this.ui.limits[dimension];
    if (base.rows.length === base.total) {
      const rows = visibleRows(base.rows, table);
      return { rows: rows.slice(0, limit), matching: rows.length, total: base.total, busy: false };
    }
    const isDefault = !table.filterText && !table.sort;
    if (isDefault && limit <= base.rows.length) return { rows: base.rows.slice(0, limit), matching: base.matching, total: base.total, busy: false };
    const remote = this.remote[dimension];
    const key = this.requestKey(dimension);
    if (remote && remote.key === key) return { rows: remote.slice.rows, matching: remote.slice.matching, total: remote.slice.total, busy: false };
    const shown = remote?.slice ?? base;
    return { rows: shown.rows.slice(0, limit), matching: shown.matching, total: shown.total, busy: true };
  }

  private needsRemote(dimension: Dimension): boolean {
    const base = this.baseSlice(dimension);
    if (!base || base.rows.length === base.total) return false;
    const table = this.ui.tables[dimension];
    if (!table.filterText && !table.sort && this.ui.limits[dimension] <= base.rows.length) return false;
    return this.remote[dimension]?.key !== this.requestKey(dimension);
  }

  private async fetchTable(dimension: Dimension): Promise<void> {
    const key = this.requestKey(dimension);
    if (this.requested.get(dimension) === key) return;
    this.requested.set(dimension, key);
    try {
      const slice = await this.link.request('table', {
        dimension,
        state: this.ui.tables[dimension],
        limit: Math.min(TABLE_MAX_LIMIT, this.ui.limits[dimension]),
        ...(this.ui.day ? { day: this.ui.day } : {}),
      });
      if (this.requestKey(dimension) === key) this.remote = { ...this.remote, [dimension]: { key, slice } };
    } catch (error) {
      this.requested.delete(dimension);
      console.warn('Usage Explorer: table request failed', error);
    }
  }

  private async loadDay(day: string): Promise<void> {
    try {
      const result = await this.link.request('dayTables', { day });
      if (this.ui.day === day) this.dayTables = result;
    } catch (error) {
      this.status = { status: 'error', message: (error as Error).message };
    }
  }

  private async loadDrill(dimension: Dimension, id: string): Promise<void> {
    const map = new Map(this.drill[dimension]);
    map.set(id, { status: 'loading' });
    this.drill = { ...this.drill, [dimension]: map };
    let next: DrillState;
    try {
      const model = await this.link.request('drillDown', { dimension, id, ...(this.ui.day ? { day: this.ui.day } : {}) });
      next = { status: 'ready', model };
    } catch (error) {
      next = { status: 'error', message: (error as Error).message };
    }
    const updated = new Map(this.drill[dimension]);
    updated.set(id, next);
    this.drill = { ...this.drill, [dimension]: updated };
  }

  protected override updated(): void {
    if (!this.model) return;
    const tab = this.ui.tab;
    if (this.needsRemote(tab)) {
      const typing = this.filterTimers.has(tab);
      if (!typing) void this.fetchTable(tab);
    }
    if (!this.ui.day || this.dayTables?.day === this.ui.day) {
      for (const id of this.ui.open[tab]) if (!this.drill[tab].has(id)) void this.loadDrill(tab, id);
    }
  }

  // ---- user actions ----------------------------------------------------------------------

  private onTabSelect(event: CustomEvent<{ selectedIndex: number }>): void {
    const tab = DIMENSIONS[event.detail.selectedIndex];
    if (tab && tab !== this.ui.tab) this.setUi({ tab });
  }

  private onTableState(dimension: Dimension, event: CustomEvent<TableViewState>): void {
    // The table reports what changed; merging here keeps quick successive changes.
    const previous = this.ui.tables[dimension];
    const next = { ...previous, ...event.detail };
    this.setTable(dimension, next);
    if (previous.filterText !== next.filterText) {
      // Typing: ask the host once the user pauses.
      clearTimeout(this.filterTimers.get(dimension));
      this.filterTimers.set(
        dimension,
        setTimeout(() => {
          this.filterTimers.delete(dimension);
          this.requestUpdate();
        }, FILTER_DEBOUNCE_MS),
      );
    }
  }

  private onShowMore(dimension: Dimension): void {
    this.setUi({ limits: { ...this.ui.limits, [dimension]: Math.min(TABLE_MAX_LIMIT, this.ui.limits[dimension] + PAGE * 2) } });
  }

  private onRowToggle(dimension: Dimension, id: string): void {
    const open = this.ui.open[dimension];
    const next = open.includes(id) ? open.filter((o) => o !== id) : [...open, id];
    this.setUi({ open: { ...this.ui.open, [dimension]: next } });
  }

  private openWorker(id: string, withPage: boolean): void {
    const focus: EntityRef = { dimension: 'worker', id };
    this.setUi({ focus, tab: 'user', day: null });
    this.link.send({ type: 'setFocus', focus });
    if (withPage && this.model?.workerPages) this.link.send({ type: 'openWorkerPage', id });
  }

  private clearFocus(): void {
    this.setUi({ focus: null, day: null });
    this.link.send({ type: 'setFocus', focus: null });
  }

  private onSliceSelect(event: CustomEvent<SliceSelectDetail>): void {
    const { dimension, id } = event.detail;
    if (id === null) {
      this.setUi({ tab: dimension });
    } else if (dimension === 'worker') {
      this.openWorker(id, false);
      return;
    } else {
      const open = this.ui.open[dimension].includes(id) ? this.ui.open[dimension] : [...this.ui.open[dimension], id];
      this.setUi({ tab: dimension, open: { ...this.ui.open, [dimension]: open }, tables: { ...this.ui.tables, [dimension]: { ...this.ui.tables[dimension], filterText: '' } } });
    }
    void this.updateComplete.then(() => {
      const table = this.renderRoot.querySelector(`ue-usage-table[dimension="${dimension}"]`);
      const row = id === null ? null : table?.shadowRoot?.querySelector(`tr[data-id="${CSS.escape(id)}"]`);
      (row ?? table)?.scrollIntoView({ block: 'nearest' });
      (row?.querySelector('button') as HTMLElement | null)?.focus();
    });
  }

  private onDaySelect(event: CustomEvent<{ day: string | null }>): void {
    const day = event.detail.day;
    this.setUi({ day });
    this.dayTables = undefined;
    this.drill = { worker: new Map(), user: new Map(), model: new Map() };
    this.remote = {};
    this.requested.clear();
    if (day) void this.loadDay(day);
  }

  private onRangeChange(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    if (value === CUSTOM) {
      this.customOpen = true;
      this.customError = '';
      return;
    }
    if (!this.model || value === this.model.range.spec) return;
    this.customOpen = false;
    this.sendRange(value);
  }

  private sendRange(spec: string): void {
    this.rangeRequested = true;
    this.setUi({ day: null });
    this.link.send({ type: 'setRange', range: spec });
  }

  private applyCustom(): void {
    const root = this.renderRoot;
    const from = (root.querySelector('#custom-from') as HTMLInputElement | null)?.value.trim() ?? '';
    const to = (root.querySelector('#custom-to') as HTMLInputElement | null)?.value.trim() ?? '';
    const spec = `${from}..${to}`;
    const problem = !from || !to ? 'Enter both the first and the last day (YYYY-MM-DD).' : validateRangeSpec(spec);
    if (problem) {
      this.customError = problem;
      return;
    }
    this.customError = '';
    this.customOpen = false;
    this.sendRange(spec);
  }

  private exportTable(format: ExportFormat): void {
    const dimension = this.ui.tab;
    this.link.send({
      type: 'export',
      format,
      dimension,
      state: this.ui.tables[dimension],
      columns: [...TABLE_COLUMNS[dimension]],
      ...(this.ui.day ? { day: this.ui.day } : {}),
    });
  }

  private refresh(): void {
    this.link.send({ type: 'refresh' });
  }

  // ---- rendering -------------------------------------------------------------------------

  override render() {
    const model = this.model;
    if (!model) return this.renderState();
    const loading = this.status?.status === 'loading';
    return html`
      ${this.renderHeader(model, loading)}
      ${this.renderNotices(model)}
      ${this.renderCards(model)}
      <section class="charts" aria-label="Charts">
        <div class="panel">
          <h2 id="trend-title">Spending Trends</h2>
          <ue-trend-chart
            .daily=${model.daily}
            .currency=${model.currency}
            .selectedDay=${this.ui.day}
            .colors=${this.colors}
            .rangeLabel=${model.range.label}
            @day-select=${this.onDaySelect}
          ></ue-trend-chart>
        </div>
        <div class="panel">
          <h2>Spend Breakdown by ${DIMENSION_LABELS[this.ui.tab]}</h2>
          <ue-breakdown-chart
            .slices=${model.breakdown[this.ui.tab]}
            .dimension=${this.ui.tab}
            .currency=${model.currency}
            .colors=${this.colors}
            @slice-select=${this.onSliceSelect}
          ></ue-breakdown-chart>
        </div>
      </section>
      ${this.renderUsage(model)}
    `;
  }

  private renderState(): TemplateResult {
    const status = this.status;
    if (!status || status.status === 'loading') {
      return html`<div class="state" role="status">
        <vscode-progress-ring aria-label="Loading usage"></vscode-progress-ring>
        <p>${status?.message ?? 'Loading usage…'}</p>
      </div>`;
    }
    return html`<div class="state" role=${status.status === 'error' ? 'alert' : 'status'}>
      <h1>Usage Explorer</h1>
      <p class=${status.status === 'error' ? 'error' : ''}>${status.message}</p>
      <vscode-button @click=${this.refresh}>Refresh</vscode-button>
    </div>`;
  }

  private renderHeader(model: DashboardModel, loading: boolean): TemplateResult {
    const isPreset = model.presets.some((p) => p.id === model.range.spec);
    return html`<header>
        <div class="title">
          <h1>Usage Explorer</h1>
          ${model.source.kind === 'demo'
            ? html`<vscode-badge variant="default" title="Generated sample data, not your workspace's usage">Demo data</vscode-badge>`
            : html`<span class="muted" title="Data source">${model.source.label}</span>`}
          ${loading ? html`<vscode-progress-ring aria-label="Refreshing"></vscode-progress-ring>` : nothing}
        </div>
        <div class="actions">
          <vscode-single-select
            aria-label="Time range"
            .label=${'Time range'}
            .value=${this.customOpen ? CUSTOM : model.range.spec}
            @change=${this.onRangeChange}
          >
            ${model.presets.map((p) => html`<vscode-option value=${p.id} ?selected=${!this.customOpen && p.id === model.range.spec}>${p.label}</vscode-option>`)}
            ${isPreset ? nothing : html`<vscode-option value=${model.range.spec} ?selected=${!this.customOpen}>${model.range.label}</vscode-option>`}
            <vscode-option value=${CUSTOM} ?selected=${this.customOpen}>Custom…</vscode-option>
          </vscode-single-select>
          <vscode-button secondary @click=${this.refresh} title="Load the usage data again">Refresh</vscode-button>
          <vscode-button @click=${() => this.exportTable('csv')} title="Export the table below as CSV">Export CSV</vscode-button>
          <vscode-button secondary @click=${() => this.exportTable('json')} title="Export the table below as JSON">Export JSON</vscode-button>
        </div>
      </header>
      ${this.customOpen ? this.renderCustom(model) : nothing}
      <p class="subtitle muted">
        ${longDay(model.range.first)} – ${longDay(model.range.last)} (${model.range.timeZone}), compared with ${longDay(model.range.previousFirst)} –
        ${longDay(model.range.previousLast)}
      </p>`;
  }

  private renderCustom(model: DashboardModel): TemplateResult {
    return html`<form class="custom" aria-label="Custom time range" @submit=${(e: Event) => (e.preventDefault(), this.applyCustom())}>
      <label for="custom-from">From</label>
      <vscode-textfield id="custom-from" type="date" .value=${model.range.first} .label=${'First day'}></vscode-textfield>
      <label for="custom-to">To</label>
      <vscode-textfield id="custom-to" type="date" .value=${model.range.last} .label=${'Last day'}></vscode-textfield>
      <vscode-button @click=${this.applyCustom}>Apply</vscode-button>
      <vscode-button secondary @click=${() => (this.customOpen = false)}>Cancel</vscode-button>
      ${this.customError ? html`<span class="error" role="alert">${this.customError}</span>` : nothing}
    </form>`;
  }

  private renderNotices(model: DashboardModel): TemplateResult {
    const chips: TemplateResult[] = [];
    if (model.focus) {
      chips.push(html`<span class="chip">
        <span>${DIMENSION_LABELS[model.focus.dimension]}: ${model.focus.name}</span>
        <button type="button" aria-label=${`Show all usage, not only ${model.focus.name}`} title="Show all" @click=${this.clearFocus}>✕</button>
      </span>`);
      if (model.focus.dimension === 'worker' && model.workerPages) {
        const id = model.focus.id;
        chips.push(html`<button class="link-button" type="button" @click=${() => this.link.send({ type: 'openWorkerPage', id })}>Open the worker's page</button>`);
      }
    }
    if (this.ui.day) {
      chips.push(html`<span class="chip">
        <span>Tables show ${longDay(this.ui.day)}</span>
        <button type="button" aria-label="Show the whole range in the tables" title="Show the whole range" @click=${() => this.onDaySelect(new CustomEvent('day-select', { detail: { day: null } }))}>✕</button>
      </span>`);
    }
    return html`${chips.length ? html`<div class="chips">${chips}</div>` : nothing}
    ${model.skipped > 0
      ? html`<div class="notice" role="note">
          ${count(model.skipped)} row${model.skipped === 1 ? ' was' : 's were'} skipped because they could not be read${model.warnings.length ? html`, e.g. ${model.warnings[0]}` : nothing}.
          The log (Usage Explorer: Show Log) lists them.
        </div>`
      : nothing}`;
  }

  private renderCards(model: DashboardModel): TemplateResult {
    const t = model.totals;
    const p = model.previousTotals;
    const hasPrevious = p.runs > 0 || p.spendMicros > 0;
    // Spend going up is shown as a warning colour; runs and users going up are neutral.
    const card = (label: string, value: string, current: number, previous: number, costly = true) => {
      const c = hasPrevious ? change(relativeChange(current, previous)) : null;
      return html`<div class="card" role="group" aria-label=${label}>
        <p class="label muted">${label}</p>
        <p class="value">${value}</p>
        ${c
          ? html`<p class="delta ${costly ? c.direction : ''}"><span aria-hidden="true">${c.arrow} ${c.text}</span><span class="visually-hidden">${c.label}</span></p>`
          : html`<p class="delta muted">No data for the previous period</p>`}
      </div>`;
    };
    return html`<section class="cards" aria-label="Summary">
      ${card('Total spend', money(t.spendMicros, model.currency), t.spendMicros, p.spendMicros)}
      ${card('Runs', count(t.runs), t.runs, p.runs, false)}
      ${card('Active users', count(t.users), t.users, p.users, false)}
      ${card('Avg cost per run', money(t.avgCostPerRunMicros, model.currency), t.avgCostPerRunMicros, p.avgCostPerRunMicros)}
    </section>`;
  }

  private renderUsage(model: DashboardModel): TemplateResult {
    const index = DIMENSIONS.indexOf(this.ui.tab);
    return html`<section class="usage" aria-labelledby="usage-title">
      <h2 id="usage-title">Usage</h2>
      <vscode-tabs .selectedIndex=${index} @vsc-tabs-select=${this.onTabSelect}>
        ${DIMENSIONS.map((d) => html`<vscode-tab-header slot="header">${DIMENSION_LABELS[d]}</vscode-tab-header>`)}
        ${DIMENSIONS.map((d) => html`<vscode-tab-panel>${d === this.ui.tab ? this.renderTable(model, d) : nothing}</vscode-tab-panel>`)}
      </vscode-tabs>
    </section>`;
  }

  private renderTable(model: DashboardModel, dimension: Dimension): TemplateResult {
    const shown = this.shownTable(dimension);
    return html`<ue-usage-table
      dimension=${dimension}
      .rows=${shown.rows}
      .matching=${shown.matching}
      .total=${shown.total}
      .busy=${shown.busy}
      .currency=${model.currency}
      .state=${this.ui.tables[dimension]}
      .open=${this.ui.open[dimension]}
      .drill=${this.drill[dimension]}
      .caption=${`Usage by ${DIMENSION_LABELS[dimension].toLowerCase()}, ${this.ui.day ? longDay(this.ui.day) : model.range.label}`}
      @table-state=${(e: CustomEvent<TableViewState>) => this.onTableState(dimension, e)}
      @show-more=${() => this.onShowMore(dimension)}
      @row-open=${(e: CustomEvent<{ id: string }>) => this.openWorker(e.detail.id, true)}
      @row-toggle=${(e: CustomEvent<{ id: string }>) => this.onRowToggle(dimension, e.detail.id)}
    ></ue-usage-table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ue-dashboard': DashboardApp;
  }
}
