/**
 * How the tree and the status bar put usage into words: pure functions, no VS Code API,
 * so they are unit-tested in Node (test/unit/tree-format.test.ts).
 */
import * as l10n from '@vscode/l10n';
import { DIMENSIONS, type Dimension } from '../core/model';
import { formatMoney } from '../core/money';
import { type Filter, type Totals, type UsageRow } from '../core/query';
import { type ResolvedRange } from '../core/time';
import { displayLocale, formatInteger, formatPercent, rangeLabel } from '../l10n/display';

/** Items shown per tree level before a "N more…" item. */
export const TREE_LEVEL_LIMIT = 100;

/** A dimension's list name: `Workers`, `Users`, `Models`. */
export function dimensionPlural(dimension: Dimension): string {
  return { worker: l10n.t('Workers'), user: l10n.t('Users'), model: l10n.t('Models'), team: l10n.t('Teams') }[dimension];
}

/** A dimension's name in a sentence: `worker`, `user`, `model`. */
export function dimensionName(dimension: Dimension): string {
  return { worker: l10n.t('worker'), user: l10n.t('user'), model: l10n.t('model'), team: l10n.t('team') }[dimension];
}

/** Money in the display language: `$1,234.56`. */
export function formatAmount(micros: number, currency: string): string {
  return formatMoney(micros, currency, { locale: displayLocale() });
}

/** `1 run`, `4,210 runs`. */
export function formatRuns(n: number): string {
  return n === 1 ? l10n.t('1 run') : l10n.t('{0} runs', formatInteger(n));
}

/** `1 worker`, `12 users`: how many entities a list holds. */
export function formatEntityCount(n: number, dimension: Dimension): string {
  if (n === 1) return { worker: l10n.t('1 worker'), user: l10n.t('1 user'), model: l10n.t('1 model'), team: l10n.t('1 team') }[dimension];
  const count = formatInteger(n);
  return { worker: l10n.t('{0} workers', count), user: l10n.t('{0} users', count), model: l10n.t('{0} models', count), team: l10n.t('{0} teams', count) }[
    dimension
  ];
}

/** `+12.5%`, `−3%`, `0%`; `new` when the previous period had no spend. */
export function formatChange(change: number | null): string {
  if (change === null) return l10n.t('new');
  if (change === 0) return formatPercent(0);
  const text = formatPercent(Math.abs(change));
  return change > 0 ? `+${text}` : `−${text}`;
}

/** A tree item's description: `$1,234.56 · 4,210 runs`. */
export function describeRow(row: Pick<UsageRow, 'spendMicros' | 'runs'>, currency: string): string {
  return `${formatAmount(row.spendMicros, currency)} · ${formatRuns(row.runs)}`;
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
  /** How the row's spend was made: `billed`, `allocated`, `estimated` (see spendBasisByRow); absent: as the source reports it. */
  basis?: string;
}

/** `Spend basis: allocated (…)`: what a row's spend is, in words. */
export function basisLine(basis: string): string {
  const words = basis.split(' + ').map((b) => {
    switch (b) {
      case 'billed':
        return l10n.t('billed (equal to the bill)');
      case 'allocated':
        return l10n.t('allocated (the bill split in proportion to priced tokens)');
      case 'estimated':
        return l10n.t('estimated (tokens at list prices)');
      default:
        return b;
    }
  });
  return l10n.t('Spend basis: {0}', words.join(' + '));
}

/** A tree item's Markdown tooltip: spend, runs, share and change vs the previous period. */
export function rowTooltip(row: UsageRow, ctx: TooltipContext): string {
  const lines = [`**${escapeMarkdown(row.name)}**`, ''];
  if (row.id !== row.name) lines.push(`${idLabel(ctx.dimension)}: \`${row.id.replace(/`/g, "'")}\``, '');
  const share = ctx.within.length > 0 ? l10n.t('Share of {0}', ctx.within.map(escapeMarkdown).join(' › ')) : l10n.t('Share');
  lines.push(
    `| | |`,
    `|---|---|`,
    `| ${l10n.t('Spend')} | ${escapeMarkdown(formatAmount(row.spendMicros, ctx.currency))} |`,
    `| ${l10n.t('Runs')} | ${formatInteger(row.runs)} |`,
  );
  if (ctx.dimension !== 'user') lines.push(`| ${l10n.t('Users')} | ${formatInteger(row.users)} |`);
  lines.push(
    `| ${share} | ${formatPercent(row.share)} |`,
    `| ${l10n.t('Previous period')} | ${escapeMarkdown(formatAmount(row.previousSpendMicros, ctx.currency))} |`,
    `| ${l10n.t('Change')} | ${escapeMarkdown(formatChange(row.change))} |`,
    '',
    ...(ctx.basis ? [escapeMarkdown(basisLine(ctx.basis)), ''] : []),
    `${escapeMarkdown(rangeLabel(ctx.range))} · ${escapeMarkdown(ctx.range.timeZone)}${ctx.demo ? ` · *${l10n.t('Demo data')}*` : ''}`,
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
  return `${rangeLabel(range)} · ${range.timeZone}${demo ? ` · ${l10n.t('Demo data')}` : ''}`;
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
  const key = `${displayLocale()}|${currency}`;
  let f = wholeMoney.get(key);
  if (!f) {
    f = new Intl.NumberFormat(displayLocale(), { style: 'currency', currency, maximumFractionDigits: 0, minimumFractionDigits: 0 });
    wholeMoney.set(key, f);
  }
  return f.format(micros / 1_000_000);
}

/** The status bar text: `$(graph) $1,234 · 30d`, marked `(demo)` for demo data. */
export function statusBarText(totals: Totals, range: ResolvedRange, currency: string, demo: boolean): string {
  const text = `$(graph) ${formatWholeMoney(totals.spendMicros, currency)} · ${shortRange(range)}`;
  return demo ? l10n.t('{0} (demo)', text) : text;
}

/** The status bar tooltip (Markdown): spend, runs, users and change vs the previous period. */
export function statusBarTooltip(totals: Totals, previous: Totals, range: ResolvedRange, currency: string, sourceLabel: string): string {
  const change = previous.spendMicros === 0 ? null : (totals.spendMicros - previous.spendMicros) / previous.spendMicros;
  return [
    `**${l10n.t('Usage Explorer')}** — ${escapeMarkdown(rangeLabel(range))} · ${escapeMarkdown(range.timeZone)}`,
    '',
    l10n.t('Spend: {0} ({1} vs previous period)', escapeMarkdown(formatAmount(totals.spendMicros, currency)), escapeMarkdown(formatChange(change))),
    '',
    l10n.t('Runs: {0} · Users: {1}', formatInteger(totals.runs), formatInteger(totals.users)),
    '',
    l10n.t('Source: {0}', escapeMarkdown(sourceLabel)),
    '',
    l10n.t('Click to open the dashboard.'),
  ].join('\n');
}

/** `Worker id`, `User id`, `Model id`. */
function idLabel(dimension: Dimension): string {
  return { worker: l10n.t('Worker id'), user: l10n.t('User id'), model: l10n.t('Model id'), team: l10n.t('Team id') }[dimension];
}
