import pg from 'pg';
import { microsToDecimalString } from '../../src/core/money';
import { type UsageEvent } from '../../src/core/model';

/** The test server's URL (set by the root hook in hooks.mjs). */
export function testUrl(): string {
  const url = process.env.UE_TEST_PG_URL;
  if (!url) throw new Error('UE_TEST_PG_URL is not set: run the SQL tests with npm run test:sql (its root hook starts PostgreSQL).');
  return url;
}

/** A superuser session on the test server, for creating and filling tables. */
export async function adminClient(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: testUrl() });
  await client.connect();
  return client;
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The usage-file column names, which the tables use unless a test names others. */
const USAGE_COLUMNS = {
  timestamp: 'timestamp',
  worker: 'worker',
  worker_name: 'worker_name',
  user: 'user',
  user_name: 'user_name',
  model: 'model',
  runs: 'runs',
  cost: 'cost',
  input_tokens: 'input_tokens',
  output_tokens: 'output_tokens',
};

/** Creates (or replaces) a usage table with the usage-file column names; `columns.team` adds a team column of that name. */
export async function createUsageTable(client: pg.Client, table: string, columns: Partial<Record<string, string>> = {}): Promise<void> {
  const c = { ...USAGE_COLUMNS, ...columns };
  await client.query(`DROP TABLE IF EXISTS ${q(table)} CASCADE`);
  await client.query(`CREATE TABLE ${q(table)} (
    id bigserial PRIMARY KEY,
    ${q(c.timestamp)} timestamptz NOT NULL, ${q(c.worker)} text, ${q(c.worker_name)} text, ${q(c.user)} text, ${q(c.user_name)} text,
    ${q(c.model)} text, ${q(c.runs)} integer, ${q(c.cost)} numeric(18,6) NOT NULL, ${q(c.input_tokens)} integer, ${q(c.output_tokens)} integer
    ${columns.team ? `, ${q(columns.team)} text` : ''})`);
}

/** Inserts events (bound arrays, one statement per 5,000 events); with `columns.team`, their teams too. */
export async function insertEvents(
  client: pg.Client,
  table: string,
  events: readonly UsageEvent[],
  columns: Partial<Record<string, string>> = {},
): Promise<void> {
  const c = { ...USAGE_COLUMNS, ...columns };
  const team = columns.team;
  const names = [c.timestamp, c.worker, c.worker_name, c.user, c.user_name, c.model, c.runs, c.cost, c.input_tokens, c.output_tokens, ...(team ? [team] : [])]
    .map((n) => q(n))
    .join(', ');
  for (let start = 0; start < events.length; start += 5000) {
    const chunk = events.slice(start, start + 5000);
    await client.query(
      `INSERT INTO ${q(table)} (${names}) SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::numeric[], $9::int[], $10::int[]${team ? ', $11::text[]' : ''})`,
      [
        chunk.map((e) => new Date(e.timestamp).toISOString()),
        chunk.map((e) => e.workerId),
        chunk.map((e) => e.workerName),
        chunk.map((e) => e.userId),
        chunk.map((e) => e.userName),
        chunk.map((e) => e.model),
        chunk.map((e) => e.runs),
        chunk.map((e) => microsToDecimalString(e.costMicros)),
        chunk.map((e) => e.inputTokens ?? null),
        chunk.map((e) => e.outputTokens ?? null),
        ...(team ? [chunk.map((e) => e.team ?? null)] : []),
      ],
    );
  }
}
