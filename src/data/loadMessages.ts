import * as vscode from 'vscode';
import { type SourceEntry } from './sourceSet';
import { type DataSnapshot, type SourceStatus } from './usageData';

/** The log line that starts a load: the sources it reads. */
export function loadingMessage(entries: readonly SourceEntry[]): string {
  const what = entries.map((e) => (e.source ? `${e.source.label} (${e.source.kind})` : `${e.label} (invalid)`)).join(', ');
  return `Loading usage data from ${entries.length === 1 ? 'one source' : `${entries.length} sources`}: ${what}.`;
}

/** The log line of a load that succeeded: what it loaded, skipped, counted once and which sources failed. */
export function loadedMessage(next: DataSnapshot, failed: readonly SourceStatus[], ms: number): string {
  const store = next.store;
  return (
    `Loaded ${store.length.toLocaleString('en-US')} events from ${next.source.label} (${next.source.kind}) in ${ms} ms` +
    `${next.skipped > 0 ? `; ${next.skipped} rows skipped (reasons above)` : ''}` +
    `${store.duplicates > 0 ? `; ${store.duplicates} duplicate events counted once` : ''}` +
    `${failed.length > 0 ? `; ${failed.length} source${failed.length === 1 ? '' : 's'} failed: ${failed.map((s) => s.label).join(', ')}` : ''}.`
  );
}

/** One error for sources that all failed: the one's own, or each named. */
export function combinedError(failed: readonly SourceStatus[]): Error {
  const errors = failed.filter((s) => s.error);
  if (errors.length === 1) return errors[0].error!;
  if (errors.length === 0) return new Error(vscode.l10n.t('No source is configured.'));
  return new Error(errors.map((s) => `${s.label}: ${s.error!.message}`).join(' '));
}
