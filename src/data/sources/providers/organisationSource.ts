import * as l10n from '@vscode/l10n';
import type * as vscode from 'vscode';
import { join } from 'node:path';
import { loadOrganisation, PROVIDER_SPECS } from '../../../core/sources/providers/organisation';
import { type ProviderSourceSettings } from '../../../core/sources/providers/settings';
import { type PriceOverrides } from '../../../core/pricing/types';
import { type UsageStore } from '../../../core/store';
import { StoreBuilder } from '../../../core/storeBuilder';
import { type UsageLog } from '../../log';
import { readAdminKey } from './adminKeys';

export interface OrganisationSourceEnv {
  secrets: vscode.SecretStorage;
  /** The extension's global storage folder (fetched days are cached below it, per organisation); none: no cache. */
  storageDir?: string;
  log: UsageLog;
  report(message: string): void;
  signal: AbortSignal;
  /** The instants the view needs (range and previous period). */
  window: { from: number; to: number };
  timeZone: string;
  overrides?: PriceOverrides;
  /** Only what the cache holds, no network (to show the cached figures at once on start). */
  cachedOnly?: boolean;
}

export interface OrganisationSourceLoad {
  store: UsageStore;
  label: string;
  /** Notes for the user (billed vs allocated, partial days, UTC days), one line each. */
  warnings: string[];
  partialDays: string[];
}

/** An organisation with no key stored: the message names the command that sets it. */
export class MissingAdminKeyError extends Error {
  override readonly name = 'MissingAdminKeyError';
}

/**
 * Loads one OpenAI or Anthropic organisation for the host: its Admin key from SecretStorage, its
 * cache in global storage, the bill turned into events by the core (src/core/sources/providers).
 * A failure leaves nothing half-built: the caller keeps its last good store.
 */
export async function loadOrganisationSource(settings: ProviderSourceSettings, env: OrganisationSourceEnv): Promise<OrganisationSourceLoad> {
  const identity = PROVIDER_SPECS[settings.kind].identity;
  const who = settings.name ? `${identity.label} "${settings.name}"` : identity.label;
  const key = await readAdminKey(env.secrets, settings.kind, settings.name);
  // The key also names the organisation's cache file, so even cached figures need it.
  if (!key) throw new MissingAdminKeyError(l10n.t('No Admin key is stored for {0}. Run "{1}".', who, identity.setKeyCommand));
  env.report(l10n.t('Fetching {0} usage and costs…', who));
  const builder = new StoreBuilder();
  const loaded = await loadOrganisation(builder, {
    kind: settings.kind,
    name: settings.name,
    baseUrl: settings.baseUrl,
    key,
    from: env.window.from,
    to: env.window.to,
    cacheDir: env.storageDir === undefined ? undefined : join(env.storageDir, 'providers'),
    cachedOnly: env.cachedOnly,
    overrides: env.overrides,
    timeZone: env.timeZone,
    signal: env.signal,
    onRetry: ({ attempt, delayMs, reason }) => env.log.warn(`${who}: ${reason}; retry ${attempt} in ${delayMs} ms.`),
  });
  const { result } = loaded;
  env.log.info(`${who}: ${result.events.length} events, ${result.fetchedDays.length} days fetched in ${result.requests} requests, the rest from the cache.`);
  return { store: builder.build(), label: loaded.label, warnings: loaded.notes, partialDays: result.partialDays };
}
