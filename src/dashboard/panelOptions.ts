import * as vscode from 'vscode';
import { type UsageData } from '../data/usageData';
import { type ExportService } from '../export/exportService';
import { type InsightSettings } from './insightsModel';

/** What the panel reads from the data service (the real one, or a stand-in in tests). */
export type DashboardData = Pick<
  UsageData,
  | 'onDidChange'
  | 'state'
  | 'snapshot'
  | 'lastError'
  | 'rangeSpec'
  | 'setRange'
  | 'range'
  | 'currency'
  | 'ensureLoaded'
  | 'refresh'
  | 'query'
  | 'drillDown'
  | 'backend'
>;

/** Where the panel writes its log lines (the extension's LogOutputChannel or a wrapper of it). */
export type DashboardLog = Pick<vscode.LogOutputChannel, 'info' | 'warn' | 'error' | 'debug'>;

export interface DashboardPanelOptions {
  data: DashboardData;
  log: DashboardLog;
  extensionUri: vscode.Uri;
  /** The worker page URL template (`${id}`, `${name}`); empty when none is set. */
  workerUrlTemplate: () => string;
  /** Budget settings for the insights panel; none: no insights. */
  insightSettings?: () => InsightSettings;
  /** Writes the dashboard's exports (the same service as the Export… command). */
  exports: Pick<ExportService, 'export'>;
}

/** The panel's title, in the display language. */
export const panelTitle = (): string => vscode.l10n.t('Usage Explorer');

/** The webview options: scripts on, resources only from dist/ and media/. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}
