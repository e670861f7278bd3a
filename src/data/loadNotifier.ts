import * as vscode from 'vscode';
import { CommandId } from '../commandIds';
import { type LoadEvent, type SourceStatus, type UsageData } from './usageData';

/** Loads longer than this show a progress notification. */
export const PROGRESS_DELAY_MS = 500;

/**
 * The UI of loading: a cancellable progress notification for loads that take a while, and an
 * error notification (Retry, Show Log) when a load or one of its sources fails. It only listens
 * to the data service, which shows nothing itself.
 */
export class LoadNotifier implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;
  private progress:
    { load: number; timer: ReturnType<typeof setTimeout>; message: string; report?: (message: string) => void; finish?: () => void } | undefined;
  /** Failures already announced, by source id, so a failing auto-refresh does not repeat itself. */
  private readonly announced = new Map<string, string>();

  constructor(private readonly data: UsageData) {
    this.subscription = data.onDidLoad((event) => this.onLoad(event));
  }

  private onLoad(event: LoadEvent): void {
    switch (event.phase) {
      case 'start':
        this.finishProgress();
        this.startProgress(event.load);
        return;
      case 'progress':
        if (this.progress?.load !== event.load) return;
        this.progress.message = event.message;
        this.progress.report?.(event.message);
        return;
      case 'end':
        if (this.progress?.load === event.load) this.finishProgress();
        if (event.outcome === 'failed' && event.error)
          this.announce(
            event.keptData
              ? vscode.l10n.t('Usage Explorer could not load usage data: {0} Showing the data loaded before.', event.error.message)
              : vscode.l10n.t('Usage Explorer could not load usage data: {0}', event.error.message),
          );
        if (event.outcome === 'ready') this.announceSources(event.failedSources);
        return;
    }
  }

  private startProgress(load: number): void {
    const progress: NonNullable<LoadNotifier['progress']> = {
      load,
      message: vscode.l10n.t('Loading usage data…'),
      timer: setTimeout(() => show(), PROGRESS_DELAY_MS),
    };
    this.progress = progress;
    // Only loads that take a while get a (cancellable) notification.
    const show = () =>
      void vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Usage Explorer'), cancellable: true },
        (reporter, token) => {
          token.onCancellationRequested(() => {
            if (this.progress === progress) this.data.cancel();
          });
          return new Promise<void>((resolve) => {
            progress.finish = resolve;
            progress.report = (message) => reporter.report({ message });
            progress.report(progress.message);
            if (this.progress !== progress) resolve();
          });
        },
      );
  }

  private finishProgress(): void {
    if (!this.progress) return;
    clearTimeout(this.progress.timer);
    this.progress.finish?.();
    this.progress = undefined;
  }

  /** A source that fails while others show: said once per distinct failure. */
  private announceSources(failed: readonly SourceStatus[]): void {
    const failing = new Set<string>();
    for (const source of failed) {
      const message = source.error?.message ?? vscode.l10n.t('failed');
      failing.add(source.id);
      if (this.announced.get(source.id) === message) continue;
      this.announced.set(source.id, message);
      this.announce(vscode.l10n.t('Usage Explorer: the source {0} could not be loaded: {1} The other sources are shown.', source.label, message));
    }
    for (const id of [...this.announced.keys()]) if (!failing.has(id)) this.announced.delete(id);
  }

  private announce(message: string): void {
    const retry = vscode.l10n.t('Retry');
    const showLog = vscode.l10n.t('Show Log');
    void vscode.window.showErrorMessage(message, retry, showLog).then((choice) => {
      if (choice === retry) void this.data.refresh();
      else if (choice === showLog) void vscode.commands.executeCommand(CommandId.showLog);
    });
  }

  dispose(): void {
    this.finishProgress();
    this.subscription.dispose();
  }
}
