import * as l10n from '@vscode/l10n';
import type * as vscode from 'vscode';
import { join } from 'node:path';
import { loadOrganisationStore, PROVIDER_SPECS } from '../../../core/sources/providers/organisation';
import { type ProviderSourceSettings } from '../../../core/sources/providers/settings';
import { type PriceOverrides } from '../../../core/pricing/types';
import { type UsageStore } from '../../../core/store';
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
  /** Days shown from the cache without fetching (with `cachedOnly`). */
  cachedDays: number;
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
  if (!env.cachedOnly) env.report(l10n.t('Fetching {0} usage and costs…', who));
  // The cache and the bill are handled in the engine's workers: only the network waits run here.
  const loaded = await loadOrganisationStore({
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
  env.log.info(
    env.cachedOnly
      ? `${who}: ${loaded.store.length} events from ${result.cachedDays} cached days (shown while the refresh runs).`
      : `${who}: ${loaded.store.length} events, ${result.fetchedDays.length} days fetched in ${result.requests} requests, the rest from the cache.`,
  );
  return { store: loaded.store, label: loaded.label, warnings: loaded.notes, partialDays: result.partialDays, cachedDays: result.cachedDays };
}
