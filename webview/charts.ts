// chart.js is tree-shaken: only the controllers, elements, scales and plugins the two charts use.
import { ArcElement, BarController, BarElement, CategoryScale, Chart, DoughnutController, LinearScale, Tooltip, type Plugin } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, DoughnutController, ArcElement, Tooltip);

export { Chart };

/** Tells the element hosting a chart that the chart drew a frame (for paint timing and tests). */
export const renderedPlugin: Plugin = {
  id: 'ueRendered',
  afterRender(chart) {
    chart.canvas.dispatchEvent(new CustomEvent('chart-rendered', { bubbles: true, composed: true }));
  },
};
