import { type UsageStore } from '../../core/store';
import { type UsageLog } from '../log';

export type SourceKind = 'demo' | 'files' | 'http' | 'postgres';

/** Where the loaded data came from, as the views describe it. */
export interface SourceInfo {
  kind: SourceKind;
  /** Short readable name: `Demo data`, `team.usage.csv`, `3 usage files`, `usage.example.com`. */
  label: string;
  /** Workspace-relative paths of the files read (files source only). */
  files?: string[];
}

/** What one load produced. */
export interface LoadResult {
  store: UsageStore;
  source: SourceInfo;
  /** Rows that could not be read and were left out. */
  skipped: number;
  /** Things the user should know about the data, one line each (e.g. `file:line: reason`). */
  warnings: string[];
  /** For the HTTP and PostgreSQL sources: the instants [from, to) fetched; ranges outside need a new fetch. */
  window?: { from: number; to: number };
}

export interface LoadContext {
  signal: AbortSignal;
  log: UsageLog;
  /** Reports what the load is doing, for the progress notification. */
  report(message: string): void;
}

/** Raised when a load was cancelled; the previous data stays. */
export class LoadCancelledError extends Error {
  override readonly name = 'LoadCancelledError';
  constructor() {
    super('Loading usage data was cancelled.');
  }
}

export function isCancellation(error: unknown): boolean {
  return error instanceof LoadCancelledError || (error instanceof Error && error.name === 'AbortError');
}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new LoadCancelledError();
}
