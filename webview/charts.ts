// chart.js is tree-shaken: only the controllers, elements, scales and plugins the two charts use.
import { LitElement } from 'lit';
import { type ChartColors } from './theme';
import { ArcElement, BarController, BarElement, CategoryScale, Chart, DoughnutController, LinearScale, Tooltip, type ActiveElement, type ChartEvent, type ChartType, type Plugin } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, DoughnutController, ArcElement, Tooltip);

export { Chart };

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
export function highlightElement<T extends ChartType>(chart: Chart<T, number[], string>, index: number): void {
  if (index < 0) {
    chart.setActiveElements([]);
    chart.tooltip?.setActiveElements([], { x: 0, y: 0 });
  } else {
    const element = chart.getDatasetMeta(0).data[index];
    const { x, y } = element ? element.tooltipPosition(true) : { x: 0, y: 0 };
    chart.setActiveElements([{ datasetIndex: 0, index }]);
    chart.tooltip?.setActiveElements([{ datasetIndex: 0, index }], { x: x ?? 0, y: y ?? 0 });
  }
  chart.update('none');
}

/**
 * Base of the chart elements: owns the chart.js instance's life (built in firstUpdated, destroyed
 * when the element leaves the page, built again when it comes back) and the keyboard highlight.
 */
export abstract class ChartElement<T extends ChartType> extends LitElement {
  protected instance: Chart<T, number[], string> | undefined;
  /** The element highlighted from the keyboard, or -1. */
  protected activeIndex = -1;

  /** The chart.js instance (tests read its data and colours). */
  get chart(): Chart<T, number[], string> | undefined {
    return this.instance;
  }

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
    if (this.instance) highlightElement(this.instance, index);
  }

  protected clearActive(): void {
    this.setActive(-1);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.instance?.destroy();
    this.instance = undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Re-attached after a move: build the chart again.
    if (this.hasUpdated && !this.instance) this.firstUpdated(new Map());
  }
}
