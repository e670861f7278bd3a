import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
// styleMap sets properties through CSSOM, which the CSP allows (a style attribute would not be).
import { styleMap } from 'lit/directives/style-map.js';
import { type InsightItem } from '../../src/core/insights/insightList';
import { type InsightsModel } from '../../src/protocol/insights';
import { money, wholePercent } from '../format';
import { budgetLabel, forecastText, insightText, noForecastText } from '../insight-text';
import { t } from '../strings';
import { sharedStyles } from './shared-styles';

export type InsightOpenEvent = CustomEvent<{ target: InsightItem['target'] }>;

const ICONS: Readonly<Record<InsightItem['kind'], string>> = {
  budget: '◑',
  spike: '▲',
  mover: '⇅',
  'new-model': '✦',
  unpriced: '?',
};

/**
 * The forecast card, the budgets' progress, and the insights list: movers, spikes with their
 * drivers, new models, unpriced usage, budgets at risk. Each item is a button that fires
 * `insight-open` with the view it talks about (filters, or a day).
 */
@customElement('ue-insights-panel')
export class InsightsPanel extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        margin: 12px 0;
      }
      .row {
        display: grid;
        grid-template-columns: minmax(220px, 1fr) 2fr;
        gap: 12px;
      }
      @media (max-width: 700px) {
        .row {
          grid-template-columns: 1fr;
        }
      }
      h2 {
        margin: 0 0 6px;
        font-size: 1.05em;
      }
      .forecast .value {
        font-size: 1.4em;
        font-weight: 600;
        margin: 4px 0;
        font-variant-numeric: tabular-nums;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li button {
        all: unset;
        box-sizing: border-box;
        display: flex;
        gap: 8px;
        width: 100%;
        padding: 3px 6px;
        cursor: pointer;
        border-radius: 2px;
      }
      li button:hover {
        background: var(--vscode-list-hoverBackground, rgba(128, 128, 128, 0.15));
      }
      li button:focus-visible {
        outline: 1px solid var(--vscode-focusBorder, #0078d4);
      }
      .icon {
        width: 1.2em;
        flex: none;
        text-align: center;
      }
      .warning .icon {
        color: var(--vscode-editorWarning-foreground, #cca700);
      }
      .up .icon {
        color: var(--vscode-charts-red, #f14c4c);
      }
      .down .icon {
        color: var(--vscode-charts-green, #89d185);
      }
      .budget {
        margin: 6px 0;
      }
      .bar {
        height: 6px;
        background: var(--vscode-widget-border, rgba(128, 128, 128, 0.35));
        border-radius: 3px;
        overflow: hidden;
      }
      .fill {
        height: 100%;
        background: var(--vscode-charts-blue, #3794ff);
      }
      .fill.risk {
        background: var(--vscode-charts-red, #f14c4c);
      }
    `,
  ];

  @property({ attribute: false }) insights: InsightsModel | undefined;
  @property() currency = 'USD';

  override render() {
    const model = this.insights;
    if (!model) return nothing;
    return html`<section class="row" aria-label=${t('insights')}>
      <div class="forecast surface" role="group" aria-label=${t('forecast')}>
        <h2>${t('forecast')}</h2>
        ${
          model.forecast
            ? html`<p class="value">${money(model.forecast.spendMicros, this.currency)}</p>
              <p class="muted">${forecastText(model.forecast, this.currency)}</p>`
            : html`<p class="muted">${model.forecastReason ? noForecastText(model.forecastReason) : t('noForecast')}</p>`
        }
        ${model.budgets.map((b) => {
          const label = budgetLabel(b.scope, b.name);
          return html`<div class="budget" title=${t('budgetTitle', label, b.period)}>
            <div>${t('budgetLine', label, money(b.spendMicros, this.currency), money(b.amountMicros, this.currency), wholePercent(b.ratio))}</div>
            <div class="bar" role="progressbar" aria-label=${label} aria-valuemin="0" aria-valuemax="100" aria-valuenow=${Math.round(b.ratio * 100)}>
              <div class="fill ${b.atRisk ? 'risk' : ''}" style=${styleMap({ width: `${Math.min(100, Math.round(b.ratio * 100))}%` })}></div>
            </div>
            ${b.forecastMicros !== null ? html`<div class="muted">${t('budgetForecast', money(b.forecastMicros, this.currency))}</div>` : nothing}
          </div>`;
        })}
      </div>
      <div class="insights surface">
        <h2>${t('insights')}</h2>
        ${
          model.items.length === 0
            ? html`<p class="muted">${t('nothingUnusual')}</p>`
            : html`<ul>
              ${model.items.map(
                (item) => html`<li class=${item.tone} data-kind=${item.kind}>
                  <button @click=${() => this.open(item)} title=${t('openInsight')}>
                    <span class="icon" aria-hidden="true">${ICONS[item.kind]}</span><span class="text">${insightText(item, this.currency)}</span>
                  </button>
                </li>`,
              )}
            </ul>`
        }
      </div>
    </section>`;
  }

  private open(item: InsightItem): void {
    this.dispatchEvent(new CustomEvent('insight-open', { detail: { target: item.target }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ue-insights-panel': InsightsPanel;
  }
  interface HTMLElementEventMap {
    'insight-open': InsightOpenEvent;
  }
}
