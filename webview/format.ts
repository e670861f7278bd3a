import { formatMoney } from '../src/core/money';
import { t } from './strings';

/** Numbers, money and dates follow the display language the host sent in `init` (`vscode.env.language`). */
let locale = 'en-US';
let integer = new Intl.NumberFormat(locale);
let percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
let dayFormat = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' });
let shortDay = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'short', day: 'numeric' });

/** Formats in `language` from now on (falling back to `en-US` when Intl does not know it). */
export function setLocale(language: string): void {
  let known = 'en-US';
  try {
    if (Intl.NumberFormat.supportedLocalesOf([language]).length > 0) known = language;
  } catch {
    // not a well-formed language tag: keep en-US
  }
  locale = known;
  integer = new Intl.NumberFormat(locale);
  percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  dayFormat = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' });
  shortDay = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'short', day: 'numeric' });
}

/** The locale numbers and dates are formatted in. */
export function currentLocale(): string {
  return locale;
}

export function money(micros: number, currency: string, compact = false): string {
  return formatMoney(micros, currency, { compact, locale });
}

export function count(n: number): string {
  return integer.format(n);
}

export function share(fraction: number): string {
  return percent.format(fraction);
}

/** A change as an arrow and a percentage; null when there is nothing to compare with. */
export function change(value: number | null): { arrow: string; text: string; label: string; direction: 'up' | 'down' | 'flat' } | null {
  if (value === null || !Number.isFinite(value)) return null;
  const direction = value > 0.0005 ? 'up' : value < -0.0005 ? 'down' : 'flat';
  const arrow = direction === 'up' ? '▲' : direction === 'down' ? '▼' : '▬';
  const text = percent.format(Math.abs(value));
  const label = direction === 'flat' ? t('changeNone') : direction === 'up' ? t('changeUp', text) : t('changeDown', text);
  return { arrow, text, label, direction };
}

/** `Tue, Oct 1, 2026` for a `YYYY-MM-DD` day. */
export function longDay(day: string): string {
  return dayFormat.format(new Date(`${day}T00:00:00Z`));
}

/** `Oct 1` for a `YYYY-MM-DD` day. */
export function axisDay(day: string): string {
  return shortDay.format(new Date(`${day}T00:00:00Z`));
}

/** A whole percentage, `85%`. */
export function wholePercent(fraction: number): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(fraction);
}

/** A change as a signed whole percentage, `+25%`, `-12%`. */
export function signedPercent(fraction: number): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0, signDisplay: 'exceptZero' }).format(fraction);
}
