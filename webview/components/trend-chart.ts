import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { type DailyPoint } from '../../src/core/query';
import { type InsightsModel, type SpikeModel } from '../../src/protocol/insights';
import { type TrendStack } from '../../src/core/trendStack';
import { STACK_TEXT } from '../stack-strings';
import { groupTrend, type TrendGrouping, type TrendPoint } from '../../src/core/trendGroups';
import { applyThemeToChart, ChartElement, renderedPlugin, type Chart, type ChartConfiguration } from '../charts';
import { axisDay, count, longDay, money } from '../format';
import { dimensionLabel } from '../labels';
import { t } from '../strings';
import { type ChartColors } from '../theme';
import { sharedStyles } from './shared-styles';
import { trendChartStyles } from './trend-chart.styles';
import { type Band, dashedProjection, hatch, localeWeekStart, partialBars, partialFill, PROJECTED, SPEND, SPIKES, STACKED, stackBands } from './trend-datasets';

export { PROJECTED, SPEND, SPIKES, STACKED } from './trend-datasets';

export interface DaySelectDetail {
  /** `YYYY-MM-DD`, or null to clear the selection. */
  day: string | null;
}
/** A day was picked on the chart (or the selection cleared). */
export type DaySelectEvent = CustomEvent<DaySelectDetail>;

/**
 * Spending Trends: daily spend as bars, the forecast's projected days after today as hatched
 * bars with a dashed outline, and a marker on each spike with its drivers in the tooltip.
 * Clicking a bar (or Enter on the focused chart after moving with the arrow keys) fires
 * `day-select` with the day; the same day again clears it.
 */
@customElement('ue-trend-chart')
export class TrendChart extends ChartElement<'bar'> {
  static override styles = [sharedStyles, trendChartStyles];

  @property({ attribute: false }) daily: DailyPoint[] = [];
  @property() currency = 'USD';
  @property({ attribute: false }) selectedDay: string | null = null;
  @property({ attribute: false }) colors: ChartColors | undefined;
  @property() rangeLabel = '';
  /** Days still to come in the forecast period, and spikes in the range (from the insights). */
  @property({ attribute: false }) projected: InsightsModel['projected'] = [];
  @property({ attribute: false }) spikes: SpikeModel[] = [];

  /** The spend stacked by a dimension (top 5 + Other), or null for the plain total. */
  @property({ attribute: false }) stack: TrendStack | null = null;

  /** Days (`YYYY-MM-DD`) a provider has not finalised yet: drawn lighter and striped, said in the tooltip and summary. */
  @property({ attribute: false }) partialDays: readonly string[] = [];

  /** Bars by day, week (from the locale's first day) or month. */
  @property() grouping: TrendGrouping = 'day';

  /** The bars: days, or weeks or months added up. */
  get points(): TrendPoint[] {
    return groupTrend(this.daily, this.grouping, localeWeekStart());
  }

  /** Projections and spike markers are per day: shown on the daily bars only. */
  private get byDay(): boolean {
    return this.grouping === 'day';
  }

  /** The chart's bars' first days: the range's, then projected days after its end. */
  private labels(): string[] {
    const dates = this.points.map((p) => p.date);
    if (!this.byDay) return dates;
    const last = dates[dates.length - 1] ?? '';
    for (const p of this.projected) if (p.date > last) dates.push(p.date);
    return dates;
  }

  /** The stacked bands (entities, then Other), when the stack matches the days shown. */
  bands(): Band[] {
    return stackBands(this.stack, this.daily, this.grouping, this.colors);
  }

  /** Per bar, whether it holds a day the provider has not finalised. */
  partial(): boolean[] {
    return partialBars(this.points, this.partialDays);
  }

  override render() {
    const bands = this.bands();
    return html`
      <div class="canvas-box">
        <canvas
          role="img"
          tabindex="0"
          aria-label=${this.stack && bands.length > 0 ? STACK_TEXT.stackedLabel(this.stack.dimension, this.rangeLabel) : t('trendLabel', this.rangeLabel)}
          aria-describedby="trend-summary"
          @keydown=${this.onKeyDown}
          @blur=${this.clearActive}
        ></canvas>
      </div>
      ${
        this.stack && bands.length > 0
          ? html`<ul class="legend" aria-label=${STACK_TEXT.legend(this.stack.dimension)}>
            ${bands.map(
              (b) => html`<li title=${b.label}>
                <span class="swatch ${b.swatch}"></span>${b.label}: ${money(
                  b.points.reduce((sum, p) => sum + p.spendMicros, 0),
                  this.currency,
                )}
              </li>`,
            )}
          </ul>`
          : nothing
      }
      <p id="trend-summary" class="visually-hidden" aria-live="polite">${this.summary()}</p>
    `;
  }

  /** A text summary of the series, for screen readers. */
  summary(): string {
    const points = this.daily;
    if (points.length === 0) return t('noDays');
    let max = points[0];
    let total = 0;
    for (const p of points) {
      total += p.spendMicros;
      if (p.spendMicros > max.spendMicros) max = p.spendMicros > 0 ? p : max;
    }
    const first = points[0].date;
    const last = points[points.length - 1].date;
    const parts = [t('trendSummary', count(points.length), longDay(first), longDay(last), money(total, this.currency))];
    if (max.spendMicros > 0) parts.push(t('trendBusiest', longDay(max.date), money(max.spendMicros, this.currency)));
    if (this.selectedDay) parts.push(t('trendSelected', longDay(this.selectedDay)));
    const partial = this.partialDays.filter((day) => day >= first && day <= last);
    if (partial.length > 0) parts.push(t('trendPartial', partial.map((day) => longDay(day)).join(', ')));
    return parts.join(' ');
  }

  protected override chartConfig(): ChartConfiguration<'bar', number[], string> {
    return {
      type: 'bar',
      data: {
        labels: [],
        datasets: [
          { data: [], borderRadius: 2, maxBarThickness: 28, stack: 'spend', label: t('spend') },
          { data: [], borderRadius: 2, maxBarThickness: 28, stack: 'spend', label: t('projected'), borderWidth: 1, borderSkipped: false },
          // A line dataset without a line: markers only, on a stack of their own.
          { type: 'line' as 'bar', data: [], stack: 'spikes', label: t('spike') },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        ...this.pointerOptions((index) => this.selectIndex(index)),
        plugins: {
          tooltip: {
            filter: (item) => item.raw !== null && item.raw !== undefined,
            callbacks: {
              title: (items) => (items[0] ? this.barTitle(items[0].dataIndex) : ''),
              label: (item) => this.tooltipLines(item.datasetIndex, item.dataIndex),
              footer: (items) => (items[0] ? this.footerLines(items[0].dataIndex) : []),
            },
          },
        },
        scales: {
          x: { stacked: true, grid: { display: false }, ticks: { autoSkip: true, maxRotation: 0 } },
          y: { stacked: true, beginAtZero: true, ticks: { callback: (value) => money(Number(value) * 1_000_000, this.currency, true), maxTicksLimit: 6 } },
        },
      },
      plugins: [renderedPlugin, dashedProjection],
    };
  }

  /** `Tue, Nov 3, 2026`, or `Nov 2, 2026 – Nov 8, 2026` for a week or a month. */
  private barTitle(index: number): string {
    const point = this.points[index];
    if (point && point.firstDate !== point.lastDate) return `${longDay(point.firstDate)} – ${longDay(point.lastDate)}`;
    return longDay(this.labels()[index] ?? '');
  }

  /** Under a bar's lines: the day's total when stacked, and whether the provider has finalised it. */
  footerLines(index: number): string[] {
    const point = this.points[index];
    if (!point) return [];
    const lines = this.bands().length > 0 ? [`Total: ${money(point.spendMicros, this.currency)}`] : [];
    if (this.partial()[index]) lines.push(t(point.firstDate === point.lastDate ? 'partialDay' : 'partialBar'));
    return lines;
  }

  /** The tooltip lines of one dataset at one day: spend and runs, the projection, or a spike and its drivers. */
  tooltipLines(datasetIndex: number, index: number): string[] {
    const date = this.labels()[index];
    if (datasetIndex === SPEND) {
      const point = this.points[index];
      return point ? [t('spendValue', money(point.spendMicros, this.currency)), t('runsValue', count(point.runs))] : [];
    }
    if (datasetIndex === PROJECTED) {
      const p = this.projected.find((x) => x.date === date);
      return p ? [t(index < this.daily.length ? 'projectedMore' : 'projectedValue', money(p.spendMicros, this.currency))] : [];
    }
    if (datasetIndex >= STACKED) {
      const band = this.bands()[datasetIndex - STACKED];
      const point = band?.points[index];
      return band && point ? [`${band.label}: ${money(point.spendMicros, this.currency)}`] : [];
    }
    const spike = this.spikes.find((s) => s.date === date);
    if (!spike) return [];
    return [
      t('spikeUsually', money(spike.expectedMicros, this.currency)),
      ...spike.drivers
        .slice(0, 4)
        .map((d) => `  ${t('spikeDriver', dimensionLabel(d.dimension), d.name, money(d.spendMicros, this.currency), money(d.expectedMicros, this.currency))}`),
      t('clickToSeeDay'),
    ];
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('projected') || changed.has('spikes') || changed.has('grouping') || changed.has('stack')) this.charts.refresh();
    if (changed.has('daily') || changed.has('selectedDay') || changed.has('colors') || changed.has('currency') || changed.has('partialDays'))
      this.charts.refresh();
  }

  protected override applyData(chart: Chart<'bar', number[], string>): void {
    const c = this.colors;
    const dataset = chart.data.datasets[SPEND];
    const labels = this.labels();
    chart.data.labels = labels.map((date) => axisDay(date));
    const points = this.points;
    dataset.data = points.map((p) => p.spendMicros / 1_000_000);
    const projected = new Map(this.byDay ? this.projected.map((p) => [p.date, p.spendMicros / 1_000_000]) : []);
    const future = chart.data.datasets[PROJECTED];
    future.data = labels.map((date) => projected.get(date) ?? null) as number[];
    future.backgroundColor = hatch(c?.bar ?? '#3794ff');
    future.borderColor = c?.bar ?? '#3794ff';
    const spikes = new Map(this.byDay ? this.spikes.map((s) => [s.date, s.spendMicros / 1_000_000]) : []);
    const markers = chart.data.datasets[SPIKES] as unknown as Record<string, unknown>;
    markers.data = labels.map((date) => spikes.get(date) ?? null);
    markers.showLine = false;
    markers.pointStyle = 'triangle';
    markers.pointRadius = 7;
    markers.pointHoverRadius = 9;
    markers.pointBackgroundColor = c?.spike ?? '#f14c4c';
    markers.pointBorderColor = c?.background ?? '#1f1f1f';
    markers.borderColor = c?.spike ?? '#f14c4c';
    const bar = c?.bar ?? '#3794ff';
    const selected = c?.barSelected ?? '#d18616';
    // A partial day is drawn lighter and striped in the colour it would have.
    const partial = this.partial();
    const fill = (color: string, i: number) => (partial[i] ? partialFill(color) : color);
    const colorOf = (p: TrendPoint) => (this.byDay && p.date === this.selectedDay ? selected : bar);
    dataset.backgroundColor = points.map((p, i) => fill(colorOf(p), i));
    dataset.hoverBackgroundColor = points.map((p, i) => fill(colorOf(p), i));
    dataset.borderColor = points.map(colorOf);
    dataset.borderWidth = partial.map((isPartial) => (isPartial ? 1 : 0));
    this.applyBands(chart, selected, partial.includes(true) ? fill : undefined);
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

  /**
   * Stacked by a dimension: one dataset per entity and Other, in the spend stack, in place of the
   * total bars (which keep their place, empty, so the projection and spike datasets keep theirs).
   */
  private applyBands(chart: Chart<'bar', number[], string>, selected: string, stripe?: (color: string, index: number) => CanvasPattern | string): void {
    const bands = this.bands();
    const anyPartial = stripe !== undefined;
    const fill = stripe ?? ((color: string) => color);
    chart.data.datasets.length = STACKED;
    if (bands.length === 0) return;
    chart.data.datasets[SPEND].data = this.points.map(() => null) as unknown as number[];
    for (const band of bands) {
      // The selected day is outlined in the selection colour on every band.
      const outline = band.points.map((p) => (this.byDay && p.date === this.selectedDay ? selected : band.color));
      chart.data.datasets.push({
        data: band.points.map((p) => p.spendMicros / 1_000_000),
        label: band.label,
        stack: 'spend',
        maxBarThickness: 28,
        backgroundColor: anyPartial ? band.points.map((_, i) => fill(band.color, i)) : band.color,
        hoverBackgroundColor: anyPartial ? band.points.map((_, i) => fill(band.color, i)) : band.color,
        borderColor: outline,
        borderWidth: band.points.map((p) => (this.byDay && p.date === this.selectedDay ? 2 : 0)),
      });
    }
  }

  /** Stacked, the keyboard reads every band of the bar at once. */
  protected override keyboardDatasets(): number[] {
    const bands = this.bands().length;
    return bands > 0 ? Array.from({ length: bands }, (_, i) => STACKED + i) : [SPEND];
  }

  private selectIndex(index: number): void {
    // A week or a month cannot narrow the tables (they narrow to one day): pick the day view for that.
    const day = this.byDay ? this.daily[index]?.date : undefined;
    if (!day) return;
    this.fireDay(day === this.selectedDay ? null : day);
  }

  private fireDay(day: string | null): void {
    this.dispatchEvent(new CustomEvent<DaySelectDetail>('day-select', { detail: { day }, bubbles: true, composed: true }));
  }

  private onKeyDown(event: KeyboardEvent): void {
    const n = this.points.length;
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
