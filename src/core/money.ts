/** Money is summed as exact integer micro-units: 1 unit of currency = 1,000,000 micros. */
export const MICROS_PER_UNIT = 1_000_000;

/** Sign, an optional currency sign (`$`, `US$`, `€`, `CHF `), digits with optional thousands commas, decimals, an optional ISO code. */
const MONEY_PATTERN = /^([+-])?\s*(?:(?:[A-Z]{1,3}\s?)?\p{Sc}\s*|[A-Z]{3}\s+)?(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d*))?\s*(?:[A-Z]{3})?$/u;

/**
 * Reads an amount such as `1234.5`, `$1,234.50`, `"1,234.50"`, `-0.25` or `12 USD`
 * into micro-units, without going through floating point. Digits past the sixth
 * decimal are rounded half away from zero. Returns undefined when it is not an amount.
 */
export function parseMoneyMicros(text: string): number | undefined {
  // No real amount is this long; the cap keeps the pattern's work bounded on hostile cells.
  if (text.length > 64) return undefined;
  let s = text.trim();
  if (s.length === 0) return undefined;
  let negative = false;
  if (s.startsWith('(') && s.endsWith(')')) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  const m = MONEY_PATTERN.exec(s);
  if (!m) {
    const micros = scientificMicros(s);
    return micros === undefined ? undefined : negative && micros !== 0 ? -micros : micros;
  }
  const whole = (m[2] ?? '').replace(/,/g, '');
  const fraction = m[3] ?? '';
  if (whole.length === 0 && fraction.length === 0) return undefined;
  if (m[1] === '-') negative = !negative;
  const micros = Number(whole || '0') * MICROS_PER_UNIT + fractionToMicros(fraction);
  if (!Number.isSafeInteger(micros)) return undefined;
  return negative && micros !== 0 ? -micros : micros;
}

/** `1.5e3`, `3.7e-05`, `-2E+2`: digits, an optional fraction and a power of ten. */
const SCIENTIFIC_PATTERN = /^([+-])?(\d*)(?:\.(\d*))?[eE]([+-]?\d{1,4})$/;

/**
 * An amount in scientific notation (as Python, pandas and spreadsheets write small amounts) in
 * micro-units, exactly: the exponent moves the decimal point in the digits, no floating point.
 */
function scientificMicros(s: string): number | undefined {
  const m = SCIENTIFIC_PATTERN.exec(s);
  if (!m) return undefined;
  const whole = m[2];
  const fraction = m[3] ?? '';
  if (whole.length === 0 && fraction.length === 0) return undefined;
  const all = whole + fraction;
  let lead = 0;
  while (lead < all.length && all.charCodeAt(lead) === 48) lead++;
  if (lead === all.length) return 0;
  const digits = all.slice(lead);
  // Where the decimal point falls in `digits` once the exponent has moved it.
  const point = whole.length + Number(m[4]) - lead;
  const shifted =
    point <= 0
      ? ['', '0'.repeat(-point) + digits]
      : point >= digits.length
        ? [digits + '0'.repeat(point - digits.length), '']
        : [digits.slice(0, point), digits.slice(point)];
  if (shifted[0].length > 15) return undefined;
  const micros = Number(shifted[0] || '0') * MICROS_PER_UNIT + fractionToMicros(shifted[1]);
  if (!Number.isSafeInteger(micros)) return undefined;
  return m[1] === '-' && micros !== 0 ? -micros : micros;
}

function fractionToMicros(fraction: string): number {
  if (fraction.length <= 6) return Number(fraction.padEnd(6, '0'));
  const kept = Number(fraction.slice(0, 6));
  return fraction.charCodeAt(6) >= 53 /* '5' */ ? kept + 1 : kept;
}

/** Converts a JSON number of currency units to micros, rounding to the nearest micro. */
export function unitsToMicros(units: number): number | undefined {
  if (!Number.isFinite(units)) return undefined;
  const micros = Math.round(units * MICROS_PER_UNIT);
  return Number.isSafeInteger(micros) ? micros : undefined;
}

/** Micros as a number of currency units (for display and JSON export). */
export function microsToUnits(micros: number): number {
  return micros / MICROS_PER_UNIT;
}

/** Micros as a plain decimal string with up to six decimals and no trailing zeros: `1234.5`. */
export function microsToDecimalString(micros: number): string {
  const sign = micros < 0 ? '-' : '';
  const abs = Math.abs(micros);
  const whole = Math.floor(abs / MICROS_PER_UNIT);
  const fraction = String(abs % MICROS_PER_UNIT)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return fraction ? `${sign}${whole}.${fraction}` : `${sign}${whole}`;
}

const formatters = new Map<string, Intl.NumberFormat>();

/** Formats micros in a currency, e.g. `$1,234.56`; `compact` gives `$1.2K`. */
export function formatMoney(micros: number, currency = 'USD', options: { compact?: boolean; locale?: string } = {}): string {
  const key = `${options.locale ?? ''}|${currency}|${options.compact ? 'c' : 'f'}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(options.locale ?? 'en-US', {
      style: 'currency',
      currency,
      ...(options.compact ? { notation: 'compact', maximumFractionDigits: 1 } : {}),
    });
    formatters.set(key, formatter);
  }
  return formatter.format(microsToUnits(micros));
}

let knownCurrencies: Set<string> | undefined;

/**
 * True when `code` is an ISO 4217 currency code Intl knows (e.g. `USD`, `EUR`). Intl.NumberFormat
 * formats any three letters (`XYZ`), so the check is against Intl's list of currencies.
 */
export function isCurrencyCode(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  knownCurrencies ??= new Set(Intl.supportedValuesOf('currency'));
  return knownCurrencies.has(code);
}
