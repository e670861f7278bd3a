import type * as vscode from 'vscode';

/** File changes within this time cause one reload. */
export const FILE_CHANGE_DEBOUNCE_MS = 600;

/**
 * The reloads that time starts: one per burst of source input changes (debounced, only the
 * changed sources), and the `usageExplorer.autoRefreshMinutes` timer.
 */
export class ReloadTimers implements vscode.Disposable {
  private readonly dirty = new Set<string>();
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private autoRefresh: ReturnType<typeof setInterval> | undefined;

  constructor(
    /** Reloads the sources changed since the last call (their inputs changed). */
    private readonly reloadChanged: (only: ReadonlySet<string>, reason: string) => void,
    /** Called by the auto-refresh timer. */
    private readonly autoRefreshTick: () => void,
  ) {}

  /** Marks a source's inputs changed; the reload follows once the changes settle. */
  inputsChanged(sourceId: string, reason: string): void {
    this.dirty.add(sourceId);
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      const only = new Set(this.dirty);
      this.dirty.clear();
      this.reloadChanged(only, reason);
    }, FILE_CHANGE_DEBOUNCE_MS);
  }

  /** Restarts the auto-refresh timer (off for 0 or less). */
  scheduleAutoRefresh(minutes: number): void {
    clearInterval(this.autoRefresh);
    this.autoRefresh = undefined;
    if (minutes <= 0) return;
    this.autoRefresh = setInterval(() => this.autoRefreshTick(), minutes * 60_000);
  }

  dispose(): void {
    clearTimeout(this.debounce);
    clearInterval(this.autoRefresh);
  }
}
