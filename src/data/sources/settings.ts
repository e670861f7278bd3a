import { type SourceKind, type SourceSpec } from './types';

/** `usageExplorer.sources` as `WorkspaceConfiguration.inspect` gives it, one value per settings level. */
export interface SourcesSetting {
  /** User (and machine) settings. */
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/** The deprecated single-source settings, read as a one-element list when `sources` is not set. */
export interface LegacySourceSetting {
  source: string;
  httpBaseUrl: string;
}

export interface ResolvedSources {
  specs: SourceSpec[];
  /** Which setting the list came from. */
  from: 'sources' | 'source';
  /** Entries left out, one readable line each (logged as warnings). */
  problems: string[];
}

/** What the resolver needs to know of a kind: whether it exists and whether it is remote. */
export type KindLookup = (kind: SourceKind) => { remote: boolean } | undefined;

const LEVELS = [
  ['globalValue', 'user settings', true],
  ['workspaceValue', 'workspace settings', false],
  ['workspaceFolderValue', 'folder settings', false],
] as const;

/**
 * The sources to load. `usageExplorer.sources` wins when it yields any entry: user-settings
 * entries first, then what the workspace adds. A workspace may add only local kinds (files,
 * demo, auto); a kind that sends a key or connects somewhere is taken only from user or machine
 * settings, so a repository cannot redirect a key. Without `sources`, `usageExplorer.source`
 * is read as a one-element list.
 */
export function resolveSourceSpecs(sources: SourcesSetting, legacy: LegacySourceSetting, lookup: KindLookup): ResolvedSources {
  const specs: SourceSpec[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [level, where, trusted] of LEVELS) {
    const value = sources[level];
    if (value === undefined || value === null) continue;
    if (!Array.isArray(value)) {
      problems.push(`usageExplorer.sources in ${where} is not a list of sources; ignored.`);
      continue;
    }
    for (const [index, entry] of value.entries()) {
      const at = `usageExplorer.sources[${index}] in ${where}`;
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry) || typeof (entry as { kind?: unknown }).kind !== 'string') {
        problems.push(`${at} is not a source object such as { "kind": "files", "include": "**/*.usage.csv" }; ignored.`);
        continue;
      }
      const spec = entry as SourceSpec;
      const kind = lookup(spec.kind);
      if (!kind) {
        problems.push(`${at}: unknown kind "${spec.kind}"; ignored.`);
        continue;
      }
      if (kind.remote && !trusted) {
        problems.push(`${at} asks for a "${spec.kind}" source; sources that send a key or connect somewhere are taken only from user settings, never from a workspace. Ignored.`);
        continue;
      }
      const key = JSON.stringify(spec);
      if (seen.has(key)) continue;
      seen.add(key);
      specs.push(spec);
    }
  }
  if (specs.length > 0) return { specs, from: 'sources', problems };
  return { specs: [legacySpec(legacy)], from: 'source', problems };
}

function legacySpec(legacy: LegacySourceSetting): SourceSpec {
  switch (legacy.source) {
    case 'demo':
      return { kind: 'demo' };
    case 'files':
      return { kind: 'files' };
    case 'http':
      return { kind: 'http', baseUrl: legacy.httpBaseUrl };
    default:
      return { kind: 'auto' };
  }
}
