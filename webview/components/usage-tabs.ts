import { html, nothing, type TemplateResult } from 'lit';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import { DIMENSIONS, type Dimension } from '../../src/core/model';
import { type DashboardModel } from '../../src/protocol/dashboard';
import { type UsageDataController } from '../controllers/usage-data';
import { currentLocale, longDay } from '../format';
import { dimensionLabel } from '../labels';
import { type UiState } from '../state';
import { t } from '../strings';
import './usage-table';

/** What the Usage tables do with the user's actions (the dashboard keeps them in its UI state). */
export interface UsageTabsActions {
  tabSelect(event: CustomEvent<{ selectedIndex: number }>): void;
  tableState(dimension: Dimension, event: HTMLElementEventMap['table-state']): void;
  showMore(dimension: Dimension): void;
  rowOpen(id: string): void;
  rowToggle(detail: HTMLElementEventMap['row-toggle']['detail']): void;
}

/** The Usage section: a tab per dimension, the selected one's table (rows from the data controller). */
export function usageTabs(
  model: DashboardModel,
  ui: UiState,
  data: UsageDataController,
  section: { staleClass: string; busy: 'true' | 'false' },
  actions: UsageTabsActions,
): TemplateResult {
  const index = DIMENSIONS.indexOf(ui.tab);
  return html`<section class="usage ${section.staleClass}" aria-busy=${section.busy} aria-labelledby="usage-title">
    <h2 id="usage-title">${t('usage')}</h2>
    <vscode-tabs .selectedIndex=${index} @vsc-tabs-select=${(e: CustomEvent<{ selectedIndex: number }>) => actions.tabSelect(e)}>
      ${DIMENSIONS.map((d) => html`<vscode-tab-header slot="header">${dimensionLabel(d)}</vscode-tab-header>`)}
      ${DIMENSIONS.map((d) => html`<vscode-tab-panel>${d === ui.tab ? usageTable(model, ui, data, d, actions) : nothing}</vscode-tab-panel>`)}
    </vscode-tabs>
  </section>`;
}

function usageTable(model: DashboardModel, ui: UiState, data: UsageDataController, dimension: Dimension, actions: UsageTabsActions): TemplateResult {
  const shown = data.table(dimension);
  return html`<ue-usage-table
    dimension=${dimension}
    .rows=${shown.rows}
    .matching=${shown.matching}
    .total=${shown.total}
    .busy=${shown.busy}
    .currency=${model.currency}
    .state=${ui.tables[dimension]}
    .open=${ui.open[dimension]}
    .drill=${data.drillDowns(dimension)}
    .highlighted=${spikeDrivers(model, ui.day, dimension)}
    .caption=${t('tableCaption', dimensionLabel(dimension).toLocaleLowerCase(currentLocale()), ui.day ? longDay(ui.day) : model.range.label)}
    @table-state=${(e: HTMLElementEventMap['table-state']) => actions.tableState(dimension, e)}
    @show-more=${() => actions.showMore(dimension)}
    @row-open=${(e: HTMLElementEventMap['row-open']) => actions.rowOpen(e.detail.id)}
    @row-toggle=${(e: HTMLElementEventMap['row-toggle']) => actions.rowToggle(e.detail)}
  ></ue-usage-table>`;
}

/** The rows to highlight in a table: the drivers of the spike on the day shown, if the day is a spike. */
function spikeDrivers(model: DashboardModel, day: string | null, dimension: Dimension): string[] {
  const spike = day ? model.insights?.spikes.find((s) => s.date === day) : undefined;
  return spike ? spike.drivers.filter((d) => d.dimension === dimension).map((d) => d.id) : [];
}
