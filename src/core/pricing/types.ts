/**
 * The offline price table's shapes. Prices are list prices in currency units (USD for the
 * bundled table) per million tokens; a model is resolved to these once, and each event is
 * then priced by a pure function (see price.ts) without another table look-up.
 */

/** List prices per million tokens of each kind. */
export interface TokenPrices {
  /** Uncached input. */
  input: number;
  /** Input read from the prompt cache (OpenAI: cached input). */
  cacheRead: number;
  /** Input written to the prompt cache with the 5-minute lifetime (Anthropic: 1.25x input). */
  cacheWrite5m: number;
  /** Input written to the prompt cache with the 1-hour lifetime (Anthropic: 2x input). */
  cacheWrite1h: number;
  /** Output, reasoning included. */
  output: number;
}

/** Prices that replace the base prices when a request's total input is above `above` tokens. */
export interface PriceTier {
  /** Total input tokens (uncached + cache read + cache write) this tier starts above. */
  above: number;
  prices: TokenPrices;
}

/**
 * The prices of one model over one span of time. A model's periods are tried in order and the
 * last one that applies wins (the table's own rule), so an unconstrained first period is the default.
 */
export interface PricePeriod {
  /** UTC instant (ms) from which the period applies; undefined: always. */
  from?: number;
  /** Seconds of the UTC day the period applies in, `[start, end)`, wrapping past midnight when end < start. */
  dailyWindow?: { start: number; end: number };
  base: TokenPrices;
  /** Tiers by total input, ascending; the highest one exceeded applies to every token of the request. */
  tiers: readonly PriceTier[];
}

/** A model's prices, resolved once per model id. */
export interface ModelPricing {
  /** The model id as it was asked for (as logged). */
  model: string;
  /** The price table's id for it, or the override pattern that priced it. */
  matchedId: string;
  /** The provider whose list prices these are (`anthropic`, `openai`, …), or `override`. */
  provider: string;
  /** Where the prices come from. */
  origin: 'table' | 'override' | 'table-with-multiplier';
  /** Factor applied to every cost (discounts, resellers); 1 when none. */
  multiplier: number;
  periods: readonly PricePeriod[];
}

/** The tokens of one model request, each kind counted once. */
export interface EventTokens {
  /** Uncached input tokens. */
  inputTokens: number;
  cacheReadTokens: number;
  /** All cache writes, both lifetimes together. */
  cacheWriteTokens: number;
  /** The part of `cacheWriteTokens` written with the 1-hour lifetime (the rest is 5-minute). */
  cacheWrite1hTokens: number;
  outputTokens: number;
}

/**
 * A user's price for one model or model pattern, per million tokens (`usageExplorer.pricing.overrides`).
 * Every field is optional; see overrides.ts for how missing ones are filled.
 */
export interface PriceOverride {
  input?: number;
  cachedInput?: number;
  cacheWrite?: number;
  cacheWrite1h?: number;
  output?: number;
  /** Factor on the resulting cost, e.g. 0.8 for a 20 % discount. */
  multiplier?: number;
}

/** Overrides keyed by exact model id or a pattern with `*` (any characters). */
export type PriceOverrides = Readonly<Record<string, PriceOverride>>;
