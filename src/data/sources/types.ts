import * as l10n from '@vscode/l10n';
import type * as vscode from 'vscode';
import { type ColumnMapping } from '../../core/columns';
import { throwIfCancelled } from '../../core/errors';
import { type UsageBackend } from '../../core/backend/types';
import { type UsageView } from '../../core/query';
import { type UsageStore } from '../../core/store';
import { type UsageLog } from '../log';

/** A source kind's name as written in `usageExplorer.sources` (`files`, `http`, `demo`, ...). */
export type SourceKind = string;

/** One entry of `usageExplorer.sources`: `{ "kind": "files", "include": "**\/*.usage.csv" }`. */
export interface SourceSpec {
  readonly kind: SourceKind;
  readonly [option: string]: unknown;
}

/** What a kind can report, so the views say "—" instead of 0 for what a source does not know. */
export interface SourceReports {
  /** Counts runs (worker runs, model requests); false leaves runs unknown. */
  runs: boolean;
  users: boolean;
  tokens: boolean;
  /** `billed`: the amounts are the bill; `estimated`: computed from prices (labelled as such). */
  cost: 'billed' | 'estimated' | 'none';
}

/** Where the loaded data came from, as the views describe it. */
export interface SourceInfo {
  kind: SourceKind;
  /** Short readable name: `Demo data`, `team.usage.csv`, `3 usage files`, `usage.example.com`. */
  label: string;
  /** Workspace-relative paths of the files read (files source only). */
  files?: string[];
}

/** What one load of one source produced. */
export interface LoadResult {
  store: UsageStore;
  source: SourceInfo;
  /** Rows that could not be read and were left out. */
  skipped: number;
  /** Things the user should know about the data, one line each (e.g. `file:line: reason`). */
  warnings: string[];
  /** For sources that fetch a time window (HTTP, PostgreSQL): the instants [from, to) fetched; ranges outside need a new fetch. */
  window?: { from: number; to: number };
  /** For sources that sum days in the database: the zone the days were cut in (another zone loads again). */
  timeZone?: string;
  /** For sources whose spend is estimated from tokens: the models no price is known for (their spend is 0, flagged unpriced). */
  unpricedModels?: string[];
  /** For sources whose days a provider may still change (OpenAI, Anthropic): those UTC days, `YYYY-MM-DD`. */
  partialDays?: string[];
  /** The figures are the source's cached ones, shown at once while its refresh runs. */
  cached?: boolean;
  /** The store queried for `context.view` off the main thread (sources whose store a worker builds). */
  view?: UsageView;
  /**
   * For sources that answer queries in their database (PostgreSQL): the open backend the views
   * query while this result is shown (the source closes it when a newer load replaces it).
   */
  backend?: UsageBackend;
}

export interface LoadContext {
  signal: AbortSignal;
  log: UsageLog;
  /** Reports what the load is doing, for the progress notification. */
  report(message: string): void;
  /** The instants the selected range needs (it and its previous period), for sources that fetch a window. */
  window: { from: number; to: number };
  /** The selected range, for a worker that builds the store to query it there (the host's first view then needs no scan). */
  view: { spec: string; timeZone: string };
}

/** What a source gets from the host besides its settings. */
export interface SourceEnv {
  secrets: vscode.SecretStorage;
  log: UsageLog;
  /** `usageExplorer.files.*` settings, the defaults of file-like sources. */
  files: { include: string; exclude: string; columnMapping: ColumnMapping };
  /** `usageExplorer.postgres.*` settings, the defaults of a postgres source's entry. */
  postgres: PostgresDefaults;
  /** The extension's global storage folder, for sources that cache what they fetched (providers); none: no cache. */
  storageDir?: string;
}

/** The `usageExplorer.postgres.*` settings. */
export interface PostgresDefaults {
  table: string;
  columnMapping: Record<string, string>;
  rollup: string;
  rollupTimeZone: string;
  statementTimeoutSeconds: number;
}

/**
 * One configured source, alive while its settings entry is: it loads (and, where it has
 * inputs that change, watches). The data service keeps it across loads, so it may keep state
 * between them (e.g. file sizes for incremental reloads).
 */
export interface UsageSource extends vscode.Disposable {
  /** Stable identity of the settings entry (`files:**\/*.usage.csv`); equal ids are one source. */
  readonly id: string;
  readonly kind: SourceKind;
  /** Readable name before the first load (`usage.example.com`, `**\/*.usage.csv`). */
  readonly label: string;
  /** Loads everything; rejects with the reason when the source cannot be read at all. */
  load(context: LoadContext): Promise<LoadResult>;
  /**
   * The figures kept from earlier loads, without fetching (provider organisations' cached days),
   * shown at once on start while `load` runs; undefined when there are none. Absent: nothing kept.
   */
  loadCached?(context: LoadContext): Promise<LoadResult | undefined>;
  /** Calls `onChange` when the inputs change (a saved file). Absent when there is nothing to watch. */
  watch?(onChange: (reason: string) => void): vscode.Disposable;
}

/**
 * One entry of the source registry (src/data/sources/registry.ts): a kind of source, how it is
 * configured and what it reports. See docs/sources.md.
 */
export interface SourceDefinition {
  readonly kind: SourceKind;
  /** For pickers and messages: `Workspace files`, `HTTP API`. */
  readonly title: string;
  /**
   * True when the source sends a key or connects somewhere: then it is taken only from user or
   * machine settings, never from a workspace (a repository must not redirect a key).
   */
  readonly remote: boolean;
  readonly reports: SourceReports;
  /** Checks a settings entry and makes the source; throws SourceConfigError naming the problem. */
  create(spec: SourceSpec, env: SourceEnv): UsageSource;
  /**
   * For `auto`: a source this kind offers without being configured, when it has inputs now
   * (workspace files, logs the user opted into). Absent: the kind is never chosen automatically.
   */
  offer?(env: SourceEnv, signal: AbortSignal): Promise<UsageSource | undefined>;
}

/** A settings entry that does not describe a source; the message says what to change. */
export class SourceConfigError extends Error {
  override readonly name = 'SourceConfigError';
}

/** Throws the one cancellation error (core/errors) once the load is cancelled; the previous data stays. */
export function throwIfAborted(signal: AbortSignal): void {
  throwIfCancelled(signal, l10n.t('Loading usage data was cancelled.'));
}

/** A string option of a settings entry, trimmed; `fallback` when absent; throws when not a string. */
export function stringOption(spec: SourceSpec, key: string, fallback?: string): string | undefined {
  const value = spec[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string') throw new SourceConfigError(`"${key}" of a ${spec.kind} source must be a string.`);
  const trimmed = value.trim();
  return trimmed === '' ? fallback : trimmed;
}
