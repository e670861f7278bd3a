import { type PriceOverrides } from '../../pricing/types';
import { type StoreSource } from '../../store';
import { type StoreBuilder } from '../../storeBuilder';
import { anthropicProvider } from '../anthropic/provider';
import { openAiProvider } from '../openai/provider';
import { loadProviderSource, type ProviderLoadOptions, type ProviderLoadResult } from './load';
import { providerNote } from './note';
import { providerPrices } from './pricing';
import { type ProviderKind, type ProviderSpec } from './spec';

/** The provider kinds, as `usageExplorer.sources` and `--source` name them. */
export const PROVIDER_SPECS: Readonly<Record<ProviderKind, ProviderSpec>> = { openai: openAiProvider, anthropic: anthropicProvider };

export function isProviderKind(value: unknown): value is ProviderKind {
  return value === 'openai' || value === 'anthropic';
}

export interface OrganisationOptions extends Omit<ProviderLoadOptions, 'price' | 'sourceId'> {
  kind: ProviderKind;
  /** The user's name for this organisation (several may be configured); default: the provider and host. */
  name?: string;
  /** The user's prices, over the price table, for the user split. */
  overrides?: PriceOverrides;
  /** The view's time zone: in another than UTC, the notes say that provider days are UTC days. */
  timeZone?: string;
}

export interface OrganisationLoad {
  /** e.g. `OpenAI (api.openai.com)` or the user's name. */
  label: string;
  result: ProviderLoadResult;
  /** What the user should know about these figures, one line each. */
  notes: string[];
}

/** The store source id of an organisation: kind and base URL, and the name when there are several. */
export function organisationSourceId(kind: ProviderKind, baseUrl: string, name?: string): string {
  return `${kind}:${baseUrl.trim().replace(/\/+$/, '')}${name ? `:${name}` : ''}`;
}

/**
 * Loads one organisation (usage, bill, names; cached days reused) into `builder` as a source of
 * its own: runs unknown where the provider does not count them, and a note saying what is billed
 * and what is allocated, which exports carry.
 */
export async function loadOrganisation(
  builder: StoreBuilder,
  options: OrganisationOptions,
  /** Starts the organisation's source in the builder (the engine's segments wrap this). */
  begin: (source: StoreSource) => void = (source) => builder.beginSource(source),
): Promise<OrganisationLoad> {
  const spec = PROVIDER_SPECS[options.kind];
  const id = organisationSourceId(options.kind, options.baseUrl, options.name);
  const result = await loadProviderSource(spec, { ...options, sourceId: id, price: providerPrices(options.kind, options.overrides) });
  const label = options.name || `${spec.identity.label} (${hostOf(options.baseUrl)})`;
  const note = providerNote(options.kind, result);
  begin({ id, label, runsKnown: result.runsKnown, note });
  for (const event of result.events) builder.add(event);

  const notes = [`${label}: ${note}`];
  if (!result.runsKnown) notes.push(`${label}: ${spec.identity.label} reports no request counts, so runs are unknown.`);
  if (result.partialDays.length > 0) notes.push(`${label}: not final yet (the provider may still change them): ${result.partialDays.join(', ')}.`);
  if (options.timeZone && options.timeZone !== 'UTC') notes.push(`${label}: provider days are UTC days, each placed at its UTC start.`);
  if (result.unattributedMicros !== 0) notes.push(`${label}: some billed amounts had no usage to split them over; they are shown under (unknown).`);
  return { label, result, notes };
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}
