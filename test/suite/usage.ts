// Helpers for the extension host tests of the data service, tree, commands and sources.
import * as vscode from 'vscode';
import { type UsageExplorerApi } from '../../src/extension';
import { type UsageNode } from '../../src/tree/nodes';
import { activateExtension } from './helpers';

/** The extension's API (what activate returned). */
export async function usageApi(): Promise<UsageExplorerApi> {
  const extension = await activateExtension();
  return extension.exports as UsageExplorerApi;
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const SETTINGS = [
  'sources',
  'source',
  'files.include',
  'files.columnMapping',
  'timeZone',
  'currency',
  'statusBar.enabled',
  'workerUrlTemplate',
  'defaultTimeRange',
  'budgets',
  'budgetThresholds',
  'teams',
];

/** Sets `usageExplorer.<key>` in the workspace settings. */
export async function setSetting(key: string, value: unknown, target = vscode.ConfigurationTarget.Workspace): Promise<void> {
  await vscode.workspace.getConfiguration('usageExplorer').update(key, value, target);
}

/** Removes every setting the tests change, in workspace and user settings. */
export async function resetSettings(): Promise<void> {
  const config = vscode.workspace.getConfiguration('usageExplorer');
  for (const key of SETTINGS) {
    if (config.inspect(key)?.workspaceValue !== undefined) await config.update(key, undefined, vscode.ConfigurationTarget.Workspace);
    if (config.inspect(key)?.globalValue !== undefined) await config.update(key, undefined, vscode.ConfigurationTarget.Global);
  }
  if (config.inspect('http.baseUrl')?.globalValue !== undefined) await config.update('http.baseUrl', undefined, vscode.ConfigurationTarget.Global);
}

/**
 * Selects a source and waits until the data service has loaded from it (the setting change
 * triggers a reload when data was loaded before; otherwise this loads explicitly).
 */
export async function useSource(api: UsageExplorerApi, source: 'demo' | 'files' | 'http' | 'auto', extra: Record<string, unknown> = {}): Promise<void> {
  for (const [key, value] of Object.entries(extra)) await setSetting(key, value);
  await setSetting('source', source);
  await api.data.refresh();
}

export interface ShownItem {
  node: UsageNode;
  item: vscode.TreeItem;
  label: string;
  description: string;
  /** The tooltip's text (a Markdown tooltip's source). */
  tooltip: string;
}

/** The children the tree provider gives for `node` (roots when undefined), with their tree items. */
export async function children(api: UsageExplorerApi, node?: UsageNode): Promise<ShownItem[]> {
  const nodes = await api.tree.getChildren(node);
  return nodes.map((n) => {
    const item = api.tree.getTreeItem(n);
    const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
    const tooltip = typeof item.tooltip === 'string' ? item.tooltip : (item.tooltip?.value ?? '');
    return { node: n, item, label, description: typeof item.description === 'string' ? item.description : '', tooltip };
  });
}

/** The child with this label; fails listing what there is. */
export function byLabel(items: ShownItem[], label: string): ShownItem {
  const found = items.find((i) => i.label === label);
  if (!found) throw new Error(`no tree item "${label}" among: ${items.map((i) => i.label).join(', ')}`);
  return found;
}

/** Waits out reloads already scheduled (file-change debounce) and any load in flight. */
export async function settle(api: UsageExplorerApi): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await waitFor('loads to finish', () => api.data.state !== 'loading');
}

/** Sets `usageExplorer.sources` (user settings unless told) and waits for the load from them. */
export async function useSources(
  api: UsageExplorerApi,
  sources: readonly Record<string, unknown>[] | undefined,
  target = vscode.ConfigurationTarget.Global,
): Promise<void> {
  await setSetting('sources', sources, target);
  await api.data.refresh();
}
