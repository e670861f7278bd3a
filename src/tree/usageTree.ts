import * as vscode from 'vscode';
import { DIMENSIONS } from '../core/model';
import { ContextKey, ViewId } from '../commandIds';
import { type UsageData } from '../data/usageData';
import { displayLocale, formatInteger } from '../l10n/display';
import { summaryMessage, viewDescription } from './format';
import { ListNode, SourceErrorNode, type BudgetBadge, type UsageNode } from './nodes';

/** The Usage tree: roots Workers, Users and Models, drilling down into the other dimensions. */
export class UsageTreeProvider implements vscode.TreeDataProvider<UsageNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<UsageNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly subscription: vscode.Disposable;

  private readonly budgetSubscription: vscode.Disposable | undefined;

  constructor(
    private readonly data: UsageData,
    private readonly budgets?: { badge: BudgetBadge; onDidUpdate: vscode.Event<void> },
  ) {
    this.subscription = data.onDidChange(() => this.emitter.fire(undefined));
    this.budgetSubscription = budgets?.onDidUpdate(() => this.emitter.fire(undefined));
  }

  getTreeItem(node: UsageNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  /** Roots load the data on first use; an empty answer lets the welcome content explain why. */
  async getChildren(node?: UsageNode): Promise<UsageNode[]> {
    if (node) return node.getChildren();
    const snapshot = await this.data.ensureLoaded();
    if (!snapshot) return [];
    // A failing source is said first; the others' data still shows below it.
    const failed = snapshot.sources.filter((s) => s.error).map((s) => new SourceErrorNode(s.label, s.error!, s.result !== undefined));
    const totals = this.data.view().totals;
    if (totals.runs === 0 && totals.spendMicros === 0) return failed;
    return [...failed, ...DIMENSIONS.map((d) => new ListNode(this.data, d, [], [], this.budgets?.badge))];
  }

  dispose(): void {
    this.subscription.dispose();
    this.budgetSubscription?.dispose();
    this.emitter.dispose();
  }
}

/** Creates the tree view and keeps its description, message and context keys in step with the data. */
export function createUsageTreeView(
  data: UsageData,
  budgets?: { badge: BudgetBadge; onDidUpdate: vscode.Event<void> },
): { provider: UsageTreeProvider; view: vscode.TreeView<UsageNode>; disposables: vscode.Disposable[] } {
  const provider = new UsageTreeProvider(data, budgets);
  const view = vscode.window.createTreeView(ViewId.usage, { treeDataProvider: provider });
  const update = () => {
    const snapshot = data.snapshot;
    const demo = snapshot?.source.kind === 'demo';
    // Before the first load the range is known but nothing is resolved against data yet; that is fine for a label.
    view.description = viewDescription(data.range, demo);
    view.message = treeMessage(data);
    const totals = snapshot ? data.view().totals : undefined;
    void vscode.commands.executeCommand('setContext', ContextKey.state, data.state);
    void vscode.commands.executeCommand('setContext', ContextKey.hasData, snapshot !== undefined);
    void vscode.commands.executeCommand('setContext', ContextKey.loadError, data.lastError !== undefined);
    void vscode.commands.executeCommand('setContext', ContextKey.isDemo, demo);
    void vscode.commands.executeCommand('setContext', ContextKey.noDataInRange, totals !== undefined && totals.runs === 0 && totals.spendMicros === 0);
  };
  update();
  const subscription = data.onDidChange(update);
  return { provider, view, disposables: [provider, view, subscription] };
}

/**
 * The line above the tree: a failed reload (the data shown is older), rows that could not be
 * read, or else the range shown and its total.
 */
export function treeMessage(data: UsageData): string | undefined {
  const snapshot = data.snapshot;
  if (data.lastError && snapshot) {
    const at = new Date(snapshot.loadedAt).toLocaleTimeString(displayLocale());
    return vscode.l10n.t('Refresh failed: {0} Showing data loaded at {1}.', data.lastError.message, at);
  }
  if (snapshot?.cached && data.state === 'loading') return vscode.l10n.t('Showing cached figures; refreshing…');
  if (snapshot && snapshot.skipped > 0) {
    return snapshot.skipped === 1
      ? vscode.l10n.t('1 row could not be read and is left out (Show Log for details).')
      : vscode.l10n.t('{0} rows could not be read and are left out (Show Log for details).', formatInteger(snapshot.skipped));
  }
  if (snapshot) {
    const totals = data.view().totals;
    // With nothing in the range the welcome content explains; no summary line above it.
    if (totals.runs > 0 || totals.spendMicros !== 0) return summaryMessage(data.range, totals, data.currency, snapshot.source.kind === 'demo');
  }
  return undefined;
}
