import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type pg from 'pg';
import { main } from '../../src/cli/main';
import { exportUsage } from '../../src/core/exportUsage';
import { resolveRange } from '../../src/core/time';
import { buildStore, eventArb, MODELS } from '../support/arbitraries';
import { type TableJson } from '../support/exportJson';
import { adminClient, createUsageTable, insertEvents, testUrl } from './support';

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string[] }> {
  let stdout = '';
  const stderr: string[] = [];
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (l) => stderr.push(l) });
  return { code, stdout, stderr };
}

/** The CLI as a program, with the given environment. */
function runProgram(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const root = join(__dirname, '..', '..');
  const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'src', 'cli', 'bin.ts'), ...argv], { env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('usage-explorer --source postgres', function () {
  this.timeout(120_000);
  let admin: pg.Client;
  let dir: string;
  let file: string;
  const events = fc.sample(eventArb, { numRuns: 400, seed: 42 });

  before(async () => {
    admin = await adminClient();
    await createUsageTable(admin, 'usage_events', { team: 'team' });
    await insertEvents(admin, 'usage_events', events, { team: 'team' });
    dir = await mkdtemp(join(tmpdir(), 'ue-sql-cli-'));
    // The same events as a usage file, written by the events export.
    const store = buildStore(events);
    file = join(dir, 'same.usage.csv');
    await writeFile(file, exportUsage(store, { by: 'event', format: 'csv', range: resolveRange('2025-12-01..2026-04-01'), filters: [], currency: 'USD' }));
  });
  after(async () => {
    await admin?.end();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the usual JSON with the PG* environment, equal to the same events read from a file', async () => {
    const url = new URL(testUrl());
    const env = { ...process.env, PGHOST: url.hostname, PGPORT: url.port, PGUSER: url.username, PGDATABASE: url.pathname.slice(1) };
    const args = ['export', '--by', 'model', '--table', 'usage_events', '--range', 'all', '--format', 'json'];
    const fromDb = await runProgram([...args, '--source', 'postgres'], env);
    assert.equal(fromDb.code, 0, fromDb.stderr);
    assert.equal(fromDb.stderr, '');
    const fromFile = await run('export', '--by', 'model', '--range', 'all', '--format', 'json', '--input', file);
    assert.equal(fromFile.code, 0);
    const json = JSON.parse(fromDb.stdout) as TableJson;
    assert.equal(json.dimension, 'model');
    assert.equal(json.rows.length, MODELS.length);
    assert.deepEqual(json, JSON.parse(fromFile.stdout));
  });

  it('takes --connection, zones, filters and the daily and CSV exports the same way', async () => {
    for (const extra of [
      ['--by', 'worker', '--tz', 'Europe/Berlin', '--filter', `model=${MODELS[0]}`],
      ['--by', 'day', '--tz', 'America/New_York', '--format', 'json'],
      ['--by', 'user', '--range', '2026-01-10..2026-01-31', '--tz', 'Asia/Kolkata'],
    ]) {
      const a = await run('export', '--range', 'all', ...extra, '--source', 'postgres', '--table', 'usage_events', '--connection', testUrl());
      const b = await run('export', '--range', 'all', ...extra, '--input', file);
      assert.equal(a.code, 0, a.stderr.join('\n'));
      assert.equal(a.stdout, b.stdout);
    }
  });

  it('reports from the database', async () => {
    const { code, stdout } = await run('report', '--range', 'all', '--source', 'postgres', '--table', 'usage_events', '--connection', testUrl());
    assert.equal(code, 0);
    assert.match(stdout, /· postgres public\.usage_events/);
  });

  it('reports the same insights from the database as from the same events in a file', async () => {
    const args = ['report', '--format', 'json', '--range', '2026-01-10..2026-02-10', '--now', '2026-02-12T10:00:00Z'];
    const fromDb = await run(...args, '--source', 'postgres', '--table', 'usage_events', '--connection', testUrl());
    const fromFile = await run(...args, '--input', file);
    assert.equal(fromDb.code, 0, fromDb.stderr.join('\n'));
    const report = JSON.parse(fromDb.stdout) as { forecast: unknown; movers: unknown[] };
    assert.ok(report.forecast !== null && report.movers.length > 0, fromDb.stdout);
    assert.deepEqual(report, JSON.parse(fromFile.stdout));
  });

  it('exports events up to --max-events, and says so beyond it', async () => {
    const fromDb = (maxEvents: string) =>
      run('export', '--by', 'event', '--range', 'all', '--source', 'postgres', '--table', 'usage_events', '--connection', testUrl(), '--max-events', maxEvents);
    const ok = await fromDb('400');
    const same = await run('export', '--by', 'event', '--range', 'all', '--input', file);
    assert.equal(ok.code, 0);
    assert.equal(ok.stdout, same.stdout);
    const over = await fromDb('399');
    assert.equal(over.code, 2);
    assert.match(over.stderr[0], /more than 399 events.*--max-events/);
  });

  it('explains bad arguments and never prints the connection string', async () => {
    const noTable = await run('report', '--source', 'postgres', '--connection', testUrl());
    assert.equal(noTable.code, 1);
    assert.match(noTable.stderr[0], /needs --table/);
    const badMap = await run('report', '--source', 'postgres', '--table', 'usage_events', '--map', 'price=amount');
    assert.equal(badMap.code, 1);
    assert.match(badMap.stderr[0], /--map "price=amount" must look like FIELD=COLUMN/);
    const secret = 'pw-s3cret-9f2';
    const down = await run('report', '--source', 'postgres', '--table', 'usage_events', '--connection', `postgresql://postgres:${secret}@127.0.0.1:1/postgres`);
    assert.equal(down.code, 2);
    assert.match(down.stderr[0], /Could not read the usage table from PostgreSQL: .*ECONNREFUSED/);
    assert.ok(!down.stderr.join('\n').includes(secret));
    const missing = await run('report', '--source', 'postgres', '--table', 'usage_events', '--connection', testUrl(), '--map', 'cost=amount');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr[0], /public\.usage_events has no column "amount" for cost/);
  });
});
