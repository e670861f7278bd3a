import type { EventTokens, ModelPricing, PricePeriod, TokenPrices } from './types';

/**
 * Prices one model request from its tokens, in exact integer micro-units. Pure and cheap: the
 * model's prices were resolved once (resolver.ts), so the load's hot loop calls only this.
 *
 * A price of P per million tokens is P micro-units per token, so the cost is summed as integer
 * pico-units (P × 10^6 per token, exact for prices with up to six decimals) and rounded once,
 * half up, to micro-units after the multiplier.
 */
export function priceTokens(pricing: ModelPricing, tokens: EventTokens, timestamp: number): number {
  const period = periodAt(pricing.periods, timestamp);
  const prices = pricesFor(period, tokens.inputTokens + tokens.cacheReadTokens + tokens.cacheWriteTokens);
  const write1h = Math.min(tokens.cacheWrite1hTokens, tokens.cacheWriteTokens);
  const pico =
    tokens.inputTokens * picoPerToken(prices.input) +
    tokens.cacheReadTokens * picoPerToken(prices.cacheRead) +
    (tokens.cacheWriteTokens - write1h) * picoPerToken(prices.cacheWrite5m) +
    write1h * picoPerToken(prices.cacheWrite1h) +
    tokens.outputTokens * picoPerToken(prices.output);
  const scaled = pricing.multiplier === 1 ? pico : pico * pricing.multiplier;
  return Math.round(scaled / 1_000_000);
}

/** The period in force at `timestamp`: the last one whose start date and daily window both admit it. */
export function periodAt(periods: readonly PricePeriod[], timestamp: number): PricePeriod {
  if (periods.length === 1) return periods[0];
  let chosen = periods[0];
  for (let i = 1; i < periods.length; i++) {
    const period = periods[i];
    if (period.from !== undefined && timestamp < period.from) continue;
    if (period.dailyWindow && !inWindow(period.dailyWindow, timestamp)) continue;
    chosen = period;
  }
  return chosen;
}

/** The base prices, or those of the highest tier the request's total input is above. */
function pricesFor(period: PricePeriod, totalInput: number): TokenPrices {
  let prices = period.base;
  for (const tier of period.tiers) if (totalInput > tier.above) prices = tier.prices;
  return prices;
}

function inWindow(window: { start: number; end: number }, timestamp: number): boolean {
  const second = Math.floor((((timestamp % 86_400_000) + 86_400_000) % 86_400_000) / 1000);
  return window.start <= window.end ? second >= window.start && second < window.end : second >= window.start || second < window.end;
}

function picoPerToken(pricePerMillion: number): number {
  return Math.round(pricePerMillion * 1_000_000);
}
