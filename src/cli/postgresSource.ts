import { messageOf } from '../core/errors';
import { PostgresBackend } from '../core/sql/postgres';
import { SQL_FIELDS, WarehouseConfigError, type SqlColumnMapping, type SqlField } from '../core/sql/mapping';

export interface PostgresArgs {
  table?: string;
  connection?: string;
  map: string[];
  rollup?: string;
  rollupTz?: string;
  statementTimeout?: string;
}

/** A mistake in the arguments (exit 1) or a database that could not be used (exit 2). */
export class PostgresArgError extends Error {}

/** `field=column` pairs of --map, checked against the known fields. */
export function parseMapping(pairs: readonly string[]): SqlColumnMapping {
  const mapping: SqlColumnMapping = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const field = pair.slice(0, Math.max(0, eq)) as SqlField;
    if (eq <= 0 || eq === pair.length - 1 || !SQL_FIELDS.includes(field)) {
      throw new PostgresArgError(`--map "${pair}" must look like FIELD=COLUMN, FIELD one of ${SQL_FIELDS.join(', ')}.`);
    }
    mapping[field] = pair.slice(eq + 1);
  }
  return mapping;
}

/**
 * Opens the warehouse table: `--connection URL` or the PG* environment (PGHOST, PGPORT, PGUSER,
 * PGPASSWORD, PGDATABASE, PGSSLMODE). Errors never repeat the connection string.
 */
export async function openPostgres(args: PostgresArgs): Promise<{ backend: PostgresBackend; label: string }> {
  if (!args.table) throw new PostgresArgError('--source postgres needs --table NAME (a table or view of usage events).');
  let statementTimeoutMs: number | undefined;
  if (args.statementTimeout !== undefined) {
    const seconds = Number(args.statementTimeout);
    if (!Number.isFinite(seconds) || seconds <= 0) throw new PostgresArgError('--statement-timeout must be a number of seconds above 0.');
    statementTimeoutMs = Math.round(seconds * 1000);
  }
  const mapping = parseMapping(args.map);
  try {
    const backend = await PostgresBackend.open({
      connectionString: args.connection,
      table: args.table,
      mapping,
      rollup: args.rollup ? { table: args.rollup, timeZone: args.rollupTz } : undefined,
      statementTimeoutMs,
      applicationName: 'usage-explorer-cli',
    });
    return { backend, label: `postgres ${backend.tableName}` };
  } catch (error) {
    if (error instanceof WarehouseConfigError) throw error;
    throw new Error(`Could not read the usage table from PostgreSQL: ${redact(messageOf(error), args.connection)}`);
  }
}

/** Removes a connection string (and its password) from a message, should a driver ever repeat it. */
export function redact(message: string, connection: string | undefined): string {
  if (!connection) return message;
  let out = message.split(connection).join('<connection>');
  try {
    const password = decodeURIComponent(new URL(connection).password);
    if (password) out = out.split(password).join('***');
  } catch {
    // not a URL
  }
  return out;
}
