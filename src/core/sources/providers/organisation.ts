import { type PriceOverrides } from '../../pricing/types';
import { type EnginePool } from '../../engine/pool';
import { type StoreSource, type UsageStore } from '../../store';
import { type StoreBuilder } from '../../storeBuilder';
import { anthropicProvider } from '../anthropic/provider';
import { openAiProvider } from '../openai/provider';
import { loadProviderSource, type ProviderLoadOptions, type ProviderLoadResult, type ProviderLoadSummary } from './load';
import { loadProviderStore, type ProviderStoreLoad } from './offThread';
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
 * and what is allocated, which exports carry. On the calling thread (the CLI).
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
  const label = organisationLabel(options);
  begin({ id, label, runsKnown: result.runsKnown, note: providerNote(options.kind, result) });
  for (const event of result.events) builder.add(event);
  return { label, result, notes: organisationNotes(label, options, result) };
}

export interface OrganisationStoreLoad {
  label: string;
  store: UsageStore;
  result: ProviderStoreLoad;
  notes: string[];
}

/**
 * As loadOrganisation, but the cache and the bill are handled in the engine's workers and the
 * organisation comes back as a store of its own (the extension host: nothing heavy on its thread).
 */
export async function loadOrganisationStore(options: OrganisationOptions, pool?: EnginePool): Promise<OrganisationStoreLoad> {
  const spec = PROVIDER_SPECS[options.kind];
  const id = organisationSourceId(options.kind, options.baseUrl, options.name);
  const label = organisationLabel(options);
  const result = await loadProviderStore(spec, { ...options, sourceId: id }, { pool, overrides: options.overrides, label });
  return { label, store: result.store, result, notes: organisationNotes(label, options, result) };
}

/** e.g. `OpenAI (api.openai.com)`, or the user's name for the organisation. */
function organisationLabel(options: OrganisationOptions): string {
  return options.name || `${PROVIDER_SPECS[options.kind].identity.label} (${hostOf(options.baseUrl)})`;
}

/** What the user should know about an organisation's figures, one line each. */
function organisationNotes(label: string, options: OrganisationOptions, result: ProviderLoadSummary): string[] {
  const notes = [`${label}: ${providerNote(options.kind, result)}`];
  if (!result.runsKnown) notes.push(`${label}: ${PROVIDER_SPECS[options.kind].identity.label} reports no request counts, so runs are unknown.`);
  if (result.partialDays.length > 0) notes.push(`${label}: not final yet (the provider may still change them): ${result.partialDays.join(', ')}.`);
  if (options.timeZone && options.timeZone !== 'UTC') notes.push(`${label}: provider days are UTC days, each placed at its UTC start.`);
  if (result.unattributedMicros !== 0) notes.push(`${label}: some billed amounts had no usage to split them over; they are shown under (unknown).`);
  return notes;
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}
