import * as vscode from 'vscode';
import { DIMENSIONS } from '../core/model';
import { ContextKey, ViewId } from '../commandIds';
import { type UsageData } from '../data/usageData';
import { displayLocale, formatInteger } from '../l10n/display';
import { summaryMessage, viewDescription } from './format';
import { type Filter, type UsageView } from '../core/query';
import { listsOf, SourceErrorNode, type BudgetBadge, type TreeQueries, type UsageNode } from './nodes';

/** The Usage tree: roots Workers, Users, Models and Teams, drilling down into the other dimensions. */
export class UsageTreeProvider implements vscode.TreeDataProvider<UsageNode>, TreeQueries, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<UsageNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly loadingEmitter = new vscode.EventEmitter<void>();
  /** Fires when a query of the tree starts or ends (the view's message follows it). */
  readonly onDidChangeLoading = this.loadingEmitter.event;
  private readonly subscription: vscode.Disposable;
  private readonly budgetSubscription: vscode.Disposable | undefined;
  /** Aborted when the tree is refreshed: the queries of the old tree are cancelled. */
  private generation = new AbortController();
  private pending = 0;
  /** The roots' view, for the line above the tree (undefined until it arrived, or after a refresh). */
  private rootView: UsageView | undefined;

  constructor(
    readonly data: UsageData,
    private readonly budgets?: { badge: BudgetBadge; onDidUpdate: vscode.Event<void> },
  ) {
    this.subscription = data.onDidChange(() => this.refresh());
    this.budgetSubscription = budgets?.onDidUpdate(() => this.emitter.fire(undefined));
  }

  /** Whether a query of the tree is running. */
  get loading(): boolean {
    return this.pending > 0;
  }

  /** The totals of the view the roots show, once their query answered. */
  get rootTotals(): UsageView['totals'] | undefined {
    return this.rootView?.totals;
  }

  /** Cancels the running queries and asks VS Code for the tree again. */
  refresh(): void {
    this.generation.abort();
    this.generation = new AbortController();
    this.rootView = undefined;
    this.emitter.fire(undefined);
  }

  /** The view of a path through the backend; cancelled by the next refresh. */
  async view(path: readonly Filter[]): Promise<UsageView> {
    const signal = this.generation.signal;
    this.pending++;
    this.loadingEmitter.fire();
    try {
      const view = await this.data.query(path, { signal });
      if (path.length === 0 && !signal.aborted) this.rootView = view;
      return view;
    } finally {
      this.pending--;
      this.loadingEmitter.fire();
    }
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
    const lists = await listsOf(this, DIMENSIONS, [], [], this.budgets?.badge);
    const totals = this.rootView?.totals;
    if (totals && totals.runs === 0 && totals.spendMicros === 0) return failed;
    return [...failed, ...lists];
  }

  dispose(): void {
    this.generation.abort();
    this.subscription.dispose();
    this.budgetSubscription?.dispose();
    this.emitter.dispose();
    this.loadingEmitter.dispose();
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
    view.message = treeMessage(data, provider.rootTotals, provider.loading);
    const totals = provider.rootTotals;
    void vscode.commands.executeCommand('setContext', ContextKey.state, data.state);
    void vscode.commands.executeCommand('setContext', ContextKey.hasData, snapshot !== undefined);
    void vscode.commands.executeCommand('setContext', ContextKey.loadError, data.lastError !== undefined);
    void vscode.commands.executeCommand('setContext', ContextKey.isDemo, demo);
    void vscode.commands.executeCommand('setContext', ContextKey.noDataInRange, totals !== undefined && totals.runs === 0 && totals.spendMicros === 0);
  };
  update();
  const subscriptions = [data.onDidChange(update), provider.onDidChangeLoading(update)];
  return { provider, view, disposables: [provider, view, ...subscriptions] };
}

/**
 * The line above the tree: a failed reload (the data shown is older), rows that could not be
 * read, a query still running, or else the range shown and its total (`totals`: the roots' view).
 */
export function treeMessage(data: UsageData, totals?: UsageView['totals'], loading = false): string | undefined {
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
  if (snapshot && loading) return vscode.l10n.t('Loading {0}…', data.range.label);
  // With nothing in the range the welcome content explains; no summary line above it.
  if (snapshot && totals && (totals.runs > 0 || totals.spendMicros !== 0))
    return summaryMessage(data.range, totals, data.currency, snapshot.source.kind === 'demo');
  return undefined;
}
