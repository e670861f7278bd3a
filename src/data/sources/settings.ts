import { type SourceKind, type SourceSpec } from './types';

/** The settings level a `usageExplorer.sources` entry was written at. */
export type SettingsLevel = 'user' | 'workspace' | 'folder';

/** One entry of `usageExplorer.sources` with the level it came from (index -1: the level's value is not a list). */
export interface LeveledSourceEntry {
  readonly level: SettingsLevel;
  readonly index: number;
  readonly entry: unknown;
}

const LEVELS = [
  ['globalValue', 'user'],
  ['workspaceValue', 'workspace'],
  ['workspaceFolderValue', 'folder'],
] as const;

/**
 * `usageExplorer.sources` as `WorkspaceConfiguration.inspect` gives it, flattened to entries
 * with their level, user settings first. A plain list (not an inspect result) counts as
 * workspace-level: trusted levels must be proven, never assumed.
 */
export function readSourcesSetting(raw: unknown): LeveledSourceEntry[] {
  const entries: LeveledSourceEntry[] = [];
  const add = (level: SettingsLevel, value: unknown) => {
    if (value === undefined || value === null) return;
    if (!Array.isArray(value)) entries.push({ level, index: -1, entry: value });
    else for (const [index, entry] of value.entries()) entries.push({ level, index, entry });
  };
  if (Array.isArray(raw)) add('workspace', raw);
  else if (typeof raw === 'object' && raw !== null) for (const [key, level] of LEVELS) add(level, (raw as Record<string, unknown>)[key]);
  return entries;
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

const WHERE: Readonly<Record<SettingsLevel, string>> = { user: 'user settings', workspace: 'workspace settings', folder: 'folder settings' };

/**
 * The sources to load. `usageExplorer.sources` wins when it yields any entry: user-settings
 * entries first, then what the workspace adds. A workspace may add only local kinds (files,
 * demo, auto); a kind that sends a key or connects somewhere is taken only from user or machine
 * settings, so a repository cannot redirect a key. Without `sources`, `usageExplorer.source`
 * is read as a one-element list.
 */
export function resolveSourceSpecs(sources: readonly LeveledSourceEntry[], legacy: LegacySourceSetting, lookup: KindLookup): ResolvedSources {
  const specs: SourceSpec[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const { level, index, entry } of sources) {
    const where = WHERE[level];
    if (index < 0) {
      problems.push(`usageExplorer.sources in ${where} is not a list of sources; ignored.`);
      continue;
    }
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
    if (kind.remote && level !== 'user') {
      problems.push(
        `${at} asks for a "${spec.kind}" source; sources that send a key, connect somewhere or read your private logs are taken only from user settings, never from a workspace. Ignored.`,
      );
      continue;
    }
    const key = JSON.stringify(spec);
    if (seen.has(key)) continue;
    seen.add(key);
    specs.push(spec);
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
    case 'postgres':
      return { kind: 'postgres' };
    default:
      return { kind: 'auto' };
  }
}
