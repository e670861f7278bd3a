import * as vscode from 'vscode';
import { CommandId } from './commandIds';
import { type ConfigWatcher } from './config';
import { estimatedSources, estimateLines } from './data/sources/estimates';
import { countedSources, providerLines } from './data/sources/providers/overlapLines';
import { type UsageData } from './data/usageData';
import { statusBarText, statusBarTooltip } from './tree/format';
import { isAbortError } from './core/backend/types';
import { messageOf } from './core/errors';

const SPINNING = '$(sync~spin)';

/**
 * Spend of the selected range in the status bar (`$(graph) $1,234 · 30d`); a click opens the
 * dashboard. It shows numbers only once something else loaded the data: it never loads itself.
 */
export class UsageStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('usageExplorer.spend', vscode.StatusBarAlignment.Right, 100);
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly data: UsageData,
    private readonly config: ConfigWatcher,
  ) {
    this.item.name = vscode.l10n.t('Usage Explorer Spend');
    this.item.command = { command: CommandId.openDashboard, title: vscode.l10n.t('Open Usage Explorer Dashboard') };
    this.subscriptions = [
      data.onDidChange(() => this.update()),
      config.onDidChange((change) => {
        if (change.affects('statusBar.enabled')) this.update();
      }),
    ];
    this.update();
  }

  /** The text shown now (for tests), or undefined when hidden. */
  get text(): string | undefined {
    return this.config.config.statusBarEnabled ? this.item.text : undefined;
  }

  /** Aborted by the next update: a newer range cancels the query of the older one. */
  private query: AbortController | undefined;
  private readonly updatedEmitter = new vscode.EventEmitter<void>();
  /** Fires when the item shows a new state (a query started, answered or failed). */
  readonly onDidUpdate = this.updatedEmitter.event;

  update(): void {
    this.query?.abort();
    this.query = undefined;
    if (!this.config.config.statusBarEnabled) {
      this.item.hide();
      return;
    }
    const snapshot = this.data.snapshot;
    if (!snapshot) {
      this.item.text = `${this.data.state === 'loading' ? SPINNING : '$(graph)'} ${vscode.l10n.t('Usage')}`;
      this.item.tooltip = this.data.lastError
        ? vscode.l10n.t('Usage Explorer: {0}', this.data.lastError.message)
        : vscode.l10n.t('Usage Explorer: click to open the dashboard.');
      this.show();
      return;
    }
    const query = (this.query = new AbortController());
    // The figures shown before stay, with a spinning icon, until the backend answers.
    this.item.text = this.item.text.startsWith('$(')
      ? `${SPINNING}${this.item.text.slice(this.item.text.indexOf(')') + 1)}`
      : `${SPINNING} ${vscode.l10n.t('Usage')}`;
    this.show();
    this.data.query([], { signal: query.signal }).then(
      (view) => {
        if (query.signal.aborted) return;
        const demo = snapshot.source.kind === 'demo';
        // Spend computed from tokens at list prices is labelled as an estimate.
        const estimated = estimatedSources(countedSources(snapshot)).length > 0;
        this.item.text = `${statusBarText(view.totals, view.range, this.data.currency, demo)}${estimated ? ` ${vscode.l10n.t('est.')}` : ''}`;
        const tooltip = new vscode.MarkdownString(statusBarTooltip(view.totals, view.previousTotals, view.range, this.data.currency, snapshot.source.label));
        for (const line of [...estimateLines(countedSources(snapshot), this.data.currency), ...providerLines(snapshot)]) tooltip.appendText(`\n\n${line}`);
        if (this.data.lastError) tooltip.appendMarkdown(`\n\n$(warning) ${vscode.l10n.t('Last refresh failed; showing the data loaded before.')}`);
        tooltip.supportThemeIcons = true;
        this.item.tooltip = tooltip;
        this.show();
      },
      (error: unknown) => {
        if (query.signal.aborted || isAbortError(error)) return;
        this.item.text = `$(warning) ${vscode.l10n.t('Usage')}`;
        this.item.tooltip = vscode.l10n.t('Usage Explorer: {0}', messageOf(error));
        this.show();
      },
    );
  }

  private show(): void {
    this.item.show();
    this.updatedEmitter.fire();
  }

  dispose(): void {
    this.query?.abort();
    this.updatedEmitter.dispose();
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
