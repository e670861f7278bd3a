import { html, nothing, type TemplateResult } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { DIMENSIONS, type Dimension } from '../../src/core/model';
import { TREND_GROUPINGS, type TrendGrouping } from '../../src/core/trendGroups';
import { type DashboardModel } from '../../src/protocol/dashboard';
import { type StackState } from '../controllers/usage-data';
import { dimensionLabel } from '../labels';
import { STACK_TEXT } from '../stack-strings';
import { t } from '../strings';
import { type ChartColors } from '../theme';
import './trend-chart';

const GROUPING_LABELS = { day: 'groupDay', week: 'groupWeek', month: 'groupMonth' } as const satisfies Record<TrendGrouping, string>;

/** What the Spending Trends panel shows beside the model: the chosen grouping, stack and day. */
export interface TrendsPanelInput {
  model: DashboardModel;
  grouping: TrendGrouping;
  stackBy: Dimension | null;
  /** The stacked trend's fetch (undefined when none is asked for). */
  stack: StackState | undefined;
  day: string | null;
  colors: ChartColors | undefined;
}

export interface TrendsPanelActions {
  setGrouping(grouping: TrendGrouping): void;
  setStackBy(dimension: Dimension | null): void;
  selectDay(day: string | null): void;
}

/** The Spending Trends panel: the bars by day, week or month, stacked by a dimension or not, with the stack's loading or error line. */
export function trendsPanel(input: TrendsPanelInput, actions: TrendsPanelActions): TemplateResult {
  const { model, grouping, stackBy, stack } = input;
  return html`<div class="panel surface">
    <div class="panel-head">
      <h2 id="trend-title">${t('spendingTrends')}</h2>
      <div class="grouping" role="group" aria-label=${t('barsBy')}>
        ${TREND_GROUPINGS.map(
          (g) => html`<vscode-button
            ?secondary=${g !== grouping}
            aria-pressed=${g === grouping ? 'true' : 'false'}
            @click=${() => actions.setGrouping(g)}
            >${t(GROUPING_LABELS[g])}</vscode-button
          >`,
        )}
      </div>
      <div class="stack-by" role="group" aria-label=${STACK_TEXT.stackBy}>
        ${[null, ...DIMENSIONS].map(
          (d) => html`<vscode-button
            ?secondary=${d !== stackBy}
            aria-pressed=${d === stackBy ? 'true' : 'false'}
            data-stack=${d ?? 'total'}
            @click=${() => actions.setStackBy(d)}
            >${d ? dimensionLabel(d) : STACK_TEXT.total}</vscode-button
          >`,
        )}
      </div>
    </div>
    <ue-trend-chart
      .daily=${model.daily}
      .partialDays=${model.partialDays ?? []}
      .currency=${model.currency}
      .selectedDay=${input.day}
      .colors=${input.colors}
      .rangeLabel=${model.range.label}
      .projected=${model.insights?.projected ?? []}
      .spikes=${model.insights?.spikes ?? []}
      .grouping=${grouping}
      .stack=${stack?.status === 'ready' ? stack.stack : null}
      @day-select=${(e: HTMLElementEventMap['day-select']) => actions.selectDay(e.detail.day)}
    ></ue-trend-chart>
    ${stackStatus(stack)}
  </div>`;
}

function stackStatus(state: StackState | undefined): TemplateResult | typeof nothing {
  if (state?.status === 'loading') return html`<p class="muted stack-status" role="status">${STACK_TEXT.loading}</p>`;
  if (state?.status === 'error') return html`<p class="error stack-status" role="alert">${STACK_TEXT.failed(state.message)}</p>`;
  return nothing;
}
