/**
 * What Spending Trends draws, apart from the element that draws it (trend-chart.ts): the dataset
 * positions, the stacked bands, the patterns of projected and partial bars, and which bars hold
 * a partial day.
 */
import { type DailyPoint } from '../../src/core/query';
import { type TrendStack } from '../../src/core/trendStack';
import { groupTrend, type TrendGrouping, type TrendPoint } from '../../src/core/trendGroups';
import { type Chart } from '../charts';
import { currentLocale } from '../format';
import { STACK_TEXT } from '../stack-strings';
import { type ChartColors } from '../theme';

/** Dataset positions: the spend bars, the projected (hatched) bars, the spike markers. */
export const SPEND = 0;
export const PROJECTED = 1;
export const SPIKES = 2;
/** The first of the stacked datasets (one per entity, then Other) when the trend is stacked by a dimension. */
export const STACKED = 3;

/** The locale's first day of the week, 0 Sunday … 6 Saturday (Monday where the locale does not say). */
export function localeWeekStart(): number {
  try {
    const locale = new Intl.Locale(currentLocale()) as Intl.Locale & { getWeekInfo?: () => { firstDay: number }; weekInfo?: { firstDay: number } };
    const first = locale.getWeekInfo?.().firstDay ?? locale.weekInfo?.firstDay ?? 1;
    return first % 7;
  } catch {
    return 1;
  }
}

/** One stacked band of the chart: an entity, or Other, with its colour. */
export interface Band {
  label: string;
  color: string;
  /** The legend swatch's class: the same theme variable as `color` (the CSP allows no style attribute). */
  swatch: string;
  points: TrendPoint[];
}

/** The stacked bands (entities, then Other) of a stack that matches the days shown; none otherwise. */
export function stackBands(stack: TrendStack | null, daily: readonly DailyPoint[], grouping: TrendGrouping, colors: ChartColors | undefined): Band[] {
  if (!stack || stack.dates.length !== daily.length || stack.dates[0] !== daily[0]?.date) return [];
  const fold = (spend: number[], runs: number[]) =>
    groupTrend(
      stack.dates.map((date, d) => ({ date, runs: runs[d], spendMicros: spend[d] })),
      grouping,
      localeWeekStart(),
    );
  const slices = colors?.slices ?? ['#3794ff', '#d18616', '#89d185', '#b180d7', '#cca700'];
  const bands = stack.series.map((s, i) => ({ label: s.name, color: slices[i % slices.length], swatch: `band-${i}`, points: fold(s.spendMicros, s.runs) }));
  if (stack.other.entities > 0)
    bands.push({
      label: STACK_TEXT.other(stack.other.entities),
      color: colors?.other ?? '#8c8c8c',
      swatch: 'band-other',
      points: fold(stack.other.spendMicros, stack.other.runs),
    });
  return bands;
}

/** The bars (a day, or a week or month) that hold a partial day: a day the provider has not finalised. */
export function partialBars(points: readonly TrendPoint[], partialDays: readonly string[]): boolean[] {
  if (partialDays.length === 0) return points.map(() => false);
  return points.map((p) => partialDays.some((day) => day >= p.firstDate && day <= p.lastDate));
}

/** A tile of diagonal stripes in `color`, over a faint fill of it when `fill` is given (0..1 opacity). */
function stripes(color: string, fill?: number): CanvasPattern | string {
  const tile = document.createElement('canvas');
  tile.width = tile.height = 8;
  const g = tile.getContext('2d');
  if (!g) return color;
  if (fill !== undefined) {
    g.globalAlpha = fill;
    g.fillStyle = color;
    g.fillRect(0, 0, 8, 8);
    g.globalAlpha = 1;
  }
  g.strokeStyle = color;
  g.lineWidth = 2;
  g.beginPath();
  g.moveTo(0, 8);
  g.lineTo(8, 0);
  g.moveTo(-2, 2);
  g.lineTo(2, -2);
  g.moveTo(6, 10);
  g.lineTo(10, 6);
  g.stroke();
  return g.createPattern(tile, 'repeat') ?? color;
}

/** A diagonal hatch in the bar colour, for projected days (a pattern, so it reads without colour too). */
export function hatch(color: string): CanvasPattern | string {
  return stripes(color);
}

/** A partial day's bar: lighter (a faint fill) and striped, so it reads as not final without colour too. */
export function partialFill(color: string): CanvasPattern | string {
  return stripes(color, 0.35);
}

/** Draws the projected bars' outline dashed (bars have no dash option of their own). */
export const dashedProjection = {
  id: 'ueDashedProjection',
  beforeDatasetDraw(chart: Chart<'bar', number[], string>, args: { index: number }) {
    if (args.index !== PROJECTED) return;
    chart.ctx.save();
    chart.ctx.setLineDash([4, 3]);
  },
  afterDatasetDraw(chart: Chart<'bar', number[], string>, args: { index: number }) {
    if (args.index === PROJECTED) chart.ctx.restore();
  },
};
