import * as vscode from 'vscode';
import { type Dimension } from '../core/model';
import { isAbortError } from '../core/backend/types';
import { type Filter, type UsageRow, type UsageView } from '../core/query';
import { CommandId } from '../commandIds';
import { estimatedSources, estimateLines, unpricedModels } from '../data/sources/estimates';
import { countedSources, providerLines } from '../data/sources/providers/overlapLines';
import { type UsageData } from '../data/usageData';
import { type OpenDashboardArgs } from '../dashboard/register';
import { ContextValue } from './contextValues';
import { spendBasisByRow } from '../core/sources/providers/basis';
import { formatInteger } from '../l10n/display';
import { describeRow, dimensionPlural, formatEntityCount, pathId, remainingDimensions, rowTooltip, topRows } from './format';

const ICONS: Readonly<Record<Dimension, string>> = { worker: 'hubot', user: 'account', model: 'sparkle', team: 'organization' };

/** A budgeted entity's share of its monthly budget (`42% of budget`), or undefined; shown on root-level items. */
export type BudgetBadge = (dimension: Dimension, id: string) => string | undefined;

/** A node of the usage tree: it makes its own tree item and children. */
export abstract class UsageNode {
  abstract getTreeItem(): vscode.TreeItem;
  getChildren(): UsageNode[] | Promise<UsageNode[]> {
    return [];
  }
}

/** What the nodes read: the data service, and the view of a drill-down path through the backend (the tree's queries, cancelled by a newer refresh). */
export interface TreeQueries {
  readonly data: UsageData;
  view(path: readonly Filter[]): Promise<UsageView>;
}

/** A list of one dimension's entities: a root (path empty) or a drill-down group under an entity. */
export class ListNode extends UsageNode {
  constructor(
    private readonly queries: TreeQueries,
    readonly dimension: Dimension,
    /** The entities this list is narrowed to, outermost first. */
    readonly path: readonly Filter[],
    /** The rows this list shows, by spend (from the path's view). */
    private readonly listRows: readonly UsageRow[],
    private readonly names: readonly string[] = [],
    private readonly badge?: BudgetBadge,
  ) {
    super();
  }

  private get data(): UsageData {
    return this.queries.data;
  }

  /** The rows this list shows, by spend. */
  rows(): readonly UsageRow[] {
    return this.listRows;
  }

  getTreeItem(): vscode.TreeItem {
    const rows = this.rows();
    const root = this.path.length === 0;
    const expanded = root && this.dimension === 'worker';
    const item = new vscode.TreeItem(
      dimensionPlural(this.dimension),
      expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = pathId(this.path, `list:${this.dimension}`);
    item.description = String(rows.length);
    const sources = root ? sourcesLine(this.data) : '';
    const count = formatEntityCount(rows.length, this.dimension);
    const what = this.names.length ? vscode.l10n.t('{0} of {1}, by spend', count, this.names.join(' › ')) : vscode.l10n.t('{0}, by spend', count);
    item.tooltip = sources ? `${what}\n${sources}` : what;
    item.contextValue = ContextValue.list(this.dimension);
    if (root) item.iconPath = new vscode.ThemeIcon(ICONS[this.dimension]);
    return item;
  }

  override getChildren(): UsageNode[] {
    const { shown, more } = topRows(this.rows());
    const snapshot = this.data.snapshot;
    // How each row's spend was made (billed, allocated, estimated), in one pass for the list.
    const bases = snapshot ? spendBasisByRow(snapshot.store, this.data.range, this.path, this.dimension) : undefined;
    const children: UsageNode[] = shown.map(
      (row) => new EntityNode(this.queries, this.dimension, row, this.path, this.names, this.path.length === 0 ? this.badge : undefined, bases?.get(row.id)),
    );
    if (more > 0) children.push(new MoreNode(this.dimension, more, this.path));
    return children;
  }
}

/** One worker, user or model, with its spend and runs; expands into the other dimensions. */
export class EntityNode extends UsageNode {
  constructor(
    private readonly queries: TreeQueries,
    readonly dimension: Dimension,
    readonly row: UsageRow,
    /** The entities above this one, outermost first. */
    readonly path: readonly Filter[],
    private readonly names: readonly string[],
    private readonly badge?: BudgetBadge,
    /** How its spend was made (billed, allocated, estimated); absent: as reported. */
    private readonly basis?: string,
  ) {
    super();
  }

  /** This entity as a filter, and the path it opens for its children. */
  get filter(): Filter {
    return { dimension: this.dimension, id: this.row.id };
  }

  get childPath(): Filter[] {
    return [...this.path, this.filter];
  }

  get name(): string {
    return this.row.name;
  }

  private get data(): UsageData {
    return this.queries.data;
  }

  getTreeItem(): vscode.TreeItem {
    const expandable = remainingDimensions(this.childPath).length > 0;
    const item = new vscode.TreeItem(this.row.name, expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = pathId(this.childPath, 'entity');
    const budget = this.badge?.(this.dimension, this.row.id);
    // Only the sources the totals count (agent logs beside the bill that covers them are not).
    const sources = this.data.snapshot ? countedSources(this.data.snapshot) : [];
    const estimated = estimatedSources(sources).length > 0;
    // Spend from logs is an estimate; a model no price is known for shows its tokens but no spend.
    const marks = [
      ...(estimated ? [vscode.l10n.t('est.')] : []),
      ...(this.dimension === 'model' && unpricedModels(sources).includes(this.row.id) ? [vscode.l10n.t('unpriced')] : []),
      ...(budget ? [budget] : []),
    ];
    item.description = [describeRow(this.row, this.data.currency), ...marks].join(' · ');
    const tooltip = new vscode.MarkdownString(
      rowTooltip(this.row, {
        dimension: this.dimension,
        currency: this.data.currency,
        range: this.data.range,
        within: [...this.names],
        demo: this.data.snapshot?.source.kind === 'demo',
        basis: this.basis,
      }),
    );
    for (const line of estimated ? estimateLines(sources, this.data.currency) : []) tooltip.appendText(`\n\n${line}`);
    tooltip.supportHtml = false;
    tooltip.isTrusted = false;
    item.tooltip = tooltip;
    item.contextValue = ContextValue.entity(this.dimension);
    item.iconPath = new vscode.ThemeIcon(ICONS[this.dimension]);
    return item;
  }

  /** The other dimensions' lists for this entity: one query for the path through the backend. */
  override async getChildren(): Promise<UsageNode[]> {
    const names = [...this.names, this.row.name];
    const path = this.childPath;
    return listsOf(this.queries, remainingDimensions(path), path, names);
  }
}

/**
 * The lists of `dimensions` under a path, from the path's view through the backend; an error
 * becomes a node saying so (the rest of the tree stays); a cancelled query (a newer refresh) gives none.
 */
export async function listsOf(
  queries: TreeQueries,
  dimensions: readonly Dimension[],
  path: readonly Filter[],
  names: readonly string[],
  badge?: BudgetBadge,
): Promise<UsageNode[]> {
  try {
    const view = await queries.view(path);
    return dimensions.map((d) => new ListNode(queries, d, path, view.tables[d], names, badge));
  } catch (error) {
    if (isAbortError(error)) return [];
    return [new QueryErrorNode(path, error instanceof Error ? error : new Error(String(error)))];
  }
}

/** A query of the tree that failed (e.g. the database timed out): its message, and Refresh on click. */
export class QueryErrorNode extends UsageNode {
  constructor(
    readonly path: readonly Filter[],
    readonly error: Error,
  ) {
    super();
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Could not load this view'), vscode.TreeItemCollapsibleState.None);
    item.id = pathId(this.path, 'query-error');
    item.description = this.error.message;
    item.tooltip = vscode.l10n.t('{0} Click to refresh.', this.error.message);
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    item.command = { command: CommandId.refresh, title: vscode.l10n.t('Refresh') };
    return item;
  }
}

/** "N more…": opens the dashboard on the whole list. */
export class MoreNode extends UsageNode {
  constructor(
    readonly dimension: Dimension,
    readonly count: number,
    readonly path: readonly Filter[],
  ) {
    super();
  }

  /** The dashboard view showing the whole list: the dimension's table, or the innermost entity's breakdown. */
  dashboardArgs(): OpenDashboardArgs {
    const parent = this.path[this.path.length - 1];
    return parent ? { focus: { dimension: parent.dimension, id: parent.id }, dimension: this.dimension } : { dimension: this.dimension };
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('{0} more…', formatInteger(this.count)), vscode.TreeItemCollapsibleState.None);
    item.id = pathId(this.path, `more:${this.dimension}`);
    item.tooltip = vscode.l10n.t('Open the dashboard to see all {0}', dimensionPlural(this.dimension).toLocaleLowerCase());
    item.contextValue = ContextValue.more;
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.command = { command: CommandId.openDashboard, title: vscode.l10n.t('Open Dashboard'), arguments: [this.dashboardArgs()] };
    return item;
  }
}

/** `Sources: team.usage.csv, usage.example.com (failed)`: which sources fed the view. */
export function sourcesLine(data: UsageData): string {
  const sources = data.snapshot?.sources ?? [];
  if (sources.length === 0) return '';
  const estimated = new Set(estimatedSources(data.snapshot ? countedSources(data.snapshot) : sources));
  const names = sources.map((s) => {
    const name = estimated.has(s) ? vscode.l10n.t('{0} (est.)', s.label) : s.label;
    return s.error ? (s.result ? vscode.l10n.t('{0} (last refresh failed)', name) : vscode.l10n.t('{0} (failed)', name)) : name;
  });
  const heading = sources.length === 1 ? vscode.l10n.t('Source: {0}', names[0]) : vscode.l10n.t('Sources: {0}', names.join(', '));
  return [heading, ...estimateLines([...estimated], data.currency), ...providerLines(data.snapshot)].join('\n');
}

/** A source that failed while others are shown: its name and error, with Retry and Show Log in its menu. */
export class SourceErrorNode extends UsageNode {
  constructor(
    readonly label: string,
    readonly error: Error,
    /** The source's older data is still shown. */
    private readonly keptData: boolean,
  ) {
    super();
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('{0} failed', this.label), vscode.TreeItemCollapsibleState.None);
    item.id = `source-error:${this.label}`;
    item.description = this.error.message;
    item.tooltip = [
      vscode.l10n.t('{0} could not be loaded: {1}', this.label, this.error.message),
      ...(this.keptData ? [vscode.l10n.t('Showing the data it gave before.')] : []),
      vscode.l10n.t('Click to show the log.'),
    ].join('\n');
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    item.contextValue = ContextValue.sourceError;
    item.command = { command: CommandId.showLog, title: vscode.l10n.t('Show Log') };
    return item;
  }
}
