import { join } from 'node:path';
import * as vscode from 'vscode';
import { clearHistory } from '../core/sources/agentLogs/history';
import { AGENT_LOG_KINDS, AGENT_LOG_LABELS, type AgentLogKind } from '../core/sources/agentLogs/load';
import { AGENT_LOG_HISTORY_FOLDER } from '../data/sources/agentLogs/definition';
import { type CommandDeps } from './deps';

function isAgentLogKind(value: unknown): value is AgentLogKind {
  return AGENT_LOG_KINDS.includes(value as AgentLogKind);
}

/**
 * "Show my Claude Code / Codex usage": adds the chosen agent's logs to `usageExplorer.sources` in
 * the user settings (the only level a private source is taken from). Nothing reads the logs before
 * this choice. Without an argument it asks which agent.
 */
export async function showAgentLogUsage(deps: CommandDeps, arg?: unknown): Promise<boolean> {
  let kinds: AgentLogKind[];
  if (isAgentLogKind(arg)) kinds = [arg];
  else {
    const items = AGENT_LOG_KINDS.map((kind) => ({ label: AGENT_LOG_LABELS[kind], agent: kind, picked: true }));
    const picked = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Show my coding-agent usage'),
      placeHolder: vscode.l10n.t('Whose logs on this machine to read'),
      canPickMany: true,
    });
    if (!picked || picked.length === 0) return false;
    kinds = picked.map((item) => item.agent);
  }
  const settings = vscode.workspace.getConfiguration('usageExplorer');
  const current = settings.inspect<unknown[]>('sources')?.globalValue;
  const entries = Array.isArray(current) ? [...current] : [];
  const missing = kinds.filter((kind) => !entries.some((entry) => typeof entry === 'object' && entry !== null && (entry as { kind?: unknown }).kind === kind));
  if (missing.length === 0) {
    await deps.data.refresh();
    return true;
  }
  deps.log.info(`Adding ${missing.map((kind) => AGENT_LOG_LABELS[kind]).join(' and ')} logs to usageExplorer.sources (user settings).`);
  await settings.update('sources', [...entries, ...missing.map((kind) => ({ kind }))], vscode.ConfigurationTarget.Global);
  // A setting change reloads data loaded before; before the first load (view not yet shown), load now.
  if (deps.data.state === 'idle') await deps.data.refresh();
  return true;
}

/** Deletes the kept agent-log history (requests the logs no longer have go from the views on the next load). */
export async function clearAgentLogHistory(deps: CommandDeps): Promise<void> {
  const dir = join(deps.context.globalStorageUri.fsPath, AGENT_LOG_HISTORY_FOLDER);
  await clearHistory(dir);
  deps.log.info('Cleared the kept Claude Code and Codex history.');
  void vscode.window.showInformationMessage(vscode.l10n.t('Usage Explorer: the kept Claude Code and Codex history is cleared.'));
  await deps.data.refresh();
}
