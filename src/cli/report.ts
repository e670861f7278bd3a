import { type InsightItem } from '../core/insights/insightList';
import { type Dimension, DIMENSION_LABELS, DIMENSIONS, NO_TEAM_NAME } from '../core/model';
import { formatMoney } from '../core/money';
import { type DailyPoint, type UsageRow, type UsageView } from '../core/query';
import { formatDay } from '../core/time';
import { insightText } from './insightText';
import { terminalSafe } from './terminal';

const SPARKS = '▁▂▃▄▅▆▇█';
const integer = new Intl.NumberFormat('en-US');
const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });

/** A daily spend sparkline, one character a day (long ranges are folded into equal buckets). */
export function sparkline(daily: readonly DailyPoint[], width = 60): string {
  if (daily.length === 0) return '';
  const buckets: number[] = [];
  const per = Math.ceil(daily.length / width);
  for (let i = 0; i < daily.length; i += per) {
    buckets.push(daily.slice(i, i + per).reduce((sum, d) => sum + d.spendMicros, 0));
  }
  // From the lowest (0, or a net credit below it) to the highest: a day with negative net spend
  // is the lowest bar, not a missing one.
  let low = 0;
  let high = 0;
  for (const v of buckets) {
    if (v < low) low = v;
    if (v > high) high = v;
  }
  const scale = high - low;
  return buckets.map((v) => (scale === 0 ? SPARKS[0] : SPARKS[Math.min(7, Math.floor(((v - low) / scale) * 7.999))])).join('');
}

/** `▲ 12.5%`, `▼ 3%`, or `—` when there is nothing to compare with. */
export function formatChange(change: number | null): string {
  if (change === null) return '—';
  if (change === 0) return '0%';
  return `${change > 0 ? '▲' : '▼'} ${percent.format(Math.abs(change))}`;
}

function pad(text: string, width: number, right = false): string {
  const length = [...text].length;
  if (length >= width) return text;
  return right ? ' '.repeat(width - length) + text : text + ' '.repeat(width - length);
}

function truncate(text: string, width: number): string {
  const chars = [...terminalSafe(text)];
  return chars.length <= width ? chars.join('') : chars.slice(0, width - 1).join('') + '…';
}

function table(dimension: Dimension, rows: readonly UsageRow[], currency: string, top: number): string[] {
  const lines = [
    `${pad(`Top ${DIMENSION_LABELS[dimension].toLowerCase()}s`, 32)}${pad('Spend', 14, true)}${pad('Share', 8, true)}${pad('Runs', 10, true)}${pad('Change', 10, true)}`,
  ];
  for (const row of rows.slice(0, top)) {
    lines.push(
      `  ${pad(truncate(row.name, 30), 30)}${pad(formatMoney(row.spendMicros, currency), 14, true)}${pad(percent.format(row.share), 8, true)}${pad(integer.format(row.runs), 10, true)}${pad(formatChange(row.change), 10, true)}`,
    );
  }
  if (rows.length > top) lines.push(`  … and ${integer.format(rows.length - top)} more`);
  if (rows.length === 0) lines.push('  (none in this range)');
  return lines;
}

export interface ReportOptions {
  currency: string;
  sourceLabel: string;
  top?: number;
  /** Spend includes estimates (agent logs priced at list prices): labelled `est.` with a footnote. */
  estimated?: boolean;
  /** The forecast line (or why there is none) and the insights list, shown under the totals. */
  forecast?: string;
  insights?: readonly InsightItem[];
}

const TONE_MARKS: Readonly<Record<InsightItem['tone'], string>> = { up: '▲', down: '▼', warning: '!', info: '·' };

function insightLines(options: ReportOptions): string[] {
  if (options.forecast === undefined && options.insights === undefined) return [];
  const lines = ['Insights'];
  if (options.forecast !== undefined) lines.push(`  ${options.forecast}`);
  for (const item of options.insights ?? []) lines.push(`  ${TONE_MARKS[item.tone]} ${truncate(insightText(item, options.currency), 200)}`);
  if ((options.insights ?? []).length === 0) lines.push('  Nothing unusual in this range.');
  return [...lines, ''];
}

/** The terminal report: range, totals with change vs the previous period, top rows, and a sparkline. */
export function renderReport(view: UsageView, options: ReportOptions): string {
  const { range, totals, previousTotals } = view;
  const currency = options.currency;
  const top = options.top ?? 5;
  const span = `${formatDay(range.current.firstDay)} – ${formatDay(range.current.lastDay)}`;
  const previousSpan = `${formatDay(range.previous.firstDay)} – ${formatDay(range.previous.lastDay)}`;
  const change = (now: number, before: number) => formatChange(before === 0 ? null : (now - before) / before);
  const lines = [
    `Usage Explorer · ${range.label} (${span}, ${range.timeZone}) · ${options.sourceLabel}`,
    '',
    `  ${options.estimated ? 'Spend (est.) ' : 'Spend        '} ${pad(formatMoney(totals.spendMicros, currency), 14, true)}  ${change(totals.spendMicros, previousTotals.spendMicros)}`,
    `  Runs          ${pad(integer.format(totals.runs), 14, true)}  ${change(totals.runs, previousTotals.runs)}`,
    `  Active users  ${pad(integer.format(totals.users), 14, true)}  ${change(totals.users, previousTotals.users)}`,
    `  Cost per run  ${pad(formatMoney(totals.avgCostPerRunMicros, currency), 14, true)}  ${change(totals.avgCostPerRunMicros, previousTotals.avgCostPerRunMicros)}`,
    `  (change vs ${previousSpan}: ${formatMoney(previousTotals.spendMicros, currency)})`,
    '',
    ...insightLines(options),
  ];
  // Teams only when some event has one: otherwise the table is a single "(no team)" row.
  const teams = view.tables.team.some((row) => row.id !== NO_TEAM_NAME);
  for (const dimension of DIMENSIONS) {
    if (dimension === 'team' && !teams) continue;
    lines.push(...table(dimension, view.tables[dimension], currency, top), '');
  }
  lines.push(`Daily spend  ${sparkline(view.daily)}`);
  if (options.estimated) lines.push('', 'est.: agent-log requests priced at API list prices, not what a subscription costs.');
  return lines.map(terminalSafe).join('\n') + '\n';
}
