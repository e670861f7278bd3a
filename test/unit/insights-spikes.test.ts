import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isWeekend } from '../../src/core/insights/calendar';
import { computeInsights } from '../../src/core/insights/insights';
import { detectSpikes } from '../../src/core/insights/spikes';
import { resolveStoreRange } from '../../src/core/query';
import { formatDay } from '../../src/core/time';
import { day, noise, storeOfDays, type Part } from '../support/dailyUsage';

const FIRST = day('2026-06-01');
const LAST = day('2026-11-26');
const NOW = Date.parse('2026-11-26T18:00:00Z');

/** Four workers with their own users, two models used by all; weekday rhythm and ±10% noise. */
function ordinaryDay(d: number): Part[] {
  const level = isWeekend(d) ? 0.3 : 1;
  const parts: Part[] = [];
  const workers = [
    { worker: 'support-bot', users: ['ana', 'ben'], micros: 40_000_000 },
    { worker: 'code-review', users: ['cai', 'dee', 'eli'], micros: 30_000_000 },
    { worker: 'summarizer', users: ['fay'], micros: 20_000_000 },
    { worker: 'translator', users: ['gus', 'ana'], micros: 10_000_000 },
  ];
  workers.forEach((w, wi) =>
    w.users.forEach((user, ui) => {
      for (const [mi, model] of ['gpt-4o', 'claude-sonnet'].entries()) {
        const share = 1 / w.users.length / 2;
        parts.push({ worker: w.worker, user, model, micros: w.micros * share * level * (1 + 0.1 * noise(d * 100 + wi * 10 + ui * 2 + mi)) });
      }
    }),
  );
  return parts;
}

describe('spikes and their drivers', () => {
  const spikeDay = day('2026-11-10');
  // On the spike day, code-review spends four times its usual, across its usual users and models.
  const store = storeOfDays(FIRST, LAST, (d) => ordinaryDay(d).map((p) => (d === spikeDay && p.worker === 'code-review' ? { ...p, micros: p.micros * 4 } : p)));
  const range = resolveStoreRange(store, '90d', { now: NOW });
  const insights = computeInsights(store, range, { now: NOW });

  it('finds the injected spike and flags no ordinary day', () => {
    assert.deepEqual(
      insights.spikes.map((s) => formatDay(s.day)),
      ['2026-11-10'],
    );
    const spike = insights.spikes[0];
    assert.ok(spike.spendMicros > spike.expectedMicros * 1.5);
    assert.ok(spike.expectedMicros > 90_000_000 && spike.expectedMicros < 110_000_000, String(spike.expectedMicros));
  });

  it('names the worker as the first driver, its own baseline as expected', () => {
    const [first] = insights.spikes[0].drivers;
    assert.equal(first.dimension, 'worker');
    assert.equal(first.id, 'code-review');
    assert.ok(Math.abs(first.expectedMicros - 30_000_000) < 3_000_000, String(first.expectedMicros));
    assert.ok(Math.abs(first.spendMicros - 120_000_000) < 12_000_000, String(first.spendMicros));
  });

  it("lists the worker's users among the drivers, by their rise, and puts models that are half the spend anyway after them", () => {
    const drivers = insights.spikes[0].drivers;
    const users = drivers.filter((d) => d.dimension === 'user').map((d) => d.id);
    assert.deepEqual([...users].sort(), ['cai', 'dee', 'eli']);
    const models = drivers.filter((d) => d.dimension === 'model');
    assert.equal(models.length, 2);
    const lastUser = Math.max(...drivers.map((d, i) => (d.dimension === 'user' ? i : -1)));
    for (const m of models) assert.ok(drivers.indexOf(m) > lastUser, 'models lead after the users');
    for (let i = 1; i < drivers.length; i++) assert.ok(drivers[i - 1].score >= drivers[i].score);
  });

  it('leads with the specific cause even when one model is all the spend', () => {
    const oneModel = storeOfDays(FIRST, LAST, (d) =>
      ordinaryDay(d).map((p) => ({ ...p, model: 'only-model', micros: d === spikeDay && p.worker === 'summarizer' ? p.micros * 5 : p.micros })),
    );
    const found = computeInsights(oneModel, resolveStoreRange(oneModel, '90d', { now: NOW }), { now: NOW });
    assert.deepEqual(
      found.spikes.map((s) => formatDay(s.day)),
      ['2026-11-10'],
    );
    const drivers = found.spikes[0].drivers;
    assert.equal(drivers[0].id, 'summarizer');
    const model = drivers.find((d) => d.dimension === 'model');
    assert.ok(model, 'the only model is still shown');
    // It (and the one team, "(no team)") is all the spend anyway: shown after every worker and user.
    const specific = drivers.filter((d) => d.dimension === 'worker' || d.dimension === 'user');
    assert.ok(drivers.indexOf(model) > drivers.indexOf(specific.at(-1)!));
    assert.ok(model.baselineShare > 0.99 && model.score < drivers[0].score / 100);
  });

  it('raises no spike on random weekday/weekend series with ±10% noise (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e7, noNaN: true }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.array(fc.double({ min: -0.1, max: 0.1, noNaN: true }), { minLength: 120, maxLength: 120 }),
        fc.integer({ min: 0, max: 6 }),
        (weekdayLevel, weekendRatio, noises, shift) => {
          const firstDay = FIRST + shift;
          const values = noises.map((n, i) => (isWeekend(firstDay + i) ? weekdayLevel * weekendRatio : weekdayLevel) * (1 + n));
          const spikes = detectSpikes({ firstDay, values }, { firstDay, lastDay: firstDay + values.length - 1 });
          assert.deepEqual(
            spikes.map((s) => formatDay(s.day)),
            [],
          );
        },
      ),
    );
  });

  it('finds a doubled day in random series (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e7, noNaN: true }),
        // Weekends at least half a weekday: a doubled day that is a tenth of a weekday's spend is too small to call.
        fc.double({ min: 0.5, max: 3, noNaN: true }),
        fc.array(fc.double({ min: -0.1, max: 0.1, noNaN: true }), { minLength: 60, maxLength: 60 }),
        fc.integer({ min: 30, max: 59 }),
        (weekdayLevel, weekendRatio, noises, at) => {
          const values = noises.map((n, i) => (isWeekend(FIRST + i) ? weekdayLevel * weekendRatio : weekdayLevel) * (1 + n) * (i === at ? 2 : 1));
          const spikes = detectSpikes({ firstDay: FIRST, values }, { firstDay: FIRST, lastDay: FIRST + 59 });
          assert.deepEqual(
            spikes.map((s) => s.day - FIRST),
            [at],
          );
        },
      ),
    );
  });

  it('makes k configurable: a high k hides the spike', () => {
    const calm = computeInsights(store, range, { now: NOW, spikeK: 100 });
    assert.deepEqual(calm.spikes, []);
  });
});
