import * as vscode from 'vscode';
import { CommandId } from '../commandIds';
import { type ExportRequest, type ExportService } from '../export/exportService';
import { type OpenDashboardArgs } from '../dashboard/register';
import { dimensionPlural, remainingDimensions } from '../tree/format';
import { EntityNode, ListNode, type UsageNode } from '../tree/nodes';
import { type CommandDeps } from './deps';
import { exportWithPrompts } from './exportView';
import { workerUrl } from './workerUrl';

/** Open in Dashboard: the entity's page, or the list's table. */
export async function openInDashboard(node: UsageNode | undefined): Promise<void> {
  let args: OpenDashboardArgs | undefined;
  if (node instanceof EntityNode) args = { focus: { dimension: node.dimension, id: node.row.id } };
  else if (node instanceof ListNode) {
    const parent = node.path[node.path.length - 1];
    args = parent ? { focus: { dimension: parent.dimension, id: parent.id }, dimension: node.dimension } : { dimension: node.dimension };
  }
  await vscode.commands.executeCommand(CommandId.openDashboard, args);
}

/** Export This Breakdown: a list exports its rows; an entity asks which of its breakdowns. */
export async function exportBreakdown(exports: ExportService, node: UsageNode | undefined): Promise<vscode.Uri | undefined> {
  let request: Partial<ExportRequest> = {};
  if (node instanceof ListNode) request = { dimension: node.dimension, filters: node.path };
  else if (node instanceof EntityNode) {
    const options = remainingDimensions(node.childPath);
    const picked = await vscode.window.showQuickPick(
      options.map((d) => ({ label: vscode.l10n.t('{0} of {1}', dimensionPlural(d), node.name), dimension: d })),
      { title: vscode.l10n.t('Export the Breakdown of {0}', node.name) },
    );
    if (!picked) return undefined;
    request = { dimension: picked.dimension, filters: node.childPath };
  }
  return exportWithPrompts(exports, request);
}

/** Copy Name: the entity's display name (or the list's title). */
export async function copyName(node: UsageNode | undefined): Promise<string | undefined> {
  const text = node instanceof EntityNode ? node.name : node instanceof ListNode ? dimensionPlural(node.dimension) : undefined;
  if (text !== undefined) await vscode.env.clipboard.writeText(text);
  return text;
}

/**
 * Open Worker: the dashboard on the worker, and its page when `usageExplorer.workerUrlTemplate` is set
 * (`${id}` and `${name}` are replaced, URL-encoded). Returns the page's URL when one was opened.
 */
export async function openWorker(deps: CommandDeps, node: UsageNode | undefined): Promise<string | undefined> {
  if (!(node instanceof EntityNode) || node.dimension !== 'worker') return undefined;
  await vscode.commands.executeCommand(CommandId.openDashboard, { focus: { dimension: 'worker', id: node.row.id } } satisfies OpenDashboardArgs);
  const template = deps.config.config.workerUrlTemplate;
  if (!template) return undefined;
  const url = workerUrl(template, node.row.id, node.row.name);
  if (!url) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('{0} must give an http(s) URL, e.g. {1}.', 'usageExplorer.workerUrlTemplate', 'https://ai.example.com/workers/${id}'),
    );
    return undefined;
  }
  await vscode.env.openExternal(vscode.Uri.parse(url, true));
  return url;
}
