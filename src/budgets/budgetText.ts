import { type BudgetStatus } from '../core/insights/budgets';
import { shortDate } from '../core/insights/forecastText';
import { formatMoney } from '../core/money';
import { parseDay } from '../core/time';

const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0 });

/** `$412.50 / $500.00 · 83%` */
export function budgetProgress(status: BudgetStatus, currency: string): string {
  return `${formatMoney(status.spendMicros, currency)} / ${formatMoney(status.amountMicros, currency)} · ${percent.format(status.ratio)}`;
}

/** `forecast $610.00 by Nov 30 ($580.00–$640.00)`, or why there is none. */
export function budgetForecast(status: BudgetStatus, currency: string): string {
  const f = status.forecast;
  if (!f) return `no forecast: ${status.forecastReason ?? 'not enough history'}`;
  const end = shortDate(parseDay(status.periodEnd) ?? f.periodLastDay);
  return `forecast ${formatMoney(f.spendMicros, currency)} by ${end} (${formatMoney(f.lowMicros, currency)}–${formatMoney(f.highMicros, currency)})`;
}

/** The notification for a threshold reached: `Workspace budget reached 80%: $412.50 / $500.00 · 83% this month; forecast …`. */
export function budgetAlertMessage(status: BudgetStatus, threshold: number, currency: string): string {
  return `${status.label} reached ${threshold}% of its monthly budget: ${budgetProgress(status, currency)} in ${status.period}; ${budgetForecast(status, currency)}.`;
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
