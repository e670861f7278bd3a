import * as path from 'node:path';
import * as vscode from 'vscode';
import { type ExportRequest, type ExportService } from '../export/exportService';
import { checkExportArgs, EXPORT_DIMENSIONS, type ExportDimension, type ExportFormat } from './exportName';

/**
 * `usageExplorer.exportView`: writes a table, the daily series or the raw events of the range as
 * CSV or JSON. Its arguments come from outside (other extensions, tests) and are checked; what
 * they leave open is asked. With `target` no dialog is shown. Resolves to the Uri written, or
 * undefined when cancelled.
 */
export async function exportView(exports: ExportService, rawArgs?: unknown): Promise<vscode.Uri | undefined> {
  const { target, ...args } = checkExportArgs(rawArgs);
  return exportWithPrompts(exports, { ...args, target: target === undefined ? undefined : toUri(target) });
}

/** Asks what the request leaves open (what, then the format), then exports through the service. */
export async function exportWithPrompts(exports: ExportService, request: Partial<ExportRequest>): Promise<vscode.Uri | undefined> {
  await exports.loaded();
  const dimension = request.dimension ?? (await pickDimension());
  if (!dimension) return undefined;
  const format = request.format ?? (await pickFormat());
  if (!format) return undefined;
  return exports.export({ ...request, dimension, format });
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
    EXPORT_DIMENSIONS.map((id) => ({ ...exportChoice(id), id })),
    { title: vscode.l10n.t('Export Usage (1/2): What'), placeHolder: vscode.l10n.t('What to export') },
  );
  return picked?.id;
}

/** The Export command's name and explanation of one choice of what to export. */
function exportChoice(id: ExportDimension): { label: string; detail: string } {
  const choices: Record<ExportDimension, [label: string, detail: string]> = {
    worker: [vscode.l10n.t('By worker'), vscode.l10n.t('Spend, runs and users per worker')],
    user: [vscode.l10n.t('By user'), vscode.l10n.t('Spend and runs per user')],
    model: [vscode.l10n.t('By model'), vscode.l10n.t('Spend and runs per model')],
    team: [vscode.l10n.t('By team'), vscode.l10n.t('Spend and runs per team')],
    day: [vscode.l10n.t('By day'), vscode.l10n.t('The daily series, every day of the range')],
    event: [vscode.l10n.t('Raw events'), vscode.l10n.t('Every event in the range')],
  };
  const [label, detail] = choices[id];
  return { label, detail };
}

async function pickFormat(): Promise<ExportFormat | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'CSV', detail: vscode.l10n.t('For spreadsheets: plain numbers, one header row'), id: 'csv' as const },
      { label: 'JSON', detail: vscode.l10n.t('For scripts: the same shape as {0}', '`usage-explorer export --format json`'), id: 'json' as const },
    ],
    { title: vscode.l10n.t('Export Usage (2/2): Format'), placeHolder: vscode.l10n.t('File format') },
  );
  return picked?.id;
}
