import { jsonRange } from '../core/export';
import { type Insights } from '../core/insights/insights';
import { microsToUnits } from '../core/money';
import { type UsageView } from '../core/query';
import { formatDay } from '../core/time';
import { noForecastText } from './insightText';

/**
 * `report --format json`: the range, totals, forecast, spikes with drivers, budgets and movers,
 * money in currency units. The shape is a contract other tools read; add fields, never rename.
 */
export function reportJson(view: UsageView, found: Insights | undefined, currency: string): string {
  const units = microsToUnits;
  // A database source has no insights: empty lists, and a note that says why.
  const insights: Omit<Insights, 'forecast'> = found ?? { today: 0, timeZone: view.range.timeZone, spikes: [], movers: [], newModels: [], budgets: [] };
  const f = found?.forecast.forecast;
  const reason = found?.forecast.reason;
  const note = found ? (reason ? noForecastText(reason) : null) : 'Insights are computed for usage files and demo data, not for a database source.';
  const out = {
    range: {
      ...jsonRange(view.range),
      label: view.range.label,
      firstDay: formatDay(view.range.current.firstDay),
      lastDay: formatDay(view.range.current.lastDay),
    },
    currency,
    total: units(view.totals.spendMicros),
    previousTotal: units(view.previousTotals.spendMicros),
    forecast: f
      ? {
          periodStart: formatDay(f.periodFirstDay),
          periodEnd: formatDay(f.periodLastDay),
          spend: units(f.spendMicros),
          low: units(f.lowMicros),
          high: units(f.highMicros),
          actual: units(f.actualMicros),
        }
      : null,
    forecastNote: note,
    spikes: insights.spikes.map((s) => ({
      date: formatDay(s.day),
      spend: units(s.spendMicros),
      expected: units(s.expectedMicros),
      drivers: s.drivers.map((d) => ({ dimension: d.dimension, id: d.id, name: d.name, spend: units(d.spendMicros), expected: units(d.expectedMicros) })),
    })),
    budgets: insights.budgets.map((b) => ({
      scope: b.budget.scope,
      id: b.budget.id ?? null,
      name: b.name,
      period: b.period,
      amount: units(b.amountMicros),
      spend: units(b.spendMicros),
      ratio: b.ratio,
      thresholds: b.thresholds,
      reached: b.reached,
      forecast: b.forecast
        ? { periodEnd: b.periodEnd, spend: units(b.forecast.spendMicros), low: units(b.forecast.lowMicros), high: units(b.forecast.highMicros) }
        : null,
      atRisk: b.atRisk,
    })),
    movers: insights.movers.map((m) => ({
      dimension: m.dimension,
      id: m.id,
      name: m.name,
      spend: units(m.spendMicros),
      previousSpend: units(m.previousSpendMicros),
      change: units(m.changeMicros),
      ratio: m.ratio,
    })),
    newModels: insights.newModels.map((m) => ({ id: m.id, name: m.name, firstSeen: new Date(m.firstSeen).toISOString() })),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
