import { type ReactiveController, type ReactiveControllerHost } from 'lit';
// From chart.js itself, not ../charts (which imports this file): a type cycle there left the
// controller's type unresolved ("any") in some type-aware lint runs. ../charts registers the
// chart.js components before any element builds a chart.
import { Chart, type ChartConfiguration, type ChartType } from 'chart.js';

export interface ChartControllerOptions<T extends ChartType> {
  /** The canvas to draw on, once the host has rendered it. */
  canvas(): HTMLCanvasElement | null;
  /** The chart's configuration, without data. */
  config(): ChartConfiguration<T, number[], string>;
  /** Puts the host's data and colours into the chart and redraws it. */
  apply(chart: Chart<T, number[], string>): void;
}

/**
 * Owns a chart.js instance's life for the element hosting it: built once the canvas is rendered,
 * destroyed when the element leaves the page, built again when it comes back.
 */
export class ChartController<T extends ChartType> implements ReactiveController {
  private instance: Chart<T, number[], string> | undefined;

  constructor(
    host: ReactiveControllerHost,
    private readonly options: ChartControllerOptions<T>,
  ) {
    host.addController(this);
  }

  get chart(): Chart<T, number[], string> | undefined {
    return this.instance;
  }

  /** Re-attached after a move: the canvas is already rendered, so build the chart again. */
  hostConnected(): void {
    this.build();
  }

  /** After the first render the canvas exists. */
  hostUpdated(): void {
    this.build();
  }

  hostDisconnected(): void {
    this.instance?.destroy();
    this.instance = undefined;
  }

  /** Applies the host's current data (call when it changed). */
  refresh(): void {
    if (this.instance) this.options.apply(this.instance);
  }

  private build(): void {
    if (this.instance) return;
    const canvas = this.options.canvas();
    if (!canvas) return;
    this.instance = new Chart(canvas, this.options.config());
    this.options.apply(this.instance);
  }
}
