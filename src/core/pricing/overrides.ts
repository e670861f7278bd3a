import type { ModelPricing, PriceOverride, PriceOverrides, PricePeriod, TokenPrices } from './types';

/**
 * The user's prices (`usageExplorer.pricing.overrides`): keyed by an exact model id or a pattern
 * where `*` stands for any characters, matched case-insensitively. An exact id beats any pattern;
 * among patterns the most specific (most characters besides `*`) wins.
 */

const PRICE_FIELDS = ['input', 'cachedInput', 'cacheWrite', 'cacheWrite1h', 'output'] as const;
const FIELDS: ReadonlySet<string> = new Set([...PRICE_FIELDS, 'multiplier']);

interface CompiledOverride {
  key: string;
  override: PriceOverride;
  exact: boolean;
  specificity: number;
  test: RegExp;
}

/** Finds the override for a model id; compile once with `compileOverrides` and reuse. */
export class OverrideMatcher {
  private readonly entries: CompiledOverride[];

  constructor(overrides: PriceOverrides) {
    this.entries = Object.entries(overrides).map(([key, override]) => ({
      key,
      override,
      exact: !key.includes('*'),
      specificity: key.replace(/\*/g, '').length,
      test: new RegExp(`^${key.split('*').map(escapeRegExp).join('.*')}$`, 'i'),
    }));
  }

  match(model: string): { key: string; override: PriceOverride } | undefined {
    let best: CompiledOverride | undefined;
    for (const entry of this.entries) {
      if (!entry.test.test(model)) continue;
      if (!best || rank(entry) > rank(best)) best = entry;
    }
    return best && { key: best.key, override: best.override };
  }
}

function rank(entry: CompiledOverride): number {
  return entry.exact ? Number.MAX_SAFE_INTEGER : entry.specificity;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Applies an override to a model's list prices (undefined when the table does not know it).
 * - Only a `multiplier`: the list prices, scaled; a model the table does not know stays unpriced.
 * - Any price: one flat set of prices (no tiers, no dated periods). Fields left out keep the
 *   table's current base price; for a model the table does not know, `cachedInput` and
 *   `cacheWrite` default to `input` and `cacheWrite1h` to `cacheWrite`, while `input` and
 *   `output` must be given (otherwise the model stays unpriced rather than costing $0).
 */
export function applyOverride(model: string, key: string, override: PriceOverride, listed: ModelPricing | undefined): ModelPricing | undefined {
  const multiplier = override.multiplier ?? 1;
  const hasPrice = PRICE_FIELDS.some((field) => override[field] !== undefined);
  if (!hasPrice) {
    return listed && { ...listed, origin: 'table-with-multiplier', multiplier: listed.multiplier * multiplier };
  }
  const current = listed ? currentBase(listed.periods) : undefined;
  const input = override.input ?? current?.input;
  const output = override.output ?? current?.output;
  if (input === undefined || output === undefined) return undefined;
  const cacheWrite5m = override.cacheWrite ?? current?.cacheWrite5m ?? input;
  const base: TokenPrices = {
    input,
    cacheRead: override.cachedInput ?? current?.cacheRead ?? input,
    cacheWrite5m,
    cacheWrite1h: override.cacheWrite1h ?? (override.cacheWrite === undefined ? current?.cacheWrite1h : undefined) ?? cacheWrite5m,
    output,
  };
  return { model, matchedId: key, provider: 'override', origin: 'override', multiplier, periods: [{ base, tiers: [] }] };
}

/** The base prices in force from the latest start date (daily off-peak windows aside). */
function currentBase(periods: readonly PricePeriod[]): TokenPrices {
  let chosen = periods[0];
  for (const period of periods) if (!period.dailyWindow && (period.from ?? -Infinity) >= (chosen.from ?? -Infinity)) chosen = period;
  return chosen.base;
}

/**
 * Reads `usageExplorer.pricing.overrides` as the user wrote it: keeps the valid entries and says
 * what is wrong with the rest (non-negative numbers only; a multiplier above zero).
 */
export function parseOverrides(value: unknown): { overrides: PriceOverrides; problems: string[] } {
  const overrides: Record<string, PriceOverride> = {};
  const problems: string[] = [];
  if (value === undefined || value === null) return { overrides, problems };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { overrides, problems: ['price overrides must be an object keyed by model id or pattern'] };
  }
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
    const problem = entryProblem(key, entry);
    if (problem) problems.push(problem);
    // A plain copy: VS Code hands settings out as read-only proxies, which cannot be posted to a worker.
    else overrides[key] = { ...(entry as PriceOverride) };
  }
  return { overrides, problems };
}

function entryProblem(key: string, entry: unknown): string | undefined {
  if (key.trim() === '') return 'a price override has an empty model id';
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    return `price override "${key}" must be an object such as { "input": 3, "output": 15 }`;
  }
  for (const [field, price] of Object.entries(entry as Record<string, unknown>)) {
    if (!FIELDS.has(field)) return `price override "${key}" has an unknown field "${field}" (use ${[...FIELDS].join(', ')})`;
    const valid = typeof price === 'number' && Number.isFinite(price) && (field === 'multiplier' ? price > 0 : price >= 0);
    if (!valid) return `price override "${key}": ${field} must be a ${field === 'multiplier' ? 'number above 0' : 'non-negative number'}`;
  }
  return undefined;
}
