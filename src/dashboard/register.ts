import * as vscode from 'vscode';
import { isRecord } from '../core/guards';
import { isDimension, type Dimension } from '../core/model';
import { readConfig } from '../config';
import { type UsageData } from '../data/usageData';
import { type ExportService } from '../export/exportService';
import { DASHBOARD_VIEW_TYPE, isEntityRef, savedFocus, type EntityRef } from '../protocol/dashboard';
import { DashboardPanel, type DashboardLog, type DashboardPanelOptions } from './panel';

/** What the dashboard needs from the rest of the extension. */
export interface DashboardDeps {
  context: vscode.ExtensionContext;
  data: UsageData;
  log: DashboardLog;
  exports: ExportService;
}

/** Arguments of `usageExplorer.openDashboard`: open focused on one entity, or on one dimension's list. */
export interface OpenDashboardArgs {
  focus?: { dimension: Dimension; id: string };
  dimension?: Dimension;
}

/** Reads OpenDashboardArgs from whatever a command caller passed (palette: nothing; tree: args; others: anything). */
export function parseOpenArgs(args: unknown): { focus?: EntityRef; dimension?: Dimension } {
  if (!isRecord(args)) return {};
  const a = args;
  return {
    focus: isEntityRef(a.focus) ? { dimension: a.focus.dimension, id: a.focus.id } : undefined,
    dimension: isDimension(a.dimension) ? a.dimension : undefined,
  };
}

/** Keeps the one dashboard panel of this window. */
export class DashboardManager implements vscode.Disposable {
  private current: DashboardPanel | undefined;

  constructor(private readonly options: DashboardPanelOptions) {}

  get panel(): DashboardPanel | undefined {
    return this.current;
  }

  /** Opens the dashboard, or reveals it if it is open; narrowed to `focus` when given. */
  open(args?: unknown): DashboardPanel {
    const { focus, dimension } = parseOpenArgs(args);
    const tab = dimension ?? (focus && focus.dimension !== 'worker' ? focus.dimension : undefined);
    if (this.current) {
      this.current.reveal(focus, tab);
      return this.current;
    }
    return this.adopt(DashboardPanel.create(this.options, focus ?? null, tab));
  }

  /** Restores a panel VS Code kept across a reload, on the focus it showed; its data loads when the webview says ready. */
  revive(panel: vscode.WebviewPanel, webviewState?: unknown): void {
    if (this.current) {
      // One dashboard per window: a second restored panel is closed.
      panel.dispose();
      return;
    }
    this.adopt(new DashboardPanel(panel, this.options, savedFocus(webviewState)));
  }

  private adopt(panel: DashboardPanel): DashboardPanel {
    this.current = panel;
    panel.onDidDispose(() => {
      if (this.current === panel) this.current = undefined;
    });
    return panel;
  }

  dispose(): void {
    this.current?.dispose();
    this.current = undefined;
  }
}

/**
 * Registers `usageExplorer.openDashboard` and the panel serializer. Nothing loads here: the
 * serializer only recreates the page, and the data loads when a webview says `ready`.
 */
export function registerDashboard(deps: DashboardDeps): { manager: DashboardManager; disposables: vscode.Disposable[] } {
  const manager = new DashboardManager({
    data: deps.data,
    log: deps.log,
    extensionUri: deps.context.extensionUri,
    workerUrlTemplate: () => readConfig().workerUrlTemplate,
    insightSettings: () => {
      const config = readConfig();
      return { budgets: config.budgets, budgetThresholds: config.budgetThresholds };
    },
    exports: deps.exports,
  });
  const disposables = [
    manager,
    vscode.commands.registerCommand('usageExplorer.openDashboard', (args?: OpenDashboardArgs) => {
      manager.open(args);
    }),
    vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state: unknown) => Promise.resolve(manager.revive(panel, state)),
    }),
  ];
  return { manager, disposables };
}
