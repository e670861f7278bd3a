import assert from 'node:assert/strict';
import { anthropicProvider } from '../../src/core/sources/anthropic/provider';
import { billedEvents } from '../../src/core/sources/providers/bill';
import { emptyNames, type ProviderCostRow, type ProviderUsageRow, type TokenCounts } from '../../src/core/sources/providers/types';

const DAY = Date.parse('2026-11-20T00:00:00Z');
const MODEL = 'claude-sonnet-4-20250514';

function usage(apiKey: string, tokens: Partial<TokenCounts>): ProviderUsageRow {
  return {
    day: DAY,
    group: 'wrkspc_a',
    user: null,
    apiKey,
    model: MODEL,
    inputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    cacheWrite1hTokens: 0,
    outputTokens: 0,
    ...tokens,
  };
}
const cost = (micros: number, model: string | null = MODEL, item = 'Input Tokens'): ProviderCostRow => ({
  day: DAY,
  group: 'wrkspc_a',
  model,
  item,
  micros,
  currency: 'USD',
});

describe('billing provider usage into events', () => {
  const rows = [usage('key_in', { inputTokens: 1000 }), usage('key_out', { outputTokens: 100 })];
  const spendOf = (events: ReturnType<typeof billedEvents>['events']) => Object.fromEntries(events.map((e) => [e.userId, e.costMicros]));

  it('splits the bill in proportion to priced tokens when the price table knows the model', () => {
    // Output costs ten times input: both keys used 1000 micros' worth, so they share the bill evenly.
    const price = (_model: string, t: TokenCounts) => t.inputTokens + 10 * t.outputTokens;
    const result = billedEvents(anthropicProvider, { usage: rows, costs: [cost(1001)] }, emptyNames(), price, 'a');
    assert.deepEqual(spendOf(result.events), { key_in: 501, key_out: 500 });
    assert.deepEqual(result.allocatedByTokens, []);
    assert.equal(result.allocatedMicros, 1001);
  });

  it('splits by tokens, and says so, when the model is not priced', () => {
    const result = billedEvents(anthropicProvider, { usage: rows, costs: [cost(1001)] }, emptyNames(), () => undefined, 'a');
    assert.deepEqual(spendOf(result.events), { key_in: 910, key_out: 91 });
    assert.deepEqual(result.allocatedByTokens, [MODEL]);
  });

  it('passes 1-hour cache writes to the price function apart from 5-minute ones', () => {
    const seen: TokenCounts[] = [];
    const row = usage('key_in', { cacheWriteTokens: 30, cacheWrite1hTokens: 10 });
    billedEvents(anthropicProvider, { usage: [row], costs: [cost(5)] }, emptyNames(), (_m, t) => (seen.push({ ...t }), 1), 'a');
    assert.equal(seen[0].cacheWriteTokens, 30);
    assert.equal(seen[0].cacheWrite1hTokens, 10);
  });

  it('keeps a charge without usage whole, under an unknown user, and counts it', () => {
    const result = billedEvents(anthropicProvider, { usage: [], costs: [cost(777)] }, emptyNames(), undefined, 'a');
    assert.equal(result.events.length, 1);
    assert.equal(result.events[0].costMicros, 777);
    assert.equal(result.unattributedMicros, 777);
  });

  it("keeps a charge that names no model as its own model row, split over the day's users", () => {
    const result = billedEvents(anthropicProvider, { usage: rows, costs: [cost(11, null, 'Web Search')] }, emptyNames(), undefined, 'a');
    const web = result.events.filter((e) => e.model === 'Web Search');
    assert.equal(
      web.reduce((s, e) => s + e.costMicros, 0),
      11,
    );
    assert.deepEqual(web.map((e) => e.userId).sort(), ['key_in', 'key_out']);
    // Tokens stay with the model that used them.
    assert.ok(web.every((e) => e.inputTokens === undefined));
  });
});
