import assert from 'node:assert/strict';
import fc from 'fast-check';
import { calcPrice } from '@pydantic/genai-prices';
import { lookupListPrices } from '../../src/core/pricing/listPrices';
import { OverrideMatcher, parseOverrides } from '../../src/core/pricing/overrides';
import { priceTokens } from '../../src/core/pricing/price';
import { PriceResolver } from '../../src/core/pricing/resolver';
import type { EventTokens, ModelPricing } from '../../src/core/pricing/types';

const NOV_2026 = Date.UTC(2026, 10, 2, 12);

function tokens(partial: Partial<EventTokens>): EventTokens {
  return { inputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, cacheWrite1hTokens: 0, outputTokens: 0, ...partial };
}

function listed(model: string, provider?: string): ModelPricing {
  const pricing = lookupListPrices(model, provider);
  assert.ok(pricing, `${model} is in the bundled table`);
  return pricing;
}

describe('pricing', () => {
  describe('list prices by hand (published per-million prices; $P per million tokens = P micro-units per token)', () => {
    it('Claude Sonnet 4.5: input $3, 5-minute cache write 1.25x, 1-hour cache write 2x, cache read 0.1x, output $15', () => {
      const pricing = listed('claude-sonnet-4-5-20250929', 'anthropic');
      const input = 3;
      const expected = 1_000 * input + 20_000 * (0.1 * input) + 3_000 * (1.25 * input) + 2_000 * (2 * input) + 500 * 15;
      assert.equal(expected, 39_750);
      const cost = priceTokens(
        pricing,
        tokens({ inputTokens: 1_000, cacheReadTokens: 20_000, cacheWriteTokens: 5_000, cacheWrite1hTokens: 2_000, outputTokens: 500 }),
        NOV_2026,
      );
      assert.equal(cost, expected);
    });

    it('Claude Sonnet 4.5 above 200k input tokens (cache included): every token at the long-context rate ($6 in, $0.60 read, $22.50 out)', () => {
      const pricing = listed('claude-sonnet-4-5-20250929', 'anthropic');
      const over = tokens({ inputTokens: 150_000, cacheReadTokens: 50_010, outputTokens: 1_000 });
      assert.equal(priceTokens(pricing, over, NOV_2026), 150_000 * 6 + 50_010 * 0.6 + 1_000 * 22.5);
      const atLimit = tokens({ inputTokens: 150_000, cacheReadTokens: 50_000, outputTokens: 1_000 });
      assert.equal(priceTokens(pricing, atLimit, NOV_2026), 150_000 * 3 + 50_000 * 0.3 + 1_000 * 15);
      const writesCount = tokens({ inputTokens: 10, cacheWriteTokens: 200_000, outputTokens: 100 });
      assert.equal(priceTokens(pricing, writesCount, NOV_2026), 10 * 6 + 200_000 * 7.5 + 100 * 22.5);
    });

    it('Claude Opus 4.1: a 1-hour cache write at $30 (2 x $15), output $75', () => {
      const pricing = listed('claude-opus-4-1-20250805', 'anthropic');
      const cost = priceTokens(pricing, tokens({ inputTokens: 10, cacheWriteTokens: 100_000, cacheWrite1hTokens: 100_000, outputTokens: 200 }), NOV_2026);
      assert.equal(cost, 10 * 15 + 100_000 * 30 + 200 * 75);
    });

    it('Claude 3.5 Haiku: $0.80 in, $1 cache write, $0.08 read, $4 out, rounded once per request', () => {
      const pricing = listed('claude-3-5-haiku-20241022', 'anthropic');
      const cost = priceTokens(pricing, tokens({ inputTokens: 7, cacheReadTokens: 13, cacheWriteTokens: 3, outputTokens: 11 }), NOV_2026);
      // 5.6 + 1.04 + 3 + 44 = 53.64 micro-units → 54
      assert.equal(cost, 54);
    });

    it('OpenAI GPT-5 (as Codex logs it, gpt-5-codex): $1.25 uncached input, $0.125 cached input, $10 output', () => {
      const pricing = listed('gpt-5-codex', 'openai');
      assert.equal(pricing.provider, 'openai');
      const cost = priceTokens(pricing, tokens({ inputTokens: 9_000, cacheReadTokens: 1_000, outputTokens: 300 }), NOV_2026);
      assert.equal(cost, 9_000 * 1.25 + 1_000 * 0.125 + 300 * 10);
    });

    it('rounds half up to the micro-unit', () => {
      const pricing = listed('gpt-5', 'openai');
      assert.equal(priceTokens(pricing, tokens({ cacheReadTokens: 4 }), NOV_2026), 1); // 0.5
      assert.equal(priceTokens(pricing, tokens({ cacheReadTokens: 3 }), NOV_2026), 0); // 0.375
      assert.equal(priceTokens(pricing, tokens({ inputTokens: 2 }), NOV_2026), 3); // 2.5
    });
  });

  it('agrees with the library’s own calculation for Anthropic and OpenAI models, tiers and dated prices included', () => {
    const models: [string, string][] = [
      ['claude-sonnet-4-5-20250929', 'anthropic'],
      ['claude-opus-4-6', 'anthropic'],
      ['claude-opus-4-1-20250805', 'anthropic'],
      ['claude-haiku-4-5-20251001', 'anthropic'],
      ['claude-3-5-haiku-20241022', 'anthropic'],
      ['gpt-5-codex', 'openai'],
      ['gpt-5.1-codex-max', 'openai'],
      ['gpt-4.1', 'openai'],
      ['o3', 'openai'],
    ];
    const count = fc.integer({ min: 0, max: 400_000 });
    fc.assert(
      fc.property(
        fc.constantFrom(...models),
        count,
        count,
        count,
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 40_000 }),
        fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2026, 10, 30) }),
        ([model, provider], input, read, write, share1h, output, at) => {
          const write1h = Math.floor((write * share1h) / 100);
          const ours = priceTokens(
            listed(model, provider),
            tokens({ inputTokens: input, cacheReadTokens: read, cacheWriteTokens: write, cacheWrite1hTokens: write1h, outputTokens: output }),
            at,
          );
          const usage = {
            input_tokens: input + read + write,
            cache_read_tokens: read,
            cache_write_tokens: write,
            cache_write_1h_tokens: write1h,
            output_tokens: output,
          };
          const theirs = calcPrice(usage, model, { providerId: provider, timestamp: new Date(at) });
          assert.ok(theirs);
          assert.ok(Math.abs(ours - theirs.total_price * 1_000_000) <= 0.5 + 1e-6, `${model}: ${ours} vs ${theirs.total_price * 1e6}`);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('leaves unknown models unpriced instead of pricing them at $0', () => {
    assert.equal(lookupListPrices('acme-internal-llm-7', 'anthropic'), undefined);
    assert.equal(new PriceResolver({ providerHint: 'openai' }).resolve('acme-internal-llm-7'), undefined);
  });

  describe('overrides', () => {
    it('an exact id beats a pattern, and the most specific pattern beats a broader one', () => {
      const matcher = new OverrideMatcher({
        '*': { multiplier: 0.5 },
        'claude-*': { multiplier: 0.8 },
        'claude-opus-*': { multiplier: 0.9 },
        'CLAUDE-OPUS-4-1': { multiplier: 1.1 },
      });
      assert.equal(matcher.match('claude-opus-4-1')?.key, 'CLAUDE-OPUS-4-1');
      assert.equal(matcher.match('claude-opus-4-5')?.key, 'claude-opus-*');
      assert.equal(matcher.match('claude-haiku-4-5')?.key, 'claude-*');
      assert.equal(matcher.match('gpt-5')?.key, '*');
      assert.equal(new OverrideMatcher({ 'gpt-5.1': { input: 1 } }).match('gpt-5x1'), undefined, 'a dot is a dot, not any character');
    });

    it('a multiplier scales list prices; prices replace them, missing fields kept from the table', () => {
      const resolver = new PriceResolver({
        providerHint: 'anthropic',
        overrides: { 'claude-sonnet-*': { multiplier: 0.8 }, 'claude-opus-4-1*': { input: 10, output: 50 } },
      });
      const sonnet = resolver.resolve('claude-sonnet-4-5-20250929');
      assert.ok(sonnet);
      assert.equal(priceTokens(sonnet, tokens({ inputTokens: 1_000, outputTokens: 1_000 }), NOV_2026), (1_000 * 3 + 1_000 * 15) * 0.8);
      const opus = resolver.resolve('claude-opus-4-1-20250805');
      assert.ok(opus);
      assert.equal(opus.origin, 'override');
      // cache read and writes keep the table's $1.50, $18.75 and $30
      const cost = priceTokens(
        opus,
        tokens({ inputTokens: 100, cacheReadTokens: 100, cacheWriteTokens: 100, cacheWrite1hTokens: 40, outputTokens: 100 }),
        NOV_2026,
      );
      assert.equal(cost, 100 * 10 + 100 * 1.5 + 60 * 18.75 + 40 * 30 + 100 * 50);
    });

    it('prices a model the table does not know when input and output are given; cache prices default to input', () => {
      const resolver = new PriceResolver({
        overrides: { 'acme-*': { input: 2, output: 8, multiplier: 0.5 }, 'half-*': { input: 2 }, 'mult-*': { multiplier: 2 } },
      });
      const acme = resolver.resolve('acme-internal-llm-7');
      assert.ok(acme);
      assert.equal(
        priceTokens(acme, tokens({ inputTokens: 1_000, cacheReadTokens: 1_000, cacheWriteTokens: 1_000, outputTokens: 1_000 }), NOV_2026),
        (3_000 * 2 + 1_000 * 8) * 0.5,
      );
      assert.equal(resolver.resolve('half-model'), undefined, 'no output price: unpriced, not $0');
      assert.equal(resolver.resolve('mult-model'), undefined, 'a multiplier alone cannot price an unknown model');
    });

    it('reads the setting, keeping valid entries and naming the bad ones', () => {
      const { overrides, problems } = parseOverrides({
        'gpt-5*': { input: 1, cachedInput: 0.1, output: 8 },
        'bad-1': { input: -1 },
        'bad-2': { inptu: 3 },
        'bad-3': 'cheap',
        'bad-4': { multiplier: 0 },
      });
      assert.deepEqual(Object.keys(overrides), ['gpt-5*']);
      assert.equal(problems.length, 4);
      assert.match(problems.join('\n'), /bad-1.*input must be a non-negative number/);
      assert.match(problems.join('\n'), /bad-2.*unknown field "inptu"/);
      assert.deepEqual(parseOverrides(['x']).problems, ['price overrides must be an object keyed by model id or pattern']);
      assert.deepEqual(parseOverrides(undefined), { overrides: {}, problems: [] });
    });
  });

  it('asks the table once per model, however many events', () => {
    const resolver = new PriceResolver({ providerHint: 'anthropic' });
    const first = resolver.resolve('claude-sonnet-4-5-20250929');
    assert.equal(resolver.resolve('claude-sonnet-4-5-20250929'), first);
    assert.equal(resolver.resolve('nope'), undefined);
    assert.equal(resolver.resolve('nope'), undefined);
  });
});
