/**
 * The insights panel's sentences: the engine's structured insights (src/core/insights) put into
 * words with the host's strings table, numbers and days in the display language.
 */
import { type BudgetScope } from '../src/core/insights/budgets';
import { type NoForecastReason } from '../src/core/insights/forecast';
import { type InsightItem } from '../src/core/insights/insightList';
import { type InsightsModel } from '../src/protocol/insights';
import { type DashboardStringKey } from '../src/protocol/strings';
import { axisDay, count, currentLocale, longDay, money, signedPercent, wholePercent } from './format';
import { t } from './strings';

/** The strings-table key of a budget's name by its scope. */
const BUDGET_KEYS = {
  workspace: 'budgetWorkspace',
  team: 'budgetTeam',
  worker: 'budgetWorker',
  user: 'budgetUser',
  model: 'budgetModel',
} as const satisfies Record<BudgetScope, DashboardStringKey>;

/** `Workspace budget`, `Worker Support Bot`. */
export function budgetLabel(scope: BudgetScope, name: string): string {
  return t(BUDGET_KEYS[scope], name);
}

/** Why there is no forecast. */
export function noForecastText(reason: NoForecastReason): string {
  switch (reason.kind) {
    case 'period-ended':
      return t('forecastEnded');
    case 'short-history':
      return reason.days === 1 ? t('forecastShortHistoryOne', reason.minimum) : t('forecastShortHistory', count(reason.days), count(reason.minimum));
  }
}

/** `Forecast: $X by Mar 31, range $L–$H`. */
export function forecastText(forecast: NonNullable<InsightsModel['forecast']>, currency: string): string {
  return t(
    'forecastLine',
    money(forecast.spendMicros, currency),
    axisDay(forecast.periodEnd),
    money(forecast.lowMicros, currency),
    money(forecast.highMicros, currency),
  );
}

/** One item of the insights list as a sentence. */
export function insightText(item: InsightItem, currency: string): string {
  switch (item.kind) {
    case 'budget': {
      const label = budgetLabel(item.scope, item.name);
      const spend = money(item.spendMicros, currency);
      const amount = money(item.amountMicros, currency);
      const ratio = wholePercent(item.ratio);
      return item.forecast
        ? t('insightBudgetForecast', label, spend, amount, ratio, money(item.forecast.spendMicros, currency), axisDay(item.forecast.periodEnd))
        : t('budgetLine', label, spend, amount, ratio);
    }
    case 'spike': {
      const drivers = item.drivers.map((d) => t('spikeDriver', t(d.dimension), d.name, money(d.spendMicros, currency), money(d.expectedMicros, currency)));
      const args = [longDay(item.day), money(item.spendMicros, currency), money(item.expectedMicros, currency)];
      return drivers.length === 0
        ? t('insightSpike', ...args)
        : t('insightSpikeDrivers', ...args, new Intl.ListFormat(currentLocale(), { type: 'unit' }).format(drivers));
    }
    case 'mover': {
      const change = item.ratio === null ? t('insightNew') : signedPercent(item.ratio);
      return t(
        item.direction === 'up' ? 'insightMoverUp' : 'insightMoverDown',
        t(item.dimension),
        item.name,
        money(item.changeMicros, currency),
        change,
        money(item.spendMicros, currency),
      );
    }
    case 'new-model':
      return t('insightNewModel', item.name, longDay(item.firstDay));
    case 'unpriced':
      return item.runs === 1 ? t('insightUnpricedOne', item.name) : t('insightUnpriced', item.name, count(item.runs));
  }
}
