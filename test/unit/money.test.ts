import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MICROS_PER_UNIT, formatMoney, isCurrencyCode, microsToDecimalString, microsToUnits, parseMoneyMicros, unitsToMicros } from '../../src/core/money';

/** Exact micros of a decimal string, rounded half away from zero, computed with BigInt (no floating point). */
function exactMicros(sign: '' | '-' | '+', whole: string, fraction: string): number {
  const scale = 10n ** BigInt(fraction.length);
  const value = BigInt(whole || '0') * scale + BigInt(fraction || '0');
  const numerator = value * 1_000_000n;
  let micros = numerator / scale;
  if ((numerator % scale) * 2n >= scale) micros += 1n;
  if (sign === '-') micros = -micros;
  return Number(micros) + 0; // + 0 turns -0 into 0, as the parser must
}

const digits = (max: number) => fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: max }).map((d) => d.join(''));

describe('money', () => {
  describe('parseMoneyMicros', () => {
    const cases: [string, number][] = [
      ['1234.5', 1_234_500_000],
      ['$1,234.50', 1_234_500_000],
      ['1,234.50', 1_234_500_000],
      ['-0.25', -250_000],
      ['(12.00)', -12_000_000],
      ['€12', 12_000_000],
      ['12 USD', 12_000_000],
      ['  7  ', 7_000_000],
      ['0', 0],
      ['.5', 500_000],
      ['+3.000001', 3_000_001],
      ['-$1,000,000.01', -1_000_000_010_000],
      ['1,234,567.891', 1_234_567_891_000],
      ['0.000001', 1],
    ];
    for (const [text, micros] of cases) {
      it(`reads ${JSON.stringify(text)} as ${micros} micros`, () => {
        assert.equal(parseMoneyMicros(text), micros);
      });
    }

    it('rounds digits past the sixth decimal half away from zero', () => {
      assert.equal(parseMoneyMicros('0.0000004'), 0);
      assert.equal(parseMoneyMicros('0.0000005'), 1);
      assert.equal(parseMoneyMicros('0.00000049999'), 0);
      assert.equal(parseMoneyMicros('1.2345675'), 1_234_568);
      assert.equal(parseMoneyMicros('-1.2345675'), -1_234_568);
      assert.equal(parseMoneyMicros('-1.2345674999'), -1_234_567);
      // Carries into the whole part.
      assert.equal(parseMoneyMicros('0.9999995'), 1_000_000);
      assert.equal(parseMoneyMicros('9.99999951'), 10_000_000);
    });

    it('never returns negative zero', () => {
      assert.ok(Object.is(parseMoneyMicros('-0'), 0));
      assert.ok(Object.is(parseMoneyMicros('-0.0000001'), 0));
      assert.ok(Object.is(parseMoneyMicros('(0.00)'), 0));
    });

    for (const bad of ['abc', '1,23', '', '   ', '.', '1.2.3', '12,34,567', 'e5', '1e', '1.2e3.4', '1e5 USD', '--1', '$', '1,2345', '12 US DOLLARS']) {
      it(`rejects ${JSON.stringify(bad)}`, () => {
        assert.equal(parseMoneyMicros(bad), undefined);
      });
    }

    describe('scientific notation, as Python, pandas and spreadsheets write small amounts', () => {
      const sci: [string, number][] = [
        ['3.7e-05', 37],
        ['3.7E-05', 37],
        ['-3.7e-05', -37],
        ['1e5', 100_000_000_000],
        ['1.5e+2', 150_000_000],
        ['12e-1', 1_200_000],
        ['.5e1', 5_000_000],
        ['5e-7', 1],
        ['-5e-7', -1],
        ['4.9e-7', 0],
        ['0e5', 0],
        ['1.2345675e0', 1_234_568],
      ];
      for (const [text, micros] of sci) {
        it(`reads ${JSON.stringify(text)} as ${micros} micros`, () => {
          assert.equal(parseMoneyMicros(text), micros);
        });
      }

      it('reads any mantissa and exponent exactly (rounded half away from zero)', () => {
        fc.assert(
          fc.property(fc.constantFrom('', '-', '+'), digits(6), digits(8), fc.integer({ min: -14, max: 6 }), (sign, whole, fraction, exp) => {
            fc.pre(whole.length + fraction.length > 0);
            const text = `${sign}${whole}${fraction === '' ? '' : `.${fraction}`}e${exp}`;
            // value = mantissa digits * 10^(exp - fraction digits); micros = value * 10^6.
            const mantissa = BigInt(whole + fraction || '0');
            const power = 6 + exp - fraction.length;
            let micros: bigint;
            if (power >= 0) micros = mantissa * 10n ** BigInt(power);
            else {
              const scale = 10n ** BigInt(-power);
              micros = mantissa / scale + ((mantissa % scale) * 2n >= scale ? 1n : 0n);
            }
            const expected = micros > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(sign === '-' ? -micros : micros) + 0;
            assert.equal(parseMoneyMicros(text), expected, text);
          }),
        );
      });
    });

    it('rejects amounts too large to be exact', () => {
      assert.equal(parseMoneyMicros('9007199254.740993'), undefined);
      assert.equal(parseMoneyMicros('99999999999999999999'), undefined);
      // The largest whole amount that still fits.
      assert.equal(parseMoneyMicros('9007199254'), 9_007_199_254_000_000);
    });

    it('equals BigInt-exact rounding for random decimal strings (property)', () => {
      fc.assert(
        fc.property(fc.constantFrom<'' | '-' | '+'>('', '-', '+'), digits(9), fc.boolean(), digits(9), (sign, whole, dot, fraction) => {
          const text = `${sign}${whole}${dot ? '.' : ''}${dot ? fraction : ''}`;
          const frac = dot ? fraction : '';
          const parsed = parseMoneyMicros(text);
          if (whole === '' && frac === '') {
            assert.equal(parsed, undefined, text);
          } else {
            assert.equal(parsed, exactMicros(sign, whole, frac), text);
          }
        }),
        { numRuns: 2000 },
      );
    });

    it('reads thousands separators and currency decorations like the bare number (property)', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 999_999_999 }), digits(6), (whole, fraction) => {
          const grouped = whole.toLocaleString('en-US');
          const bare = fraction ? `${whole}.${fraction}` : String(whole);
          const expected = parseMoneyMicros(bare);
          const suffix = fraction ? `.${fraction}` : '';
          assert.equal(parseMoneyMicros(`$${grouped}${suffix}`), expected);
          assert.equal(parseMoneyMicros(`${grouped}${suffix} EUR`), expected);
          assert.equal(parseMoneyMicros(`(${grouped}${suffix})`), expected === 0 ? 0 : -expected!);
        }),
        { numRuns: 500 },
      );
    });
  });

  describe('microsToDecimalString', () => {
    it('writes plain decimals without trailing zeros', () => {
      assert.equal(microsToDecimalString(1_234_500_000), '1234.5');
      assert.equal(microsToDecimalString(12_000_000), '12');
      assert.equal(microsToDecimalString(0), '0');
      assert.equal(microsToDecimalString(1), '0.000001');
      assert.equal(microsToDecimalString(-1), '-0.000001');
      assert.equal(microsToDecimalString(-250_000), '-0.25');
      assert.equal(microsToDecimalString(1_000_001_000_000), '1000001');
    });

    it('round-trips through parseMoneyMicros (property)', () => {
      fc.assert(
        fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (micros) => {
          const text = microsToDecimalString(micros);
          assert.match(text, /^-?\d+(\.\d{0,5}[1-9])?$/);
          assert.equal(parseMoneyMicros(text), micros);
        }),
        { numRuns: 2000 },
      );
    });
  });

  describe('unitsToMicros / microsToUnits', () => {
    it('rounds float units to the nearest micro', () => {
      assert.equal(unitsToMicros(0.1 + 0.2), 300_000);
      assert.equal(unitsToMicros(1234.5), 1_234_500_000);
      assert.equal(unitsToMicros(-0.0000014), -1);
      assert.equal(unitsToMicros(Number.NaN), undefined);
      assert.equal(unitsToMicros(Number.POSITIVE_INFINITY), undefined);
      assert.equal(unitsToMicros(1e12), undefined);
      assert.equal(microsToUnits(2_500_000), 2.5);
      assert.equal(MICROS_PER_UNIT, 1_000_000);
    });
  });

  describe('formatMoney', () => {
    const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
    it('formats USD', () => {
      assert.equal(formatMoney(1_234_560_000), '$1,234.56');
      assert.equal(formatMoney(1_234_560_000, 'USD'), '$1,234.56');
      assert.equal(formatMoney(0), '$0.00');
      assert.equal(formatMoney(-1_500_000), '-$1.50');
      assert.equal(formatMoney(5_000), '$0.01');
      assert.equal(formatMoney(1_234_560_000, 'USD', { compact: true }), '$1.2K');
      assert.equal(formatMoney(2_500_000_000_000, 'USD', { compact: true }), '$2.5M');
    });

    it('formats EUR, in en-US and in a German locale', () => {
      assert.equal(formatMoney(1_234_560_000, 'EUR'), '€1,234.56');
      assert.equal(plain(formatMoney(1_234_560_000, 'EUR', { locale: 'de-DE' })), '1.234,56 €');
      // A cached formatter for one locale must not leak into another.
      assert.equal(formatMoney(1_234_560_000, 'EUR'), '€1,234.56');
    });

    it('knows currency codes', () => {
      assert.equal(isCurrencyCode('USD'), true);
      assert.equal(isCurrencyCode('EUR'), true);
      assert.equal(isCurrencyCode('usd'), false);
      assert.equal(isCurrencyCode('US'), false);
      assert.equal(isCurrencyCode('$'), false);
    });
  });
});

describe('parseMoneyMicros: currency signs', () => {
  it('takes real currency signs and ISO codes', () => {
    assert.equal(parseMoneyMicros('US$5'), 5_000_000);
    assert.equal(parseMoneyMicros('CHF 12.50'), 12_500_000);
    assert.equal(parseMoneyMicros('£0.75'), 750_000);
    assert.equal(parseMoneyMicros('-$3.25'), -3_250_000);
  });
  it('rejects leads that are not currency signs', () => {
    for (const text of ['=12', 'abc1', 'x0', '#5', '(12']) assert.equal(parseMoneyMicros(text), undefined, text);
  });
});
