import { DAY_MS, resolveRange } from '../core/time';

/** What window-fetching sources (HTTP) fetch for the `all` range: it has no extent to go by. */
const HTTP_ALL_DAYS = 730;

/** The instants window-fetching sources fetch for a range spec: the range and its previous period. */
export function fetchWindow(spec: string, timeZone: string): { from: number; to: number } {
  if (spec === 'all') {
    const end = resolveRange('today', { timeZone }).current.to;
    return { from: end - HTTP_ALL_DAYS * DAY_MS, to: end };
  }
  const range = resolveRange(spec, { timeZone });
  return { from: range.previous.from, to: range.current.to };
}
