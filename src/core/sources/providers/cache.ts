import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ProviderKind } from './spec';
import { emptyNames, type PersonUsageRow, type ProviderCostRow, type ProviderNames, type ProviderUsageRow } from './types';

/**
 * Fetched days of one organisation, kept in a folder the caller owns (the extension's global
 * storage; the CLI's --cache). One JSON file per organisation; the key itself is never written,
 * the file is named by a one-way hash of kind, base URL and key.
 */

export const CACHE_VERSION = 1;

export interface CachedDay {
  /** When the day was fetched (UTC ms): a day is final once fetched two days after it began. */
  fetchedAt: number;
  usage: ProviderUsageRow[];
  costs: ProviderCostRow[];
  people?: PersonUsageRow[];
}

export interface ProviderCache {
  version: number;
  kind: ProviderKind;
  /** By UTC day, `YYYY-MM-DD`. */
  days: Record<string, CachedDay>;
  names: ProviderNames;
}

export function emptyCache(kind: ProviderKind): ProviderCache {
  return { version: CACHE_VERSION, kind, days: {}, names: emptyNames() };
}

/** The organisation's cache file in `dir`: the same for the same kind, base URL and key. */
export function cacheFilePath(dir: string, kind: ProviderKind, baseUrl: string, key: string): string {
  const digest = createHash('sha256')
    .update(`${kind}\n${baseUrl.trim().replace(/\/+$/, '')}\n${key.trim()}`)
    .digest('hex');
  return join(dir, `${kind}-${digest.slice(0, 20)}.json`);
}

/** The cache, or an empty one when there is none or it cannot be read (a cache is never a reason to fail). */
export async function readProviderCache(file: string, kind: ProviderKind): Promise<ProviderCache> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<ProviderCache>;
    if (parsed.version !== CACHE_VERSION || parsed.kind !== kind || typeof parsed.days !== 'object' || parsed.days === null) return emptyCache(kind);
    return { version: CACHE_VERSION, kind, days: parsed.days, names: { ...emptyNames(), ...parsed.names } };
  } catch {
    return emptyCache(kind);
  }
}

/** Writes the cache atomically (a temporary file renamed over the old one). */
export async function writeProviderCache(file: string, cache: ProviderCache): Promise<void> {
  await mkdir(join(file, '..'), { recursive: true });
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, JSON.stringify(cache), 'utf8');
  await rename(temporary, file);
}
