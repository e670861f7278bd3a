import { type BudgetStatus } from './budgets';

/** Per budget key, the period and the thresholds already notified in it: the host keeps this across restarts. */
export type FiredThresholds = Readonly<Record<string, { period: string; thresholds: readonly number[] }>>;

export interface BudgetAlert {
  status: BudgetStatus;
  /** The highest threshold newly reached (percent). */
  threshold: number;
}

/**
 * Which budgets to notify about now, and the state to remember: once per budget, threshold and
 * period. When several thresholds are reached at once, one alert names the highest and all are
 * remembered; a new period (month) starts again from none.
 */
export function budgetAlerts(statuses: readonly BudgetStatus[], fired: FiredThresholds): { alerts: BudgetAlert[]; fired: FiredThresholds } {
  const next: Record<string, { period: string; thresholds: readonly number[] }> = {};
  const alerts: BudgetAlert[] = [];
  for (const status of statuses) {
    const before = fired[status.key];
    const already = before && before.period === status.period ? before.thresholds : [];
    const fresh = status.reached.filter((t) => !already.includes(t));
    if (fresh.length > 0) alerts.push({ status, threshold: fresh[fresh.length - 1] });
    next[status.key] = { period: status.period, thresholds: [...new Set([...already, ...status.reached])].sort((a, b) => a - b) };
  }
  return { alerts, fired: next };
}
