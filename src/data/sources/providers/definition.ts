import { PROVIDER_SPECS } from '../../../core/sources/providers/organisation';
import { parseProviderSettings, ProviderSettingsError } from '../../../core/sources/providers/settings';
import { type ProviderKind } from '../../../core/sources/providers/spec';
import { type SourceDefinition, SourceConfigError, type UsageSource } from '../types';
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
      return {
        id: `${kind}:${settings.baseUrl}:${settings.name ?? ''}`,
        kind,
        label: sourceLabel,
        load: async (context) => {
          const loaded = await loadOrganisationSource(settings, {
            secrets: env.secrets,
            storageDir: env.storageDir,
            log: context.log,
            report: (message) => context.report(message),
            signal: context.signal,
            window: context.window,
            timeZone: context.view.timeZone,
          });
          return {
            store: loaded.store,
            source: { kind, label: loaded.label },
            skipped: 0,
            warnings: loaded.warnings,
            window: context.window,
            partialDays: loaded.partialDays,
          };
        },
        dispose: () => undefined,
      };
    },
  };
}

export const OPENAI_SOURCE = providerDefinition('openai');
export const ANTHROPIC_SOURCE = providerDefinition('anthropic');
