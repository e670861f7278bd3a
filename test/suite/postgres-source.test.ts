import * as assert from 'node:assert/strict';
import pg from 'pg';
import * as vscode from 'vscode';
import { PostgresBackend } from '../../src/core/sql/postgres';
import { PROTOCOL_VERSION, type HostMessage } from '../../src/protocol/dashboard';
import { probePanel } from './panelProbe';
import { byLabel, children, resetSettings, setSetting, usageApi, waitFor } from './usage';

const ROWS = 1_000_000;
const TABLE = 'usage_events_vscode';
/** A password the test server (trust auth) ignores: it must appear nowhere but the secret store. */
const PASSWORD = 'pg-pw-5b1e9d77';

/** The PostgreSQL that test/harness/run-vscode.mjs started for this run. */
function serverUrl(): string {
  const url = process.env.UE_TEST_PG_URL;
  if (!url) throw new Error('UE_TEST_PG_URL is not set: run-vscode.mjs starts PostgreSQL for this suite.');
  return url;
}

suite('PostgreSQL source', function () {
  this.timeout(300_000);
  let connection: string;

  suiteSetup(async () => {
    const url = new URL(serverUrl());
    url.password = PASSWORD;
    connection = url.toString();
    const admin = new pg.Client({ connectionString: serverUrl() });
    await admin.connect();
    try {
      await admin.query(`DROP TABLE IF EXISTS ${TABLE}`);
      await admin.query(`CREATE TABLE ${TABLE} (id bigint PRIMARY KEY, "timestamp" timestamptz NOT NULL, worker text, worker_name text,
        "user" text, user_name text, model text, runs integer, cost numeric(12, 6) NOT NULL)`);
      // 1M events over the last 60 days: 12 workers, 300 users, 6 models.
      await admin.query(
        `INSERT INTO ${TABLE}
         SELECT g, now() - (g * (60 * 86400000.0 / $1)) * interval '1 millisecond', 'w-' || (h % 12), 'Worker ' || (h % 12),
                'u' || (h / 12 % 300) || '@example.com', 'User ' || (h / 12 % 300), 'model-' || (h / 3600 % 6), 1 + h % 3, (h % 90000) / 1000000.0
         FROM generate_series(1, $1::bigint) AS g, LATERAL (SELECT (g * 2654435761) % 4294967296 AS h) AS x`,
        [ROWS],
      );
      await admin.query(`CREATE INDEX ON ${TABLE} USING brin ("timestamp")`);
      await admin.query(`ANALYZE ${TABLE}`);
    } finally {
      await admin.end();
    }
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('usageExplorer.clearPostgresConnection');
    for (const key of ['postgres.table']) await setSetting(key, undefined);
    await resetSettings();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('configured through the settings and the secret command, it shows the tree and the dashboard', async () => {
    const api = await usageApi();
    api.data.setRange('30d');
    assert.equal(await vscode.commands.executeCommand('usageExplorer.setPostgresConnection', connection), true);
    await setSetting('postgres.table', TABLE);
    await setSetting('source', 'postgres');
    await api.data.refresh();
    assert.equal(api.data.state, 'ready', api.data.lastError?.message);
    assert.equal(api.data.snapshot?.source.label, `PostgreSQL public.${TABLE}`);
    assert.equal(api.data.backend.kind, 'postgres', 'the views query the database');

    // The same range straight from the SQL backend.
    const sql = await PostgresBackend.open({ connectionString: serverUrl(), table: TABLE });
    const expected = await sql.view(api.data.range).finally(() => sql.close());
    assert.ok(expected.totals.runs > 0);

    // The tree: Workers lists every worker of the range, by spend, as the database sums them.
    const workers = await children(api, byLabel(await children(api), 'Workers').node);
    assert.deepEqual(
      workers.map((w) => w.label),
      expected.tables.worker.map((r) => r.name),
    );
    assert.deepEqual(api.data.view().totals, expected.totals);

    // The dashboard: its first view message carries the same figures.
    const { panel, posted } = probePanel(api, 'Usage Explorer (postgres test)');
    try {
      await panel.handleMessage({ type: 'ready', protocol: PROTOCOL_VERSION, focus: null });
      // The panel asks the database (two grouped statements over the 1M rows; slow on a busy machine).
      const view = await waitFor('a view', () => posted.find((m): m is Extract<HostMessage, { type: 'view' }> => m.type === 'view'), 180_000);
      assert.deepEqual(view.model.totals, expected.totals);
      assert.deepEqual(view.model.previousTotals, expected.previousTotals);
      assert.deepEqual(view.model.daily, expected.daily);
      assert.deepEqual(view.model.tables.model.rows, expected.tables.model.slice(0, view.model.tables.model.rows.length));
      assert.equal(view.model.source.kind, 'postgres');
    } catch (error) {
      // What the queries did, for a failure on a busy machine.
      throw new Error(
        `${(error as Error).message}\n${api.log
          .recent()
          .filter((l) => l.includes('Query (') || l.includes('Dashboard'))
          .join('\n')}`,
      );
    } finally {
      panel.dispose();
    }

    // The connection string is only in the secret store.
    const settings = JSON.stringify(vscode.workspace.getConfiguration('usageExplorer'));
    assert.ok(!settings.includes(PASSWORD), 'the connection string is in the settings');
    assert.ok(!api.log.recent().some((line) => line.includes(PASSWORD)), 'the connection string is in the log');
    assert.ok(
      api.log.recent().some((line) => /PostgreSQL source: .* day sums/.test(line)),
      api.log.recent().join('\n'),
    );
  });

  test('says what is missing when no connection is set', async () => {
    const api = await usageApi();
    await vscode.commands.executeCommand('usageExplorer.clearPostgresConnection');
    await api.data.refresh();
    assert.equal(api.data.state, 'error');
    assert.match(api.data.lastError?.message ?? '', /No PostgreSQL connection is set\. Run "Usage Explorer: Set PostgreSQL Connection…"/);
  });
});
