import type * as vscode from 'vscode';
import { type ConfigWatcher } from '../config';
import { type UsageData } from '../data/usageData';
import { type UsageLog } from '../data/log';
import { type ExportService } from '../export/exportService';

/** What the command handlers work with. */
export interface CommandDeps {
  context: vscode.ExtensionContext;
  data: UsageData;
  config: ConfigWatcher;
  log: UsageLog;
  exports: ExportService;
}
