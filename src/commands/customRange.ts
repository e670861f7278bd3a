/** The Custom… time range prompt's text: pure, unit-tested in Node (test/unit/custom-range.test.ts). */
import { customRangeSpec, type ResolvedRange } from '../core/time';

/**
 * What the Custom… input box starts with: the custom range selected now, else the days of the
 * range shown. Days are the range's civil days in its zone, not the UTC dates of its instants.
 */
export function customRangePrefill(currentSpec: string, range: ResolvedRange): string {
  if (currentSpec.includes('..')) return currentSpec;
  return customRangeSpec(range.current.firstDay, range.current.lastDay);
}
