import * as l10n from '@vscode/l10n';
import { type BudgetScope, type BudgetStatus } from '../core/insights/budgets';
import { type NoForecastReason } from '../core/insights/forecast';
import { formatMoney } from '../core/money';
import { displayLocale, formatShortDay, formatWholePercent } from '../l10n/display';

const money = (micros: number, currency: string) => formatMoney(micros, currency, { locale: displayLocale() });

/** A budget's name: `Workspace budget`, `Worker Support Bot`. */
export function budgetLabel(scope: BudgetScope, name: string): string {
  const labels: Record<BudgetScope, string> = {
    workspace: l10n.t('Workspace budget'),
    team: l10n.t('Team {0}', name),
    worker: l10n.t('Worker {0}', name),
    user: l10n.t('User {0}', name),
    model: l10n.t('Model {0}', name),
  };
  return labels[scope];
}

/** Why there is no forecast, as a sentence. */
export function noForecastText(reason: NoForecastReason): string {
  switch (reason.kind) {
    case 'period-ended':
      return l10n.t('The period has ended: its spend is final.');
    case 'short-history':
      return reason.days === 1
        ? l10n.t('Only 1 complete day of history; a forecast needs at least {0}.', reason.minimum)
        : l10n.t('Only {0} complete days of history; a forecast needs at least {1}.', reason.days, reason.minimum);
  }
}

/** `$412.50 / $500.00 · 83%` */
export function budgetProgress(status: BudgetStatus, currency: string): string {
  return `${money(status.spendMicros, currency)} / ${money(status.amountMicros, currency)} · ${formatWholePercent(status.ratio)}`;
}

/** A budgeted tree item's share of its budget: `42% of budget`. */
export function budgetBadge(status: BudgetStatus): string {
  return l10n.t('{0} of budget', formatWholePercent(status.ratio));
}

/** `forecast $610.00 by Nov 30 ($580.00–$640.00)`, or why there is none. */
export function budgetForecast(status: BudgetStatus, currency: string): string {
  const f = status.forecast;
  if (!f) return l10n.t('no forecast: {0}', status.forecastReason ? noForecastText(status.forecastReason) : l10n.t('not enough history'));
  return l10n.t(
    'forecast {0} by {1} ({2}–{3})',
    money(f.spendMicros, currency),
    formatShortDay(status.periodEnd),
    money(f.lowMicros, currency),
    money(f.highMicros, currency),
  );
}

/** The notification for a threshold reached: `Workspace budget reached 80% of its monthly budget: $412.50 / $500.00 · 83% in 2026-11; forecast …`. */
export function budgetAlertMessage(status: BudgetStatus, threshold: number, currency: string): string {
  return l10n.t(
    '{0} reached {1}% of its monthly budget: {2} in {3}; {4}.',
    budgetLabel(status.budget.scope, status.name),
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
