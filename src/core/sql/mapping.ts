/**
 * Which columns of a warehouse table hold which usage field, checked against the table's real
 * columns in the catalog and quoted: a setting can only ever name a column, never inject SQL.
 */
import { USAGE_FIELDS, type UsageField } from '../columns';
import { DIMENSIONS, NO_TEAM_NAME, UNKNOWN, type Dimension } from '../model';

/** The fields a table can provide: those of a usage file. */
export type SqlField = UsageField;

export type SqlColumnMapping = Partial<Record<SqlField, string>>;

/** Default column names: the usage-file names. */
export const DEFAULT_SQL_COLUMNS: Readonly<Record<SqlField, string>> = {
  timestamp: 'timestamp',
  workerId: 'worker',
  workerName: 'worker_name',
  userId: 'user',
  userName: 'user_name',
  model: 'model',
  runs: 'runs',
  cost: 'cost',
  id: 'id',
  inputTokens: 'input_tokens',
  outputTokens: 'output_tokens',
  cacheReadTokens: 'cache_read_tokens',
  cacheWriteTokens: 'cache_write_tokens',
  team: 'team',
};

export const SQL_FIELDS: readonly SqlField[] = USAGE_FIELDS;

/** A table, view or materialized view with its columns (name -> type as `format_type` writes it). */
export interface Relation {
  schema: string;
  name: string;
  columns: Map<string, string>;
}

export class WarehouseConfigError extends Error {
  override readonly name = 'WarehouseConfigError';
}

/** `"name"` with inner quotes doubled: the one way an identifier enters SQL text. */
export function quoteIdent(name: string): string {
  if (name.length === 0 || name.includes('\u0000')) throw new WarehouseConfigError('A table or column name is empty or holds a NUL character.');
  return `"${name.replace(/"/g, '""')}"`;
}

export function qualifiedName(relation: Relation): string {
  return `${quoteIdent(relation.schema)}.${quoteIdent(relation.name)}`;
}

/** Runs a query with bound parameters and returns its rows. */
export type RowQuery = (text: string, values: unknown[]) => Promise<Record<string, unknown>[]>;

const RELATION_SQL = `
SELECT n.nspname AS schema, c.relname AS name, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
       CASE WHEN c.relname = $3 AND pg_catalog.pg_table_is_visible(c.oid) THEN 0 ELSE 1 END AS rank
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f')
  AND ((c.relname = $3 AND pg_catalog.pg_table_is_visible(c.oid)) OR (n.nspname = $1 AND c.relname = $2))
ORDER BY rank, a.attnum`;

/**
 * Finds a table, view or materialized view by the name a setting gives: `name` as visible on the
 * search path, else `schema.name` split at the first dot. (The catalog rather than
 * information_schema, which does not list materialized views.)
 */
export async function describeRelation(query: RowQuery, table: string): Promise<Relation> {
  const trimmed = table.trim();
  if (!trimmed) throw new WarehouseConfigError('No table is set: name the table or view that holds the usage events.');
  const dot = trimmed.indexOf('.');
  const schema = dot > 0 ? trimmed.slice(0, dot) : '';
  const name = dot > 0 ? trimmed.slice(dot + 1) : trimmed;
  const rows = await query(RELATION_SQL, [schema, name, trimmed]);
  if (rows.length === 0) throw new WarehouseConfigError(`No table or view "${trimmed}" is visible to this user.`);
  const first = rows[0];
  const columns = new Map<string, string>();
  for (const row of rows) {
    if (row.schema === first.schema && row.name === first.name) columns.set(String(row.column), String(row.type));
  }
  return { schema: String(first.schema), name: String(first.name), columns };
}

export const TIME_TYPES: ReadonlySet<string> = new Set(['timestamp with time zone', 'timestamp without time zone']);
export const DATE_TYPES: ReadonlySet<string> = new Set(['date']);
const NUMBER_TYPE = /^(numeric|decimal|double precision|real|integer|bigint|smallint)(\(.*\))?$/;

/** The mapped columns a relation really has, with their types checked; fields it lacks are left out. */
export function resolveColumns(
  relation: Relation,
  mapping: SqlColumnMapping,
  required: readonly SqlField[],
  timeTypes: ReadonlySet<string> = TIME_TYPES,
): Partial<Record<SqlField, string>> {
  const out: Partial<Record<SqlField, string>> = {};
  const table = `${relation.schema}.${relation.name}`;
  for (const field of SQL_FIELDS) {
    const explicit = mapping[field];
    const column = explicit ?? DEFAULT_SQL_COLUMNS[field];
    const type = relation.columns.get(column);
    if (type === undefined) {
      if (explicit !== undefined || required.includes(field)) {
        const has = [...relation.columns.keys()].join(', ');
        throw new WarehouseConfigError(
          `${table} has no column "${column}" for ${field}${explicit === undefined ? ' (map it in the column mapping)' : ''}. Its columns: ${has}.`,
        );
      }
      continue;
    }
    if (field === 'timestamp' && !timeTypes.has(type)) {
      throw new WarehouseConfigError(`${table}.${column} is ${type}; it must be ${[...timeTypes].join(' or ')}.`);
    }
    if ((field === 'cost' || field === 'runs' || field.endsWith('Tokens')) && !NUMBER_TYPE.test(type)) {
      throw new WarehouseConfigError(`${table}.${column} (${field}) is ${type}; it must be a number type.`);
    }
    out[field] = column;
  }
  return out;
}

const ID_FIELD: Record<Dimension, SqlField> = { worker: 'workerId', user: 'userId', model: 'model', team: 'team' };
const NAME_FIELD: Partial<Record<Dimension, SqlField>> = { worker: 'workerName', user: 'userName' };
const UNKNOWN_SQL = `'${UNKNOWN}'`;

function text(column: string | undefined): string | undefined {
  return column === undefined ? undefined : `NULLIF(${quoteIdent(column)}::text, '')`;
}

/** SQL expressions for a relation's fields, built only from quoted, catalog-checked names. */
export interface FieldExpressions {
  id: Record<Dimension, string>;
  name: Record<Dimension, string>;
  /** Runs, 1 when the column is missing or NULL (as in usage files). */
  runs: string;
  /** Cost as numeric currency units, NULL counted as 0. */
  cost: string;
}

/** As the file source reads a row: a missing id falls back to the name, then to `(unknown)`; a missing name to the id. */
export function fieldExpressions(columns: Partial<Record<SqlField, string>>): FieldExpressions {
  const id = {} as Record<Dimension, string>;
  const name = {} as Record<Dimension, string>;
  for (const dimension of DIMENSIONS) {
    const idText = text(columns[ID_FIELD[dimension]]);
    const nameField = NAME_FIELD[dimension];
    const nameText = nameField ? text(columns[nameField]) : undefined;
    // Events without a team are "(no team)", as in the store; a table without a team column has only that.
    const fallback = dimension === 'team' ? `'${NO_TEAM_NAME}'` : UNKNOWN_SQL;
    id[dimension] = `COALESCE(${[idText, nameText, fallback].filter(Boolean).join(', ')})`;
    name[dimension] = nameText ? `COALESCE(${nameText}, ${id[dimension]})` : id[dimension];
  }
  return {
    id,
    name,
    runs: columns.runs ? `COALESCE(${quoteIdent(columns.runs)}, 1)` : '1',
    cost: `COALESCE(${quoteIdent(columns.cost!)}::numeric, 0)`,
  };
}
