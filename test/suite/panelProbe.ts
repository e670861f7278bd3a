import * as vscode from 'vscode';
import { DashboardPanel, webviewOptions } from '../../src/dashboard/panel';
import { ExportService } from '../../src/export/exportService';
import { DASHBOARD_VIEW_TYPE, type HostMessage } from '../../src/protocol/dashboard';
import { type UsageExplorerApi } from '../../src/extension';
import { EXTENSION_ID } from './helpers';

/** A dashboard panel on the extension's data service in a real webview, with every message it posts recorded. */
export function probePanel(api: UsageExplorerApi, title: string): { panel: DashboardPanel; posted: HostMessage[] } {
  const extensionUri = vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri;
  const webviewPanel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, title, vscode.ViewColumn.Active, webviewOptions(extensionUri));
  const log = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };
  const panel = new DashboardPanel(webviewPanel, { data: api.data, log, extensionUri, workerUrlTemplate: () => '', exports: new ExportService(api.data, log) });
  const posted: HostMessage[] = [];
  panel.onDidPost((message) => posted.push(message));
  return { panel, posted };
}
