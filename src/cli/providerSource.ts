import { isProviderKind, loadOrganisation, PROVIDER_SPECS } from '../core/sources/providers/organisation';
import { type ProviderKind } from '../core/sources/providers/spec';
import { type StoreSource } from '../core/store';
import { type StoreBuilder } from '../core/storeBuilder';
import { resolveRange } from '../core/time';

export { isProviderKind };

/** Where the CLI takes each provider's key and base URL from (never OPENAI_BASE_URL / ANTHROPIC_BASE_URL). */
const VARIABLES: Record<ProviderKind, { key: string; baseUrl: string }> = {
  openai: { key: 'OPENAI_ADMIN_KEY', baseUrl: 'USAGE_EXPLORER_OPENAI_BASE_URL' },
  anthropic: { key: 'ANTHROPIC_ADMIN_KEY', baseUrl: 'USAGE_EXPLORER_ANTHROPIC_BASE_URL' },
};

export interface CliProviderOptions {
  range: string;
  timeZone: string;
  now: number | undefined;
  cacheDir: string | undefined;
  env: NodeJS.ProcessEnv;
  stderr: (line: string) => void;
}

/** A provider's setup problem (no key): reported as a data error naming the variable. */
export class ProviderSetupError extends Error {}

/**
 * Loads the provider's organisation for the range and the period before it (for the change
 * column) into `builder`; returns the label of the source. Notes on what is billed, what is
 * allocated and which days are not final go to stderr.
 */
export async function loadProviderForCli(
  kind: ProviderKind,
  options: CliProviderOptions,
  builder: StoreBuilder,
  begin?: (source: StoreSource) => void,
): Promise<string> {
  const variables = VARIABLES[kind];
  const key = options.env[variables.key]?.trim() ?? '';
  if (key === '') throw new ProviderSetupError(`--source ${kind} needs an Admin key in ${variables.key}.`);
  const baseUrl = options.env[variables.baseUrl]?.trim() || PROVIDER_SPECS[kind].defaultBaseUrl;
  const now = options.now ?? Date.now();
  const range = resolveRange(options.range, { timeZone: options.timeZone, now, extent: { first: now - 365 * 86_400_000, last: now } });
  const loaded = await loadOrganisation(
    builder,
    { kind, baseUrl, key, from: range.previous.from, to: range.current.to, now, cacheDir: options.cacheDir, timeZone: options.timeZone },
    begin,
  );
  for (const note of loaded.notes) options.stderr(`note: ${note}`);
  return loaded.label;
}
