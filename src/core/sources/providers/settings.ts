import { isProviderKind, PROVIDER_SPECS } from './organisation';
import { type ProviderKind } from './spec';

/**
 * One provider entry of `usageExplorer.sources`:
 * `{ "kind": "openai" | "anthropic", "name"?: "Acme prod", "baseUrl"?: "https://…" }`.
 * The key is never here: it is in SecretStorage under the entry's kind and name.
 */
export interface ProviderSourceSettings {
  kind: ProviderKind;
  /** The user's name for the organisation; needed to tell several of one kind apart. */
  name?: string;
  /** The provider's Admin API base URL (default: the provider's own). */
  baseUrl: string;
}

/** A provider entry that cannot be used; the message says what to change. */
export class ProviderSettingsError extends Error {
  override readonly name = 'ProviderSettingsError';
}

export function parseProviderSettings(entry: Readonly<Record<string, unknown>>): ProviderSourceSettings {
  const kind = entry.kind;
  if (!isProviderKind(kind)) throw new ProviderSettingsError(`"${String(kind)}" is not a provider kind; use "openai" or "anthropic".`);
  const label = PROVIDER_SPECS[kind].identity.label;
  const text = (key: string): string | undefined => {
    const value = entry[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw new ProviderSettingsError(`"${key}" of an ${kind} source must be a string.`);
    return value.trim() || undefined;
  };
  const name = text('name');
  const baseUrl = text('baseUrl') ?? PROVIDER_SPECS[kind].defaultBaseUrl;
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ProviderSettingsError(`The ${label} source's "baseUrl" is not a URL: ${baseUrl}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ProviderSettingsError(`The ${label} source's "baseUrl" must start with https://.`);
  if (url.username || url.password || url.search || url.hash)
    throw new ProviderSettingsError(`The ${label} source's "baseUrl" must not hold a user, password, query or fragment.`);
  return name === undefined ? { kind, baseUrl } : { kind, name, baseUrl };
}

/** Several entries of one kind need names to keep their keys apart; the message says which. */
export function checkProviderNames(entries: readonly ProviderSourceSettings[]): string[] {
  const problems: string[] = [];
  for (const kind of Object.keys(PROVIDER_SPECS) as ProviderKind[]) {
    const ofKind = entries.filter((e) => e.kind === kind);
    if (ofKind.length < 2) continue;
    const names = ofKind.map((e) => e.name ?? '');
    if (names.some((n) => n === '') || new Set(names).size !== names.length) {
      problems.push(`Several ${PROVIDER_SPECS[kind].identity.label} sources are configured: give each a different "name", so each has its own Admin key.`);
    }
  }
  return problems;
}
