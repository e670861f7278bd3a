import { PROVIDER_SPECS } from '../../../core/sources/providers/organisation';
import { parseProviderSettings, ProviderSettingsError } from '../../../core/sources/providers/settings';
import { type ProviderKind } from '../../../core/sources/providers/spec';
import * as vscode from 'vscode';
import { parseOverrides } from '../../../core/pricing/overrides';
import { type PriceOverrides } from '../../../core/pricing/types';
import { type LoadContext, type LoadResult, type SourceDefinition, SourceConfigError, type UsageSource } from '../types';
import { loadOrganisationSource } from './organisationSource';

/**
 * `{ "kind": "openai" | "anthropic", "name"?, "baseUrl"? }`: an organisation's usage and bill
 * from the provider's Admin API (src/core/sources/providers). Remote: taken only from user
 * settings. The Admin key is in SecretStorage under the kind and name; fetched days are cached in
 * the extension's global storage.
 */
function providerDefinition(kind: ProviderKind): SourceDefinition {
  const label = PROVIDER_SPECS[kind].identity.label;
  return {
    kind,
    title: `${label} organisation`,
    remote: true,
    reports: { runs: PROVIDER_SPECS[kind].runsKnown, users: true, tokens: true, cost: 'billed' },
    create: (spec, env): UsageSource => {
      let settings;
      try {
        settings = parseProviderSettings(spec);
      } catch (error) {
        if (error instanceof ProviderSettingsError) throw new SourceConfigError(error.message);
        throw error;
      }
      const sourceLabel = settings.name ?? label;
      const load = async (context: LoadContext, cachedOnly: boolean): Promise<LoadResult> => {
        const loaded = await loadOrganisationSource(settings, {
          secrets: env.secrets,
          storageDir: env.storageDir,
          log: context.log,
          report: (message) => context.report(message),
          signal: context.signal,
          window: context.window,
          timeZone: context.view.timeZone,
          overrides: pricingOverrides(context),
          cachedOnly,
        });
        return {
          store: loaded.store,
          source: { kind, label: loaded.label },
          skipped: 0,
          warnings: loaded.warnings,
          window: context.window,
          partialDays: loaded.partialDays,
          ...(cachedOnly ? { cached: true } : {}),
        };
      };
      return {
        id: `${kind}:${settings.baseUrl}:${settings.name ?? ''}`,
        kind,
        label: sourceLabel,
        load: (context) => load(context, false),
        loadCached: async (context) => {
          try {
            const result = await load(context, true);
            return result.store.length > 0 ? result : undefined;
          } catch (error) {
            // No key yet, an unreadable cache: nothing to show early; the full load says why.
            if (context.signal.aborted) throw error;
            return undefined;
          }
        },
        dispose: () => undefined,
      };
    },
  };
}

/** `usageExplorer.pricing.overrides`, the user's prices the bill is split over users with. */
function pricingOverrides(context: LoadContext): PriceOverrides {
  const { overrides, problems } = parseOverrides(vscode.workspace.getConfiguration('usageExplorer').get<unknown>('pricing.overrides'));
  for (const problem of problems) context.log.warn(`usageExplorer.pricing.overrides: ${problem}`);
  return overrides;
}

export const OPENAI_SOURCE = providerDefinition('openai');
export const ANTHROPIC_SOURCE = providerDefinition('anthropic');
