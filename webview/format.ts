import { formatMoney } from '../src/core/money';

const integer = new Intl.NumberFormat('en-US');
const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });
const dayFormat = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' });
const shortDay = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric' });

export function money(micros: number, currency: string, compact = false): string {
  return formatMoney(micros, currency, { compact });
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
  const label = direction === 'flat' ? 'no change vs the previous period' : `${direction} ${text} vs the previous period`;
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
