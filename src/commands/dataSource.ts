import * as vscode from 'vscode';
import { CONFIG_SECTION, DEFAULT_FILES_INCLUDE, type SourceSetting } from '../config';
import { isRecord } from '../core/guards';
import { API_KEY_SECRET } from '../data/sources/http/httpSource';
import { type CommandDeps } from './deps';
import { pickPostgresTable } from './postgresConnection';
import { validateBaseUrl } from './sourceInput';

/** Arguments of `usageExplorer.configureSource`, to set it without asking. */
export interface ConfigureSourceArgs {
  source: SourceSetting;
  /** Glob of usage files (files source). */
  include?: string;
  /** Base URL (http source); a machine setting, written to user settings. */
  baseUrl?: string;
}

/** `usageExplorer.configureSource`: choose demo, workspace files (with a glob) or the HTTP API (with a base URL and key). */
export async function configureSource(deps: CommandDeps, args?: unknown): Promise<SourceSetting | undefined> {
  const settings = vscode.workspace.getConfiguration(CONFIG_SECTION);
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  if (isConfigureArgs(args)) {
    if (args.include !== undefined) await settings.update('files.include', args.include, target);
    if (args.baseUrl !== undefined) await settings.update('http.baseUrl', args.baseUrl, vscode.ConfigurationTarget.Global);
    await settings.update('source', args.source, target);
    return args.source;
  }

  const config = deps.config.config;
  const items: (vscode.QuickPickItem & { source: SourceSetting })[] = [
    {
      source: 'auto',
      label: `$(sparkle) ${vscode.l10n.t('Automatic')}`,
      detail: vscode.l10n.t('Workspace usage files when there are any, otherwise demo data'),
    },
    {
      source: 'files',
      label: `$(file) ${vscode.l10n.t('Workspace files…')}`,
      detail: vscode.l10n.t('CSV, JSON or NDJSON usage files matching a glob (now {0})', config.filesInclude),
    },
    {
      source: 'http',
      label: `$(cloud) ${vscode.l10n.t('HTTP API…')}`,
      detail: vscode.l10n.t('A REST endpoint serving usage events, with an API key kept in the secret store'),
    },
    {
      source: 'postgres',
      label: `$(database) ${vscode.l10n.t('PostgreSQL table…')}`,
      detail: vscode.l10n.t('A table or view in PostgreSQL (or a compatible warehouse), summed in the database'),
    },
    { source: 'demo', label: `$(beaker) ${vscode.l10n.t('Demo data')}`, detail: vscode.l10n.t('A generated sample workspace') },
  ];
  for (const item of items) if (item.source === config.source) item.description = vscode.l10n.t('current');
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Usage Explorer: Data Source'),
    placeHolder: vscode.l10n.t('Where should usage data come from?'),
  });
  if (!picked) return undefined;

  if (picked.source === 'files') {
    const include = await vscode.window.showInputBox({
      title: vscode.l10n.t('Usage Explorer: Usage Files'),
      prompt: vscode.l10n.t('Glob of usage files in the workspace'),
      value: config.filesInclude || DEFAULT_FILES_INCLUDE,
      validateInput: (text) => (text.trim() === '' ? vscode.l10n.t('Enter a glob, e.g. {0}', '**/*.usage.csv') : undefined),
      ignoreFocusOut: true,
    });
    if (include === undefined) return undefined;
    await settings.update('files.include', include.trim(), target);
  }
  if (picked.source === 'postgres' && !(await pickPostgresTable(deps, target))) return undefined;
  if (picked.source === 'http') {
    const baseUrl = await vscode.window.showInputBox({
      title: vscode.l10n.t('Usage Explorer: HTTP API'),
      prompt: vscode.l10n.t('Base URL of the usage API (GET {0}); stored in your user settings', '{base}/usage/events'),
      value: config.httpBaseUrl,
      placeHolder: 'https://usage.example.com/api',
      validateInput: validateBaseUrl,
      ignoreFocusOut: true,
    });
    if (baseUrl === undefined) return undefined;
    await settings.update('http.baseUrl', baseUrl.trim(), vscode.ConfigurationTarget.Global);
    if (!(await deps.context.secrets.get(API_KEY_SECRET))) {
      const setKey = vscode.l10n.t('Set API Key…');
      const choice = await vscode.window.showInformationMessage(vscode.l10n.t('Does the usage API need an API key?'), setKey, vscode.l10n.t('No Key Needed'));
      if (choice === setKey) await setApiKey(deps);
    }
  }
  await settings.update('source', picked.source, target);
  warnIfSourcesWin(deps);
  void deps.data.ensureLoaded();
  return picked.source;
}

/** `usageExplorer.sources` decides when it lists any source: say so, since the choice just saved has no effect then. */
function warnIfSourcesWin(deps: CommandDeps): void {
  const listed = deps.config.config.sources.filter((e) => e.index >= 0).length;
  if (listed === 0) return;
  const openSettings = vscode.l10n.t('Open Settings');
  const message =
    listed === 1
      ? vscode.l10n.t(
          '{0} lists 1 source and decides where usage comes from; the choice was saved to {1}, which is read only when {0} is empty.',
          'usageExplorer.sources',
          'usageExplorer.source',
        )
      : vscode.l10n.t(
          '{0} lists {2} sources and decides where usage comes from; the choice was saved to {1}, which is read only when {0} is empty.',
          'usageExplorer.sources',
          'usageExplorer.source',
          listed,
        );
  void vscode.window.showWarningMessage(message, openSettings).then((choice) => {
    if (choice === openSettings) void vscode.commands.executeCommand('workbench.action.openSettings', 'usageExplorer.sources');
  });
}

/** Whether an HTTP source is configured (the API key matters to it). */
function usesHttp(deps: CommandDeps): boolean {
  const { source, sources } = deps.config.config;
  return source === 'http' || sources.some((e) => typeof e.entry === 'object' && e.entry !== null && (e.entry as { kind?: unknown }).kind === 'http');
}

/**
 * `usageExplorer.setApiKey`: stores the API key in SecretStorage (never in settings or the log).
 * With a string argument it stores that without asking. Returns true when a key was stored.
 */
export async function setApiKey(deps: CommandDeps, key?: unknown): Promise<boolean> {
  let value = typeof key === 'string' ? key : undefined;
  if (value === undefined) {
    value = await vscode.window.showInputBox({
      title: vscode.l10n.t('Usage Explorer: API Key'),
      prompt: vscode.l10n.t('API key for the usage API, sent as a Bearer token. Kept in the secret store.'),
      password: true,
      ignoreFocusOut: true,
      validateInput: (text) =>
        text.trim() === ''
          ? vscode.l10n.t('Enter the key, or press Escape to cancel.')
          : /^[\x21-\x7e]+$/.test(text.trim())
            ? undefined
            : vscode.l10n.t('The key can only hold printable ASCII characters without spaces.'),
    });
  }
  value = value?.trim();
  if (!value) return false;
  await deps.context.secrets.store(API_KEY_SECRET, value);
  deps.log.info('API key stored in the secret store.');
  if (usesHttp(deps) && deps.data.state !== 'idle') void deps.data.refresh();
  return true;
}

/** `usageExplorer.clearApiKey`: removes the stored API key. */
export async function clearApiKey(deps: CommandDeps): Promise<void> {
  await deps.context.secrets.delete(API_KEY_SECRET);
  deps.log.info('API key removed from the secret store.');
  void vscode.window.showInformationMessage(vscode.l10n.t('Usage Explorer: API key cleared.'));
  if (usesHttp(deps) && deps.data.state !== 'idle') void deps.data.refresh();
}

function isConfigureArgs(value: unknown): value is ConfigureSourceArgs {
  return (
    isRecord(value) &&
    (value.source === 'auto' || value.source === 'demo' || value.source === 'files' || value.source === 'http' || value.source === 'postgres')
  );
}
