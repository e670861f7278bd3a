import assert from 'node:assert/strict';
import type pg from 'pg';
import { MemoryBackend } from '../../src/core/backend/memory';
import { type UsageEvent } from '../../src/core/model';
import { PostgresBackend } from '../../src/core/sql/postgres';
import { resolveRange } from '../../src/core/time';
import { buildStore } from '../support/arbitraries';
import { adminClient, createUsageTable, insertEvents, testUrl } from './support';

const HOSTILE = `x"; DROP TABLE victims; --`;
const T0 = Date.UTC(2026, 5, 1, 12);
const range = resolveRange('2026-06-01..2026-06-03', { timeZone: 'UTC' });

const events: UsageEvent[] = [
  {
    timestamp: T0,
    workerId: `'; DROP TABLE victims; --`,
    workerName: `Robert'); DROP TABLE victims;--`,
    userId: `a' OR '1'='1`,
    userName: 'A \\ "quoted" ü',
    model: `m"od'el`,
    runs: 2,
    costMicros: 1_500_000,
  },
  { timestamp: T0 + 3_600_000, workerId: 'plain', workerName: 'Plain', userId: 'b', userName: 'B', model: '$1', runs: 1, costMicros: 250_000 },
  {
    timestamp: T0 + 7_200_000,
    workerId: 'plain',
    workerName: 'Plain',
    userId: `a' OR '1'='1`,
    userName: 'A \\ "quoted" ü',
    model: '$1',
    runs: 3,
    costMicros: 1,
  },
];

describe('PostgresBackend safety', function () {
  this.timeout(60_000);
  let admin: pg.Client;

  before(async () => {
    admin = await adminClient();
    await admin.query('CREATE TABLE IF NOT EXISTS victims (id int)');
  });
  after(async () => {
    await admin?.end();
  });

  async function victimsIntact(): Promise<void> {
    const { rows } = await admin.query<{ t: string | null }>(`SELECT to_regclass('public.victims') AS t`);
    assert.equal(rows[0].t, 'victims', 'the victims table still exists');
  }

  it('reads a table and columns with hostile names as names, with the same results', async () => {
    const columns = { cost: `cost${HOSTILE}`, worker: `w"or'ker`, user: 'User Name With Spaces' };
    await createUsageTable(admin, `usage${HOSTILE}`, columns);
    await insertEvents(admin, `usage${HOSTILE}`, events, columns);
    const sql = await PostgresBackend.open({
      connectionString: testUrl(),
      table: `usage${HOSTILE}`,
      mapping: { cost: columns.cost, workerId: columns.worker, userId: columns.user },
    });
    try {
      assert.deepEqual(await sql.view(range), await new MemoryBackend(buildStore(events)).view(range));
    } finally {
      await sql.close();
    }
    await victimsIntact();
  });

  it('rejects a mapping naming a column the table does not have, listing the columns it has', async () => {
    await createUsageTable(admin, 'usage_plain');
    await assert.rejects(
      PostgresBackend.open({ connectionString: testUrl(), table: 'usage_plain', mapping: { cost: `cost" FROM victims; --` } }),
      (error: Error) =>
        error.name === 'WarehouseConfigError' &&
        /has no column "cost" FROM victims; --" for cost/.test(error.message) &&
        /Its columns: id, timestamp, worker/.test(error.message),
    );
    await assert.rejects(
      PostgresBackend.open({ connectionString: testUrl(), table: `victims"; SELECT 1; --` }),
      /No table or view "victims"; SELECT 1; --" is visible/,
    );
    await assert.rejects(
      PostgresBackend.open({ connectionString: testUrl(), table: 'usage_plain', mapping: { timestamp: 'worker' } }),
      /usage_plain\.worker is text; it must be timestamp/,
    );
    await victimsIntact();
  });

  it('binds hostile values in the data and in filters: they match only themselves', async () => {
    await createUsageTable(admin, 'usage_values');
    await insertEvents(admin, 'usage_values', events);
    const sql = await PostgresBackend.open({ connectionString: testUrl(), table: 'usage_values' });
    const memory = new MemoryBackend(buildStore(events));
    try {
      for (const filters of [
        [{ dimension: 'user' as const, id: `a' OR '1'='1` }],
        [{ dimension: 'user' as const, id: `' OR '1'='1` }],
        [{ dimension: 'worker' as const, id: `'; DROP TABLE victims; --` }],
        [{ dimension: 'model' as const, id: '$1' }],
      ]) {
        const view = await sql.view(range, filters);
        assert.deepEqual(view, await memory.view(range, filters));
      }
      const none = await sql.view(range, [{ dimension: 'user', id: `' OR '1'='1` }]);
      assert.equal(none.totals.runs, 0, 'a quote in a filter value does not widen the filter');
      const names = (await sql.view(range)).tables.worker.map((r) => r.name).sort();
      assert.deepEqual(names, ['Plain', `Robert'); DROP TABLE victims;--`]);
    } finally {
      await sql.close();
    }
    await victimsIntact();
  });

  it('runs read-only sessions with the statement timeout, at most two of them', async () => {
    await createUsageTable(admin, 'usage_sessions');
    await insertEvents(admin, 'usage_sessions', events);
    const sql = await PostgresBackend.open({
      connectionString: testUrl(),
      table: 'usage_sessions',
      statementTimeoutMs: 12_345,
      applicationName: 'ue-sessions-test',
    });
    try {
      const d = await sql.diagnostics();
      assert.equal(d.readOnly, true);
      assert.equal(d.statementTimeout, '12345ms');
      await Promise.all(Array.from({ length: 6 }, () => sql.view(range)));
      const { rows } = await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'ue-sessions-test'`);
      assert.ok(rows[0].n >= 1 && rows[0].n <= 2, `sessions: ${rows[0].n}`);
    } finally {
      await sql.close();
    }
  });

  describe('with a slow table', () => {
    before(async () => {
      await createUsageTable(admin, 'usage_fast');
      await insertEvents(admin, 'usage_fast', events);
      // Each row read sleeps: a statement over it takes seconds.
      await admin.query(`CREATE OR REPLACE VIEW usage_slow AS SELECT * FROM usage_fast WHERE pg_sleep(2) IS NOT NULL`);
    });

    it('ends a statement at the statement timeout', async () => {
      const sql = await PostgresBackend.open({ connectionString: testUrl(), table: 'usage_slow', statementTimeoutMs: 200 });
      try {
        await assert.rejects(sql.view(range), /statement timeout/);
      } finally {
        await sql.close();
      }
    });

    it('cancels the running statements on the server when the request is aborted', async () => {
      const sql = await PostgresBackend.open({ connectionString: testUrl(), table: 'usage_slow', applicationName: 'ue-cancel-test' });
      const running = async () =>
        (await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'ue-cancel-test' AND state = 'active'`))
          .rows[0].n;
      try {
        const controller = new AbortController();
        const pending = sql.view(range, [], { signal: controller.signal });
        const settled = pending.then(
          () => 'resolved',
          (error: Error) => error.name,
        );
        while ((await running()) === 0) await new Promise((r) => setImmediate(r));
        const started = Date.now();
        controller.abort();
        assert.equal(await settled, 'AbortError');
        assert.ok(Date.now() - started < 2_000, 'it did not wait for the statements to finish');
        while ((await running()) > 0) await new Promise((r) => setImmediate(r));
      } finally {
        await sql.close();
      }
    });
  });
});
