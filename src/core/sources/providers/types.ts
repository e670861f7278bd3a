/**
 * The shapes every provider source (OpenAI, Anthropic) reduces its Admin API answers to, so that
 * allocation, caching and event building are written once. Days are UTC day starts in ms.
 */

/** Tokens as Usage Explorer counts them: input is uncached input; cache writes are all lifetimes together. */
export interface TokenCounts {
  inputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** The part of cacheWriteTokens written for one hour (priced higher than 5-minute writes). */
  cacheWrite1hTokens: number;
  outputTokens: number;
}

/** One usage result of one day: a group (project/workspace), a user or API key, a model. */
export interface ProviderUsageRow extends TokenCounts {
  /** UTC ms of the start of the day the bucket covers. */
  day: number;
  /** Project (OpenAI) or workspace (Anthropic) id; null when the provider gives none. */
  group: string | null;
  /** User id, when the provider reports one. */
  user: string | null;
  /** API key id, when the provider reports one. */
  apiKey: string | null;
  /** Model id as reported; null when the endpoint has none. */
  model: string | null;
  /** Model requests; undefined when the provider does not count them. */
  requests?: number;
}

/** One billed amount of one day: what the provider's cost report says, exactly. */
export interface ProviderCostRow {
  day: number;
  group: string | null;
  /** Model the line item names, or null when it names none (e.g. a tool or storage charge). */
  model: string | null;
  /** The line item / description as the bill gives it. */
  item: string;
  /** Amount in exact micro-units of `currency`. */
  micros: number;
  /** ISO 4217 code, upper case. */
  currency: string;
}

/** Display names by id; any of them may be empty when the key may not read the list. */
export interface ProviderNames {
  groups: Record<string, string>;
  users: Record<string, string>;
  apiKeys: Record<string, string>;
}

/** Tokens a person used through a product the provider reports per person (Claude Code). */
export interface PersonUsageRow extends TokenCounts {
  day: number;
  /** E-mail address, or the API key's name for an API actor. */
  person: string;
  model: string;
}

/** What one fetch of a span of days returned. */
export interface ProviderDays {
  usage: ProviderUsageRow[];
  costs: ProviderCostRow[];
  /** Per-person usage of a product, where the provider reports it. */
  people?: PersonUsageRow[];
}

/**
 * Prices tokens of a model used on a UTC day in micro-units (the price table's function);
 * undefined when the model is not in the table. The bill is split in proportion to these amounts.
 */
export type PriceTokens = (model: string, tokens: TokenCounts, day: number) => number | undefined;

export function emptyNames(): ProviderNames {
  return { groups: {}, users: {}, apiKeys: {} };
}

export function totalTokens(tokens: TokenCounts): number {
  return tokens.inputTokens + tokens.cacheReadTokens + tokens.cacheWriteTokens + tokens.outputTokens;
}
