import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { type UsageEvent } from '../../src/core/model';
import { generateDemoEvents, loadDemo } from '../../src/core/sources/demo';
import { StoreBuilder } from '../../src/core/storeBuilder';

const DAY = 86_400_000;
// Thursday 2026-11-26, 15:45 UTC.
const NOW = Date.UTC(2026, 10, 26, 15, 45);
const LAST_DAY = Date.UTC(2026, 10, 26) / DAY;

function digest(events: Iterable<UsageEvent>): string {
  const hash = createHash('sha256');
  for (const e of events) hash.update(JSON.stringify(e));
  return hash.digest('hex');
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

describe('demo source', () => {
  let events: UsageEvent[];
  /** Spend per civil day (UTC), by day number. */
  const daySpend = new Map<number, number>();

  before(() => {
    events = [...generateDemoEvents({ seed: 7, now: NOW })];
    for (const e of events) {
      const day = Math.floor(e.timestamp / DAY);
      daySpend.set(day, (daySpend.get(day) ?? 0) + e.costMicros);
    }
  });

  describe('determinism', () => {
    it('gives identical events for the same seed and now', () => {
      assert.equal(digest(generateDemoEvents({ seed: 7, now: NOW })), digest(events));
      // Earlier the same day: the same history, cut at that instant (no event lies in the future).
      const early = Date.UTC(2026, 10, 26, 0, 0, 1);
      assert.equal(digest(generateDemoEvents({ seed: 7, now: early })), digest(events.filter((e) => e.timestamp <= early)));
      assert.ok(events.every((e) => e.timestamp <= NOW));
      assert.ok(
        events.some((e) => e.timestamp > early),
        'the day so far has events after 00:00:01',
      );
    });

    it('gives different events for a different seed', () => {
      const other = [...generateDemoEvents({ seed: 8, now: NOW })];
      assert.notEqual(digest(other), digest(events));
      // Not just a shuffle of names: the spend differs.
      const total = (list: UsageEvent[]) => list.reduce((s, e) => s + e.costMicros, 0);
      assert.notEqual(total(other), total(events));
    });

    it('has a default seed', () => {
      assert.equal(digest(generateDemoEvents({ now: NOW })), digest(generateDemoEvents({ now: NOW })));
      assert.notEqual(digest(generateDemoEvents({ now: NOW, days: 3 })), digest(generateDemoEvents({ now: NOW, days: 3, seed: 1 })));
    });
  });

  describe('shape', () => {
    it('has tens of thousands of events over 180 days ending the day of now', () => {
      assert.ok(events.length >= 20_000 && events.length < 100_000, `${events.length} events`);
      const days = new Set(events.map((e) => Math.floor(e.timestamp / DAY)));
      assert.equal(days.size, 180);
      assert.equal(Math.max(...days), LAST_DAY);
      assert.equal(Math.min(...days), LAST_DAY - 179);
      assert.equal(Math.min(...days), Date.UTC(2026, 4, 31) / DAY);
    });

    it('yields events in time order', () => {
      for (let i = 1; i < events.length; i++) assert.ok(events[i].timestamp >= events[i - 1].timestamp, `event ${i}`);
    });

    it('has about a dozen workers with believable names', () => {
      const workers = new Map<string, string>();
      for (const e of events) {
        const known = workers.get(e.workerId);
        assert.ok(known === undefined || known === e.workerName, `worker ${e.workerId} has one name`);
        workers.set(e.workerId, e.workerName);
      }
      assert.ok(workers.size >= 10 && workers.size <= 14, `${workers.size} workers`);
      for (const [id, name] of workers) {
        assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
        assert.match(name, /^[A-Z][\w&? ]+$/);
      }
    });

    it('has 24 to 48 users, some with non-ASCII names', () => {
      const users = new Map<string, string>();
      for (const e of events) {
        const known = users.get(e.userId);
        assert.ok(known === undefined || known === e.userName, `user ${e.userId} has one name`);
        users.set(e.userId, e.userName);
      }
      assert.ok(users.size >= 24 && users.size <= 48, `${users.size} users`);
      const names = [...users.values()];
      assert.equal(new Set(names).size, names.length, 'names are distinct');
      const nonAscii = names.filter((n) => /[^\x20-\x7e]/.test(n));
      assert.ok(nonAscii.length >= 3, `non-ASCII names: ${nonAscii.join(', ')}`);
      for (const id of users.keys()) assert.match(id, /^[a-z0-9-]+@example\.com$/);
    });

    it('has 6 to 10 models, each costing a realistic per-token price', () => {
      const models = new Set(events.map((e) => e.model));
      assert.ok(models.size >= 6 && models.size <= 10, `${models.size} models`);
      for (const e of events.slice(0, 5000)) {
        assert.ok(Number.isInteger(e.costMicros) && e.costMicros > 0);
        assert.ok(Number.isInteger(e.runs) && e.runs >= 1 && e.runs <= 5);
        assert.ok(e.inputTokens! > 0 && e.outputTokens! > 0);
        // 1 USD per million tokens is 1 micro per token; real prices are 0.05..20 USD per million tokens.
        const perToken = e.costMicros / (e.inputTokens! + e.outputTokens!);
        assert.ok(perToken >= 0.05 && perToken <= 20, `${e.model}: ${perToken} micros per token`);
      }
    });
  });

  describe('rhythm', () => {
    it('spends more on an average weekday than on an average weekend day', () => {
      const weekday: number[] = [];
      const weekend: number[] = [];
      for (const [day, spend] of daySpend) {
        const dow = new Date(day * DAY).getUTCDay();
        (dow === 0 || dow === 6 ? weekend : weekday).push(spend);
      }
      const avg = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
      assert.ok(weekend.length >= 50 && weekday.length >= 120);
      assert.ok(avg(weekday) > 2 * avg(weekend), `weekday ${avg(weekday)} vs weekend ${avg(weekend)}`);
    });

    it('grows: the last two months spend more than the first two', () => {
      const first = LAST_DAY - 179;
      let early = 0;
      let late = 0;
      for (const [day, spend] of daySpend) {
        if (day < first + 60) early += spend;
        else if (day > LAST_DAY - 60) late += spend;
      }
      assert.ok(late > 1.2 * early, `late ${late} vs early ${early}`);
    });

    it('has one obvious spike: a day above three times the median day', () => {
      const med = median([...daySpend.values()]);
      const spikes = [...daySpend].filter(([, spend]) => spend > 3 * med);
      assert.equal(spikes.length, 1, `spike days: ${spikes.map(([d]) => new Date(d * DAY).toISOString().slice(0, 10)).join(', ')}`);
    });
  });

  describe('loadDemo', () => {
    it('adds every event to a builder and returns the count', () => {
      const builder = new StoreBuilder();
      const n = loadDemo(builder, { seed: 7, now: NOW });
      assert.equal(n, events.length);
      const store = builder.build();
      assert.equal(store.length, events.length);
      assert.equal(store.duplicates, 0);
      assert.ok(store.byteSize() / store.length <= 40);
      const spend = events.reduce((s, e) => s + e.costMicros, 0);
      assert.equal(
        store.costMicros.reduce((s, c) => s + c, 0),
        spend,
      );
    });

    it('takes smaller and larger shapes for benchmarks', () => {
      const small = [...generateDemoEvents({ seed: 1, now: NOW, days: 10, eventsPerDay: 20, workers: 30, users: 100, models: 12 })];
      const days = new Set(small.map((e) => Math.floor(e.timestamp / DAY)));
      assert.equal(days.size, 10);
      assert.equal(Math.max(...days), LAST_DAY);
      assert.ok(new Set(small.map((e) => e.model)).size <= 12);
      const userIds = new Set(small.map((e) => e.userId));
      const userNames = new Set(small.map((e) => e.userName));
      assert.equal(userIds.size, userNames.size, 'generated users keep distinct ids');
    });
  });
});
