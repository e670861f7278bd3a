import { DIMENSION_LABELS } from '../model';
import { MICROS_PER_UNIT } from '../money';
import { type UsageStore } from '../store';
import { formatDay } from '../time';
import { monthKey, monthOf } from './calendar';
import { entityDaily } from './dayDetail';
import { forecastPeriod, type DaySeries, type Forecast, type NoForecastReason } from './forecast';

export const BUDGET_SCOPES = ['workspace', 'team', 'worker', 'user', 'model'] as const;
export type BudgetScope = (typeof BUDGET_SCOPES)[number];

/** Thresholds, in percent of the amount, that raise a notification unless a budget names its own. */
export const DEFAULT_BUDGET_THRESHOLDS: readonly number[] = [50, 80, 100];

/** One entry of `usageExplorer.budgets`: a monthly amount (currency units) for the workspace or one entity. */
export interface Budget {
  scope: BudgetScope;
  /** The team, worker, user or model id; none for the workspace. */
  id?: string;
  amount: number;
  period: 'month';
  /** Percentages of the amount that notify; default {@link DEFAULT_BUDGET_THRESHOLDS}. */
  thresholds?: number[];
}

export interface BudgetStatus {
  /** Stable key of the budget (`workspace`, `worker:support-bot`): what fired thresholds are remembered by. */
  key: string;
  budget: Budget;
  /** `Workspace`, or the entity's display name (surfaces name the budget from its scope and this). */
  name: string;
  /** `YYYY-MM`: the month in the configured zone. */
  period: string;
  periodStart: string;
  periodEnd: string;
  amountMicros: number;
  spendMicros: number;
  /** spend / amount. */
  ratio: number;
  /** Thresholds (percent, ascending) that apply, and those spend has reached. */
  thresholds: number[];
  reached: number[];
  forecast: Forecast | null;
  /** Why there is no forecast, when there is none. */
  forecastReason?: NoForecastReason;
  /** Reached its highest threshold but one, or forecast to end over the amount. */
  atRisk: boolean;
}

export function budgetKey(budget: Pick<Budget, 'scope' | 'id'>): string {
  return budget.scope === 'workspace' ? 'workspace' : `${budget.scope}:${budget.id ?? ''}`;
}

/** Reads a settings value into budgets; entries that are not valid are reported (by position) and left out. */
export function parseBudgets(value: unknown): { budgets: Budget[]; errors: string[] } {
  const budgets: Budget[] = [];
  const errors: string[] = [];
  if (value === undefined || value === null) return { budgets, errors };
  if (!Array.isArray(value)) return { budgets, errors: ['Budgets must be a list of { scope, id, amount, period }.'] };
  const seen = new Set<string>();
  value.forEach((entry: unknown, index) => {
    const where = `Budget ${index + 1}`;
    if (typeof entry !== 'object' || entry === null) return void errors.push(`${where} is not an object.`);
    const e = entry as Record<string, unknown>;
    const scope = e.scope ?? 'workspace';
    if (typeof scope !== 'string' || !(BUDGET_SCOPES as readonly string[]).includes(scope)) {
      return void errors.push(`${where}: scope must be one of ${BUDGET_SCOPES.join(', ')}.`);
    }
    const id = typeof e.id === 'string' ? e.id.trim() : undefined;
    if (scope !== 'workspace' && !id) return void errors.push(`${where}: a ${scope} budget needs the ${scope}'s id.`);
    if (typeof e.amount !== 'number' || !Number.isFinite(e.amount) || e.amount <= 0) return void errors.push(`${where}: amount must be a positive number.`);
    if (e.period !== undefined && e.period !== 'month') return void errors.push(`${where}: period must be "month".`);
    let thresholds: number[] | undefined;
    if (e.thresholds !== undefined) {
      if (!Array.isArray(e.thresholds) || e.thresholds.length === 0 || !e.thresholds.every((t) => typeof t === 'number' && t > 0 && Number.isFinite(t))) {
        return void errors.push(`${where}: thresholds must be a list of positive percentages such as [50, 80, 100].`);
      }
      thresholds = [...new Set(e.thresholds as number[])].sort((a, b) => a - b);
    }
    const budget: Budget = { scope: scope as BudgetScope, amount: e.amount, period: 'month' };
    if (scope !== 'workspace') budget.id = id;
    if (thresholds) budget.thresholds = thresholds;
    const key = budgetKey(budget);
    if (seen.has(key)) return void errors.push(`${where}: a budget for ${key} is already set; the first one is used.`);
    seen.add(key);
    budgets.push(budget);
  });
  return { budgets, errors };
}

export interface BudgetContext {
  /** Civil day of "now" in the zone. */
  today: number;
  timeZone: string;
  /** Whole-workspace spend per day, from at least 28 days before today (or the month's start, if earlier) to today. */
  workspace: DaySeries;
  /** First civil day with data. */
  dataFirstDay: number | undefined;
  /** Thresholds (percent) of budgets that name none. */
  defaultThresholds?: readonly number[];
}

/**
 * Each budget's state this month (in the zone): spend so far, thresholds reached, and the
 * month-end forecast of the budgeted spend. An entity's days are read from its own events only.
 */
export function evaluateBudgets(store: UsageStore, budgets: readonly Budget[], context: BudgetContext): BudgetStatus[] {
  const { today } = context;
  const month = monthOf(today);
  const firstDay = context.workspace.firstDay;
  return budgets.map((budget) => {
    const { values, name } = budgetSeries(store, budget, context);
    let spend = 0;
    for (let day = month.firstDay; day <= today; day++) {
      const i = day - firstDay;
      if (i >= 0 && i < values.length) spend += values[i];
    }
    const amountMicros = Math.round(budget.amount * MICROS_PER_UNIT);
    const thresholds = [...(budget.thresholds ?? context.defaultThresholds ?? DEFAULT_BUDGET_THRESHOLDS)].sort((a, b) => a - b);
    const ratio = spend / amountMicros;
    const reached = thresholds.filter((t) => ratio * 100 >= t);
    const result = forecastPeriod({ firstDay, values }, { today, period: month, dataFirstDay: context.dataFirstDay });
    const warnAt = thresholds.length > 1 ? thresholds[thresholds.length - 2] : thresholds[0];
    const status: BudgetStatus = {
      key: budgetKey(budget),
      budget,
      name,
      period: monthKey(today),
      periodStart: formatDay(month.firstDay),
      periodEnd: formatDay(month.lastDay),
      amountMicros,
      spendMicros: spend,
      ratio,
      thresholds,
      reached,
      forecast: result.forecast,
      atRisk: ratio * 100 >= warnAt || (result.forecast !== null && result.forecast.spendMicros > amountMicros),
    };
    if (result.reason !== undefined) status.forecastReason = result.reason;
    return status;
  });
}

function budgetSeries(store: UsageStore, budget: Budget, context: BudgetContext): { values: ArrayLike<number>; name: string } {
  if (budget.scope === 'workspace') return { values: context.workspace.values, name: 'Workspace' };
  const dimension = budget.scope;
  const dictionary = (DIMENSION_LABELS as Record<string, string>)[dimension] === undefined ? undefined : store.dictionary(dimension);
  const code = dictionary?.codeOf(budget.id ?? '');
  if (!dictionary || code === undefined) return { values: [], name: budget.id ?? '' };
  const firstDay = context.workspace.firstDay;
  return { values: entityDaily(store, dimension, code, firstDay, context.today, context.timeZone), name: dictionary.names[code] };
}
