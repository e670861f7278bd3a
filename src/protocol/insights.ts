import { type Dimension } from '../core/model';
import { type BudgetScope } from '../core/insights/budgets';
import { type NoForecastReason } from '../core/insights/forecast';
import { INSIGHT_KINDS, type InsightItem } from '../core/insights/insightList';

/** A spike day on the trend chart: a marker on its bar, the drivers in its tooltip. */
export interface SpikeModel {
  date: string;
  spendMicros: number;
  expectedMicros: number;
  drivers: { dimension: Dimension; id: string; name: string; spendMicros: number; expectedMicros: number }[];
}

/**
 * The insights of one view: the forecast card, the projected bars, spike markers, budgets and the
 * insights list. Facts only (amounts in micro-units, `YYYY-MM-DD` days): the webview puts them
 * into words with the host's strings table.
 */
export interface InsightsModel {
  forecast: { periodEnd: string; spendMicros: number; lowMicros: number; highMicros: number; actualMicros: number } | null;
  /** Why there is no forecast, when there is none. */
  forecastReason: NoForecastReason | null;
  /** `YYYY-MM-DD` of "now" in the zone: bars after it are projections. */
  today: string;
  /** Expected spend of the days still to come in the forecast period (today: what is still expected). */
  projected: { date: string; spendMicros: number }[];
  spikes: SpikeModel[];
  budgets: {
    scope: BudgetScope;
    name: string;
    period: string;
    spendMicros: number;
    amountMicros: number;
    ratio: number;
    forecastMicros: number | null;
    atRisk: boolean;
  }[];
  items: InsightItem[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** A loose shape check of the insights a host posts (the webview's side of validation). */
export function isInsightsModel(value: unknown): value is InsightsModel {
  return (
    isObject(value) &&
    (value.forecast === null || isObject(value.forecast)) &&
    typeof value.today === 'string' &&
    Array.isArray(value.projected) &&
    Array.isArray(value.spikes) &&
    Array.isArray(value.budgets) &&
    Array.isArray(value.items) &&
    value.items.every(
      (item) => isObject(item) && (INSIGHT_KINDS as readonly unknown[]).includes(item.kind) && isObject(item.target) && Array.isArray(item.target.filters),
    )
  );
}
