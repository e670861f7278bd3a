import { css, html, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { type Dimension } from '../../src/core/model';
import { type BreakdownSlice } from '../../src/core/query';
import { applyThemeToChart, ChartElement, renderedPlugin, type Chart, type ChartConfiguration } from '../charts';
import { currentLocale, money, share } from '../format';
import { dimensionLabel } from '../labels';
import { t } from '../strings';
import { type ChartColors } from '../theme';
import { sharedStyles } from './shared-styles';

const SLICE_CLASSES = 8;

export interface SliceSelectDetail {
  dimension: Dimension;
  /** The entity's id, or null for the "Other" slice. */
  id: string | null;
}
/** A slice (or its legend entry) was picked. */
export type SliceSelectEvent = CustomEvent<SliceSelectDetail>;

/**
 * Spend Breakdown: a doughnut of the top slices plus "Other", with a legend of buttons.
 * Clicking a slice or its legend entry fires `slice-select` (to open that entity's drill-down).
 */
@customElement('ue-breakdown-chart')
export class BreakdownChart extends ChartElement<'doughnut'> {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .layout {
        display: flex;
        gap: 16px;
        align-items: center;
        flex-wrap: wrap;
      }
      .canvas-box {
        position: relative;
        width: 180px;
        height: 180px;
        flex: none;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        flex: 1 1 180px;
        min-width: 0;
      }
      li button {
        display: grid;
        grid-template-columns: 10px minmax(0, 1fr) auto auto;
        gap: 8px;
        align-items: center;
        width: 100%;
        background: none;
        border: none;
        padding: 2px 4px;
        text-align: left;
        cursor: pointer;
        border-radius: 2px;
      }
      li button:hover {
        background: var(--vscode-list-hoverBackground, rgba(128, 128, 128, 0.15));
      }
      .swatch {
        width: 10px;
        height: 10px;
        border-radius: 2px;
      }
      /* The same variables, in the same order, as theme.ts gives the canvas (no inline styles: the CSP forbids them). */
      .s0 { background: var(--vscode-charts-blue, #3794ff); }
      .s1 { background: var(--vscode-charts-orange, #d18616); }
      .s2 { background: var(--vscode-charts-green, #89d185); }
      .s3 { background: var(--vscode-charts-purple, #b180d7); }
      .s4 { background: var(--vscode-charts-yellow, #cca700); }
      .s5 { background: var(--vscode-charts-red, #f14c4c); }
      .s6 { background: var(--vscode-terminal-ansiCyan, #11a8cd); }
      .s7 { background: var(--vscode-terminal-ansiMagenta, #bc3fbc); }
      .other { background: var(--vscode-disabledForeground, #8c8c8c); }
      .name {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .num {
        font-variant-numeric: tabular-nums;
        text-align: right;
      }
    `,
  ];

  @property({ attribute: false }) slices: BreakdownSlice[] = [];
  @property() dimension: Dimension = 'worker';
  @property() currency = 'USD';
  @property({ attribute: false }) colors: ChartColors | undefined;

  private colorOf(index: number): string {
    const slice = this.slices[index];
    const c = this.colors;
    if (slice && slice.id === null) return c?.other ?? '#8c8c8c';
    const palette = c?.slices ?? ['#3794ff'];
    return palette[index % palette.length];
  }

  override render() {
    const label = dimensionLabel(this.dimension).toLocaleLowerCase(currentLocale());
    return html`
      <div class="layout">
        <div class="canvas-box">
          <canvas
            role="img"
            tabindex="0"
            aria-label=${t('breakdownLabel', label)}
            aria-describedby="breakdown-summary"
            @keydown=${this.onKeyDown}
            @blur=${this.clearActive}
          ></canvas>
        </div>
        <ul aria-label=${t('spendBy', label)}>
          ${this.slices.map(
            (slice, i) => html`<li>
              <button
                type="button"
                title=${slice.id === null ? t('showFullTable', slice.name, label) : t('openSlice', slice.name)}
                @click=${() => this.select(i)}
              >
                <span class=${slice.id === null ? 'swatch other' : `swatch s${i % SLICE_CLASSES}`}></span>
                <span class="name">${slice.name}</span>
                <span class="num muted">${share(slice.share)}</span>
                <span class="num">${money(slice.spendMicros, this.currency)}</span>
              </button>
            </li>`,
          )}
        </ul>
      </div>
      <p id="breakdown-summary" class="visually-hidden">${this.summary()}</p>
    `;
  }

  summary(): string {
    if (this.slices.length === 0) return t('noSpendInRange');
    return this.slices.map((s) => `${s.name}: ${share(s.share)} (${money(s.spendMicros, this.currency)})`).join('; ');
  }

  protected override chartConfig(): ChartConfiguration<'doughnut', number[], string> {
    return {
      type: 'doughnut',
      data: { labels: [], datasets: [{ data: [], borderWidth: 1 }] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        cutout: '58%',
        ...this.pointerOptions((index) => this.select(index)),
        plugins: {
          tooltip: {
            callbacks: {
              label: (item) => {
                const slice = this.slices[item.dataIndex];
                return slice ? `${slice.name}: ${money(slice.spendMicros, this.currency)} (${share(slice.share)})` : '';
              },
            },
          },
        },
      },
      plugins: [renderedPlugin],
    };
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('slices') || changed.has('colors') || changed.has('currency')) this.charts.refresh();
  }

  protected override applyData(chart: Chart<'doughnut', number[], string>): void {
    const dataset = chart.data.datasets[0];
    chart.data.labels = this.slices.map((s) => s.name);
    dataset.data = this.slices.map((s) => s.spendMicros / 1_000_000);
    dataset.backgroundColor = this.slices.map((_, i) => this.colorOf(i));
    dataset.borderColor = this.colors?.background ?? '#1f1f1f';
    if (this.colors) applyThemeToChart(chart, this.colors);
    chart.update('none');
  }

  private select(index: number): void {
    const slice = this.slices[index];
    if (!slice) return;
    this.dispatchEvent(
      new CustomEvent<SliceSelectDetail>('slice-select', { detail: { dimension: this.dimension, id: slice.id }, bubbles: true, composed: true }),
    );
  }

  private onKeyDown(event: KeyboardEvent): void {
    const n = this.slices.length;
    if (n === 0) return;
    let index = this.activeIndex;
    if (event.key === 'ArrowRight' || event.key === 'ArrowDown') index = (index + 1) % n;
    else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') index = index <= 0 ? n - 1 : index - 1;
    else if ((event.key === 'Enter' || event.key === ' ') && index >= 0) {
      event.preventDefault();
      this.select(index);
      return;
    } else if (event.key === 'Escape') {
      this.clearActive();
      return;
    } else return;
    event.preventDefault();
    this.setActive(index);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ue-breakdown-chart': BreakdownChart;
  }
  interface HTMLElementEventMap {
    'slice-select': SliceSelectEvent;
  }
}
