import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  RANGE_PRESETS,
  TimeRangeError,
  civil,
  dayBoundaries,
  dayNumber,
  dayOf,
  daySpan,
  describeRange,
  formatDay,
  normalizeTimeZone,
  parseCustomRange,
  parseDay,
  resolveRange,
  singleDayRange,
  spanDays,
  startOfDay,
  validateRangeSpec,
  type ResolvedRange,
} from '../../src/core/time';
import { ZONES, localDate } from '../support/arbitraries';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Civil day number of y-m-d, by hand (not via the module). */
const dn = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / DAY;

const iso = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

interface Expect {
  from: number;
  to: number;
  prevFrom: number;
  prevTo: number;
}

function assertRange(range: ResolvedRange, e: Expect): void {
  const show = (t: number) => new Date(t).toISOString();
  assert.equal(show(range.current.from), show(e.from), 'current.from');
  assert.equal(show(range.current.to), show(e.to), 'current.to');
  assert.equal(show(range.previous.from), show(e.prevFrom), 'previous.from');
  assert.equal(show(range.previous.to), show(e.prevTo), 'previous.to');
}

describe('time', () => {
  describe('civil days', () => {
    it('numbers, formats and parses days', () => {
      assert.equal(dayNumber(1970, 1, 1), 0);
      assert.equal(dayNumber(2026, 3, 15), Date.UTC(2026, 2, 15) / DAY);
      assert.deepEqual(civil(dn(2028, 2, 29)), { year: 2028, month: 2, day: 29 });
      assert.equal(formatDay(dn(2026, 1, 5)), '2026-01-05');
      assert.equal(parseDay('2026-01-05'), dn(2026, 1, 5));
      assert.equal(parseDay('2028-02-29'), dn(2028, 2, 29));
      for (const bad of [
        '2026-02-29',
        '2026-02-30',
        '2026-04-31',
        '2026-13-01',
        '2026-00-10',
        '2026-01-00',
        '2026-1-5',
        '26-01-05',
        '2026/01/05',
        '',
        'today',
      ]) {
        assert.equal(parseDay(bad), undefined, bad);
      }
    });
  });

  describe('normalizeTimeZone', () => {
    it('maps UTC spellings to UTC', () => {
      for (const z of [undefined, '', ' ', 'UTC', 'utc', 'Z']) assert.equal(normalizeTimeZone(z), 'UTC', String(z));
    });

    it('canonicalizes IANA names', () => {
      assert.equal(normalizeTimeZone('Europe/Berlin'), 'Europe/Berlin');
      assert.equal(normalizeTimeZone('europe/berlin'), 'Europe/Berlin');
      assert.equal(normalizeTimeZone(' America/New_York '), 'America/New_York');
    });

    it('resolves local to this machine’s zone', () => {
      const saved = process.env.TZ;
      try {
        process.env.TZ = 'Asia/Tokyo';
        assert.equal(normalizeTimeZone('local'), 'Asia/Tokyo');
        assert.equal(normalizeTimeZone('LOCAL'), 'Asia/Tokyo');
        process.env.TZ = 'America/Santiago';
        assert.equal(normalizeTimeZone('local'), 'America/Santiago');
      } finally {
        if (saved === undefined) delete process.env.TZ;
        else process.env.TZ = saved;
      }
    });

    it('rejects unknown zones with a TimeRangeError naming the zone', () => {
      for (const z of ['Mars/Olympus_Mons', 'Berlin', 'not a zone']) {
        assert.throws(
          () => normalizeTimeZone(z),
          (error: unknown) =>
            error instanceof TimeRangeError && error.name === 'TimeRangeError' && error.message.includes(`"${z}"`) && /IANA/.test(error.message),
        );
      }
      assert.throws(() => resolveRange('7d', { timeZone: 'Nowhere/Land' }), TimeRangeError);
    });
  });

  describe('presets in UTC for a fixed now (Sunday 2026-03-15 10:30Z)', () => {
    const now = Date.UTC(2026, 2, 15, 10, 30);
    const U = Date.UTC;
    const cases: Record<string, Expect> = {
      today: { from: U(2026, 2, 15), to: U(2026, 2, 16), prevFrom: U(2026, 2, 14), prevTo: U(2026, 2, 15) },
      '7d': { from: U(2026, 2, 9), to: U(2026, 2, 16), prevFrom: U(2026, 2, 2), prevTo: U(2026, 2, 9) },
      '30d': { from: U(2026, 1, 14), to: U(2026, 2, 16), prevFrom: U(2026, 0, 15), prevTo: U(2026, 1, 14) },
      '90d': { from: U(2025, 11, 16), to: U(2026, 2, 16), prevFrom: U(2025, 8, 17), prevTo: U(2025, 11, 16) },
      mtd: { from: U(2026, 2, 1), to: U(2026, 2, 16), prevFrom: U(2026, 1, 1), prevTo: U(2026, 1, 16) },
      'last-month': { from: U(2026, 1, 1), to: U(2026, 2, 1), prevFrom: U(2026, 0, 1), prevTo: U(2026, 1, 1) },
      ytd: { from: U(2026, 0, 1), to: U(2026, 2, 16), prevFrom: U(2025, 0, 1), prevTo: U(2025, 2, 16) },
      '12m': { from: U(2025, 2, 16), to: U(2026, 2, 16), prevFrom: U(2024, 2, 16), prevTo: U(2025, 2, 16) },
    };
    for (const [spec, expected] of Object.entries(cases)) {
      it(`resolves ${spec}`, () => {
        const range = resolveRange(spec, { now });
        assertRange(range, expected);
        assert.equal(range.spec, spec);
        assert.equal(range.timeZone, 'UTC');
        assert.equal(range.label, RANGE_PRESETS.find((p) => p.id === spec)!.label);
        assert.equal(range.current.firstDay, range.current.from / DAY);
        assert.equal(range.current.lastDay, range.current.to / DAY - 1);
      });
    }

    it('has every preset covered above, plus all', () => {
      assert.deepEqual(RANGE_PRESETS.map((p) => p.id).sort(), [...Object.keys(cases), 'all'].sort());
    });

    it('resolves all to the data extent, compared with the equal window before', () => {
      const range = resolveRange('all', { now, extent: { first: U(2026, 0, 10, 5), last: U(2026, 1, 3, 23, 59) } });
      assertRange(range, { from: U(2026, 0, 10), to: U(2026, 1, 4), prevFrom: U(2025, 11, 16), prevTo: U(2026, 0, 10) });
      assert.equal(range.label, 'All time');
    });

    it('resolves all without data to today', () => {
      assertRange(resolveRange('all', { now }), cases.today);
    });

    it('trims the spec', () => {
      assertRange(resolveRange('  7d ', { now }), cases['7d']);
    });

    it('defaults now to the clock', () => {
      const range = resolveRange('today');
      assert.ok(range.current.from <= Date.now() && Date.now() < range.current.to);
    });
  });

  describe('presets in a zone', () => {
    it('takes today in the zone, not in UTC', () => {
      // 2026-03-15T02:00Z is still Saturday 2026-03-14 22:00 in New York (EDT, UTC-4).
      const range = resolveRange('today', { now: Date.UTC(2026, 2, 15, 2), timeZone: 'America/New_York' });
      assertRange(range, {
        from: Date.UTC(2026, 2, 14, 4),
        to: Date.UTC(2026, 2, 15, 4),
        prevFrom: Date.UTC(2026, 2, 13, 4),
        prevTo: Date.UTC(2026, 2, 14, 4),
      });
      // And in Tokyo it is already Sunday 11:00.
      const tokyo = resolveRange('today', { now: Date.UTC(2026, 2, 15, 2), timeZone: 'Asia/Tokyo' });
      assert.equal(tokyo.current.from, Date.UTC(2026, 2, 14, 15));
      assert.equal(tokyo.current.to, Date.UTC(2026, 2, 15, 15));
    });

    it('spans a DST change with a 1-hour shorter week', () => {
      // 2026-03-08..2026-03-14 in New York: starts in EST (UTC-5), ends in EDT (UTC-4).
      const range = resolveRange('7d', { now: Date.UTC(2026, 2, 15, 2), timeZone: 'America/New_York' });
      assert.equal(range.current.from, Date.UTC(2026, 2, 8, 5));
      assert.equal(range.current.to, Date.UTC(2026, 2, 15, 4));
      assert.equal(range.current.to - range.current.from, 7 * DAY - HOUR);
      assert.equal(range.previous.from, Date.UTC(2026, 2, 1, 5));
      assert.equal(range.previous.to, range.current.from);
    });

    it('resolves a custom range in Berlin across the end of summer time', () => {
      const range = resolveRange('2026-10-01..2026-10-31', { timeZone: 'Europe/Berlin' });
      assert.equal(range.current.from, Date.UTC(2026, 8, 30, 22)); // CEST, UTC+2
      assert.equal(range.current.to, Date.UTC(2026, 9, 31, 23)); // CET, UTC+1
      assert.equal(range.previous.from, Date.UTC(2026, 7, 30, 22)); // 2026-08-31, 31 days before
      assert.equal(range.previous.to, range.current.from);
      assert.equal(range.timeZone, 'Europe/Berlin');
      assert.equal(describeRange(range), '2026-10-01 – 2026-10-31 · Europe/Berlin');
    });
  });

  describe('custom ranges', () => {
    it('includes both days', () => {
      const range = resolveRange('2026-10-01..2026-10-31');
      assertRange(range, { from: Date.UTC(2026, 9, 1), to: Date.UTC(2026, 10, 1), prevFrom: Date.UTC(2026, 7, 31), prevTo: Date.UTC(2026, 9, 1) });
      assert.equal(range.spec, '2026-10-01..2026-10-31');
      assert.equal(range.label, '2026-10-01 – 2026-10-31');
      assert.equal(spanDays(range.current), 31);
      assert.equal(spanDays(range.previous), 31);
    });

    it('takes a single day, with spaces around the dots', () => {
      const range = resolveRange(' 2028-02-29 .. 2028-02-29 ');
      assertRange(range, { from: Date.UTC(2028, 1, 29), to: Date.UTC(2028, 2, 1), prevFrom: Date.UTC(2028, 1, 28), prevTo: Date.UTC(2028, 1, 29) });
      assert.equal(range.spec, '2028-02-29..2028-02-29');
      const single = singleDayRange('2026-03-08', 'America/New_York');
      assert.equal(single.current.from, Date.UTC(2026, 2, 8, 5));
      assert.equal(single.current.to, Date.UTC(2026, 2, 9, 4));
    });

    it('parses to day numbers', () => {
      assert.deepEqual(parseCustomRange('2026-01-01..2026-01-05'), { firstDay: dn(2026, 1, 1), lastDay: dn(2026, 1, 5) });
    });

    const invalid: [string, RegExp][] = [
      ['2026-02-30..2026-03-01', /"2026-02-30" is not a valid date/],
      ['2026-02-01..2026-02-29', /"2026-02-29" is not a valid date/],
      ['2026-13-01..2026-12-31', /"2026-13-01" is not a valid date/],
      ['2026-1-1..2026-01-05', /"2026-1-1" is not a valid date/],
      ['2026-03-10..2026-03-01', /ends \(2026-03-01\) before it starts \(2026-03-10\)/],
      ['garbage', /"garbage" is not a range.*7d.*YYYY-MM-DD\.\.YYYY-MM-DD/],
      ['last-week', /"last-week" is not a range/],
      ['2026-01-01', /not a range/],
      ['2026-01-01..', /not a range/],
      ['', /not a range/],
    ];
    for (const [spec, message] of invalid) {
      it(`rejects ${JSON.stringify(spec)} with a helpful TimeRangeError`, () => {
        assert.throws(
          () => resolveRange(spec, { now: Date.UTC(2026, 2, 15) }),
          (error: unknown) => {
            assert.ok(error instanceof TimeRangeError);
            assert.match(error.message, message);
            return true;
          },
        );
        assert.match(validateRangeSpec(spec) ?? '', message);
      });
    }

    it('validates good specs', () => {
      for (const spec of [...RANGE_PRESETS.map((p) => p.id), '2026-01-01..2026-01-01']) assert.equal(validateRangeSpec(spec), undefined, spec);
    });
  });

  describe('previous period of calendar presets', () => {
    const prev = (spec: string, now: number) => {
      const r = resolveRange(spec, { now });
      return `${iso(r.current.firstDay)}..${iso(r.current.lastDay)} vs ${iso(r.previous.firstDay)}..${iso(r.previous.lastDay)}`;
    };
    it('mtd on the 31st compares with the whole shorter month before', () => {
      assert.equal(prev('mtd', Date.UTC(2026, 2, 31, 8)), '2026-03-01..2026-03-31 vs 2026-02-01..2026-02-28');
      assert.equal(prev('mtd', Date.UTC(2028, 2, 31, 8)), '2028-03-01..2028-03-31 vs 2028-02-01..2028-02-29');
      assert.equal(prev('mtd', Date.UTC(2026, 2, 29, 8)), '2026-03-01..2026-03-29 vs 2026-02-01..2026-02-28');
      assert.equal(prev('mtd', Date.UTC(2026, 4, 31, 8)), '2026-05-01..2026-05-31 vs 2026-04-01..2026-04-30');
      assert.equal(prev('mtd', Date.UTC(2026, 0, 20, 8)), '2026-01-01..2026-01-20 vs 2025-12-01..2025-12-20');
    });

    it('ytd on Feb 29 ends the year before on Feb 28', () => {
      assert.equal(prev('ytd', Date.UTC(2028, 1, 29, 8)), '2028-01-01..2028-02-29 vs 2027-01-01..2027-02-28');
      assert.equal(prev('ytd', Date.UTC(2026, 0, 1, 0)), '2026-01-01..2026-01-01 vs 2025-01-01..2025-01-01');
    });

    it('last-month in January is December, compared with November', () => {
      assert.equal(prev('last-month', Date.UTC(2026, 0, 15, 8)), '2025-12-01..2025-12-31 vs 2025-11-01..2025-11-30');
      assert.equal(prev('last-month', Date.UTC(2026, 2, 31, 8)), '2026-02-01..2026-02-28 vs 2026-01-01..2026-01-31');
      assert.equal(prev('last-month', Date.UTC(2026, 1, 1, 0)), '2026-01-01..2026-01-31 vs 2025-12-01..2025-12-31');
    });

    it('12m is the last 365 or 366 days, compared with the equal window before', () => {
      assert.equal(prev('12m', Date.UTC(2026, 2, 15, 8)), '2025-03-16..2026-03-15 vs 2024-03-16..2025-03-15');
      assert.equal(prev('12m', Date.UTC(2028, 1, 29, 8)), '2027-03-01..2028-02-29 vs 2026-02-28..2027-02-28');
    });
  });

  describe('previous period of rolling presets and custom ranges (property)', () => {
    it('is the equal-length window just before', () => {
      const specArb = fc.oneof(
        fc.constantFrom('today', '7d', '30d', '90d', '12m'),
        fc.tuple(fc.integer({ min: dn(2020, 1, 1), max: dn(2030, 12, 31) }), fc.integer({ min: 0, max: 400 })).map(([a, n]) => `${iso(a)}..${iso(a + n)}`),
      );
      fc.assert(
        fc.property(specArb, fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 11, 31) }), fc.constantFrom(...ZONES), (spec, now, zone) => {
          const r = resolveRange(spec, { now, timeZone: zone });
          assert.equal(r.previous.lastDay, r.current.firstDay - 1);
          assert.equal(spanDays(r.previous), spanDays(r.current));
          assert.equal(r.previous.to, r.current.from);
          const length = { today: 1, '7d': 7, '30d': 30, '90d': 90 }[spec];
          if (length) assert.equal(spanDays(r.current), length);
          if (!spec.includes('..')) {
            // Rolling presets end today in the zone.
            assert.equal(iso(r.current.lastDay), localDate(now, zone));
            assert.ok(r.current.from <= now && now < r.current.to);
          }
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('DST', () => {
    const cases: { zone: string; day: [number, number, number]; start: number; hours: number }[] = [
      // America/New_York: 02:00 -> 03:00 and 02:00 -> 01:00.
      { zone: 'America/New_York', day: [2026, 3, 8], start: Date.UTC(2026, 2, 8, 5), hours: 23 },
      { zone: 'America/New_York', day: [2026, 11, 1], start: Date.UTC(2026, 10, 1, 4), hours: 25 },
      { zone: 'America/New_York', day: [2026, 3, 9], start: Date.UTC(2026, 2, 9, 4), hours: 24 },
      // Europe/Berlin: 02:00 -> 03:00 and 03:00 -> 02:00.
      { zone: 'Europe/Berlin', day: [2026, 3, 29], start: Date.UTC(2026, 2, 28, 23), hours: 23 },
      { zone: 'Europe/Berlin', day: [2026, 10, 25], start: Date.UTC(2026, 9, 24, 22), hours: 25 },
      // America/Santiago changes at midnight: 2026-09-06 00:00 (-04) -> 01:00 (-03), so the day starts at 01:00;
      // 2026-04-05 00:00 (-03) -> 2026-04-04 23:00 (-04), so 04-04 has 25 hours and 04-05 starts at the one 00:00.
      { zone: 'America/Santiago', day: [2026, 9, 6], start: Date.UTC(2026, 8, 6, 4), hours: 23 },
      { zone: 'America/Santiago', day: [2026, 4, 4], start: Date.UTC(2026, 3, 4, 3), hours: 25 },
      { zone: 'America/Santiago', day: [2026, 4, 5], start: Date.UTC(2026, 3, 5, 4), hours: 24 },
      // America/Havana: 2026-03-08 00:00 (-05) -> 01:00 (-04); 2026-11-01 01:00 (-04) -> 00:00 (-05): midnight happens twice.
      { zone: 'America/Havana', day: [2026, 3, 8], start: Date.UTC(2026, 2, 8, 5), hours: 23 },
      { zone: 'America/Havana', day: [2026, 11, 1], start: Date.UTC(2026, 10, 1, 4), hours: 25 },
    ];

    it('checks the transitions these cases assume with Intl', () => {
      const f = (zone: string, t: number) =>
        new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', timeZoneName: 'shortOffset' }).format(t);
      assert.equal(f('America/Santiago', Date.UTC(2026, 8, 6, 4) - 1000), '23:59 GMT-4');
      assert.equal(f('America/Santiago', Date.UTC(2026, 8, 6, 4)), '01:00 GMT-3');
      assert.equal(f('America/Havana', Date.UTC(2026, 2, 8, 5)), '01:00 GMT-4');
      assert.equal(f('America/Havana', Date.UTC(2026, 10, 1, 4)), '00:00 GMT-4');
      assert.equal(f('America/Havana', Date.UTC(2026, 10, 1, 5)), '00:00 GMT-5');
    });

    for (const { zone, day, start, hours } of cases) {
      const label = `${zone} ${day.join('-')}`;
      it(`${label} starts at ${new Date(start).toISOString()} and has ${hours} h`, () => {
        const d = dn(...day);
        assert.equal(new Date(startOfDay(d, zone)).toISOString(), new Date(start).toISOString());
        const bounds = dayBoundaries(daySpan(d, d, zone), zone);
        assert.equal(bounds.length, 2);
        assert.equal(bounds[0], start);
        assert.equal((bounds[1] - bounds[0]) / HOUR, hours);
        // The start is the day's first existing instant: one millisecond earlier is the day before.
        assert.equal(dayOf(start, zone), d);
        assert.equal(dayOf(start - 1, zone), d - 1);
        assert.equal(dayOf(bounds[1] - 1, zone), d);
        assert.equal(dayOf(bounds[1], zone), d + 1);
      });
    }

    it('gives dayBoundaries of a week across a change: n + 1 ascending instants', () => {
      const span = daySpan(dn(2026, 10, 22), dn(2026, 10, 28), 'Europe/Berlin');
      const bounds = dayBoundaries(span, 'Europe/Berlin');
      assert.equal(bounds.length, 8);
      assert.equal(bounds[0], span.from);
      assert.equal(bounds[7], span.to);
      const lengths = Array.from({ length: 7 }, (_, i) => (bounds[i + 1] - bounds[i]) / HOUR);
      assert.deepEqual(lengths, [24, 24, 24, 25, 24, 24, 24]);
    });

    it('puts instants around the changes on the right day', () => {
      const ny = 'America/New_York';
      assert.equal(dayOf(Date.UTC(2026, 2, 8, 4, 59, 59, 999), ny), dn(2026, 3, 7)); // 23:59:59.999 EST
      assert.equal(dayOf(Date.UTC(2026, 2, 8, 6, 59), ny), dn(2026, 3, 8)); // 01:59 EST, just before the jump
      assert.equal(dayOf(Date.UTC(2026, 2, 8, 7), ny), dn(2026, 3, 8)); // 03:00 EDT
      assert.equal(dayOf(Date.UTC(2026, 2, 9, 3, 59), ny), dn(2026, 3, 8)); // 23:59 EDT
      assert.equal(dayOf(Date.UTC(2026, 2, 9, 4), ny), dn(2026, 3, 9));
      assert.equal(dayOf(Date.UTC(2026, 10, 1, 5, 30), ny), dn(2026, 11, 1)); // 01:30 EDT
      assert.equal(dayOf(Date.UTC(2026, 10, 1, 6, 30), ny), dn(2026, 11, 1)); // 01:30 EST, again
      assert.equal(dayOf(Date.UTC(2026, 10, 2, 4, 59), ny), dn(2026, 11, 1)); // 23:59 EST
      assert.equal(dayOf(Date.UTC(2026, 10, 2, 5), ny), dn(2026, 11, 2));
      const be = 'Europe/Berlin';
      assert.equal(dayOf(Date.UTC(2026, 2, 28, 22, 59), be), dn(2026, 3, 28));
      assert.equal(dayOf(Date.UTC(2026, 2, 28, 23), be), dn(2026, 3, 29));
      assert.equal(dayOf(Date.UTC(2026, 2, 29, 21, 59), be), dn(2026, 3, 29));
      assert.equal(dayOf(Date.UTC(2026, 2, 29, 22), be), dn(2026, 3, 30));
      assert.equal(dayOf(Date.UTC(2026, 9, 25, 22, 59), be), dn(2026, 10, 25));
      assert.equal(dayOf(Date.UTC(2026, 9, 25, 23), be), dn(2026, 10, 26));
      const sa = 'America/Santiago';
      assert.equal(dayOf(Date.UTC(2026, 3, 5, 3, 30), sa), dn(2026, 4, 4)); // 23:30 -04, the repeated hour
      assert.equal(dayOf(Date.UTC(2026, 3, 5, 2, 30), sa), dn(2026, 4, 4)); // 23:30 -03, the first time
      assert.equal(dayOf(Date.UTC(2026, 3, 5, 4), sa), dn(2026, 4, 5));
      // Milliseconds do not move an instant to another day.
      assert.equal(dayOf(Date.UTC(2026, 0, 1) - 1, 'UTC'), dn(2025, 12, 31));
      assert.equal(dayOf(Date.UTC(2026, 0, 1, 4, 59, 59, 999), ny), dn(2025, 12, 31));
    });

    it('agrees with Intl on every day start in many zones (property)', () => {
      fc.assert(
        fc.property(fc.integer({ min: dn(2020, 1, 1), max: dn(2030, 12, 31) }), fc.constantFrom(...ZONES), (d, zone) => {
          const start = startOfDay(d, zone);
          assert.equal(localDate(start, zone), iso(d), `${zone} ${iso(d)} start`);
          assert.equal(localDate(start - 1, zone), iso(d - 1), `${zone} ${iso(d)} start - 1 ms`);
          const next = startOfDay(d + 1, zone);
          const hours = (next - start) / HOUR;
          assert.ok(hours >= 23 && hours <= 25, `${zone} ${iso(d)} is ${hours} h`);
          // dayOf is consistent with startOfDay inside the day.
          assert.equal(dayOf(start + Math.floor((next - start) / 2), zone), d);
          assert.equal(dayOf(next - 1, zone), d);
        }),
        { numRuns: 600 },
      );
    });

    it('agrees with Intl on the day of random instants (property)', () => {
      fc.assert(
        fc.property(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 11, 31) }), fc.constantFrom(...ZONES), (t, zone) => {
          assert.equal(iso(dayOf(t, zone)), localDate(t, zone));
        }),
        { numRuns: 600 },
      );
    });
  });
});

describe('early years and spaced specs', () => {
  it('reads years before 100 as written', () => {
    assert.equal(parseDay('0050-03-01'), Math.floor(new Date('0050-03-01T00:00:00Z').getTime() / 86_400_000));
    assert.equal(formatDay(parseDay('0050-03-01')!), '0050-03-01');
  });
  it('accepts a preset with surrounding spaces, as resolveRange does', () => {
    assert.equal(validateRangeSpec(' 7d '), undefined);
  });
});
