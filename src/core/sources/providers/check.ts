import { HttpSourceError } from '../http/errors';
import { parseMoneyMicros, unitsToMicros } from '../../money';

/** Response checking shared by the provider parsers: a wrong shape is a `contract` error naming the field. */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function contractError(label: string, what: string): HttpSourceError {
  return new HttpSourceError('contract', `The ${label} API answered in an unexpected shape: ${what}.`);
}

/** A field that must be an array. */
export function arrayField(label: string, body: unknown, field: string): unknown[] {
  const value = isRecord(body) ? body[field] : undefined;
  if (!Array.isArray(value)) throw contractError(label, `${field} is not a list`);
  return value;
}

/** A non-negative integer count; missing or null is 0. */
export function count(label: string, record: Record<string, unknown>, field: string): number {
  const value = record[field];
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw contractError(label, `${field} is not a token or request count`);
  return value;
}

/** A string id, or null when absent (a group the result is not split by). */
export function idOrNull(label: string, record: Record<string, unknown>, field: string): string | null {
  const value = record[field];
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw contractError(label, `${field} is not a string`);
  return value;
}

/** `has_more` with `next_page` as the next `page` parameter. */
export function nextPageToken(body: unknown): readonly [string, string] | null {
  if (!isRecord(body) || body.has_more !== true) return null;
  return typeof body.next_page === 'string' && body.next_page !== '' ? ['page', body.next_page] : null;
}

/** Lists paged by the last id: `has_more` with `last_id` as `param`. */
export function nextAfterId(param: string): (body: unknown) => readonly [string, string] | null {
  return (body) => {
    if (!isRecord(body) || body.has_more !== true) return null;
    return typeof body.last_id === 'string' && body.last_id !== '' ? [param, body.last_id] : null;
  };
}

/** A money amount given as a JSON number of units, or as a decimal string; `divisor` 100 reads cents. */
export function amountMicros(label: string, value: unknown, divisor: 1 | 100): number {
  let micros: number | undefined;
  if (typeof value === 'number') micros = unitsToMicros(value);
  else if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) {
    // A decimal string is read digit by digit (no floating point); cents move the point two places.
    micros = divisor === 100 ? centsToMicros(value.trim()) : parseMoneyMicros(value);
  }
  if (micros === undefined) throw contractError(label, `amount ${JSON.stringify(value)} is not a decimal amount`);
  return micros;
}

/** `"123.45"` cents → 1_234_500 micros ($1.2345), exactly; digits past the micro are rounded half away from zero. */
export function centsToMicros(text: string): number | undefined {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return undefined;
  const fraction = m[3] ?? '';
  // cents × 10^4 = micros: the first four decimals of the cents are whole micros.
  const whole = Number(m[2]) * 10_000 + Number(fraction.slice(0, 4).padEnd(4, '0'));
  const rounded = fraction.length > 4 && fraction.charCodeAt(4) >= 53 ? whole + 1 : whole;
  if (!Number.isSafeInteger(rounded)) return undefined;
  return m[1] === '-' && rounded !== 0 ? -rounded : rounded;
}
