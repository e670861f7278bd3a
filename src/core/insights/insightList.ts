import { DIMENSIONS, NO_TEAM_NAME, type Dimension } from '../model';
import { type Filter, type UsageRow } from '../query';
import { dayOf, formatDay } from '../time';
import { type BudgetScope } from './budgets';
import { type Insights } from './insights';

/** A driver of a spike as an insight names it: the entity, its spend that day and what it usually spends. */
export interface InsightDriver {
  dimension: Dimension;
  name: string;
  spendMicros: number;
  expectedMicros: number;
}

/**
 * What one insight says, as a kind and its values: amounts in integer micro-units, days as
 * `YYYY-MM-DD`, ratios as fractions. Each surface puts it into words in its own language (the
 * dashboard from the host's strings, the CLI in English): the engine makes no sentences.
 */
export type InsightFact =
  | {
      kind: 'budget';
      scope: BudgetScope;
      /** The budgeted entity's display name (`Workspace` for the workspace). */
      name: string;
      spendMicros: number;
      amountMicros: number;
      /** spend / amount. */
      ratio: number;
      /** The month-end forecast of the budgeted spend, when there is one. */
      forecast: { spendMicros: number; periodEnd: string } | null;
    }
  | {
      kind: 'spike';
      day: string;
      spendMicros: number;
      expectedMicros: number;
      /** The leading drivers (at most two), most specific first. */
      drivers: InsightDriver[];
    }
  | {
      kind: 'mover';
      dimension: Dimension;
      name: string;
      direction: 'up' | 'down';
      /** How much spend moved, as a positive amount. */
      changeMicros: number;
      /** The change against the previous period (+0.25 is a quarter more); null when it is new. */
      ratio: number | null;
      /** Spend in this period. */
      spendMicros: number;
    }
  | { kind: 'new-model'; name: string; firstDay: string }
  | { kind: 'unpriced'; name: string; runs: number };

export type InsightKind = InsightFact['kind'];
export const INSIGHT_KINDS: readonly InsightKind[] = ['budget', 'spike', 'mover', 'new-model', 'unpriced'];

/** One line of the insights panel and of `report`: what it says, how it reads, and the view it opens. */
export type InsightItem = InsightFact & {
  /** `up` / `down` for movers, `warning` for budgets at risk and spikes, else `info`. */
  tone: 'up' | 'down' | 'warning' | 'info';
  /** Where a click goes: filters for the view, and a day to narrow it to (a spike). */
  target: { filters: Filter[]; day?: string };
};

/**
 * The insights as a list, most pressing first: budgets at risk, spikes with their leading
 * drivers, the biggest movers, models new in the range and usage without a price.
 */
export function insightList(insights: Insights, tables: Readonly<Record<Dimension, readonly UsageRow[]>>, moversPerDimension = 1): InsightItem[] {
  const items: InsightItem[] = [];
  for (const b of insights.budgets) {
    if (!b.atRisk) continue;
    items.push({
      kind: 'budget',
      scope: b.budget.scope,
      name: b.name,
      spendMicros: b.spendMicros,
      amountMicros: b.amountMicros,
      ratio: b.ratio,
      forecast: b.forecast ? { spendMicros: b.forecast.spendMicros, periodEnd: b.periodEnd } : null,
      tone: 'warning',
      target: { filters: b.budget.scope === 'workspace' ? [] : [{ dimension: b.budget.scope, id: b.budget.id ?? '' }] },
    });
  }
  for (const spike of insights.spikes) {
    const day = formatDay(spike.day);
    items.push({
      kind: 'spike',
      day,
      spendMicros: spike.spendMicros,
      expectedMicros: spike.expectedMicros,
      drivers: spike.drivers.slice(0, 2).map((d) => ({ dimension: d.dimension, name: d.name, spendMicros: d.spendMicros, expectedMicros: d.expectedMicros })),
      tone: 'warning',
      target: { filters: [], day },
    });
  }
  for (const dimension of DIMENSIONS) {
    const movers = insights.movers.filter((m) => m.dimension === dimension);
    for (const direction of ['up', 'down'] as const) {
      // "(no team)" moving says nothing about a team; it is everything when no team is set.
      const moved = movers.filter((x) => x.id !== NO_TEAM_NAME && (direction === 'up' ? x.changeMicros > 0 : x.changeMicros < 0));
      for (const m of moved.slice(0, moversPerDimension)) {
        items.push({
          kind: 'mover',
          dimension,
          name: m.name,
          direction,
          changeMicros: Math.abs(m.changeMicros),
          ratio: m.ratio,
          spendMicros: m.spendMicros,
          tone: direction,
          target: { filters: [{ dimension, id: m.id }] },
        });
      }
    }
  }
  for (const model of insights.newModels) {
    items.push({
      kind: 'new-model',
      name: model.name,
      firstDay: formatDay(dayOf(model.firstSeen, insights.timeZone)),
      tone: 'info',
      target: { filters: [{ dimension: 'model', id: model.id }] },
    });
  }
  for (const row of tables.model) {
    if (row.runs > 0 && row.spendMicros === 0) {
      items.push({ kind: 'unpriced', name: row.name, runs: row.runs, tone: 'info', target: { filters: [{ dimension: 'model', id: row.id }] } });
    }
  }
  return items;
}
