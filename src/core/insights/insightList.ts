import { DIMENSION_LABELS, DIMENSIONS, NO_TEAM_NAME, type Dimension } from '../model';
import { formatMoney } from '../money';
import { type Filter, type UsageRow } from '../query';
import { dayOf, formatDay } from '../time';
import { type Insights } from './insights';

export type InsightKind = 'forecast' | 'budget' | 'spike' | 'mover' | 'new-model' | 'unpriced';

/** One line of the insights panel and of `report`: what it says, and the view it opens. */
export interface InsightItem {
  kind: InsightKind;
  /** `up` / `down` for movers, `warning` for budgets at risk and spikes, else `info`. */
  tone: 'up' | 'down' | 'warning' | 'info';
  text: string;
  /** Where a click goes: filters for the view, and a day to narrow it to (a spike). */
  target: { filters: Filter[]; day?: string };
}

const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0 });
const label = (dimension: Dimension) => DIMENSION_LABELS[dimension].toLowerCase();

/**
 * The insights as a list, most pressing first: budgets at risk, spikes with their leading
 * drivers, the biggest movers, models new in the range and usage without a price.
 */
export function insightList(
  insights: Insights,
  tables: Readonly<Record<Dimension, readonly UsageRow[]>>,
  currency: string,
  moversPerDimension = 1,
): InsightItem[] {
  const money = (micros: number) => formatMoney(micros, currency);
  const items: InsightItem[] = [];
  for (const b of insights.budgets) {
    if (!b.atRisk) continue;
    const forecast = b.forecast ? `, forecast ${money(b.forecast.spendMicros)} by ${b.periodEnd}` : '';
    items.push({
      kind: 'budget',
      tone: 'warning',
      text: `${b.label}: ${money(b.spendMicros)} of ${money(b.amountMicros)} (${percent.format(b.ratio)})${forecast}`,
      target: { filters: b.budget.scope === 'workspace' ? [] : [{ dimension: b.budget.scope, id: b.budget.id ?? '' }] },
    });
  }
  for (const spike of insights.spikes) {
    const lead = spike.drivers.slice(0, 2).map((d) => `${label(d.dimension)} ${d.name} ${money(d.spendMicros)} (usually ${money(d.expectedMicros)})`);
    items.push({
      kind: 'spike',
      tone: 'warning',
      text: `Spike on ${formatDay(spike.day)}: ${money(spike.spendMicros)}, usually ${money(spike.expectedMicros)}${lead.length ? `; ${lead.join(', ')}` : ''}`,
      target: { filters: [], day: formatDay(spike.day) },
    });
  }
  for (const dimension of DIMENSIONS) {
    const movers = insights.movers.filter((m) => m.dimension === dimension);
    for (const direction of ['up', 'down'] as const) {
      // "(no team)" moving says nothing about a team; it is everything when no team is set.
      const moved = movers.filter((x) => x.id !== NO_TEAM_NAME && (direction === 'up' ? x.changeMicros > 0 : x.changeMicros < 0));
      for (const m of moved.slice(0, moversPerDimension)) {
        const change = m.ratio === null ? 'new' : `${m.ratio > 0 ? '+' : ''}${percent.format(m.ratio)}`;
        items.push({
          kind: 'mover',
          tone: direction,
          text: `${DIMENSION_LABELS[dimension]} ${m.name} ${direction} ${money(Math.abs(m.changeMicros))} (${change}) to ${money(m.spendMicros)}`,
          target: { filters: [{ dimension, id: m.id }] },
        });
      }
    }
  }
  for (const model of insights.newModels) {
    items.push({
      kind: 'new-model',
      tone: 'info',
      text: `New model ${model.name}, first used ${formatDay(dayOf(model.firstSeen, insights.timeZone))}`,
      target: { filters: [{ dimension: 'model', id: model.id }] },
    });
  }
  for (const row of tables.model) {
    if (row.runs > 0 && row.spendMicros === 0) {
      items.push({
        kind: 'unpriced',
        tone: 'info',
        text: `Unpriced usage: ${row.name} has ${row.runs.toLocaleString('en-US')} runs and no cost`,
        target: { filters: [{ dimension: 'model', id: row.id }] },
      });
    }
  }
  return items;
}
