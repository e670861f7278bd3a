import * as l10n from '@vscode/l10n';
import { type BudgetStatus } from '../core/insights/budgets';
import { shortDate } from '../core/insights/forecastText';
import { formatMoney } from '../core/money';
import { parseDay } from '../core/time';
import { displayLocale } from '../l10n/display';

const percent = (ratio: number) => new Intl.NumberFormat(displayLocale(), { style: 'percent', maximumFractionDigits: 0 }).format(ratio);
const money = (micros: number, currency: string) => formatMoney(micros, currency, { locale: displayLocale() });

/** `$412.50 / $500.00 · 83%` */
export function budgetProgress(status: BudgetStatus, currency: string): string {
  return `${money(status.spendMicros, currency)} / ${money(status.amountMicros, currency)} · ${percent(status.ratio)}`;
}

/** `forecast $610.00 by Nov 30 ($580.00–$640.00)`, or why there is none. */
export function budgetForecast(status: BudgetStatus, currency: string): string {
  const f = status.forecast;
  if (!f) return l10n.t('no forecast: {0}', status.forecastReason ?? l10n.t('not enough history'));
  const end = shortDate(parseDay(status.periodEnd) ?? f.periodLastDay);
  return l10n.t('forecast {0} by {1} ({2}–{3})', money(f.spendMicros, currency), end, money(f.lowMicros, currency), money(f.highMicros, currency));
}

/** The notification for a threshold reached: `Workspace budget reached 80%: $412.50 / $500.00 · 83% this month; forecast …`. */
export function budgetAlertMessage(status: BudgetStatus, threshold: number, currency: string): string {
  return l10n.t(
    '{0} reached {1}% of its monthly budget: {2} in {3}; {4}.',
    status.label,
    threshold,
    budgetProgress(status, currency),
    status.period,
    budgetForecast(status, currency),
  );
}

/** The status bar's severity: past the highest threshold an error, past the one before it a warning. */
export function budgetSeverity(status: BudgetStatus): 'ok' | 'warning' | 'error' {
  const t = status.thresholds;
  if (t.length === 0) return 'ok';
  const pct = status.ratio * 100;
  if (pct >= t[t.length - 1]) return 'error';
  if (t.length > 1 && pct >= t[t.length - 2]) return 'warning';
  return 'ok';
}
