import { css } from 'lit';

/** Spending Trends: the chart's box, the stack legend with its theme-coloured swatches, the partial-day key. */
export const trendChartStyles = css`
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
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 2px 12px;
    margin: 6px 0 0;
    padding: 0;
    list-style: none;
    font-size: 0.9em;
  }
  .legend li {
    display: flex;
    align-items: center;
    gap: 4px;
    max-width: 240px;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .swatch {
    flex: none;
    width: 10px;
    height: 10px;
    border-radius: 2px;
    /* Visible in high contrast, where backgrounds may be dropped. */
    border: 1px solid var(--vscode-contrastBorder, transparent);
  }
  /* The theme colours the bands are drawn in (webview/theme.ts reads the same variables). */
  .band-0 {
    background: var(--vscode-charts-blue, #3794ff);
  }
  .band-1 {
    background: var(--vscode-charts-orange, #d18616);
  }
  .band-2 {
    background: var(--vscode-charts-green, #89d185);
  }
  .band-3 {
    background: var(--vscode-charts-purple, #b180d7);
  }
  .band-4 {
    background: var(--vscode-charts-yellow, #cca700);
  }
  .band-other {
    background: var(--vscode-disabledForeground, var(--vscode-descriptionForeground, #8c8c8c));
  }
  .hint {
    margin: 4px 0 0;
    font-size: 0.9em;
  }
`;
