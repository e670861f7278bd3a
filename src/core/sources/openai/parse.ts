import { amountMicros, arrayField, contractError, count, idOrNull, isRecord } from '../providers/check';
import { type ProviderCostRow, type ProviderUsageRow } from '../providers/types';

/** Checks OpenAI's usage and cost pages and maps their results to the provider rows. */

const LABEL = 'OpenAI';

/** The buckets of a page, each with its UTC start (ms) and its results. */
function buckets(body: unknown): Array<{ day: number; results: Record<string, unknown>[] }> {
  return arrayField(LABEL, body, 'data').map((bucket) => {
    if (!isRecord(bucket) || typeof bucket.start_time !== 'number') throw contractError(LABEL, 'a bucket has no start_time');
    const results = arrayField(LABEL, bucket, 'results');
    if (!results.every(isRecord)) throw contractError(LABEL, 'a result is not an object');
    return { day: bucket.start_time * 1000, results };
  });
}

/**
 * Usage results: `input_tokens` includes cached tokens, so uncached input is the difference.
 * Reports without tokens (images, audio) still count requests.
 */
export function parseUsagePage(body: unknown): ProviderUsageRow[] {
  const rows: ProviderUsageRow[] = [];
  for (const { day, results } of buckets(body)) {
    for (const r of results) {
      const input = count(LABEL, r, 'input_tokens');
      const cached = Math.min(count(LABEL, r, 'input_cached_tokens'), input);
      rows.push({
        day,
        group: idOrNull(LABEL, r, 'project_id'),
        user: idOrNull(LABEL, r, 'user_id'),
        apiKey: idOrNull(LABEL, r, 'api_key_id'),
        model: idOrNull(LABEL, r, 'model'),
        inputTokens: input - cached,
        cacheReadTokens: cached,
        cacheWriteTokens: 0,
        cacheWrite1hTokens: 0,
        outputTokens: count(LABEL, r, 'output_tokens'),
        requests: count(LABEL, r, 'num_model_requests'),
      });
    }
  }
  return rows;
}

/** Cost results: `amount.value` in units of `amount.currency`, exactly as billed. */
export function parseCostPage(body: unknown): ProviderCostRow[] {
  const rows: ProviderCostRow[] = [];
  for (const { day, results } of buckets(body)) {
    for (const r of results) {
      const amount = r.amount;
      if (!isRecord(amount)) throw contractError(LABEL, 'a cost result has no amount');
      const currency = typeof amount.currency === 'string' && amount.currency !== '' ? amount.currency.toUpperCase() : 'USD';
      const item = idOrNull(LABEL, r, 'line_item') ?? '(no line item)';
      rows.push({ day, group: idOrNull(LABEL, r, 'project_id'), model: lineItemModel(item), item, micros: amountMicros(LABEL, amount.value, 1), currency });
    }
  }
  return rows;
}

/** `gpt-4o-2024-08-06, input` → `gpt-4o-2024-08-06`; a line item without a `, kind` part names no model. */
export function lineItemModel(item: string): string | null {
  const comma = item.lastIndexOf(', ');
  if (comma <= 0) return null;
  const model = item.slice(0, comma).trim();
  return model === '' || /\s/.test(model) ? null : model;
}
