import * as l10n from '@vscode/l10n';
import { formatInteger } from '../../../l10n/display';
import { PostgresBackend } from '../../../core/sql/postgres';
import { type SqlColumnMapping } from '../../../core/sql/mapping';
import { daySpan, dayOf } from '../../../core/time';
import { type LoadContext, type LoadResult } from '../types';

/** Key of the PostgreSQL connection string in SecretStorage. It is kept nowhere else. */
export const POSTGRES_CONNECTION_SECRET = 'usageExplorer.postgres.connection';

export interface PostgresSourceOptions {
  connectionString: string;
  table: string;
  mapping: SqlColumnMapping;
  rollup?: { table: string; timeZone: string };
  statementTimeoutMs: number;
  /** Instants [from, to) the views need: the selected range and its previous period. */
  window: { from: number; to: number };
  /** The zone days are cut in (views in another zone need a new load). */
  timeZone: string;
}

/** Checks a connection string before it is stored; returns a problem or undefined. Never echoes it. */
export function connectionStringProblem(text: string): string | undefined {
  const value = text.trim();
  if (value === '') return 'Enter a connection string, or press Escape to cancel.';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Use a URL such as postgresql://user:password@host:5432/database?sslmode=require.';
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') return 'The URL must start with postgresql:// or postgres://.';
  if (!url.hostname) return 'The URL has no host.';
  return undefined;
}

/**
 * Opens a PostgreSQL table: the views query it through the returned backend (kept open in the
 * result; the caller closes it when the result is replaced), and the window's usage summed per
 * day (in the zone), worker, user and model is read once through a cursor for what reads a store
 * (budgets, insights, the stacked trend). Only aggregates travel.
 */
export async function loadPostgresSource(options: PostgresSourceOptions, context: LoadContext): Promise<LoadResult> {
  context.report(l10n.t('Connecting to PostgreSQL ({0})…', options.table));
  const backend = await PostgresBackend.open({
    connectionString: options.connectionString,
    table: options.table,
    mapping: options.mapping,
    rollup: options.rollup,
    statementTimeoutMs: options.statementTimeoutMs,
    applicationName: 'usage-explorer-vscode',
  });
  let kept = false;
  try {
    const d = await backend.diagnostics();
    context.log.info(
      `PostgreSQL source: ${backend.tableName} on PostgreSQL ${d.serverVersion} (read-only sessions, statement timeout ${d.statementTimeout})` +
        `${backend.rollup ? `, rollup ${options.rollup?.table} in ${backend.rollup.timeZone}` : ''}.`,
    );
    const span = daySpan(dayOf(options.window.from, options.timeZone), dayOf(options.window.to - 1, options.timeZone), options.timeZone);
    context.report(l10n.t('Summing usage in PostgreSQL ({0})…', backend.tableName));
    const store = await backend.dayCube(span, options.timeZone, {
      signal: context.signal,
      onRows: (rows) => context.report(l10n.t('Reading sums from PostgreSQL: {0} rows…', formatInteger(rows))),
    });
    context.log.info(`PostgreSQL source: ${store.length.toLocaleString('en-US')} day sums, ${(backend.bytesReceived() / 1024).toFixed(1)} KiB received.`);
    const result: LoadResult = {
      store,
      source: { kind: 'postgres', label: `PostgreSQL ${backend.tableName}` },
      skipped: 0,
      warnings: [],
      window: { from: span.from, to: span.to },
      timeZone: options.timeZone,
      backend,
    };
    kept = true;
    return result;
  } finally {
    if (!kept) await backend.close();
  }
}
