import { formatMoney } from '../money';
import { civil } from '../time';
import { type ForecastResult } from './forecast';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Mar 31` (or `Mar 31, 2027` when `withYear`). */
export function shortDate(day: number, withYear = false): string {
  const { year, month, day: d } = civil(day);
  return `${MONTHS[month - 1]} ${d}${withYear ? `, ${year}` : ''}`;
}

/** `Forecast: $X by Mar 31, range $L–$H`, or `No forecast: <why>`. */
export function forecastLine(result: ForecastResult, currency: string): string {
  if (!result.forecast) return `No forecast: ${result.reason}`;
  const f = result.forecast;
  const money = (micros: number) => formatMoney(micros, currency);
  return `Forecast: ${money(f.spendMicros)} by ${shortDate(f.periodLastDay)}, range ${money(f.lowMicros)}–${money(f.highMicros)}`;
}
