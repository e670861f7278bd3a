import assert from 'node:assert/strict';
import { exportUsage } from '../../../src/core/exportUsage';
import { MAX_DENSE_DAYS, queryUsage, resolveStoreRange } from '../../../src/core/query';
import { type UsageStore } from '../../../src/core/store';
import { StoreBuilder } from '../../../src/core/storeBuilder';
import { dayNumber, formatDay, resolveRange } from '../../../src/core/time';

const DAY_MS = 86_400_000;

function at(year: number, month: number, day: number): number {
  return dayNumber(year, month, day) * DAY_MS + 12 * 3_600_000;
}

function storeOf(...instants: number[]): UsageStore {
  const builder = new StoreBuilder();
  for (const [i, timestamp] of instants.entries()) {
    builder.add({ timestamp, workerId: 'w', workerName: 'w', userId: 'u', userName: 'u', model: 'm', runs: 1, costMicros: 1_000_000 * (i + 1) });
  }
  return builder.build();
}

describe('hostile: extreme date spans', function () {
  // Before the fix: 4.3 s and 605 MB in UTC, over 120 s in Europe/Berlin.
  this.timeout(5000);
  const store = storeOf(at(1, 1, 1), at(9999, 12, 31));

  for (const timeZone of ['UTC', 'Europe/Berlin', 'America/Santiago', 'Asia/Kathmandu']) {
    it(`counts events of years 0001 and 9999 under "all" in ${timeZone} with bounded work and memory`, () => {
      const before = process.memoryUsage();
      const range = resolveStoreRange(store, 'all', { timeZone });
      const view = queryUsage(store, range);
      const after = process.memoryUsage();
      assert.equal(view.totals.spendMicros, 3_000_000);
      assert.equal(view.totals.runs, 2);
      assert.deepEqual(
        view.daily.map((d) => d.date),
        ['0001-01-01', '9999-12-31'],
      );
      const grown = after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers;
      assert.ok(grown < 32 * 1024 * 1024, `grew ${grown} bytes`);
      const csv = exportUsage(store, { by: 'day', format: 'csv', range, filters: [], currency: 'USD' });
      assert.ok(csv.length < 200, `daily export of ${csv.length} chars`);
      const json = exportUsage(store, { by: 'day', format: 'json', range, filters: [], currency: 'USD' });
      assert.ok(json.length < 2000, `daily export of ${json.length} chars`);
    });
  }

  it('zero-fills the daily series up to MAX_DENSE_DAYS days, and lists only days with events beyond', () => {
    const near = storeOf(at(2000, 1, 1), at(2000, 1, 4));
    assert.equal(queryUsage(near, resolveStoreRange(near, 'all')).daily.length, 4);
    const first = Date.UTC(2000, 0, 1, 12);
    const wide = storeOf(first, first + MAX_DENSE_DAYS * DAY_MS);
    const daily = queryUsage(wide, resolveStoreRange(wide, 'all', { timeZone: 'Europe/Berlin' })).daily;
    assert.equal(daily.length, 2);
  });

  it('keeps years 0001-0099 in non-UTC zones (Date.UTC would read them as 19xx)', () => {
    const early = storeOf(at(50, 6, 1), at(2026, 1, 5));
    const range = resolveStoreRange(early, 'all', { timeZone: 'Europe/Berlin' });
    assert.equal(formatDay(range.current.firstDay), '0050-06-01');
    assert.equal(queryUsage(early, range).totals.runs, 2);
    const custom = resolveRange('0050-01-01..0050-12-31', { timeZone: 'Europe/Berlin' });
    assert.equal(new Date(custom.current.from).getUTCFullYear(), 49); // 0050-01-01 00:00 local (LMT +0:53) is 0049-12-31 UTC
    assert.equal(queryUsage(early, custom).totals.runs, 1);
  });
});
