/**
 * `npm run bench:sql`: the PostgreSQL backend at 10,000,000 events (BENCH_SQL_ROWS). Starts a
 * throw-away PostgreSQL, generates the events in the database (generate_series: 20 workers,
 * 2,000 users (200 a day), 10 models over 360 days), and times a full dashboard view of 180 days (and its
 * previous 180) through the backend against the same statements run directly, the same view from
 * a daily rollup, the bytes received per view, and the CLI's time and peak RSS.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { PostgresBackend } from '../src/core/sql/postgres';
import { dailyQuery, tablesQuery, type SqlSource, type SqlText } from '../src/core/sql/queries';
import { formatDay, resolveRange, type ResolvedRange } from '../src/core/time';
import { startPostgres } from '../test/harness/postgres.mjs';

const ROWS = Number(process.env.BENCH_SQL_ROWS ?? 10_000_000);
const RUNS = Number(process.env.BENCH_SQL_RUNS ?? 3);
const NOW = Date.parse('2026-11-26T12:00:00Z');
const DAY_MS = 86_400_000;
const ROOT = join(__dirname, '..');

// Event g falls on day d of 360; that day 200 of the 2,000 users are active (a different 200 each
// day), each with one or two workers and up to three models: usage shaped like a real team's.
const GENERATE = `
INSERT INTO usage_events
SELECT g, $1::timestamptz - (g * ($2::float8 / $3)) * interval '1 millisecond',
       'w-' || w, 'Worker ' || w, 'user' || u || '@example.com', 'User ' || u, 'model-' || m,
       1 + (h % 3), ((h % 400000) / 1000000.0)::numeric(12, 6), (h % 5000)::int, (h % 800)::int
FROM generate_series(1, $3::bigint) AS g,
LATERAL (SELECT (g * 2654435761) % 4294967296 AS h, (g * 360) / $3 AS d) AS x,
LATERAL (SELECT (d * 211 + h % 200) % 2000 AS u) AS y,
LATERAL (SELECT (u * 7 + (h / 200) % 2) % 20 AS w, (u + (h / 400) % 3) % 10 AS m) AS z`;

/** Statements may run long on a 10M-row table without the rollup on a busy machine. */
const TIMEOUT_S = Number(process.env.BENCH_SQL_TIMEOUT_S ?? 600);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x: number, digits = 1) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function timed(fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm-up: caches and plans
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** The statements a view runs, straight through two plain sessions (what PostgreSQL itself needs). */
function statements(source: SqlSource, range: ResolvedRange): SqlText[] {
  return [tablesQuery(source, range, []), dailyQuery(source, range, [])];
}

async function direct(pool: pg.Pool, sqls: SqlText[]): Promise<void> {
  await Promise.all(sqls.map((s) => pool.query(s.text, s.values)));
}

/** Runs the built CLI with the PG* environment; returns its wall time and peak RSS. */
function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ ms: number; rssMiB: number; bytes: number }> {
  const t0 = performance.now();
  const argv = ['--require', join(ROOT, 'bench', 'rss-hook.cjs'), join(ROOT, 'dist', 'cli.js'), ...args, '--statement-timeout', String(TIMEOUT_S)];
  const child = spawn(process.execPath, argv, { env });
  let stdout = 0;
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.length));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  return new Promise((resolve, reject) =>
    child.on('close', (code) => {
      const m = /bench-maxrss-kib (\d+)/.exec(stderr);
      if (code !== 0 || !m) reject(new Error(`CLI failed (${code}): ${stderr}`));
      else resolve({ ms: performance.now() - t0, rssMiB: Number(m[1]) / 1024, bytes: stdout });
    }),
  );
}

async function main(): Promise<void> {
  const server = await startPostgres({ settings: { shared_buffers: '1GB', work_mem: '64MB', max_wal_size: '4GB' } });
  const admin = new pg.Client({ connectionString: server.connectionString });
  try {
    await admin.connect();
    const g0 = performance.now();
    await admin.query(`CREATE UNLOGGED TABLE usage_events (id bigint PRIMARY KEY, "timestamp" timestamptz NOT NULL, worker text, worker_name text,
      "user" text, user_name text, model text, runs integer, cost numeric(12, 6) NOT NULL, input_tokens integer, output_tokens integer)`);
    await admin.query(GENERATE, [new Date(NOW).toISOString(), 360 * DAY_MS, ROWS]);
    await admin.query('CREATE INDEX usage_events_time ON usage_events USING brin ("timestamp")');
    await admin.query('VACUUM ANALYZE usage_events');
    const generateS = (performance.now() - g0) / 1000;
    const r0 = performance.now();
    await admin.query(`CREATE MATERIALIZED VIEW usage_daily AS
      SELECT ("timestamp" AT TIME ZONE 'UTC')::date AS day, worker, worker_name, "user", user_name, model, sum(coalesce(runs, 1)) AS runs, sum(cost) AS cost
      FROM usage_events GROUP BY 1, 2, 3, 4, 5, 6`);
    await admin.query('CREATE INDEX usage_daily_day ON usage_daily (day)');
    await admin.query('VACUUM ANALYZE usage_daily');
    const rollupS = (performance.now() - r0) / 1000;
    const { rows: sizes } = await admin.query<{ t: string; r: string; n: string }>(
      `SELECT pg_total_relation_size('usage_events') AS t, pg_total_relation_size('usage_daily') AS r, (SELECT count(*) FROM usage_daily) AS n`,
    );

    const today = Math.floor(NOW / DAY_MS);
    const range = resolveRange(`${formatDay(today - 179)}..${formatDay(today)}`, { timeZone: 'UTC' });
    const berlin = resolveRange(range.spec, { timeZone: 'Europe/Berlin' });

    const backend = await PostgresBackend.open({ connectionString: server.connectionString, table: 'usage_events', statementTimeoutMs: TIMEOUT_S * 1000 });
    const rolled = await PostgresBackend.open({
      connectionString: server.connectionString,
      table: 'usage_events',
      rollup: { table: 'usage_daily' },
      statementTimeoutMs: TIMEOUT_S * 1000,
    });
    const pool = new pg.Pool({ connectionString: server.connectionString, max: 2 });
    try {
      const b0 = backend.bytesReceived();
      const view = await backend.view(range);
      const bytesPerView = backend.bytesReceived() - b0;
      const viewMs = await timed(() => backend.view(range));
      const directMs = await timed(() => direct(pool, statements(backend.eventTable, range)));
      const berlinMs = await timed(() => backend.view(berlin));
      const drillMs = await timed(() => backend.drillDown(range, 'worker', view.tables.worker[0].id));
      const rb0 = rolled.bytesReceived();
      await rolled.view(range);
      const rollupBytes = rolled.bytesReceived() - rb0;
      const rollupMs = await timed(() => rolled.view(range));
      const rollupDirectMs = await timed(() => direct(pool, statements(rolled.rollup!, range)));

      const url = new URL(server.connectionString);
      const env = { ...process.env, PGHOST: url.hostname, PGPORT: url.port, PGUSER: url.username, PGDATABASE: url.pathname.slice(1) };
      const exportRun = await cli(['export', '--by', 'model', '--source', 'postgres', '--table', 'usage_events', '--range', 'all', '--format', 'json'], env);
      const reportRun = await cli(['report', '--source', 'postgres', '--table', 'usage_events', '--range', range.spec], env);
      const rollupCli = await cli(['report', '--source', 'postgres', '--table', 'usage_events', '--rollup', 'usage_daily', '--range', range.spec], env);

      const mib = (b: string) => `${fmt(Number(b) / 1024 / 1024)} MiB`;
      const rows: [string, string, string][] = [
        [
          'events',
          `${ROWS.toLocaleString('en-US')} over 360 days (20 workers, 2,000 users, 10 models), ${mib(sizes[0].t)}; generated in ${fmt(generateS)} s`,
          '',
        ],
        ['daily rollup (materialized view)', `${Number(sizes[0].n).toLocaleString('en-US')} rows, ${mib(sizes[0].r)}; built in ${fmt(rollupS)} s`, ''],
        ['dashboard view, 180 days + previous 180 (UTC), through the backend', `${fmt(viewMs / 1000, 2)} s`, ''],
        ['the same 2 statements run directly (2 sessions)', `${fmt(directMs / 1000, 2)} s`, ''],
        ['backend / direct', `${fmt(viewMs / directMs, 2)}x`, '≤ 2x'],
        ['dashboard view, 180 days (Europe/Berlin)', `${fmt(berlinMs / 1000, 2)} s`, ''],
        ['drill-down (top worker), 180 days', `${fmt(drillMs / 1000, 2)} s`, ''],
        ['bytes received per view', `${fmt(bytesPerView / 1024)} KiB (${view.tables.user.length.toLocaleString('en-US')} user rows, 180 days)`, ''],
        [
          'dashboard view from the rollup (UTC)',
          `${fmt(rollupMs / 1000, 2)} s · direct ${fmt(rollupDirectMs / 1000, 2)} s · ${fmt(rollupMs / rollupDirectMs, 2)}x · ${fmt(rollupBytes / 1024)} KiB`,
          '≤ 2x',
        ],
        ['CLI export --by model --range all (JSON)', `${fmt(exportRun.ms / 1000, 2)} s · peak RSS ${fmt(exportRun.rssMiB)} MiB`, '< 150 MiB'],
        ['CLI report, 180 days', `${fmt(reportRun.ms / 1000, 2)} s · peak RSS ${fmt(reportRun.rssMiB)} MiB`, '< 150 MiB'],
        ['CLI report, 180 days, from the rollup', `${fmt(rollupCli.ms / 1000, 2)} s · peak RSS ${fmt(rollupCli.rssMiB)} MiB`, '< 150 MiB'],
      ];
      const w0 = Math.max(...rows.map((r) => r[0].length));
      const w1 = Math.max(...rows.map((r) => r[1].length));
      console.log(`\nUsage Explorer SQL benchmark · node ${process.version} · PostgreSQL ${(await backend.diagnostics()).serverVersion}\n`);
      console.log(`| ${'measure'.padEnd(w0)} | ${'measured'.padEnd(w1)} | target |`);
      console.log(`| ${'-'.repeat(w0)} | ${'-'.repeat(w1)} | ------ |`);
      for (const [a, b, c] of rows) console.log(`| ${a.padEnd(w0)} | ${b.padEnd(w1)} | ${c} |`);
    } finally {
      await Promise.all([backend.close(), rolled.close(), pool.end()]);
    }
  } finally {
    await admin.end().catch(() => {});
    await server.stop();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
