import { DIMENSIONS, type Dimension } from '../model';
import { type Filter } from '../query';
import { type Dictionary } from '../dictionary';
import { type UsageStore } from '../store';
import { dayOf, type DaySpan, type ResolvedRange } from '../time';
import { evaluateBudgets, type Budget, type BudgetStatus } from './budgets';
import { monthOf } from './calendar';
import { dataFirstDay, scanDays } from './dailyScan';
import { dayDetail } from './dayDetail';
import { spikeDrivers, type Driver } from './drivers';
import { forecastPeriod, type DaySeries, type ForecastResult } from './forecast';
import { biggestMovers, type Mover } from './movers';
import { newModels, type NewModel } from './newModels';
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
  timeZone: string;
  forecast: ForecastResult;
  spikes: SpikeWithDrivers[];
  movers: Mover[];
  newModels: NewModel[];
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
  const historyFirst = Math.min(today, month.firstDay) - HISTORY_DAYS;
  const dataFirst = dataFirstDay(store, zone);
  // Days before the data are all zero: the scan starts at the data (or where the range needs it).
  const wanted = Math.min(range.previous.firstDay, range.current.firstDay - HISTORY_DAYS, historyFirst, period.firstDay);
  const firstDay = Math.min(range.current.firstDay, Math.max(wanted, dataFirst ?? wanted));
  const lastDay = Math.max(range.current.lastDay, today);
  const scan = scanDays(store, firstDay, lastDay, range.current, range.previous, zone, filters);
  const dictionaries = {} as Record<Dimension, Dictionary>;
  for (const dimension of DIMENSIONS) dictionaries[dimension] = store.dictionary(dimension);

  const series = { firstDay, values: scan.total };
  const forecast = forecastPeriod(series, { today, period, dataFirstDay: scan.dataFirstDay });
  const found = detectSpikes(series, {
    firstDay: range.current.firstDay,
    lastDay: Math.min(range.current.lastDay, today),
    dataFirstDay: scan.dataFirstDay,
    k: options.spikeK,
  });
  const detail = dayDetail(
    store,
    found.flatMap((spike) => [spike.day, ...spike.baseline]),
    zone,
    filters,
  );
  const spikes = found.map((spike) => ({ ...spike, drivers: spikeDrivers(detail, spike, dictionaries) }));

  const budgets = options.budgets ?? [];
  let workspace: DaySeries = series;
  if (budgets.length > 0 && (filters.length > 0 || firstDay > historyFirst)) {
    const from = Math.max(historyFirst, dataFirst ?? historyFirst);
    workspace = { firstDay: from, values: scanDays(store, from, today, EMPTY_SPAN, EMPTY_SPAN, zone).total };
  }
  return {
    today,
    timeZone: zone,
    forecast,
    spikes,
    movers: biggestMovers(scan.current, scan.previous, dictionaries),
    newModels: newModels(store, range.current),
    budgets: evaluateBudgets(store, budgets, {
      today,
      timeZone: zone,
      workspace,
      dataFirstDay: scan.dataFirstDay,
      defaultThresholds: options.budgetThresholds,
    }),
  };
}

/**
 * The budgets' state now, on their own (no range): a scan of this month and the 28 days before.
 * What the status bar and the notifications read.
 */
export function budgetsNow(
  store: UsageStore,
  budgets: readonly Budget[],
  options: { now?: number; timeZone: string; thresholds?: readonly number[] },
): BudgetStatus[] {
  if (budgets.length === 0) return [];
  const zone = options.timeZone;
  const today = dayOf(options.now ?? Date.now(), zone);
  const dataFirst = dataFirstDay(store, zone);
  const historyFirst = Math.min(today, monthOf(today).firstDay) - HISTORY_DAYS;
  const from = Math.min(today, Math.max(historyFirst, dataFirst ?? historyFirst));
  const workspace = { firstDay: from, values: scanDays(store, from, today, EMPTY_SPAN, EMPTY_SPAN, zone).total };
  return evaluateBudgets(store, budgets, { today, timeZone: zone, workspace, dataFirstDay: dataFirst, defaultThresholds: options.thresholds });
}

/** A span with no events: scanDays then only sums days. */
const EMPTY_SPAN: DaySpan = { firstDay: 0, lastDay: -1, from: 0, to: 0 };
