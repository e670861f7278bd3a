import * as vscode from 'vscode';
import { CommandId } from '../commandIds';
import { type UsageNode } from '../tree/nodes';
import { clearAgentLogHistory, showAgentLogUsage } from './agentLogs';
import { clearApiKey, configureSource, setApiKey } from './dataSource';
import { type CommandDeps } from './deps';
import { exportView } from './exportView';
import { clearPostgresConnection, setPostgresConnection } from './postgresConnection';
import { addPriceOverride } from './priceOverride';
import { clearAdminKeys, setAdminKey } from './providerKeys';
import { selectTimeRange } from './timeRange';
import { copyName, exportBreakdown, openInDashboard, openWorker } from './treeActions';

/** Registers every command except openDashboard (the dashboard registers that one). */
export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { data, log } = deps;
  const register = (id: string, handler: (...args: never[]) => unknown) => vscode.commands.registerCommand(id, handler);
  return [
    register(CommandId.refresh, () => data.refresh()),
    register(CommandId.selectTimeRange, (spec?: unknown) => selectTimeRange(deps, spec)),
    register(CommandId.exportView, (args?: unknown) => exportView(deps.exports, args)),
    register(CommandId.configureSource, (args?: unknown) => configureSource(deps, args)),
    register(CommandId.setApiKey, (key?: unknown) => setApiKey(deps, key)),
    register(CommandId.clearApiKey, () => clearApiKey(deps)),
    register(CommandId.setPostgresConnection, (value?: unknown) => setPostgresConnection(deps, value)),
    register(CommandId.clearPostgresConnection, () => clearPostgresConnection(deps)),
    register(CommandId.setOpenAiAdminKey, (args?: unknown) => setAdminKey(deps, 'openai', args)),
    register(CommandId.setAnthropicAdminKey, (args?: unknown) => setAdminKey(deps, 'anthropic', args)),
    register(CommandId.clearProviderAdminKeys, () => clearAdminKeys(deps)),
    register(CommandId.showAgentLogUsage, (kind?: unknown) => showAgentLogUsage(deps, kind)),
    register(CommandId.clearAgentLogHistory, () => clearAgentLogHistory(deps)),
    register(CommandId.addPriceOverride, (model?: unknown) => addPriceOverride(deps, model)),
    register(CommandId.showLog, () => log.show()),
    register(CommandId.openInDashboard, (node?: UsageNode) => openInDashboard(node)),
    register(CommandId.exportBreakdown, (node?: UsageNode) => exportBreakdown(deps.exports, node)),
    register(CommandId.copyName, (node?: UsageNode) => copyName(node)),
    register(CommandId.openWorker, (node?: UsageNode) => openWorker(deps, node)),
  ];
}
