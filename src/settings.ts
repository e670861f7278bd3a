/**
 * Every `usageExplorer.*` setting in one table: its key, its default (the same as package.json's,
 * test/unit/settings.test.ts holds them equal) and how a raw value is read. The typed config, the
 * defaults and the setting keys are all derived from this table, so adding a setting is one line
 * here plus its declaration in package.json. Pure TypeScript: no `vscode` import (src/config.ts
 * reads the values through VS Code).
 */
import { USAGE_FIELDS, type ColumnMapping } from './core/columns';
import { isRecord } from './core/guards';
import { OVERLAP_MODES, type OverlapMode } from './core/sources/providers/overlap';
import { type LeveledSourceEntry, readSourcesSetting } from './data/sources/settings';

export const CONFIG_SECTION = 'usageExplorer';

export type SourceSetting = 'auto' | 'demo' | 'files' | 'http' | 'postgres';

/** One setting: the key under `usageExplorer.`, its default, and how a raw value becomes a typed one. */
export interface Setting<K extends string, T> {
  readonly key: K;
  readonly default: T;
  /** The typed value of whatever the settings hold (undefined when unset); falls back to the default. */
  read(raw: unknown): T;
}

function setting<K extends string, T>(key: K, defaultValue: T, read: (raw: unknown, defaultValue: T) => T): Setting<K, T> {
  return { key, default: defaultValue, read: (raw) => read(raw, defaultValue) };
}

// ---- readers ------------------------------------------------------------------------------

/** Trimmed text; an empty value is kept (it means "none"). */
const text = (raw: unknown, fallback: string): string => (typeof raw === 'string' ? raw.trim() : fallback);
/** Trimmed text; an empty value means the default. */
const required = (raw: unknown, fallback: string): string => text(raw, fallback) || fallback;
const code = (raw: unknown, fallback: string): string => required(raw, fallback).toUpperCase();
const flag = (raw: unknown): boolean => raw !== false;
/** A number of at least 0 (anything else: off). */
const nonNegative = (raw: unknown): number => {
  const n = Number(raw);
  return Number.isFinite(n) && n > 0 ? n : 0;
};
/** A number above 0, else the default. */
const positive = (raw: unknown, fallback: number): number => {
  const n = Number(raw);
  return typeof raw === 'number' && Number.isFinite(n) && n > 0 ? n : fallback;
};
/** Non-empty string values by key. */
const stringRecord = (raw: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (typeof raw !== 'object' || raw === null) return out;
  for (const [key, value] of Object.entries(raw)) if (typeof value === 'string' && value !== '') out[key] = value;
  return out;
};
const oneOf =
  <T extends string>(values: readonly T[]) =>
  (raw: unknown, fallback: T): T =>
    values.includes(raw as T) ? (raw as T) : fallback;
/** Field -> header, keeping only known fields with a non-empty header. */
const columnMapping = (raw: unknown): ColumnMapping => {
  const mapping: ColumnMapping = {};
  if (!isRecord(raw)) return mapping;
  for (const field of USAGE_FIELDS) {
    const header = raw[field];
    if (typeof header === 'string' && header.trim() !== '') mapping[field] = header.trim();
  }
  return mapping;
};

/** A list, checked entry by entry where it is used (so each bad entry can be named). */
const list = (raw: unknown): unknown[] => (Array.isArray(raw) ? raw : []);
/** An object, checked where it is used. */
const record = (raw: unknown): Record<string, unknown> =>
  typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
/** Positive percentages, ascending; none valid: the default. */
const percentages = (raw: unknown, fallback: number[]): number[] => {
  const values = Array.isArray(raw) ? raw.filter((x): x is number => typeof x === 'number' && Number.isFinite(x) && x > 0) : [];
  return values.length > 0 ? [...new Set(values)].sort((a, b) => a - b) : fallback;
};

// ---- the table ----------------------------------------------------------------------------

/** Each setting, by the name of its field in {@link UsageExplorerConfig}. One line per setting. */
export const SETTINGS = {
  /**
   * `usageExplorer.sources`: the sources shown together, each entry with the settings level it
   * came from (read from `inspect()`, so remote kinds can be taken from user settings only).
   */
  sources: setting('sources', [] as readonly LeveledSourceEntry[], readSourcesSetting),
  /** `usageExplorer.source` (deprecated): one source, read as a one-element list when `sources` is empty. */
  source: setting('source', 'auto', oneOf<SourceSetting>(['auto', 'demo', 'files', 'http', 'postgres'])),
  /** `usageExplorer.files.include`: glob of usage files in the workspace. */
  filesInclude: setting('files.include', '**/*.usage.{csv,json,ndjson}', required),
  /** `usageExplorer.files.exclude`: glob of files never read (e.g. dependencies). */
  filesExclude: setting('files.exclude', '**/node_modules/**', text),
  /** `usageExplorer.files.columnMapping`: field -> header name, overriding the engine's guess. */
  columnMapping: setting('files.columnMapping', {}, columnMapping),
  /** `usageExplorer.http.baseUrl` (machine scope): the REST API's base URL. */
  httpBaseUrl: setting('http.baseUrl', '', text),
  /** `usageExplorer.postgres.table`: the table or view of usage events (`name` or `schema.name`). */
  postgresTable: setting('postgres.table', '', text),
  /** `usageExplorer.postgres.columnMapping`: field -> column, for columns not named as in usage files. */
  postgresColumnMapping: setting('postgres.columnMapping', {}, stringRecord),
  /** `usageExplorer.postgres.rollup`: a daily rollup table or materialized view; empty = none. */
  postgresRollup: setting('postgres.rollup', '', text),
  /** `usageExplorer.postgres.rollupTimeZone`: the zone the rollup's days were cut in. */
  postgresRollupTimeZone: setting('postgres.rollupTimeZone', 'UTC', required),
  /** `usageExplorer.postgres.statementTimeoutSeconds`: how long one statement may run. */
  postgresStatementTimeoutSeconds: setting('postgres.statementTimeoutSeconds', 30, positive),
  /** `usageExplorer.defaultTimeRange`: range preset or `YYYY-MM-DD..YYYY-MM-DD` used at start. */
  defaultTimeRange: setting('defaultTimeRange', '30d', required),
  /** `usageExplorer.timeZone`: `UTC`, `local` or an IANA zone; days and ranges are computed in it. */
  timeZone: setting('timeZone', 'UTC', required),
  /** `usageExplorer.currency`: ISO 4217 code the costs are in. */
  currency: setting('currency', 'USD', code),
  /** `usageExplorer.workerUrlTemplate`: page of a worker, with `${id}` and `${name}` placeholders; empty = none. */
  workerUrlTemplate: setting('workerUrlTemplate', '', text),
  /** `usageExplorer.autoRefreshMinutes`: reload every N minutes; 0 = off. */
  autoRefreshMinutes: setting('autoRefreshMinutes', 0, nonNegative),
  /** `usageExplorer.statusBar.enabled`: show spend in the status bar. */
  statusBarEnabled: setting('statusBar.enabled', true, flag),
  /** `usageExplorer.budgets`: monthly budgets for the workspace, a team, worker, user or model (read with parseBudgets). */
  budgets: setting('budgets', [] as unknown[], list),
  /** `usageExplorer.budgetThresholds`: percentages of a budget that notify. */
  budgetThresholds: setting('budgetThresholds', [50, 80, 100], percentages),
  /** `usageExplorer.teams`: team name -> patterns of its users and workers (read with parseTeamMapping). */
  teams: setting('teams', {}, record),
  /** `usageExplorer.agentLogs.user`: who this machine's agent-log requests are counted for; empty = git e-mail, else the OS user. */
  agentLogsUser: setting('agentLogs.user', '', text),
  /** `usageExplorer.agentLogs.history`: keep the agent-log requests seen in global storage. */
  agentLogsHistory: setting('agentLogs.history', true, flag),
  /** `usageExplorer.agentLogs.subscriptions`: the flat monthly fee per agent kind, shown beside its estimate (read with agentSubscriptions). */
  agentLogsSubscriptions: setting('agentLogs.subscriptions', {}, record),
  /** `usageExplorer.providers.overlap`: agent logs beside the organisation that bills them: count the bill (`bill`), both, or the logs. */
  providersOverlap: setting('providers.overlap', 'bill', oneOf<OverlapMode>(OVERLAP_MODES)),
  /** `usageExplorer.pricing.overrides`: prices per million tokens by model id or pattern (read with parseOverrides). */
  pricingOverrides: setting('pricing.overrides', {}, record),
};

type Settings = typeof SETTINGS;
export type SettingName = keyof Settings;
/** A setting's key under `usageExplorer.`, e.g. `files.include`. */
export type SettingKey = Settings[SettingName]['key'];

/** Every `usageExplorer.*` setting, typed (the field docs are the table's). Read with `readConfig`. */
export type UsageExplorerConfig = { -readonly [N in keyof Settings]: Settings[N]['default'] };

/** The typed config from a lookup of raw values by key (VS Code's configuration, or a plain object in tests). */
export function readSettings(get: (key: SettingKey) => unknown): UsageExplorerConfig {
  const config: Partial<Record<SettingName, unknown>> = {};
  for (const name of Object.keys(SETTINGS) as SettingName[]) config[name] = SETTINGS[name].read(get(SETTINGS[name].key));
  return config as UsageExplorerConfig;
}

/** The defaults, by full key (`usageExplorer.files.include` → `**\/*.usage.{csv,json,ndjson}`). */
export function settingDefaults(): Record<`${typeof CONFIG_SECTION}.${SettingKey}`, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const s of Object.values(SETTINGS)) defaults[`${CONFIG_SECTION}.${s.key}`] = s.default;
  return defaults;
}

/** Which settings feed which part, so a change reloads only what it must. */
export const SETTING_GROUPS = {
  /** A change needs the data loaded again. */
  source: [
    'sources',
    'source',
    'files.include',
    'files.exclude',
    'files.columnMapping',
    'http.baseUrl',
    'postgres.table',
    'postgres.columnMapping',
    'postgres.rollup',
    'postgres.rollupTimeZone',
    'postgres.statementTimeoutSeconds',
    'teams',
    'agentLogs.user',
    'agentLogs.history',
    'pricing.overrides',
  ],
  /** A change recomputes views from the loaded data. */
  view: ['timeZone', 'currency', 'agentLogs.subscriptions'],
} as const satisfies Record<string, readonly SettingKey[]>;
