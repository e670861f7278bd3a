import { parseBudgets } from '../core/insights/budgets';
import { insightList, type InsightItem } from '../core/insights/insightList';
import { computeInsights, type InsightOptions, type Insights } from '../core/insights/insights';
import { type Filter, type UsageView } from '../core/query';
import { type UsageStore } from '../core/store';
import { formatDay } from '../core/time';
import { type InsightsModel } from '../protocol/insights';

/** What the dashboard's insights read besides the view: the budget settings and "now". */
export interface InsightSettings {
  budgets: unknown;
  budgetThresholds: readonly number[];
  now?: number;
}

/** What computeInsights needs from the settings, for a view narrowed by `filters`. */
export function insightOptions(settings: InsightSettings, filters: readonly Filter[]): InsightOptions {
  return { now: settings.now, filters, budgets: parseBudgets(settings.budgets).budgets, budgetThresholds: settings.budgetThresholds };
}

/** The insights panel, forecast card, projected bars and spike markers of a view. */
export function buildInsightsModel(
  store: UsageStore,
  view: UsageView,
  filters: readonly Filter[],
  settings: InsightSettings,
  /** The insights computed already (by the backend the view came from); else computed from the store. */
  computed?: Insights,
): InsightsModel {
  const insights = computed ?? computeInsights(store, view.range, insightOptions(settings, filters));
  const f = insights.forecast.forecast;
  const items: InsightItem[] = insightList(insights, view.tables);
  return {
    forecast: f
      ? {
          periodEnd: formatDay(f.periodLastDay),
          spendMicros: f.spendMicros,
          lowMicros: f.lowMicros,
          highMicros: f.highMicros,
          actualMicros: f.actualMicros,
        }
      : null,
    forecastReason: insights.forecast.reason ?? null,
    today: formatDay(insights.today),
    projected: f ? f.projected.map((p) => ({ date: formatDay(p.day), spendMicros: p.spendMicros })) : [],
    spikes: insights.spikes.map((s) => ({
      date: formatDay(s.day),
      spendMicros: s.spendMicros,
      expectedMicros: s.expectedMicros,
      drivers: s.drivers.map((d) => ({ dimension: d.dimension, id: d.id, name: d.name, spendMicros: d.spendMicros, expectedMicros: d.expectedMicros })),
    })),
    budgets: insights.budgets.map((b) => ({
      scope: b.budget.scope,
      name: b.name,
      period: b.period,
      spendMicros: b.spendMicros,
      amountMicros: b.amountMicros,
      ratio: b.ratio,
      forecastMicros: b.forecast?.spendMicros ?? null,
      atRisk: b.atRisk,
    })),
    items,
  };
}
