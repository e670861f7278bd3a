/**
 * How the tree and the status bar put usage into words: pure functions, no VS Code API,
 * so they are unit-tested in Node (test/unit/tree-format.test.ts).
 */
import { DIMENSIONS, type Dimension } from '../core/model';
import { formatMoney } from '../core/money';
import { type Filter, type Totals, type UsageRow } from '../core/query';
import { type ResolvedRange } from '../core/time';

/** Items shown per tree level before a "N more…" item. */
export const TREE_LEVEL_LIMIT = 100;

export const DIMENSION_PLURALS: Readonly<Record<Dimension, string>> = {
  worker: 'Workers',
  user: 'Users',
  model: 'Models',
  team: 'Teams',
};

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });

export function formatCount(n: number, singular: string, plural = `${singular}s`): string {
  return `${integer.format(n)} ${n === 1 ? singular : plural}`;
}

/** `+12.5%`, `−3%`, `0%`; `new` when the previous period had no spend. */
export function formatChange(change: number | null): string {
  if (change === null) return 'new';
  if (change === 0) return '0%';
  const text = percent.format(Math.abs(change));
  return change > 0 ? `+${text}` : `−${text}`;
}

/** A tree item's description: `$1,234.56 · 4,210 runs`. */
export function describeRow(row: Pick<UsageRow, 'spendMicros' | 'runs'>, currency: string): string {
  return `${formatMoney(row.spendMicros, currency)} · ${formatCount(row.runs, 'run')}`;
}

/**
 * Markdown-safe inline text: names come from data files and must not become links, images,
 * HTML or markup. (Text here is never at the start of a line, so list markers need no escape.)
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]()!|<>~&#]/g, '\\$&');
}

export interface TooltipContext {
  dimension: Dimension;
  currency: string;
  range: ResolvedRange;
  /** Names of the entities this row is narrowed by (e.g. "triage-bot" when under a worker). */
  within: string[];
  demo: boolean;
}

/** A tree item's Markdown tooltip: spend, runs, share and change vs the previous period. */
export function rowTooltip(row: UsageRow, ctx: TooltipContext): string {
  const lines = [`**${escapeMarkdown(row.name)}**`, ''];
  if (row.id !== row.name) lines.push(`${capitalize(ctx.dimension)} id: \`${row.id.replace(/`/g, "'")}\``, '');
  const scope = ctx.within.length > 0 ? ` of ${ctx.within.map(escapeMarkdown).join(' › ')}` : '';
  lines.push(
    `| | |`,
    `|---|---|`,
    `| Spend | ${escapeMarkdown(formatMoney(row.spendMicros, ctx.currency))} |`,
    `| Runs | ${integer.format(row.runs)} |`,
  );
  if (ctx.dimension !== 'user') lines.push(`| Users | ${integer.format(row.users)} |`);
  lines.push(
    `| Share${scope} | ${percent.format(row.share)} |`,
    `| Previous period | ${escapeMarkdown(formatMoney(row.previousSpendMicros, ctx.currency))} |`,
    `| Change | ${escapeMarkdown(formatChange(row.change))} |`,
    '',
    `${escapeMarkdown(ctx.range.label)} · ${escapeMarkdown(ctx.range.timeZone)}${ctx.demo ? ' · *Demo data*' : ''}`,
  );
  return lines.join('\n');
}

/** The top `limit` rows and how many are left out. */
export function topRows<T>(rows: readonly T[], limit = TREE_LEVEL_LIMIT): { shown: T[]; more: number } {
  return { shown: rows.slice(0, limit), more: Math.max(0, rows.length - limit) };
}

/**
 * The dimensions a drill-down path can still open: those not yet narrowed by. Teams are a root
 * that opens into the others; a worker, user or model does not open into teams (one level of
 * "(no team)" under every entity would say nothing).
 */
export function remainingDimensions(path: readonly Filter[]): Dimension[] {
  return DIMENSIONS.filter((d) => !path.some((f) => f.dimension === d) && (d !== 'team' || path.length === 0));
}

/** A tree item id that is unique and stable across refreshes, so expansion is kept. */
export function pathId(path: readonly Filter[], tail: string): string {
  return [...path.map((f) => `${f.dimension}:${encodeURIComponent(f.id)}`), tail].join('/');
}

/** The view's description: `Last 30 days · UTC`, with ` · Demo data` for the demo source. */
export function viewDescription(range: ResolvedRange, demo: boolean): string {
  return `${range.label} · ${range.timeZone}${demo ? ' · Demo data' : ''}`;
}

/**
 * The line above the tree when all is well: which range it shows and its total, e.g.
 * `Last 30 days · UTC: $1,234.56 · 4,210 runs`. The view's description says the same, but
 * VS Code hides a view's header while it is the only view in its container.
 */
export function summaryMessage(range: ResolvedRange, totals: Pick<Totals, 'spendMicros' | 'runs'>, currency: string, demo: boolean): string {
  return `${viewDescription(range, demo)}: ${describeRow(totals, currency)}`;
}

/** Short name of a range for the status bar: the preset id (`30d`, `mtd`) or the custom days. */
export function shortRange(range: ResolvedRange): string {
  return range.spec.includes('..') ? range.spec.replace('..', '–') : range.spec;
}

const wholeMoney = new Map<string, Intl.NumberFormat>();

/** Money rounded to whole units, `$1,234`, for the status bar. */
export function formatWholeMoney(micros: number, currency: string): string {
  let f = wholeMoney.get(currency);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 0, minimumFractionDigits: 0 });
    wholeMoney.set(currency, f);
  }
  return f.format(micros / 1_000_000);
}

/** The status bar text: `$(graph) $1,234 · 30d`, marked `(demo)` for demo data. */
export function statusBarText(totals: Totals, range: ResolvedRange, currency: string, demo: boolean): string {
  return `$(graph) ${formatWholeMoney(totals.spendMicros, currency)} · ${shortRange(range)}${demo ? ' (demo)' : ''}`;
}

/** The status bar tooltip (Markdown): spend, runs, users and change vs the previous period. */
export function statusBarTooltip(totals: Totals, previous: Totals, range: ResolvedRange, currency: string, sourceLabel: string): string {
  const change = previous.spendMicros === 0 ? null : (totals.spendMicros - previous.spendMicros) / previous.spendMicros;
  return [
    `**Usage Explorer** — ${escapeMarkdown(range.label)} · ${escapeMarkdown(range.timeZone)}`,
    '',
    `Spend: ${escapeMarkdown(formatMoney(totals.spendMicros, currency))} (${escapeMarkdown(formatChange(change))} vs previous period)`,
    '',
    `Runs: ${integer.format(totals.runs)} · Users: ${integer.format(totals.users)}`,
    '',
    `Source: ${escapeMarkdown(sourceLabel)}`,
    '',
    'Click to open the dashboard.',
  ].join('\n');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
