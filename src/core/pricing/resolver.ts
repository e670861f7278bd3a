import { lookupListPrices } from './listPrices';
import { OverrideMatcher, applyOverride } from './overrides';
import type { ModelPricing, PriceOverrides } from './types';

export interface PriceResolverOptions {
  /** The user's prices, which win over the table (`usageExplorer.pricing.overrides`). */
  overrides?: PriceOverrides;
  /** Provider to look a model up under first (`anthropic` for Claude Code, `openai` for Codex). */
  providerHint?: string;
}

/**
 * Resolves model ids to prices once each and remembers the answer (unpriced ones too), so a load
 * asks the table once per distinct model, never once per event.
 */
export class PriceResolver {
  private readonly cache = new Map<string, ModelPricing | undefined>();
  private readonly matcher: OverrideMatcher;
  private readonly providerHint: string | undefined;

  constructor(options: PriceResolverOptions = {}) {
    this.matcher = new OverrideMatcher(options.overrides ?? {});
    this.providerHint = options.providerHint;
  }

  /** The model's prices, or undefined when neither the table nor an override prices it. */
  resolve(model: string): ModelPricing | undefined {
    if (this.cache.has(model)) return this.cache.get(model);
    const listed = lookupListPrices(model, this.providerHint);
    const override = this.matcher.match(model);
    const pricing = override ? applyOverride(model, override.key, override.override, listed) : listed;
    this.cache.set(model, pricing);
    return pricing;
  }
}
