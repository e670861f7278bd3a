/**
 * The insights in English words for `usage-explorer report`: the one place the CLI turns the
 * engine's structured insights (src/core/insights) into sentences. The extension puts the same
 * facts into words through its l10n bundle instead (src/budgets/budgetText.ts, the dashboard).
 */
import { type BudgetScope } from '../core/insights/budgets';
import { type ForecastResult, type NoForecastReason } from '../core/insights/forecast';
import { type InsightItem } from '../core/insights/insightList';
import { DIMENSION_LABELS } from '../core/model';
import { formatMoney } from '../core/money';
import { civil, parseDay } from '../core/time';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0 });
const integer = new Intl.NumberFormat('en-US');

/** `Mar 31` for a civil day. */
function shortDay(day: number): string {
  const { month, day: d } = civil(day);
  return `${MONTHS[month - 1]} ${d}`;
}

/** `Mar 31` for a `YYYY-MM-DD` day (the day itself when it is not one). */
function shortDate(day: string): string {
  const parsed = parseDay(day);
  return parsed === undefined ? day : shortDay(parsed);
}

/** Why there is no forecast, as a sentence. */
export function noForecastText(reason: NoForecastReason): string {
  switch (reason.kind) {
    case 'period-ended':
      return 'The period has ended: its spend is final.';
    case 'short-history':
      return `Only ${reason.days} complete day${reason.days === 1 ? '' : 's'} of history; a forecast needs at least ${reason.minimum}.`;
  }
}

/** `Forecast: $X by Mar 31, range $L–$H`, or `No forecast: <why>`. */
export function forecastLine(result: ForecastResult, currency: string): string {
  if (!result.forecast) return `No forecast: ${noForecastText(result.reason)}`;
  const f = result.forecast;
  const money = (micros: number) => formatMoney(micros, currency);
  return `Forecast: ${money(f.spendMicros)} by ${shortDay(f.periodLastDay)}, range ${money(f.lowMicros)}–${money(f.highMicros)}`;
}

/** `Workspace budget`, `Worker Support Bot`. */
export function budgetLabel(scope: BudgetScope, name: string): string {
  return scope === 'workspace' ? 'Workspace budget' : `${DIMENSION_LABELS[scope]} ${name}`;
}

/** One item of the insights list as an English sentence. */
export function insightText(item: InsightItem, currency: string): string {
  const money = (micros: number) => formatMoney(micros, currency);
  switch (item.kind) {
    case 'budget': {
      const forecast = item.forecast ? `, forecast ${money(item.forecast.spendMicros)} by ${shortDate(item.forecast.periodEnd)}` : '';
      return `${budgetLabel(item.scope, item.name)}: ${money(item.spendMicros)} of ${money(item.amountMicros)} (${percent.format(item.ratio)})${forecast}`;
    }
    case 'spike': {
      const lead = item.drivers.map(
        (d) => `${DIMENSION_LABELS[d.dimension].toLowerCase()} ${d.name} ${money(d.spendMicros)} (usually ${money(d.expectedMicros)})`,
      );
      return `Spike on ${item.day}: ${money(item.spendMicros)}, usually ${money(item.expectedMicros)}${lead.length ? `; ${lead.join(', ')}` : ''}`;
    }
    case 'mover': {
      const change = item.ratio === null ? 'new' : `${item.ratio > 0 ? '+' : ''}${percent.format(item.ratio)}`;
      return `${DIMENSION_LABELS[item.dimension]} ${item.name} ${item.direction} ${money(item.changeMicros)} (${change}) to ${money(item.spendMicros)}`;
    }
    case 'new-model':
      return `New model ${item.name}, first used ${item.firstDay}`;
    case 'unpriced':
      return `Unpriced usage: ${item.name} has ${integer.format(item.runs)} run${item.runs === 1 ? '' : 's'} and no cost`;
  }
}
