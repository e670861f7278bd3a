import { anthropicProvider } from '../core/sources/anthropic/provider';
import { openAiProvider } from '../core/sources/openai/provider';
import { loadProviderSource } from '../core/sources/providers/load';
import { providerNote } from '../core/sources/providers/note';
import { providerPrices } from '../core/sources/providers/pricing';
import { type ProviderKind, type ProviderSpec } from '../core/sources/providers/spec';
import { type PriceTokens } from '../core/sources/providers/types';
import { type StoreBuilder } from '../core/store';
import { resolveRange } from '../core/time';

/** The provider sources of the CLI: where their key and base URL come from (never OPENAI_BASE_URL / ANTHROPIC_BASE_URL). */
const CLI_PROVIDERS: Record<ProviderKind, { spec: ProviderSpec; keyVariable: string; baseUrlVariable: string }> = {
  openai: { spec: openAiProvider, keyVariable: 'OPENAI_ADMIN_KEY', baseUrlVariable: 'USAGE_EXPLORER_OPENAI_BASE_URL' },
  anthropic: { spec: anthropicProvider, keyVariable: 'ANTHROPIC_ADMIN_KEY', baseUrlVariable: 'USAGE_EXPLORER_ANTHROPIC_BASE_URL' },
};

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

export function isProviderKind(value: string | undefined): value is ProviderKind {
  return value === 'openai' || value === 'anthropic';
}

export interface CliProviderOptions {
  range: string;
  timeZone: string;
  now: number | undefined;
  cacheDir: string | undefined;
  env: NodeJS.ProcessEnv;
  price: PriceTokens | undefined;
  stderr: (line: string) => void;
}

/** A provider's setup problem (no key): reported as a data error naming the variable. */
export class ProviderSetupError extends Error {}

/**
 * Loads the provider's organisation for the range and the period before it (for the change
 * column) into `builder`; returns the label of the source. Notes on what is billed, what is
 * allocated and which days are not final go to stderr.
 */
export async function loadProviderForCli(kind: ProviderKind, options: CliProviderOptions, builder: StoreBuilder): Promise<string> {
  const { spec, keyVariable, baseUrlVariable } = CLI_PROVIDERS[kind];
  const key = options.env[keyVariable]?.trim() ?? '';
  if (key === '') throw new ProviderSetupError(`--source ${kind} needs an Admin key in ${keyVariable}.`);
  const baseUrl = options.env[baseUrlVariable]?.trim() || spec.defaultBaseUrl;
  const now = options.now ?? Date.now();
  const range = resolveRange(options.range, { timeZone: options.timeZone, now, extent: { first: now - 365 * 86_400_000, last: now } });
  const result = await loadProviderSource(spec, {
    baseUrl,
    key,
    from: range.previous.from,
    to: range.current.to,
    now,
    cacheDir: options.cacheDir,
    price: options.price ?? providerPrices(kind),
  });
  builder.beginSource({ id: `${kind}:${baseUrl}`, label: `${spec.identity.label} (${hostOf(baseUrl)})`, runsKnown: result.runsKnown, note: providerNote(kind, result) });
  for (const event of result.events) builder.add(event);

  const label = spec.identity.label;
  const say = options.stderr;
  say(`note: ${label}: ${providerNote(kind, result)}`);
  if (!result.runsKnown) say(`note: ${label} reports no request counts: runs are unknown.`);
  if (result.partialDays.length > 0) say(`note: not final yet (the provider may still change them): ${result.partialDays.join(', ')}.`);
  if (options.timeZone !== 'UTC') say(`note: ${label} days are UTC days, each placed at its UTC start.`);
  return `${label} organisation`;
}
