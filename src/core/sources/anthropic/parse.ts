import { amountMicros, arrayField, contractError, count, idOrNull, isRecord } from '../providers/check';
import { type ProviderCostRow, type ProviderUsageRow } from '../providers/types';

/** Checks Anthropic's usage and cost report pages and maps their results to the provider rows. */

const LABEL = 'Anthropic';

function buckets(body: unknown): Array<{ day: number; results: Record<string, unknown>[] }> {
  return arrayField(LABEL, body, 'data').map((bucket) => {
    const start = isRecord(bucket) && typeof bucket.starting_at === 'string' ? Date.parse(bucket.starting_at) : NaN;
    if (Number.isNaN(start)) throw contractError(LABEL, 'a bucket has no starting_at instant');
    const results = arrayField(LABEL, bucket, 'results');
    if (!results.every(isRecord)) throw contractError(LABEL, 'a result is not an object');
    return { day: start, results };
  });
}

/** Usage results: uncached input, cache reads, cache writes (5-minute + 1-hour), output. No request counts. */
export function parseMessagesUsagePage(body: unknown): ProviderUsageRow[] {
  const rows: ProviderUsageRow[] = [];
  for (const { day, results } of buckets(body)) {
    for (const r of results) {
      const creation = isRecord(r.cache_creation) ? r.cache_creation : {};
      rows.push({
        day,
        group: idOrNull(LABEL, r, 'workspace_id'),
        user: null,
        apiKey: idOrNull(LABEL, r, 'api_key_id'),
        model: idOrNull(LABEL, r, 'model'),
        inputTokens: count(LABEL, r, 'uncached_input_tokens'),
        cacheReadTokens: count(LABEL, r, 'cache_read_input_tokens'),
        cacheWriteTokens: count(LABEL, creation, 'ephemeral_5m_input_tokens') + count(LABEL, creation, 'ephemeral_1h_input_tokens'),
        cacheWrite1hTokens: count(LABEL, creation, 'ephemeral_1h_input_tokens'),
        outputTokens: count(LABEL, r, 'output_tokens'),
      });
    }
  }
  return rows;
}

/** Cost results: `amount` is a decimal string in CENTS of `currency` ("123.45" is $1.2345). */
export function parseCostReportPage(body: unknown): ProviderCostRow[] {
  const rows: ProviderCostRow[] = [];
  for (const { day, results } of buckets(body)) {
    for (const r of results) {
      const currency = typeof r.currency === 'string' && r.currency !== '' ? r.currency.toUpperCase() : 'USD';
      const model = idOrNull(LABEL, r, 'model');
      const item = idOrNull(LABEL, r, 'description') ?? model ?? '(no description)';
      rows.push({ day, group: idOrNull(LABEL, r, 'workspace_id'), model, item, micros: amountMicros(LABEL, r.amount, 100), currency });
    }
  }
  return rows;
}
