import * as vscode from 'vscode';
import { workerUrl } from '../commands/workerUrl';
import { type EntityRef, type WebviewCommand } from '../protocol/dashboard';
import { type DashboardPanelOptions } from './panelOptions';
import { dayRange, focusFilters } from './viewModel';

/** Opens a worker's page (usageExplorer.workerUrlTemplate) in the browser; unknown workers and unset templates are logged. */
export async function openWorkerPage(options: DashboardPanelOptions, id: string): Promise<void> {
  const store = options.data.snapshot?.store;
  const code = store?.workers.codeOf(id);
  if (!store || code === undefined) {
    options.log.warn(`Dashboard: dropped openWorkerPage for an unknown worker.`);
    return;
  }
  const url = workerUrl(options.workerUrlTemplate(), id, store.workers.names[code]);
  if (!url) {
    options.log.warn('Dashboard: usageExplorer.workerUrlTemplate is not set or is not an http(s) URL.');
    return;
  }
  await vscode.env.openExternal(vscode.Uri.parse(url, true));
}

/** Exports the table the dashboard shows (its focus, columns, sort and day) through the export service. */
export function exportTable(
  options: DashboardPanelOptions,
  focus: EntityRef | null,
  message: Extract<WebviewCommand, { type: 'export' }>,
): Promise<vscode.Uri | undefined> {
  const data = options.data;
  // A day of the tables must lie in the range shown (dayRange throws saying so).
  if (message.day && data.snapshot) dayRange(data.snapshot.store, data.range, message.day);
  return options.exports.export({
    dimension: message.dimension,
    format: message.format,
    filters: focusFilters(focus),
    table: message.state,
    columns: message.columns,
    range: message.day ? `${message.day}..${message.day}` : undefined,
  });
}
