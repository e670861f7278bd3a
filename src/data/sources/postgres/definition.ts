import * as l10n from '@vscode/l10n';
import { normalizeTimeZone } from '../../../core/time';
import { type LoadResult, type SourceDefinition, SourceConfigError, stringOption, type UsageSource } from '../types';
import { loadPostgresSource, POSTGRES_CONNECTION_SECRET } from './postgresSource';

/**
 * `{ "kind": "postgres", "table"?, "rollup"?, "rollupTimeZone"?, "statementTimeoutSeconds"? }`: a
 * PostgreSQL (or compatible) table of usage events, summed in the database (docs/warehouse.md).
 * Options not in the entry come from the `usageExplorer.postgres.*` settings. The connection
 * string comes from SecretStorage (Set PostgreSQL Connection…), never from settings.
 */
export const POSTGRES_SOURCE: SourceDefinition = {
  kind: 'postgres',
  title: 'PostgreSQL table',
  remote: true,
  reports: { runs: true, users: true, tokens: false, cost: 'billed' },
  create: (spec, env): UsageSource => {
    const defaults = env.postgres;
    const table = stringOption(spec, 'table', defaults.table || undefined);
    const rollup = stringOption(spec, 'rollup', defaults.rollup || undefined);
    const rollupTimeZone = stringOption(spec, 'rollupTimeZone', defaults.rollupTimeZone) ?? 'UTC';
    const seconds = spec.statementTimeoutSeconds ?? defaults.statementTimeoutSeconds;
    if (typeof seconds !== 'number' || !(seconds > 0)) throw new SourceConfigError('"statementTimeoutSeconds" of a postgres source must be a positive number.');
    const mapping = (spec.columnMapping ?? defaults.columnMapping) as Record<string, string>;
    // The backend of the result shown: the views query it until a newer load replaces it.
    let live: LoadResult['backend'];
    const replace = (next: LoadResult['backend']) => {
      const previous = live;
      live = next;
      if (previous && previous !== next) void previous.close().catch(() => undefined);
    };
    return {
      id: `postgres:${table ?? ''}`,
      kind: 'postgres',
      label: table ? `PostgreSQL ${table}` : 'PostgreSQL',
      load: async (context) => {
        if (!table)
          throw new Error(l10n.t('The PostgreSQL source has no table. Set {0} to the table or view of usage events.', 'usageExplorer.postgres.table'));
        const connectionString = await env.secrets.get(POSTGRES_CONNECTION_SECRET);
        if (!connectionString) throw new Error(l10n.t('No PostgreSQL connection is set. Run "{0}".', l10n.t('Usage Explorer: Set PostgreSQL Connection…')));
        const result = await loadPostgresSource(
          {
            connectionString,
            table,
            mapping,
            rollup: rollup ? { table: rollup, timeZone: normalizeTimeZone(rollupTimeZone) } : undefined,
            statementTimeoutMs: Math.round(seconds * 1000),
            window: context.window,
            timeZone: context.view.timeZone,
          },
          context,
        );
        replace(result.backend);
        return result;
      },
      dispose: () => replace(undefined),
    };
  },
};
