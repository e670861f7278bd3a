import assert from 'node:assert/strict';
import fc from 'fast-check';
import { emptyColumns, matchColumns, type ColumnIndexes } from '../../src/core/columns';
import { UNKNOWN, type UsageEvent } from '../../src/core/model';
import { parseRow } from '../../src/core/parse';
import { parseTimestamp } from '../../src/core/parseTimestamps';
import { parseCost, parseCount } from '../../src/core/parseNumbers';

const HEADERS = ['timestamp', 'worker_id', 'worker_name', 'user_id', 'user_name', 'model', 'runs', 'cost', 'input_tokens', 'output_tokens', 'id'];
const COLUMNS: ColumnIndexes = matchColumns(HEADERS).columns;

function row(values: Partial<Record<(typeof HEADERS)[number], unknown>>): unknown[] {
  return HEADERS.map((h) => values[h]);
}

function event(values: Partial<Record<(typeof HEADERS)[number], unknown>>): UsageEvent {
  const result = parseRow(row(values), COLUMNS);
  if (typeof result === 'string') assert.fail(`expected an event, got "${result}"`);
  return result;
}

/** Exact micros of a decimal string, rounded half away from zero at the 7th decimal, with BigInt. */
function bigMicros(negative: boolean, whole: string, fraction: string): bigint {
  const f = fraction.padEnd(7, '0');
  let micros = BigInt(whole || '0') * 1_000_000n + BigInt(f.slice(0, 6));
  if (Number(f[6]) >= 5) micros += 1n;
  return negative ? -micros : micros;
}

describe('parse: timestamps', () => {
  const cases: [unknown, string][] = [
    ['2024-03-01T09:30:15Z', '2024-03-01T09:30:15.000Z'],
    ['2024-03-01T09:30:15.123Z', '2024-03-01T09:30:15.123Z'],
    ['2024-03-01T09:30:15.1Z', '2024-03-01T09:30:15.100Z'],
    ['2024-03-01T09:30:15.123456789Z', '2024-03-01T09:30:15.123Z'],
    ['2024-03-01T09:30:15', '2024-03-01T09:30:15.000Z'], // no offset = UTC, not local time
    ['2024-03-01 09:30', '2024-03-01T09:30:00.000Z'],
    ['2024-03-01T09:30:15+02:00', '2024-03-01T07:30:15.000Z'],
    ['2024-03-01T09:30:15-05:30', '2024-03-01T15:00:15.000Z'],
    ['2024-03-01T09:30:15+0100', '2024-03-01T08:30:15.000Z'],
    ['2024-03-01T00:30:00+01', '2024-02-29T23:30:00.000Z'],
    ['2024-03-01t09:30:15z', '2024-03-01T09:30:15.000Z'],
    ['2024-03-01 09:30:15 UTC', '2024-03-01T09:30:15.000Z'],
    ['2024-03-01', '2024-03-01T00:00:00.000Z'], // date-only: UTC midnight
    ['  2024-03-01  ', '2024-03-01T00:00:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
    [1709285415, '2024-03-01T09:30:15.000Z'], // epoch seconds
    [1709285415123, '2024-03-01T09:30:15.123Z'], // epoch milliseconds
    ['1709285415', '2024-03-01T09:30:15.000Z'],
    ['1709285415123', '2024-03-01T09:30:15.123Z'],
    ['1709285415.5', '2024-03-01T09:30:15.500Z'],
    [0, '1970-01-01T00:00:00.000Z'],
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
    ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
  ];
  for (const [input, expected] of cases) {
    it(`reads ${JSON.stringify(input)} as ${expected}`, () => {
      const t = parseTimestamp(input);
      assert.notEqual(t, undefined);
      assert.equal(new Date(t!).toISOString(), expected);
    });
  }

  const bad: unknown[] = [
    '',
    'yesterday',
    '2024-02-30',
    '2023-02-29',
    '2024-13-01',
    '2024-03-01T24:00:00Z',
    '2024-03-01T09:60:00Z',
    '2024-03-01T09:30:15+25:00',
    '03/01/2024',
    '2024-03-01TT',
    '2024-03-01T09:30:15.123Q',
    NaN,
    Infinity,
    null,
    undefined,
    true,
    {},
    '1e400',
    1e17, // beyond year 9999
  ];
  for (const input of bad) {
    it(`rejects ${String(typeof input === 'string' ? JSON.stringify(input) : input)}`, () => {
      assert.equal(parseTimestamp(input), undefined);
    });
  }

  it('tells epoch seconds from milliseconds by magnitude (1e11)', () => {
    assert.equal(parseTimestamp(99_999_999_999), 99_999_999_999_000);
    assert.equal(parseTimestamp(100_000_000_000), 100_000_000_000);
  });

  it('reads back every ISO instant it prints (fast path and general path agree)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }), (ms) => {
        const iso = new Date(ms).toISOString();
        assert.equal(parseTimestamp(iso), ms);
        assert.equal(parseTimestamp(iso.replace('Z', '+00:00')), ms);
        assert.equal(parseTimestamp(iso.slice(0, 19) + 'Z'), ms - (((ms % 1000) + 1000) % 1000));
      }),
    );
  });

  it('agrees with Date.parse on offsets', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000_000_000 }), fc.integer({ min: -14, max: 14 }), fc.constantFrom(0, 15, 30, 45), (ms, h, m) => {
        const sign = h < 0 ? '-' : '+';
        const offset = `${sign}${String(Math.abs(h)).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
        const text = new Date(ms).toISOString().slice(0, 23) + offset;
        assert.equal(parseTimestamp(text), Date.parse(text));
      }),
    );
  });
});

describe('parse: costs', () => {
  const cases: [unknown, number][] = [
    ['1234.5', 1_234_500_000],
    ['$1,234.50', 1_234_500_000],
    ['1,234.50', 1_234_500_000],
    ['0.000001', 1],
    ['0.0000005', 1],
    ['0.0000004', 0],
    ['-0.25', -250_000],
    ['.5', 500_000],
    ['5.', 5_000_000],
    ['12 USD', 12_000_000],
    ['€3.10', 3_100_000],
    ['(2.50)', -2_500_000],
    [' 7 ', 7_000_000],
    [1.5, 1_500_000],
    [0.1 + 0.2, 300_000],
    [0, 0],
  ];
  for (const [input, micros] of cases) {
    it(`reads ${JSON.stringify(input)} as ${micros} micros`, () => assert.equal(parseCost(input), micros));
  }
  for (const input of ['', 'abc', '1.2.3', '$', '1,23.4', '--1', NaN, Infinity, null, undefined, true, [1]]) {
    it(`rejects ${JSON.stringify(input) ?? String(input)}`, () => assert.equal(parseCost(input), undefined));
  }

  it('reads random decimal strings exactly (checked with BigInt)', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.bigInt({ min: 0n, max: 999_999_999n }),
        fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 10 }),
        fc.boolean(),
        (negative, whole, fraction, pointAlways) => {
          const text = `${negative ? '-' : ''}${whole}${fraction || pointAlways ? '.' : ''}${fraction}`;
          const expected = bigMicros(negative, whole.toString(), fraction);
          assert.equal(BigInt(parseCost(text)!), expected === 0n ? 0n : expected, text);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads random amounts with a currency sign and thousands separators exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 9_000_000_000n }), fc.integer({ min: 0, max: 99 }), (whole, cents) => {
        const grouped = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
        const text = `$${grouped}.${String(cents).padStart(2, '0')}`;
        assert.equal(BigInt(parseCost(text)!), whole * 1_000_000n + BigInt(cents) * 10_000n, text);
      }),
    );
  });
});

describe('parse: costs beyond exact integers', () => {
  it('rejects amounts whose micros are not exact in a double rather than rounding them', () => {
    assert.equal(parseCost('9007199255.000000'), undefined);
    assert.equal(parseCost('$9,007,199,255.00'), undefined);
    assert.equal(parseCost('9007199254.740991'), 9_007_199_254_740_991);
  });
});

describe('parse: counts', () => {
  it('reads non-negative whole numbers', () => {
    assert.equal(parseCount('0', 10), 0);
    assert.equal(parseCount('7', 10), 7);
    assert.equal(parseCount(' 7 ', 10), 7);
    assert.equal(parseCount('1e1', 10), 10);
    assert.equal(parseCount('3.0', 10), 3);
    assert.equal(parseCount(4, 10), 4);
  });
  it('rejects negatives, fractions, text and values above the limit', () => {
    for (const v of ['-1', '1.5', 'x', '', '11', -1, 1.5, 11, NaN, null]) assert.equal(parseCount(v, 10), undefined, String(v));
  });
});

describe('parse: rows', () => {
  it('reads a complete row', () => {
    const e = event({
      timestamp: '2024-03-01T09:00:00Z',
      worker_id: 'w1',
      worker_name: 'Support Bot',
      user_id: 'u1',
      user_name: 'Ana',
      model: 'gpt-4o',
      runs: '3',
      cost: '$1,234.50',
      input_tokens: '100',
      output_tokens: '20',
      id: 'r1',
    });
    assert.deepEqual(e, {
      timestamp: Date.UTC(2024, 2, 1, 9),
      workerId: 'w1',
      workerName: 'Support Bot',
      userId: 'u1',
      userName: 'Ana',
      model: 'gpt-4o',
      runs: 3,
      costMicros: 1_234_500_000,
      inputTokens: 100,
      outputTokens: 20,
      id: 'r1',
    });
  });

  it('counts an empty runs cell as 1 run', () => {
    assert.equal(event({ timestamp: '2024-03-01', cost: '1', runs: '' }).runs, 1);
    assert.equal(event({ timestamp: '2024-03-01', cost: '1' }).runs, 1);
  });

  it('puts a missing user, worker or model in an (unknown) row instead of dropping it', () => {
    const e = event({ timestamp: '2024-03-01', cost: '1', user_id: '  ', model: '' });
    assert.equal(e.userId, UNKNOWN);
    assert.equal(e.userName, UNKNOWN);
    assert.equal(e.workerId, UNKNOWN);
    assert.equal(e.workerName, UNKNOWN);
    assert.equal(e.model, UNKNOWN);
  });

  it('falls back from a missing name to the id and from a missing id to the name', () => {
    const a = event({ timestamp: '2024-03-01', cost: '1', worker_id: 'w1', user_name: 'Ana' });
    assert.equal(a.workerName, 'w1');
    assert.equal(a.userId, 'Ana');
  });

  it('keeps HTML and other markup in names verbatim', () => {
    const e = event({ timestamp: '2024-03-01', cost: '1', worker_name: '<img src=x onerror=alert(1)>', user_name: '"Zoë" & <b>Co</b>' });
    assert.equal(e.workerName, '<img src=x onerror=alert(1)>');
    assert.equal(e.userName, '"Zoë" & <b>Co</b>');
  });

  it('trims ids and names', () => {
    const e = event({ timestamp: '2024-03-01', cost: '1', worker_id: ' w1\t', user_id: '\u00a0Åsa ' });
    assert.equal(e.workerId, 'w1');
    assert.equal(e.userId, 'Åsa');
  });

  it('reads JSON values: numbers for cost, epoch and ids', () => {
    const e = event({ timestamp: 1709283600, cost: 2.25, worker_id: 7, runs: 2, input_tokens: 5 });
    assert.equal(e.timestamp, Date.UTC(2024, 2, 1, 9));
    assert.equal(e.costMicros, 2_250_000);
    assert.equal(e.workerId, '7');
    assert.equal(e.runs, 2);
    assert.equal(e.inputTokens, 5);
  });

  it('drops token counts that are not whole numbers but keeps the row', () => {
    const e = event({ timestamp: '2024-03-01', cost: '1', input_tokens: 'many', output_tokens: '-3' });
    assert.equal(e.inputTokens, undefined);
    assert.equal(e.outputTokens, undefined);
    assert.equal(e.costMicros, 1_000_000);
  });

  it('leaves the id out when empty', () => {
    assert.equal('id' in event({ timestamp: '2024-03-01', cost: '1', id: '' }), false);
  });

  const skips: [Partial<Record<string, unknown>>, string][] = [
    [{ cost: '1' }, 'timestamp is missing'],
    [{ timestamp: ' ', cost: '1' }, 'timestamp is missing'],
    [{ timestamp: 'yesterday', cost: '1' }, 'timestamp "yesterday" is not a date'],
    [{ timestamp: '2024-03-01' }, 'cost is missing'],
    [{ timestamp: '2024-03-01', cost: 'abc' }, 'cost "abc" is not an amount'],
    [{ timestamp: '2024-03-01', cost: 'a\nb' }, 'cost "a\\nb" is not an amount'],
    [{ timestamp: '2024-03-01', cost: '1', runs: '-1' }, 'runs "-1" is not a whole number'],
    [{ timestamp: '2024-03-01', cost: '1', runs: '1.5' }, 'runs "1.5" is not a whole number'],
    [{ timestamp: '2024-03-01', cost: '1', runs: 'two' }, 'runs "two" is not a whole number'],
    [{ timestamp: 1e20, cost: '1' }, 'timestamp 100000000000000000000 is not a date'],
    [{ timestamp: '2024-03-01', cost: { amount: 1 } }, 'cost {"amount":1} is not an amount'],
  ];
  for (const [values, reason] of skips) {
    it(`skips ${JSON.stringify(values)} with "${reason}"`, () => assert.equal(parseRow(row(values), COLUMNS), reason));
  }

  it('shortens long values in reasons', () => {
    const reason = parseRow(row({ timestamp: '2024-03-01', cost: 'x'.repeat(60) }), COLUMNS) as string;
    assert.equal(reason, `cost "${'x'.repeat(40)}…" is not an amount`);
    const tooLong = parseRow(row({ timestamp: '2024-03-01', cost: 'x'.repeat(100) }), COLUMNS) as string;
    assert.equal(tooLong, 'cost is too long (100 characters)');
  });

  it('reads rows shorter than the header (missing cells are empty)', () => {
    const cols = matchColumns(['time', 'cost', 'worker', 'user']).columns;
    const e = parseRow(['2024-03-01', '1'], cols) as UsageEvent;
    assert.equal(e.workerId, UNKNOWN);
    assert.equal(e.costMicros, 1_000_000);
  });

  it('needs a timestamp and a cost column to read anything', () => {
    assert.equal(parseRow(['2024-03-01', '1'], emptyColumns()), 'timestamp is missing');
  });

  it('never throws on random and hostile rows: an event or a reason', () => {
    const hostile = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc.constantFrom('', ' ', '=cmd|calc', '\u0000', '\uFEFF', '"', '1e309', '-0', '$', '9'.repeat(40), '2024-03-01T00:00:00Z', '12.5'),
      fc.double(),
      fc.integer(),
      fc.constant(null),
      fc.constant(undefined),
      fc.boolean(),
      fc.object({ maxDepth: 1 }),
      fc.array(fc.integer(), { maxLength: 3 }),
    );
    fc.assert(
      fc.property(fc.array(hostile, { maxLength: 14 }), (cells) => {
        const result = parseRow(cells, COLUMNS);
        if (typeof result === 'string') {
          assert.ok(result.length > 0);
        } else {
          assert.ok(Number.isFinite(result.timestamp));
          assert.ok(Number.isSafeInteger(result.costMicros));
          assert.ok(Number.isInteger(result.runs) && result.runs >= 0);
          for (const s of [result.workerId, result.workerName, result.userId, result.userName, result.model]) assert.ok(typeof s === 'string' && s.length > 0);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
