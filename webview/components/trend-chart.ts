import { css, html, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { type DailyPoint } from '../../src/core/query';
import { applyThemeToChart, ChartElement, renderedPlugin, type Chart, type ChartConfiguration } from '../charts';
import { axisDay, count, longDay, money } from '../format';
import { type ChartColors } from '../theme';
import { sharedStyles } from './shared-styles';

export interface DaySelectDetail {
  /** `YYYY-MM-DD`, or null to clear the selection. */
  day: string | null;
}
/** A day was picked on the chart (or the selection cleared). */
export type DaySelectEvent = CustomEvent<DaySelectDetail>;

/**
 * Spending Trends: daily spend as bars. Clicking a bar (or Enter on the focused chart after
 * moving with the arrow keys) fires `day-select` with the day; the same day again clears it.
 */
@customElement('ue-trend-chart')
export class TrendChart extends ChartElement<'bar'> {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .canvas-box {
        position: relative;
        height: 220px;
      }
      canvas:focus-visible {
        outline: 1px solid var(--vscode-focusBorder, #0078d4);
      }
      .hint {
        margin: 4px 0 0;
        font-size: 0.9em;
      }
    `,
  ];

  @property({ attribute: false }) daily: DailyPoint[] = [];
  @property() currency = 'USD';
  @property({ attribute: false }) selectedDay: string | null = null;
  @property({ attribute: false }) colors: ChartColors | undefined;
  @property() rangeLabel = '';

  override render() {
    return html`
      <div class="canvas-box">
        <canvas
          role="img"
          tabindex="0"
          aria-label=${`Spending Trends: daily spend, ${this.rangeLabel}. Use the arrow keys to read a day, Enter to narrow the tables to it.`}
          aria-describedby="trend-summary"
          @keydown=${this.onKeyDown}
          @blur=${this.clearActive}
        ></canvas>
      </div>
      <p id="trend-summary" class="visually-hidden" aria-live="polite">${this.summary()}</p>
    `;
  }

  /** A text summary of the series, for screen readers. */
  summary(): string {
    const points = this.daily;
    if (points.length === 0) return 'No days in the range.';
    let max = points[0];
    let total = 0;
    for (const p of points) {
      total += p.spendMicros;
      if (p.spendMicros > max.spendMicros) max = p.spendMicros > 0 ? p : max;
    }
    const first = points[0].date;
    const last = points[points.length - 1].date;
    const busiest = max.spendMicros > 0 ? ` The highest day was ${longDay(max.date)} with ${money(max.spendMicros, this.currency)}.` : '';
    const selected = this.selectedDay ? ` Tables show ${longDay(this.selectedDay)} only.` : '';
    return `${points.length} days from ${longDay(first)} to ${longDay(last)}, ${money(total, this.currency)} in total.${busiest}${selected}`;
  }

  protected override chartConfig(): ChartConfiguration<'bar', number[], string> {
    return {
      type: 'bar',
      data: { labels: [], datasets: [{ data: [], borderRadius: 2, maxBarThickness: 28 }] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        ...this.pointerOptions((index) => this.selectIndex(index)),
        plugins: {
          tooltip: {
            callbacks: {
              title: (items) => (items[0] ? longDay(this.daily[items[0].dataIndex]?.date ?? '') : ''),
              label: (item) => {
                const point = this.daily[item.dataIndex];
                return point ? [`Spend: ${money(point.spendMicros, this.currency)}`, `Runs: ${count(point.runs)}`] : '';
              },
            },
          },
        },
        scales: {
          x: { grid: { display: false }, ticks: { autoSkip: true, maxRotation: 0 } },
          y: { beginAtZero: true, ticks: { callback: (value) => money(Number(value) * 1_000_000, this.currency, true), maxTicksLimit: 6 } },
        },
      },
      plugins: [renderedPlugin],
    };
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('daily') || changed.has('selectedDay') || changed.has('colors') || changed.has('currency')) this.charts.refresh();
  }

  protected override applyData(chart: Chart<'bar', number[], string>): void {
    const c = this.colors;
    const dataset = chart.data.datasets[0];
    chart.data.labels = this.daily.map((p) => axisDay(p.date));
    dataset.data = this.daily.map((p) => p.spendMicros / 1_000_000);
    const bar = c?.bar ?? '#3794ff';
    const selected = c?.barSelected ?? '#d18616';
    dataset.backgroundColor = this.daily.map((p) => (p.date === this.selectedDay ? selected : bar));
    dataset.hoverBackgroundColor = this.daily.map((p) => (p.date === this.selectedDay ? selected : bar));
    dataset.label = 'Spend';
    if (c) {
      const scales = chart.options.scales!;
      for (const axis of [scales.x!, scales.y!]) {
        axis.ticks!.color = c.foreground;
        axis.grid!.color = c.grid;
        axis.border = { color: c.grid };
      }
      applyThemeToChart(chart, c);
    }
    chart.update('none');
  }

  private selectIndex(index: number): void {
    const day = this.daily[index]?.date;
    if (!day) return;
    this.fireDay(day === this.selectedDay ? null : day);
  }

  private fireDay(day: string | null): void {
    this.dispatchEvent(new CustomEvent<DaySelectDetail>('day-select', { detail: { day }, bubbles: true, composed: true }));
  }

  private onKeyDown(event: KeyboardEvent): void {
    const n = this.daily.length;
    if (n === 0) return;
    let index = this.activeIndex;
    switch (event.key) {
      case 'ArrowRight':
        index = index < 0 ? 0 : Math.min(n - 1, index + 1);
        break;
      case 'ArrowLeft':
        index = index < 0 ? n - 1 : Math.max(0, index - 1);
        break;
      case 'Home':
        index = 0;
        break;
      case 'End':
        index = n - 1;
        break;
      case 'Enter':
      case ' ':
        if (index >= 0) this.selectIndex(index);
        event.preventDefault();
        return;
      case 'Escape':
        if (this.selectedDay) this.fireDay(null);
        this.clearActive();
        return;
      default:
        return;
    }
    event.preventDefault();
    this.setActive(index);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ue-trend-chart': TrendChart;
  }
  interface HTMLElementEventMap {
    'day-select': DaySelectEvent;
  }
}
