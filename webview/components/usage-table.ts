import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import { type Dimension } from '../../src/core/model';
import { type UsageRow } from '../../src/core/query';
import { DEFAULT_SORT, TABLE_COLUMNS, type TableColumn, type TableViewState } from '../../src/core/table';
import { type DrillDownModel } from '../../src/protocol/dashboard';
import { change, count, money, share } from '../format';
import { dimensionLabel, dimensionList, dimensionPlural } from '../labels';
import { t, type DashboardStringKey } from '../strings';
import { TABLE_TEXT } from '../stack-strings';
import { sharedStyles } from './shared-styles';

export type DrillState = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; model: DrillDownModel };

/** What changed in the table's view (sort or filter text); the other fields stay as they are. */
export type TableStateEvent = CustomEvent<TableViewState>;
/** The user asked for more rows. */
export type ShowMoreEvent = CustomEvent<void>;
export interface RowDetail {
  dimension: Dimension;
  id: string;
}
/** A worker row's caret: open that worker. */
export type RowOpenEvent = CustomEvent<RowDetail>;
/** A user or model row's caret: expand or collapse its drill-down. */
export type RowToggleEvent = CustomEvent<RowDetail>;

const COLUMN_LABELS = {
  name: 'name',
  runs: 'runs',
  users: 'users_',
  spend: 'spend',
  share: 'share',
  change: 'change',
} as const satisfies Record<TableColumn, DashboardStringKey>;

/**
 * One dimension's usage table: sortable headers, a filter box, spend in the currency's format,
 * and a caret per row (worker: open the worker; user/model: expand its drill-down rows).
 * It only renders what it is given and reports what the user asks for as events.
 */
@customElement('ue-usage-table')
export class UsageTable extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .toolbar {
        display: flex;
        gap: 12px;
        align-items: center;
        margin: 8px 0;
      }
      vscode-textfield {
        width: 260px;
        max-width: 100%;
      }
      table {
        width: 100%;
        border-collapse: collapse;
        font-variant-numeric: tabular-nums;
      }
      th,
      td {
        padding: 4px 8px;
        text-align: left;
        border-bottom: 1px solid var(--vscode-editorGroup-border, rgba(128, 128, 128, 0.2));
      }
      th {
        font-weight: 600;
        white-space: nowrap;
      }
      th button {
        background: none;
        border: none;
        padding: 0;
        cursor: pointer;
        font-weight: 600;
      }
      .num {
        text-align: right;
      }
      th.num button {
        text-align: right;
      }
      .caret-col {
        width: 28px;
        padding-right: 0;
      }
      .caret {
        background: none;
        border: none;
        cursor: pointer;
        width: 22px;
        height: 22px;
        border-radius: 3px;
        color: var(--vscode-icon-foreground, inherit);
      }
      .caret:hover {
        background: var(--vscode-toolbar-hoverBackground, rgba(128, 128, 128, 0.2));
      }
      tbody tr.row:hover {
        background: var(--vscode-list-hoverBackground, rgba(128, 128, 128, 0.1));
      }
      /* A spike's driver: a theme colour bar on the left, so it reads in high contrast too. */
      tbody tr.row.highlighted {
        background: var(--vscode-list-inactiveSelectionBackground, rgba(128, 128, 128, 0.2));
        box-shadow: inset 3px 0 0 var(--vscode-charts-red, #f14c4c);
      }
      .name {
        max-width: 360px;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .up {
        color: var(--vscode-charts-red, #f14c4c);
      }
      .down {
        color: var(--vscode-charts-green, #89d185);
      }
      tr.drill > td {
        background: var(--vscode-editorWidget-background, rgba(128, 128, 128, 0.06));
        padding: 8px 12px 12px 36px;
      }
      .drill-grid {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(260px, 1fr));
        gap: 16px;
      }
      .drill-grid h4 {
        margin: 0 0 4px;
        font-size: 1em;
      }
      .drill-grid td,
      .drill-grid th {
        padding: 2px 6px;
      }
      .footer {
        display: flex;
        gap: 12px;
        align-items: center;
        margin-top: 6px;
      }
      .empty {
        padding: 16px 8px;
      }
      .error {
        color: var(--vscode-errorForeground, #f48771);
      }
    `,
  ];

  @property() dimension: Dimension = 'worker';
  /** The visible rows, in order (already filtered, sorted and cut to the page). */
  @property({ attribute: false }) rows: UsageRow[] = [];
  /** Rows matching the filter, and in the table. */
  @property({ type: Number }) matching = 0;
  @property({ type: Number }) total = 0;
  @property() currency = 'USD';
  @property({ attribute: false }) state: TableViewState = {};
  @property({ attribute: false }) open: string[] = [];
  @property({ attribute: false }) drill: ReadonlyMap<string, DrillState> = new Map();
  @property({ type: Boolean }) busy = false;
  @property() caption = '';
  /** Ids of rows to highlight (the drivers of the spike whose day is shown). */
  @property({ attribute: false }) highlighted: readonly string[] = [];

  private get columns(): readonly TableColumn[] {
    return TABLE_COLUMNS[this.dimension];
  }

  override render() {
    const plural = dimensionPlural(this.dimension);
    const filter = this.state.filterText ?? '';
    return html`
      <div class="toolbar">
        <vscode-textfield
          type="search"
          placeholder=${t('filterPlaceholder', plural)}
          .label=${t('filterLabel', plural)}
          .value=${filter}
          @input=${this.onFilterInput}
        ></vscode-textfield>
        <span class="muted" aria-live="polite">${this.countText()}</span>
        ${this.busy ? html`<vscode-progress-ring aria-label=${t('loadingRows')}></vscode-progress-ring>` : nothing}
      </div>
      ${
        this.total === 0
          ? html`<p class="empty muted">${t('noUsageInRange')}</p>`
          : this.matching === 0
            ? html`<p class="empty muted">
              ${t('noMatch', plural, filter)} <button class="link-button" type="button" @click=${this.clearFilter}>${t('clearFilter')}</button>
            </p>`
            : this.renderTable()
      }
      ${
        this.rows.length < this.matching
          ? html`<div class="footer">
            <button class="link-button" type="button" @click=${this.showMore}>${t('showMore', plural)}</button>
          </div>`
          : nothing
      }
    `;
  }

  private countText(): string {
    const plural = dimensionPlural(this.dimension);
    if (this.total === 0) return '';
    if (this.matching === this.total && this.rows.length === this.total) return t('countAll', count(this.total), plural);
    return this.matching === this.total
      ? t('showingOf', count(this.rows.length), count(this.matching))
      : t('showingOfMatching', count(this.rows.length), count(this.matching), count(this.total));
  }

  private renderTable(): TemplateResult {
    const sort = this.state.sort ?? DEFAULT_SORT;
    return html`<table>
      <caption class="visually-hidden">${this.caption}</caption>
      <thead>
        <tr>
          <th class="caret-col"><span class="visually-hidden">${this.dimension === 'worker' ? t('open') : t('expand')}</span></th>
          ${this.columns.map((column) => {
            const active = sort.column === column;
            const label = column === 'name' ? dimensionLabel(this.dimension) : t(COLUMN_LABELS[column]);
            return html`<th
              scope="col"
              class=${column === 'name' ? '' : 'num'}
              aria-sort=${active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
            >
              <button type="button" data-column=${column} @click=${() => this.sortBy(column)}>
                ${label}<span aria-hidden="true">${active ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}</span>
              </button>
            </th>`;
          })}
        </tr>
      </thead>
      <tbody>
        ${this.rows.map((row) => this.renderRow(row))}
      </tbody>
    </table>`;
  }

  private renderRow(row: UsageRow): TemplateResult {
    const isWorker = this.dimension === 'worker';
    const open = !isWorker && this.open.includes(row.id);
    const drillId = `drill-${this.dimension}-${this.open.indexOf(row.id)}`;
    const caret = isWorker
      ? html`<button class="caret" type="button" aria-label=${t('openWorkerRow', row.name)} title=${t('openWorkerTitle')} @click=${() => this.emit('row-open', row.id)}>
          ›
        </button>`
      : html`<button
          class="caret"
          type="button"
          aria-expanded=${open ? 'true' : 'false'}
          aria-controls=${open ? drillId : nothing}
          aria-label=${open ? t('collapseRow', row.name) : t('expandRow', row.name)}
          @click=${() => this.emit('row-toggle', row.id)}
        >
          ${open ? '▾' : '▸'}
        </button>`;
    const driver = this.highlighted.includes(row.id);
    return html`<tr class=${driver ? 'row highlighted' : 'row'} data-id=${row.id} ?data-highlighted=${driver}>
        <td class="caret-col">${caret}</td>
        ${this.columns.map((column) => this.cell(row, column))}
      </tr>
      ${open ? this.renderDrill(row, drillId) : nothing}`;
  }

  private cell(row: UsageRow, column: TableColumn): TemplateResult {
    switch (column) {
      case 'name':
        return html`<td class="name" title=${row.name}>${row.name}${this.highlighted.includes(row.id) ? html`<span class="visually-hidden">${TABLE_TEXT.spikeDriver}</span>` : nothing}</td>`;
      case 'runs':
        return html`<td class="num">${count(row.runs)}</td>`;
      case 'users':
        return html`<td class="num">${count(row.users)}</td>`;
      case 'spend':
        return html`<td class="num spend">${money(row.spendMicros, this.currency)}</td>`;
      case 'share':
        return html`<td class="num">${share(row.share)}</td>`;
      case 'change': {
        const c = change(row.change);
        return c
          ? html`<td class="num ${c.direction}"><span aria-hidden="true">${c.arrow} </span><span class="visually-hidden">${c.label}</span><span aria-hidden="true">${c.text}</span></td>`
          : html`<td class="num muted" title=${t('noPreviousSpend')}>–</td>`;
      }
    }
  }

  private renderDrill(row: UsageRow, id: string): TemplateResult {
    const state = this.drill.get(row.id);
    let body: TemplateResult;
    if (!state || state.status === 'loading') body = html`<vscode-progress-ring aria-label=${t('loadingRow', row.name)}></vscode-progress-ring>`;
    else if (state.status === 'error') body = html`<p class="error">${state.message}</p>`;
    else {
      body = html`<div class="drill-grid">
        ${Object.entries(state.model.children).map(([dimension, slice]) =>
          slice
            ? html`<section>
                <h4>${t('drillTitle', dimensionList(dimension as Dimension), row.name)}</h4>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">${dimensionLabel(dimension as Dimension)}</th>
                      <th scope="col" class="num">${t('runs')}</th>
                      <th scope="col" class="num">${t('spend')}</th>
                      <th scope="col" class="num">${t('share')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${slice.rows.map(
                      (child) => html`<tr>
                        <td class="name" title=${child.name}>${child.name}</td>
                        <td class="num">${count(child.runs)}</td>
                        <td class="num spend">${money(child.spendMicros, this.currency)}</td>
                        <td class="num">${share(child.share)}</td>
                      </tr>`,
                    )}
                  </tbody>
                </table>
                ${slice.rows.length < slice.matching ? html`<p class="muted">and ${count(slice.matching - slice.rows.length)} more</p>` : nothing}
              </section>`
            : nothing,
        )}
      </div>`;
    }
    return html`<tr class="drill" id=${id}>
      <td colspan=${this.columns.length + 1}>${body}</td>
    </tr>`;
  }

  private sortBy(column: TableColumn): void {
    const sort = this.state.sort ?? DEFAULT_SORT;
    const direction = sort.column === column ? (sort.direction === 'asc' ? 'desc' : 'asc') : column === 'name' ? 'asc' : 'desc';
    this.fire('table-state', { sort: { column, direction } });
  }

  private onFilterInput(event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    this.fire('table-state', { filterText: value });
  }

  private clearFilter(): void {
    this.fire('table-state', { filterText: '' });
  }

  private showMore(): void {
    this.fire('show-more', undefined);
  }

  private emit(type: 'row-open' | 'row-toggle', id: string): void {
    this.fire(type, { dimension: this.dimension, id });
  }

  private fire<K extends 'table-state' | 'show-more' | 'row-open' | 'row-toggle'>(type: K, detail: HTMLElementEventMap[K]['detail']): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ue-usage-table': UsageTable;
  }
  interface HTMLElementEventMap {
    'table-state': TableStateEvent;
    'show-more': ShowMoreEvent;
    'row-open': RowOpenEvent;
    'row-toggle': RowToggleEvent;
  }
}
