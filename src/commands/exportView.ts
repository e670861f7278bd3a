import * as path from 'node:path';
import * as vscode from 'vscode';
import { exportUsage } from '../core/exportUsage';
import { resolveStoreRange } from '../core/query';
import { type UsageLog } from '../data/log';
import { type UsageData } from '../data/usageData';
import { checkExportArgs, defaultExportName, EXPORT_DIMENSIONS, type ExportDimension, type ExportFormat } from './exportName';

/**
 * `usageExplorer.exportView`: writes a table, the daily series or the raw events of the range as
 * CSV or JSON. What the arguments leave open is asked (dimension, format, then a save dialog);
 * with `target` no dialog is shown. Resolves to the Uri written, or undefined when cancelled.
 */
export async function exportView(deps: { data: UsageData; log: UsageLog }, rawArgs?: unknown): Promise<vscode.Uri | undefined> {
  const args = checkExportArgs(rawArgs);
  const { data, log } = deps;
  const snapshot = await data.ensureLoaded();
  if (!snapshot) throw new Error(`No usage data to export${data.lastError ? `: ${data.lastError.message}` : '.'}`);

  const dimension = args.dimension ?? (await pickDimension());
  if (!dimension) return undefined;
  const format = args.format ?? (await pickFormat());
  if (!format) return undefined;
  const range = args.range === undefined ? data.range : resolveStoreRange(snapshot.store, args.range, { timeZone: data.timeZone });
  const filters = args.filters ?? [];

  let target: vscode.Uri | undefined;
  if (args.target !== undefined) {
    target = toUri(args.target);
  } else {
    const name = defaultExportName(dimension, format, range, filters);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    target = await vscode.window.showSaveDialog({
      title: 'Export Usage',
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : vscode.Uri.file(path.join(process.env.HOME ?? '', name)),
      filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
      saveLabel: 'Export',
    });
    if (!target) return undefined;
  }

  // The engine's export: the CLI, the dashboard and this command write the same bytes for the same view.
  const text = exportUsage(snapshot.store, {
    by: dimension,
    format,
    range,
    filters,
    currency: data.currency,
    table: args.table,
    columns: args.columns,
  });
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  log.info(`Exported ${dimension} (${format}, ${range.label}${filters.length ? `, ${filters.map((f) => `${f.dimension}=${f.id}`).join(', ')}` : ''}) to ${target.fsPath || target.toString()}.`);
  if (args.target === undefined) {
    void vscode.window.showInformationMessage(`Exported usage to ${path.basename(target.path)}.`, 'Open').then((choice) => {
      if (choice === 'Open' && target) void vscode.commands.executeCommand('vscode.open', target);
    });
  }
  return target;
}

function toUri(target: string | { scheme: string; path: string }): vscode.Uri {
  if (typeof target === 'string') {
    if (!path.isAbsolute(target)) throw new Error(`exportView: target must be an absolute path, not "${target}".`);
    return vscode.Uri.file(target);
  }
  return target instanceof vscode.Uri ? target : vscode.Uri.from(target);
}

async function pickDimension(): Promise<ExportDimension | undefined> {
  const picked = await vscode.window.showQuickPick(
    EXPORT_DIMENSIONS.map((d) => ({ label: d.label, detail: d.detail, id: d.id })),
    { title: 'Export Usage (1/2): What', placeHolder: 'What to export' },
  );
  return picked?.id;
}

async function pickFormat(): Promise<ExportFormat | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'CSV', detail: 'For spreadsheets: plain numbers, one header row', id: 'csv' as const },
      { label: 'JSON', detail: 'For scripts: the same shape as `usage-explorer export --format json`', id: 'json' as const },
    ],
    { title: 'Export Usage (2/2): Format', placeHolder: 'File format' },
  );
  return picked?.id;
}
