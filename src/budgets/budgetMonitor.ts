import * as vscode from 'vscode';
import { CommandId } from '../commandIds';
import { type ConfigWatcher } from '../config';
import { budgetAlerts, type FiredThresholds } from '../core/insights/budgetAlerts';
import { parseBudgets, type BudgetStatus } from '../core/insights/budgets';
import { budgetsNow } from '../core/insights/insights';
import { type Dimension } from '../core/model';
import { type DataService } from '../data/dataService';
import { type UsageLog } from '../data/log';
import { budgetAlertMessage, budgetBadge, budgetForecast, budgetProgress, budgetSeverity } from './budgetText';

/** globalState key of the thresholds already notified, per budget and month (kept across restarts). */
export const FIRED_STATE_KEY = 'usageExplorer.budgets.fired';

/**
 * Watches `usageExplorer.budgets` against the loaded data: the workspace budget in the status bar
 * (spend / budget and percentage, the theme's warning and error colours past the thresholds), and
 * a notification once per budget, threshold and month. It reads the data service's state only:
 * it never loads data itself.
 */
export class BudgetMonitor implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('usageExplorer.budget', vscode.StatusBarAlignment.Right, 99);
  private readonly subscriptions: vscode.Disposable[];
  private current: BudgetStatus[] = [];
  private readonly alerted = new vscode.EventEmitter<string>();
  /** Fires with each notification's text (for tests and the log). */
  readonly onDidAlert = this.alerted.event;
  private readonly updated = new vscode.EventEmitter<void>();
  /** Fires after the budgets were evaluated again (the tree redraws its percentages). */
  readonly onDidUpdate = this.updated.event;

  /** `83% of budget` for an entity with a budget of its own (the workspace budget is in the status bar). */
  readonly badge = (dimension: Dimension, id: string): string | undefined => {
    const status = this.current.find((s) => s.budget.scope === dimension && s.budget.id === id);
    return status ? budgetBadge(status) : undefined;
  };

  constructor(
    private readonly data: DataService,
    private readonly config: ConfigWatcher,
    private readonly state: vscode.Memento,
    private readonly log: UsageLog,
    /** "Now"; tests fix it. */
    private readonly now: () => number = Date.now,
  ) {
    this.item.name = vscode.l10n.t('Usage Explorer Budget');
    this.item.command = { command: CommandId.openDashboard, title: vscode.l10n.t('Open Usage Explorer Dashboard') };
    this.subscriptions = [
      data.onDidChange(() => this.update()),
      config.onDidChange((change) => {
        if (change.affectsAny(['budgets', 'budgetThresholds', 'statusBar.enabled', 'timeZone', 'currency'])) this.update();
      }),
    ];
    this.update();
  }

  /** The budgets' state at the last update. */
  get statuses(): readonly BudgetStatus[] {
    return this.current;
  }

  /** The status bar text now, or undefined when hidden (for tests). */
  get text(): string | undefined {
    return this.visible ? this.item.text : undefined;
  }

  private visible = false;
  private notifying: Promise<void> = Promise.resolve();

  /** Forgets which thresholds were notified (tests start from a clean slate with it). */
  async forgetNotified(): Promise<void> {
    await this.state.update(FIRED_STATE_KEY, undefined);
  }

  update(): void {
    const snapshot = this.data.snapshot;
    const config = this.config.config;
    const { budgets, errors } = parseBudgets(config.budgets);
    for (const error of errors) this.log.warn(`usageExplorer.budgets: ${error}`);
    if (!snapshot || budgets.length === 0) {
      const had = this.current.length > 0;
      this.current = [];
      this.hide();
      if (had) this.updated.fire();
      return;
    }
    this.current = budgetsNow(snapshot.store, budgets, { now: this.now(), timeZone: this.data.timeZone, thresholds: config.budgetThresholds });
    this.show(this.current.find((s) => s.budget.scope === 'workspace'));
    this.updated.fire();
    // One at a time: two quick updates must not both read the state from before either wrote it.
    this.notifying = this.notifying
      .then(() => this.notify())
      .catch((error: unknown) => this.log.warn(`Budget notification failed: ${(error as Error).message}`));
  }

  private show(workspace: BudgetStatus | undefined): void {
    if (!workspace || !this.config.config.statusBarEnabled) return this.hide();
    const currency = this.data.currency;
    const severity = budgetSeverity(workspace);
    this.item.text = `${severity === 'ok' ? '$(pie-chart)' : '$(warning)'} ${budgetProgress(workspace, currency)}`;
    this.item.backgroundColor =
      severity === 'ok' ? undefined : new vscode.ThemeColor(severity === 'error' ? 'statusBarItem.errorBackground' : 'statusBarItem.warningBackground');
    this.item.color =
      severity === 'ok' ? undefined : new vscode.ThemeColor(severity === 'error' ? 'statusBarItem.errorForeground' : 'statusBarItem.warningForeground');
    this.item.tooltip = vscode.l10n.t(
      'Workspace budget for {0}: {1}; {2}. Click to open the dashboard.',
      workspace.period,
      budgetProgress(workspace, currency),
      budgetForecast(workspace, currency),
    );
    this.item.accessibilityInformation = { label: vscode.l10n.t('Workspace budget {0}', budgetProgress(workspace, currency)) };
    this.item.show();
    this.visible = true;
  }

  private hide(): void {
    this.item.hide();
    this.visible = false;
  }

  private async notify(): Promise<void> {
    if (this.current.length === 0) return;
    const fired = this.state.get<FiredThresholds>(FIRED_STATE_KEY, {});
    const result = budgetAlerts(this.current, fired);
    if (result.alerts.length === 0 && JSON.stringify(result.fired) === JSON.stringify(fired)) return;
    // Remembered before showing: a restart while a notification is open does not show it again.
    await this.state.update(FIRED_STATE_KEY, result.fired);
    for (const alert of result.alerts) {
      const message = budgetAlertMessage(alert.status, alert.threshold, this.data.currency);
      this.log.info(message);
      this.alerted.fire(message);
      const show = alert.threshold >= 100 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
      const open = vscode.l10n.t('Open Dashboard');
      void show(message, open).then((choice) => {
        if (choice === open) void vscode.commands.executeCommand(CommandId.openDashboard);
      });
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.alerted.dispose();
    this.updated.dispose();
    this.item.dispose();
  }
}
