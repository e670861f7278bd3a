import { DIMENSIONS, type Dimension } from '../model';
import { type Filter } from '../query';
import { type Dictionary, type UsageStore } from '../store';
import { dayOf, type ResolvedRange } from '../time';
import { evaluateBudgets, type Budget, type BudgetStatus } from './budgets';
import { monthOf } from './calendar';
import { buildDailyCube } from './dailyCube';
import { spikeDrivers, type Driver } from './drivers';
import { forecastPeriod, type ForecastResult } from './forecast';
import { biggestMovers, type Mover } from './movers';
import { newModels } from './newModels';
import { forecastPeriodFor } from './period';
import { detectSpikes, type Spike } from './spikes';

/** Days of history before a day that forecasts and spike baselines read. */
const HISTORY_DAYS = 28;

export interface InsightOptions {
  /** "Now" (UTC ms): today is the day it falls on in the range's zone; defaults to Date.now(). */
  now?: number;
  filters?: readonly Filter[];
  budgets?: readonly Budget[];
  /** Default thresholds (percent) for budgets that name none. */
  budgetThresholds?: readonly number[];
  /** Spike sensitivity (robust deviations above the baseline). */
  spikeK?: number;
}

export interface SpikeWithDrivers extends Spike {
  drivers: Driver[];
}

export interface Insights {
  /** Civil day of "now" in the range's zone. */
  today: number;
  forecast: ForecastResult;
  spikes: SpikeWithDrivers[];
  movers: Mover[];
  newModels: { id: string; name: string; firstSeen: number }[];
  budgets: BudgetStatus[];
}

/**
 * Everything the insights panel, the forecast card and `report` show for a range, from one scan
 * of the events: the forecast (of the range's calendar period, else of this month), spikes in
 * the range with their drivers, movers against the previous period, models new in the range,
 * and the budgets this month (budgets ignore the view's filters: they are for the whole scope).
 */
export function computeInsights(store: UsageStore, range: ResolvedRange, options: InsightOptions = {}): Insights {
  const zone = range.timeZone;
  const today = dayOf(options.now ?? Date.now(), zone);
  const filters = options.filters ?? [];
  const period = forecastPeriodFor(range, today);
  const month = monthOf(today);
  const firstDay = Math.min(range.previous.firstDay, range.current.firstDay - HISTORY_DAYS, today - HISTORY_DAYS, period.firstDay, month.firstDay);
  const lastDay = Math.max(range.current.lastDay, today);
  const cube = buildDailyCube(store, firstDay, lastDay, zone, filters);
  const dictionaries = {} as Record<Dimension, Dictionary>;
  for (const dimension of DIMENSIONS) dictionaries[dimension] = store.dictionary(dimension);

  const series = { firstDay, values: cube.total };
  const forecast = forecastPeriod(series, { today, period, dataFirstDay: cube.dataFirstDay });
  const spikes = detectSpikes(series, {
    firstDay: range.current.firstDay,
    lastDay: Math.min(range.current.lastDay, today),
    dataFirstDay: cube.dataFirstDay,
    k: options.spikeK,
  }).map((spike) => ({ ...spike, drivers: spikeDrivers(cube, spike, dictionaries) }));
  const movers = biggestMovers(cube, range.current, range.previous, dictionaries);
  const budgets = options.budgets ?? [];
  const budgetCube = filters.length === 0 || budgets.length === 0 ? cube : buildDailyCube(store, Math.min(month.firstDay, today - HISTORY_DAYS), today, zone);
  return {
    today,
    forecast,
    spikes,
    movers,
    newModels: newModels(store, range.current),
    budgets: evaluateBudgets(budgetCube, budgets, today, dictionaries, options.budgetThresholds),
  };
}
