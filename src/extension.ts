import * as vscode from 'vscode';
import { BudgetMonitor } from './budgets/budgetMonitor';
import { registerCommands } from './commands/register';
import { ConfigWatcher } from './config';
import { DataService } from './data/dataService';
import { LoadNotifier } from './data/loadNotifier';
import { UsageLog } from './data/log';
import { ExportService } from './export/exportService';
import { configureDisplay } from './l10n/display';
import { registerDashboard, type DashboardManager } from './dashboard/register';
import { UsageStatusBar } from './statusBar';
import { type UsageNode } from './tree/nodes';
import { createUsageTreeView, type UsageTreeProvider } from './tree/usageTree';

/** What `activate` returns: used by the extension-host tests (and open to other extensions). */
export interface UsageExplorerApi {
  data: DataService;
  tree: UsageTreeProvider;
  treeView: vscode.TreeView<UsageNode>;
  statusBar: UsageStatusBar;
  budgets: BudgetMonitor;
  log: UsageLog;
  /** The window's one dashboard panel, when open. */
  dashboard: DashboardManager;
  /** Milliseconds `activate` took. */
  activationMs: number;
  /** Loads started during activation: always 0, data loads lazily. */
  loadsDuringActivation: number;
}

/** Wires the parts together. Registers only: no data is loaded until a view or command needs it. */
export function activate(context: vscode.ExtensionContext): UsageExplorerApi {
  const started = performance.now();
  configureDisplay(vscode.env.language, vscode.l10n.bundle);
  const channel = vscode.window.createOutputChannel('Usage Explorer', { log: true });
  const log = new UsageLog(channel);
  const config = new ConfigWatcher();
  const data = new DataService({ config, secrets: context.secrets, log, storageDir: context.globalStorageUri.fsPath });
  const budgets = new BudgetMonitor(data, config, context.globalState, log);
  const tree = createUsageTreeView(data, budgets);
  const statusBar = new UsageStatusBar(data, config);
  const exports = new ExportService(data, log);
  const dashboard = registerDashboard({ context, data, log: channel, exports });
  context.subscriptions.push(
    channel,
    config,
    data,
    new LoadNotifier(data),
    ...tree.disposables,
    statusBar,
    budgets,
    ...registerCommands({ context, data, config, log, exports }),
    ...dashboard.disposables,
  );

  const activationMs = Math.round((performance.now() - started) * 10) / 10;
  log.info(`Activated in ${activationMs} ms (no data loaded yet).`);
  return {
    data,
    tree: tree.provider,
    treeView: tree.view,
    statusBar,
    budgets,
    log,
    dashboard: dashboard.manager,
    activationMs,
    loadsDuringActivation: data.loadCount,
  };
}

export function deactivate(): void {}
