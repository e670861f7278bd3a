/** Colours the charts draw with, read from VS Code's --vscode-* variables (canvas cannot use CSS variables). */
export interface ChartColors {
  foreground: string;
  muted: string;
  grid: string;
  background: string;
  bar: string;
  barSelected: string;
  /** Spike markers on the trend chart. */
  spike: string;
  focus: string;
  /** Slice colours in order; the last is for "Other". */
  slices: string[];
  other: string;
  fontFamily: string;
}

const SLICE_VARIABLES: [string, string][] = [
  ['--vscode-charts-blue', '#3794ff'],
  ['--vscode-charts-orange', '#d18616'],
  ['--vscode-charts-green', '#89d185'],
  ['--vscode-charts-purple', '#b180d7'],
  ['--vscode-charts-yellow', '#cca700'],
  ['--vscode-charts-red', '#f14c4c'],
  ['--vscode-terminal-ansiCyan', '#11a8cd'],
  ['--vscode-terminal-ansiMagenta', '#bc3fbc'],
];

export function readChartColors(element: Element = document.body): ChartColors {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    foreground: read('--vscode-charts-foreground', read('--vscode-foreground', '#cccccc')),
    muted: read('--vscode-descriptionForeground', '#9d9d9d'),
    grid: read('--vscode-charts-lines', 'rgba(128, 128, 128, 0.35)'),
    background: read('--vscode-editor-background', '#1f1f1f'),
    bar: read('--vscode-charts-blue', '#3794ff'),
    barSelected: read('--vscode-charts-orange', '#d18616'),
    spike: read('--vscode-charts-red', '#f14c4c'),
    focus: read('--vscode-focusBorder', '#0078d4'),
    slices: SLICE_VARIABLES.map(([name, fallback]) => read(name, fallback)),
    other: read('--vscode-disabledForeground', read('--vscode-descriptionForeground', '#8c8c8c')),
    fontFamily: read('--vscode-font-family', 'sans-serif'),
  };
}

/** The theme kind VS Code sets on <body>. */
export function themeKind(): 'light' | 'dark' | 'high-contrast' | 'high-contrast-light' {
  const c = document.body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (c.contains('vscode-high-contrast')) return 'high-contrast';
  if (c.contains('vscode-light')) return 'light';
  return 'dark';
}

/**
 * Calls `onChange` when the theme changes: VS Code swaps the body class
 * (vscode-light / vscode-dark / vscode-high-contrast) and rewrites the variables on <html>.
 */
export function watchTheme(onChange: () => void): () => void {
  let queued = false;
  const observer = new MutationObserver(() => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      onChange();
    });
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  return () => observer.disconnect();
}
