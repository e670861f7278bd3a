import * as vscode from 'vscode';
import { USAGE_FIELDS, type ColumnMapping } from './core/columns';
import { type SourcesSetting } from './data/sources/settings';

export const CONFIG_SECTION = 'usageExplorer';

export type SourceSetting = 'auto' | 'demo' | 'files' | 'http';

/**
 * Every `usageExplorer.*` setting, mirrored from package.json `contributes.configuration`.
 * Read with {@link readConfig}; {@link ConfigWatcher} re-reads it when a setting changes.
 */
export interface UsageExplorerConfig {
  /** `usageExplorer.sources`: the list of sources, per settings level (a workspace may add only local kinds). */
  sources: SourcesSetting;
  /** `usageExplorer.source` (deprecated; read as a one-element list when `sources` is not set). */
  source: SourceSetting;
  /** `usageExplorer.files.include`: glob of usage files in the workspace. */
  filesInclude: string;
  /** `usageExplorer.files.exclude`: glob of files never read (e.g. dependencies). */
  filesExclude: string;
  /** `usageExplorer.files.columnMapping`: field -> header name, overriding the engine's guess. */
  columnMapping: ColumnMapping;
  /** `usageExplorer.http.baseUrl` (machine scope): the REST API's base URL. */
  httpBaseUrl: string;
  /** `usageExplorer.defaultTimeRange`: range preset or `YYYY-MM-DD..YYYY-MM-DD` used at start. */
  defaultTimeRange: string;
  /** `usageExplorer.timeZone`: `UTC`, `local` or an IANA zone; days and ranges are computed in it. */
  timeZone: string;
  /** `usageExplorer.currency`: ISO 4217 code the costs are in. */
  currency: string;
  /** `usageExplorer.workerUrlTemplate`: page of a worker, with `${id}` and `${name}` placeholders; empty = none. */
  workerUrlTemplate: string;
  /** `usageExplorer.autoRefreshMinutes`: reload every N minutes; 0 = off. */
  autoRefreshMinutes: number;
  /** `usageExplorer.statusBar.enabled`: show spend in the status bar. */
  statusBarEnabled: boolean;
}

export const DEFAULT_FILES_INCLUDE = '**/*.usage.{csv,json,ndjson}';
export const DEFAULT_FILES_EXCLUDE = '**/node_modules/**';

/** Which settings feed which part, so a change reloads only what it must. */
export const SETTING_GROUPS = {
  /** A change needs the data loaded again. */
  source: ['sources', 'source', 'files.include', 'files.exclude', 'files.columnMapping', 'http.baseUrl'],
  /** A change recomputes views from the loaded data. */
  view: ['timeZone', 'currency'],
} as const;

export function readConfig(): UsageExplorerConfig {
  const c = vscode.workspace.getConfiguration(CONFIG_SECTION);
  const source = c.get<string>('source', 'auto');
  const mapping = c.get<Record<string, unknown>>('files.columnMapping', {}) ?? {};
  const columnMapping: ColumnMapping = {};
  for (const field of USAGE_FIELDS) {
    const header = mapping[field];
    if (typeof header === 'string' && header.trim() !== '') columnMapping[field] = header.trim();
  }
  const minutes = Number(c.get<number>('autoRefreshMinutes', 0));
  const sources = c.inspect<unknown>('sources');
  return {
    sources: { globalValue: sources?.globalValue, workspaceValue: sources?.workspaceValue, workspaceFolderValue: sources?.workspaceFolderValue },
    source: source === 'demo' || source === 'files' || source === 'http' ? source : 'auto',
    filesInclude: c.get<string>('files.include', DEFAULT_FILES_INCLUDE)?.trim() || DEFAULT_FILES_INCLUDE,
    filesExclude: c.get<string>('files.exclude', DEFAULT_FILES_EXCLUDE)?.trim() ?? DEFAULT_FILES_EXCLUDE,
    columnMapping,
    httpBaseUrl: c.get<string>('http.baseUrl', '')?.trim() ?? '',
    defaultTimeRange: c.get<string>('defaultTimeRange', '30d')?.trim() || '30d',
    timeZone: c.get<string>('timeZone', 'UTC')?.trim() || 'UTC',
    currency: (c.get<string>('currency', 'USD')?.trim() || 'USD').toUpperCase(),
    workerUrlTemplate: c.get<string>('workerUrlTemplate', '')?.trim() ?? '',
    autoRefreshMinutes: Number.isFinite(minutes) && minutes > 0 ? minutes : 0,
    statusBarEnabled: c.get<boolean>('statusBar.enabled', true) !== false,
  };
}

/** What changed in one configuration event, by the part that cares. */
export interface ConfigChange {
  config: UsageExplorerConfig;
  affects(key: string): boolean;
  affectsAny(keys: readonly string[]): boolean;
}

/** Holds the current settings and tells listeners when any `usageExplorer.*` setting changes. */
export class ConfigWatcher implements vscode.Disposable {
  private current = readConfig();
  private readonly emitter = new vscode.EventEmitter<ConfigChange>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChange = this.emitter.event;

  constructor() {
    this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(CONFIG_SECTION)) return;
      this.current = readConfig();
      const affects = (key: string) => event.affectsConfiguration(`${CONFIG_SECTION}.${key}`);
      this.emitter.fire({ config: this.current, affects, affectsAny: (keys) => keys.some(affects) });
    });
  }

  get config(): UsageExplorerConfig {
    return this.current;
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
