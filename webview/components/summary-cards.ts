import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { relativeChange, type Totals } from '../../src/core/query';
import { change, count, money } from '../format';
import { t as text } from '../strings';
import { sharedStyles } from './shared-styles';

/**
 * The summary cards: total spend, runs, active users and average cost per run, each with its
 * change against the previous period. Spend going up shows in the warning colour; runs and users
 * going up are neutral.
 */
@customElement('ue-summary-cards')
export class SummaryCards extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .cards {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(170px, 1fr));
        gap: 12px;
        margin: 12px 0;
      }
      .label {
        margin: 0;
      }
      .value {
        font-size: 1.6em;
        font-weight: 600;
        margin: 4px 0;
        font-variant-numeric: tabular-nums;
      }
      .delta {
        margin: 0;
        font-size: 0.95em;
      }
      .up {
        color: var(--vscode-charts-red, #f14c4c);
      }
      .down {
        color: var(--vscode-charts-green, #89d185);
      }
    `,
  ];

  @property({ attribute: false }) totals: Totals | undefined;
  @property({ attribute: false }) previousTotals: Totals | undefined;
  @property() currency = 'USD';
  /** Spend is an estimate at list prices (agent logs): the money cards say so. */
  @property({ type: Boolean }) estimated = false;

  override render() {
    const t = this.totals;
    const p = this.previousTotals;
    if (!t || !p) return html``;
    const hasPrevious = p.runs > 0 || p.spendMicros > 0;
    const card = (label: string, value: string, current: number, previous: number, costly = true) => {
      const c = hasPrevious ? change(relativeChange(current, previous)) : null;
      return html`<div class="card surface" role="group" aria-label=${label}>
        <p class="label muted">${label}</p>
        <p class="value">${value}</p>
        ${
          c
            ? html`<p class="delta ${costly ? c.direction : ''}"><span aria-hidden="true">${c.arrow} ${c.text}</span><span class="visually-hidden">${c.label}</span></p>`
            : html`<p class="delta muted">${text('noPreviousData')}</p>`
        }
      </div>`;
    };
    const est = (label: string) => (this.estimated ? text('estimatedLabel', label) : label);
    return html`<section class="cards" aria-label=${text('summary')}>
      ${card(est(text('totalSpend')), money(t.spendMicros, this.currency), t.spendMicros, p.spendMicros)}
      ${card(text('runs'), count(t.runs), t.runs, p.runs, false)}
      ${card(text('activeUsers'), count(t.users), t.users, p.users, false)}
      ${card(est(text('avgCostPerRun')), money(t.avgCostPerRunMicros, this.currency), t.avgCostPerRunMicros, p.avgCostPerRunMicros)}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ue-summary-cards': SummaryCards;
  }
}
