import type * as GenaiPrices from '@pydantic/genai-prices';
import type { ModelInfo, ModelPrice, TieredPrices } from '@pydantic/genai-prices';
import type { ModelPricing, PricePeriod, PriceTier, TokenPrices } from './types';

/**
 * The bundled list prices: `@pydantic/genai-prices` ships its price data inside the package and
 * is never asked to update it, so nothing is fetched at run time. This is the only file that
 * calls the library, and it does so once per model id: the load's hot loop prices events with
 * the plain numbers returned here (price.ts).
 */

type PriceValue = number | TieredPrices | undefined;

let library: typeof GenaiPrices | undefined;

/**
 * The library, loaded on first use: evaluating its bundled table takes about 100 ms, which every
 * CLI run and extension activation would otherwise pay even when nothing is priced.
 */
function genaiPrices(): typeof GenaiPrices {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy require keeps the table out of start-up
  library ??= require('@pydantic/genai-prices') as typeof GenaiPrices;
  return library;
}

/** The table's keys this product prices (per million tokens); other units (web searches, audio, images) are not in agent logs' token counts. */
const KEYS = {
  input: 'input_mtok',
  cacheRead: 'cache_read_mtok',
  cacheWrite5m: 'cache_write_mtok',
  cacheWrite1h: 'cache_write_1h_mtok',
  output: 'output_mtok',
} as const;

const NO_USAGE = { input_tokens: 0, output_tokens: 0 };

/**
 * The list prices of a model id as logged (`claude-sonnet-4-5-20250929`, `gpt-5-codex`), from the
 * bundled table; undefined when the table has no token prices for it. `providerHint` (`anthropic`,
 * `openai`) is tried first, then any provider whose models match the id.
 */
export function lookupListPrices(model: string, providerHint?: string): ModelPricing | undefined {
  const found = (providerHint ? findModel(model, providerHint) : undefined) ?? findModel(model, undefined);
  if (!found) return undefined;
  const periods = toPeriods(found.info);
  if (!periods) return undefined;
  return { model, matchedId: found.info.id, provider: found.provider, origin: 'table', multiplier: 1, periods };
}

function findModel(model: string, providerId: string | undefined): { info: ModelInfo; provider: string } | undefined {
  try {
    const result = genaiPrices().calcPrice(NO_USAGE, model, providerId ? { providerId } : {});
    return result ? { info: result.model, provider: result.provider.id } : undefined;
  } catch {
    // The library throws for entries it cannot price (e.g. a unit it does not know): unpriced, not fatal.
    return undefined;
  }
}

function toPeriods(info: ModelInfo): PricePeriod[] | undefined {
  if (!Array.isArray(info.prices)) {
    const period = toPeriod(info.prices);
    return period ? [period] : undefined;
  }
  const periods: PricePeriod[] = [];
  for (const conditional of info.prices) {
    const period = toPeriod(conditional.prices);
    if (!period) return undefined;
    const constraint = conditional.constraint;
    if (constraint?.type === 'start_date') {
      const from = Date.parse(`${constraint.start_date.slice(0, 10)}T00:00:00Z`);
      if (Number.isNaN(from)) return undefined;
      period.from = from;
    } else if (constraint?.type === 'time_of_date') {
      const start = secondsOfUtcDay(constraint.start_time);
      const end = secondsOfUtcDay(constraint.end_time);
      if (start === undefined || end === undefined) return undefined;
      period.dailyWindow = { start, end };
    }
    periods.push(period);
  }
  return periods.length > 0 ? periods : undefined;
}

/** One price entry: base prices and one tier per distinct tier start of any key. Undefined without input and output prices. */
function toPeriod(prices: ModelPrice): PricePeriod | undefined {
  const values = {
    input: prices[KEYS.input],
    cacheRead: prices[KEYS.cacheRead],
    cacheWrite5m: prices[KEYS.cacheWrite5m],
    cacheWrite1h: prices[KEYS.cacheWrite1h],
    output: prices[KEYS.output],
  };
  if (values.input === undefined || values.output === undefined) return undefined;
  const starts = new Set<number>();
  for (const value of Object.values(values)) {
    if (typeof value === 'object') for (const tier of value.tiers) starts.add(tier.start);
  }
  const at = (above: number): TokenPrices => {
    const input = priceAt(values.input, above);
    const cacheWrite5m = priceAt(values.cacheWrite5m, above) ?? input;
    return {
      input: input ?? 0,
      // A missing cache price means those tokens are billed as the kind they are part of (the table's rule).
      cacheRead: priceAt(values.cacheRead, above) ?? input ?? 0,
      cacheWrite5m: cacheWrite5m ?? 0,
      cacheWrite1h: priceAt(values.cacheWrite1h, above) ?? cacheWrite5m ?? 0,
      output: priceAt(values.output, above) ?? 0,
    };
  };
  const tiers: PriceTier[] = [...starts].sort((a, b) => a - b).map((above) => ({ above, prices: at(above) }));
  return { base: at(-1), tiers };
}

/** A key's price for requests whose total input is just above `above` (-1: the base price). */
function priceAt(value: PriceValue, above: number): number | undefined {
  if (value === undefined || typeof value === 'number') return value;
  let price = value.base;
  for (const tier of value.tiers) if (tier.start <= above) price = tier.price;
  return price;
}

const TIME_OF_DAY = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|([+-])(\d{2}):?(\d{2}))?$/;

/** `16:30:00Z`, `00:30+08:00` → seconds after midnight UTC. */
function secondsOfUtcDay(text: string): number | undefined {
  const m = TIME_OF_DAY.exec(text);
  if (!m) return undefined;
  const local = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0);
  const offset = m[5] ? (m[5] === '-' ? -1 : 1) * (Number(m[6]) * 3600 + Number(m[7]) * 60) : 0;
  return (((local - offset) % 86_400) + 86_400) % 86_400;
}
