/** Checks of what the Configure Data Source… prompts take: pure, unit-tested in Node (test/unit/source-input.test.ts). */
import { baseUrlProblem } from '../core/sources/http/options';

/**
 * The base URL input box's check: the HTTP source's own, so the box accepts exactly the URLs the
 * source will take (no `?query`, `#hash` or credentials). An error message, or undefined.
 */
export function validateBaseUrl(text: string): string | undefined {
  return baseUrlProblem(text);
}
