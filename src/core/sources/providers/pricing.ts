import { priceTokens } from '../../pricing/price';
import { PriceResolver } from '../../pricing/resolver';
import { type PriceOverrides } from '../../pricing/types';
import { type ProviderKind } from './spec';
import { type PriceTokens } from './types';

/**
 * The price table (list prices, then the user's overrides) as the provider split's weight: what
 * the tokens of a model would cost on that day. Models the table does not know give undefined,
 * and the split falls back to tokens.
 */
export function providerPrices(kind: ProviderKind, overrides?: PriceOverrides): PriceTokens {
  const resolver = new PriceResolver({ providerHint: kind, overrides });
  return (model, tokens, day) => {
    const pricing = resolver.resolve(model);
    return pricing ? priceTokens(pricing, tokens, day) : undefined;
  };
}
