import assert from 'node:assert/strict';
import { budgetBadge, budgetForecast, budgetLabel, noForecastText as hostNoForecast } from '../../src/budgets/budgetText';
import { forecastLine, insightText, noForecastText } from '../../src/cli/insightText';
import { isWeekend } from '../../src/core/insights/calendar';
import { computeInsights } from '../../src/core/insights/insights';
import { insightList, type InsightItem } from '../../src/core/insights/insightList';
import { queryUsage, resolveStoreRange } from '../../src/core/query';
import { formatDay } from '../../src/core/time';
import { configureDisplay } from '../../src/l10n/display';
import { day, storeOfDays, type Part } from '../support/dailyUsage';

const NOW = Date.parse('2026-11-26T18:00:00Z');
const SPIKE = day('2026-11-10');

/** Two workers every day; code-review four times its usual on the spike day and new in November for summarizer. */
function parts(d: number): Part[] {
  const level = isWeekend(d) ? 0.3 : 1;
  const list: Part[] = [
    { worker: 'support-bot', user: 'ana', model: 'gpt-4o', micros: 40_000_000 * level },
    { worker: 'code-review', user: 'ben', model: 'gpt-4o', micros: (d === SPIKE ? 120_000_000 : 30_000_000) * level },
  ];
  if (d >= day('2026-11-01')) list.push({ worker: 'summarizer', user: 'cai', model: 'claude-sonnet', micros: 20_000_000 * level });
  return list;
}

describe('the insights list: facts, not sentences', () => {
  const store = storeOfDays(day('2026-06-01'), day('2026-11-26'), parts);
  const range = resolveStoreRange(store, '30d', { now: NOW });
  const budgets = [{ scope: 'worker' as const, id: 'summarizer', amount: 100, period: 'month' as const }];
  const insights = computeInsights(store, range, { now: NOW, budgets });
  const items = insightList(insights, queryUsage(store, range).tables);
  const of = <K extends InsightItem['kind']>(kind: K) => items.filter((i): i is Extract<InsightItem, { kind: K }> => i.kind === kind);

  it('puts the budget at risk first, with its scope, name, amounts and forecast', () => {
    assert.equal(items[0].kind, 'budget');
    const [budget] = of('budget');
    const status = insights.budgets[0];
    assert.deepEqual(
      { scope: budget.scope, name: budget.name, spend: budget.spendMicros, amount: budget.amountMicros, ratio: budget.ratio },
      { scope: 'worker', name: 'summarizer', spend: status.spendMicros, amount: 100_000_000, ratio: status.spendMicros / 100_000_000 },
    );
    assert.deepEqual(budget.forecast, { spendMicros: status.forecast!.spendMicros, periodEnd: '2026-11-30' });
    assert.deepEqual(budget.target, { filters: [{ dimension: 'worker', id: 'summarizer' }] });
  });

  it('gives each spike its day, spend, usual spend and leading drivers', () => {
    assert.deepEqual(
      of('spike').map((s) => [s.day, s.spendMicros, s.expectedMicros, s.drivers.map((d) => d.name)]),
      insights.spikes.map((s) => [formatDay(s.day), s.spendMicros, s.expectedMicros, s.drivers.slice(0, 2).map((d) => d.name)]),
    );
    const spike = of('spike').find((s) => s.day === '2026-11-10');
    assert.ok(spike, 'the injected spike');
    assert.ok(spike.drivers.length > 0 && spike.drivers.length <= 2);
    assert.deepEqual({ dimension: spike.drivers[0].dimension, name: spike.drivers[0].name }, { dimension: 'worker', name: 'code-review' });
    assert.deepEqual(spike.target, { filters: [], day: '2026-11-10' });
  });

  it('gives movers a direction and a positive amount, and a new entity no ratio', () => {
    const up = of('mover').find((m) => m.dimension === 'worker' && m.direction === 'up');
    assert.ok(up);
    assert.equal(up.name, 'summarizer');
    assert.equal(up.ratio, null, 'no spend in the previous period');
    assert.ok(up.changeMicros > 0);
    for (const m of of('mover')) assert.ok(m.changeMicros > 0 && m.tone === m.direction);
  });

  it('names the new model and the day it was first used', () => {
    assert.deepEqual(
      of('new-model').map((m) => [m.name, m.firstDay]),
      [['claude-sonnet', '2026-11-01']],
    );
  });

  it('has no English in it: every string is a name, an id or a day', () => {
    const strings: string[] = [];
    JSON.stringify(items, (_key, value: unknown) => (typeof value === 'string' && strings.push(value), value));
    const allowed =
      /^(budget|spike|mover|new-model|unpriced|worker|user|model|team|up|down|warning|info|support-bot|code-review|summarizer|gpt-4o|claude-sonnet|ana|ben|cai|\d{4}-\d\d-\d\d)$/;
    assert.deepEqual(
      strings.filter((s) => !allowed.test(s)),
      [],
    );
  });

  it('reads in English in the CLI', () => {
    const spike = of('spike').find((s) => s.day === '2026-11-10')!;
    assert.match(insightText(spike, 'USD'), /^Spike on 2026-11-10: \$[\d,.]+, usually \$[\d,.]+; worker code-review \$120\.00 \(usually \$[\d,.]+\)/);
    assert.match(insightText(of('budget')[0], 'USD'), /^Worker summarizer: \$[\d,.]+ of \$100\.00 \(\d+%\), forecast \$[\d,.]+ by Nov 30$/);
    assert.equal(insightText(of('new-model')[0], 'USD'), 'New model claude-sonnet, first used 2026-11-01');
    assert.equal(
      insightText({ kind: 'unpriced', name: 'o3', runs: 1, tone: 'info', target: { filters: [] } }, 'USD'),
      'Unpriced usage: o3 has 1 run and no cost',
    );
    assert.match(forecastLine(insights.forecast, 'USD'), /^Forecast: \$[\d,.]+ by Nov 30, range \$[\d,.]+–\$[\d,.]+$/);
    assert.equal(noForecastText({ kind: 'short-history', days: 1, minimum: 7 }), 'Only 1 complete day of history; a forecast needs at least 7.');
  });
});

describe('budget text in the extension (through the l10n bundle)', () => {
  const store = storeOfDays(day('2026-09-01'), day('2026-11-26'), parts);
  const range = resolveStoreRange(store, '30d', { now: NOW });
  const status = computeInsights(store, range, { now: NOW, budgets: [{ scope: 'worker', id: 'summarizer', amount: 100, period: 'month' }] }).budgets[0];
  afterEach(() => configureDisplay('en', undefined));

  it('names budgets, says why there is no forecast, and shows the share, in English by default', () => {
    assert.equal(budgetLabel('workspace', 'Workspace'), 'Workspace budget');
    assert.equal(budgetLabel('worker', 'summarizer'), 'Worker summarizer');
    assert.equal(hostNoForecast({ kind: 'period-ended' }), 'The period has ended: its spend is final.');
    assert.equal(budgetBadge(status), `${Math.round(status.ratio * 100)}% of budget`);
    assert.match(budgetForecast(status, 'USD'), /^forecast \$[\d,.]+ by Nov 30 \(\$[\d,.]+–\$[\d,.]+\)$/);
  });

  it('takes its words from the bundle and its numbers and days from the display language', () => {
    configureDisplay('de', {
      'Worker {0}': 'Arbeiter {0}',
      '{0} of budget': '{0} des Budgets',
      'forecast {0} by {1} ({2}–{3})': 'Prognose {0} bis {1} ({2}–{3})',
      'Only {0} complete days of history; a forecast needs at least {1}.': 'Nur {0} Tage; mindestens {1} nötig.',
    });
    assert.equal(budgetLabel('worker', 'summarizer'), 'Arbeiter summarizer');
    assert.equal(budgetBadge(status), `${new Intl.NumberFormat('de', { style: 'percent', maximumFractionDigits: 0 }).format(status.ratio)} des Budgets`);
    assert.match(budgetForecast(status, 'USD'), /^Prognose [\d.,]+\s\$ bis 30\. Nov\. \([\d.,]+\s\$–[\d.,]+\s\$\)$/);
    assert.equal(hostNoForecast({ kind: 'short-history', days: 3, minimum: 7 }), 'Nur 3 Tage; mindestens 7 nötig.');
    assert.equal(formatDay(day('2026-11-30')), '2026-11-30');
  });
});
