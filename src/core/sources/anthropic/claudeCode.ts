import { arrayField, contractError, count, isRecord, nextPageToken } from '../providers/check';
import { type ProviderClient } from '../providers/client';
import { DAY_MS, utcDayKey } from '../providers/days';
import { type PersonUsageRow } from '../providers/types';

/**
 * The Claude Code usage report: per person (`actor.email_address`, or the API key's name for an
 * API actor), per model, the tokens Claude Code used on one UTC day. Optional: an organisation
 * without Claude Code, or a key that may not read it, gives no rows (403/404), never a failure.
 * Records of subscription plans are left out: they are not on the API bill.
 */

export const CLAUDE_CODE_PATH = 'v1/organizations/usage_report/claude_code';
const LABEL = 'Anthropic';

export async function fetchClaudeCodeDays(client: ProviderClient, from: number, to: number): Promise<PersonUsageRow[]> {
  const rows: PersonUsageRow[] = [];
  for (let day = from; day < to; day += DAY_MS) {
    for await (const body of client.pages(
      CLAUDE_CODE_PATH,
      [
        ['starting_at', utcDayKey(day)],
        ['limit', '1000'],
      ],
      nextPageToken,
      true,
    )) {
      rows.push(...parseClaudeCodePage(body, day));
    }
  }
  return rows;
}

export function parseClaudeCodePage(body: unknown, day: number): PersonUsageRow[] {
  const rows: PersonUsageRow[] = [];
  for (const record of arrayField(LABEL, body, 'data')) {
    if (!isRecord(record)) throw contractError(LABEL, 'a Claude Code record is not an object');
    if (record.customer_type === 'subscription') continue;
    const actor = isRecord(record.actor) ? record.actor : {};
    const person =
      typeof actor.email_address === 'string' && actor.email_address
        ? actor.email_address
        : typeof actor.api_key_name === 'string' && actor.api_key_name
          ? actor.api_key_name
          : undefined;
    if (!person) continue;
    for (const entry of Array.isArray(record.model_breakdown) ? record.model_breakdown : []) {
      if (!isRecord(entry) || typeof entry.model !== 'string') continue;
      const tokens = isRecord(entry.tokens) ? entry.tokens : {};
      rows.push({
        day,
        person,
        model: entry.model,
        inputTokens: count(LABEL, tokens, 'input'),
        cacheReadTokens: count(LABEL, tokens, 'cache_read'),
        cacheWriteTokens: count(LABEL, tokens, 'cache_creation'),
        cacheWrite1hTokens: 0,
        outputTokens: count(LABEL, tokens, 'output'),
      });
    }
  }
  return rows;
}
