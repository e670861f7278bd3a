// chart.js is tree-shaken: only the controllers, elements, scales and plugins the two charts use.
import { LitElement } from 'lit';
import { type ChartColors } from './theme';
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ActiveElement,
  type ChartConfiguration,
  type ChartEvent,
  type ChartType,
  type Plugin,
} from 'chart.js';
import { ChartController } from './controllers/chart';

// Line controller and point elements: the spike markers on the trend chart (a line dataset that draws no line).
Chart.register(BarController, BarElement, CategoryScale, LinearScale, DoughnutController, ArcElement, Tooltip, LineController, LineElement, PointElement);

export { Chart, type ChartConfiguration, type ChartType };

/** Tells the element hosting a chart that the chart drew a frame (for paint timing and tests). */
export const renderedPlugin: Plugin = {
  id: 'ueRendered',
  afterRender(chart) {
    chart.canvas.dispatchEvent(new CustomEvent('chart-rendered', { bubbles: true, composed: true }));
  },
};

/** Gives a chart the theme's font and a tooltip in the theme's colours. */
export function applyThemeToChart<T extends ChartType>(chart: Chart<T, number[], string>, colors: ChartColors): void {
  const options = chart.options;
  if (!options) return;
  options.font = { family: colors.fontFamily };
  const tooltip = options.plugins!.tooltip!;
  tooltip.backgroundColor = colors.background;
  tooltip.titleColor = colors.foreground;
  tooltip.bodyColor = colors.foreground;
  tooltip.borderColor = colors.grid;
  tooltip.borderWidth = 1;
}

/** Highlights the element at `index` with its tooltip, as hovering would (keyboard access); -1 clears it. */
export function highlightElement<T extends ChartType>(chart: Chart<T, number[], string>, index: number, datasets: readonly number[] = [0]): void {
  if (index < 0) {
    chart.setActiveElements([]);
    chart.tooltip?.setActiveElements([], { x: 0, y: 0 });
  } else {
    // The tooltip sits at the last dataset's element (the top of a stack).
    const element = chart.getDatasetMeta(datasets[datasets.length - 1] ?? 0).data[index];
    const { x, y } = element ? element.tooltipPosition(true) : { x: 0, y: 0 };
    const active = datasets.map((datasetIndex) => ({ datasetIndex, index }));
    chart.setActiveElements(active);
    chart.tooltip?.setActiveElements(active, { x: x ?? 0, y: y ?? 0 });
  }
  chart.update('none');
}

/**
 * Base of the chart elements: a {@link ChartController} owns the chart.js instance's life; this
 * class adds the pointer options and the keyboard highlight. Subclasses give the configuration
 * and put their data into the chart.
 */
export abstract class ChartElement<T extends ChartType> extends LitElement {
  protected readonly charts: ChartController<T> = new ChartController<T>(this, {
    canvas: () => this.renderRoot.querySelector('canvas'),
    config: () => this.chartConfig(),
    apply: (chart) => this.applyData(chart),
  });
  /** The element highlighted from the keyboard, or -1. */
  protected activeIndex = -1;

  /** The chart.js instance (tests read its data and colours). */
  get chart(): Chart<T, number[], string> | undefined {
    return this.charts.chart;
  }

  /** The chart's configuration, without data. */
  protected abstract chartConfig(): ChartConfiguration<T, number[], string>;

  /** Puts the element's data and colours into the chart and redraws it. */
  protected abstract applyData(chart: Chart<T, number[], string>): void;

  /** Chart options that select the clicked element and show a pointer over one. */
  protected pointerOptions(select: (index: number) => void): {
    onClick: (event: ChartEvent, elements: ActiveElement[]) => void;
    onHover: (event: ChartEvent, elements: ActiveElement[]) => void;
  } {
    return {
      onClick: (_event, elements) => {
        const index = elements[0]?.index;
        if (index !== undefined) select(index);
      },
      onHover: (event, elements) => {
        const target = event.native?.target as HTMLElement | undefined;
        if (target) target.style.cursor = elements.length ? 'pointer' : 'default';
      },
    };
  }

  protected setActive(index: number): void {
    this.activeIndex = index;
    const chart = this.charts.chart;
    if (chart) highlightElement(chart, index, this.keyboardDatasets());
  }

  /** The datasets whose elements the keyboard highlights together (one, unless a chart stacks several). */
  protected keyboardDatasets(): number[] {
    return [0];
  }

  protected clearActive(): void {
    this.setActive(-1);
  }
}
