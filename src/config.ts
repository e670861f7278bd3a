import * as vscode from 'vscode';
import { CONFIG_SECTION, readSettings, SETTINGS, type SettingKey, type UsageExplorerConfig } from './settings';

// The table of settings lives in ./settings (pure, unit-tested against package.json); these names stay importable from here.
export { CONFIG_SECTION, SETTING_GROUPS, type SettingKey, type SourceSetting, type UsageExplorerConfig } from './settings';

export const DEFAULT_FILES_INCLUDE = SETTINGS.filesInclude.default;
export const DEFAULT_FILES_EXCLUDE = SETTINGS.filesExclude.default;

/** The current `usageExplorer.*` settings, typed, from VS Code's configuration. */
export function readConfig(): UsageExplorerConfig {
  const c = vscode.workspace.getConfiguration(CONFIG_SECTION);
  // `sources` is read per level: a workspace may not add sources that send a key somewhere.
  return readSettings((key) => (key === SETTINGS.sources.key ? c.inspect(key) : c.get(key)));
}

/** What changed in one configuration event, by the part that cares. */
export interface ConfigChange {
  config: UsageExplorerConfig;
  affects(key: SettingKey): boolean;
  affectsAny(keys: readonly SettingKey[]): boolean;
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
      const affects = (key: SettingKey) => event.affectsConfiguration(`${CONFIG_SECTION}.${key}`);
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
