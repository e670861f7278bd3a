import * as assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import * as vscode from 'vscode';
import { exportEventsText } from '../../src/core/exportUsage';
import { PostgresBackend } from '../../src/core/sql/postgres';
import { formatDay } from '../../src/core/time';
import { type QueryEvent } from '../../src/data/viewQueries';
import { ExportService } from '../../src/export/exportService';
import { PROTOCOL_VERSION, type HostMessage } from '../../src/protocol/dashboard';
import { probePanel } from './panelProbe';
import { byLabel, children, resetSettings, setSetting, usageApi, waitFor } from './usage';

const TABLE = 'usage_events_views';
/** The events through a knob: while `slow` is on, every statement on the view first sleeps (once, in a materialized CTE). */
const SLOW_VIEW = 'usage_events_slow';
const KNOB = 'usage_events_knob';
const SLEEP_S = 20;
const DAY_MS = 86_400_000;

function serverUrl(): string {
  const url = process.env.UE_TEST_PG_URL;
  if (!url) throw new Error('UE_TEST_PG_URL is not set: run-vscode.mjs starts PostgreSQL for this suite.');
  return url;
}

/** `YYYY-MM-DD..YYYY-MM-DD`, `from` and `to` days before today (UTC). */
function daysAgo(from: number, to: number): string {
  const today = Math.floor(Date.now() / DAY_MS);
  return `${formatDay(today - from)}..${formatDay(today - to)}`;
}

suite('PostgreSQL source: views through the backend', function () {
  this.timeout(300_000);
  let admin: pg.Client;

  suiteSetup(async () => {
    admin = new pg.Client({ connectionString: serverUrl() });
    await admin.connect();
    await admin.query(`DROP VIEW IF EXISTS ${SLOW_VIEW}`);
    await admin.query(`DROP TABLE IF EXISTS ${TABLE}, ${KNOB}`);
    await admin.query(`CREATE TABLE ${TABLE} (id bigint PRIMARY KEY, "timestamp" timestamptz NOT NULL, worker text, worker_name text,
      "user" text, user_name text, model text, runs integer, cost numeric(12, 6) NOT NULL, team text)`);
    // 20,000 events over the last 60 days: 6 workers (two of them in a team), 40 users, 3 models.
    await admin.query(
      `INSERT INTO ${TABLE}
       SELECT g, now() - (g * (60 * 86400000.0 / 20000)) * interval '1 millisecond', 'w-' || (g % 6), 'Worker ' || (g % 6),
              'u' || (g % 40) || '@example.com', 'User ' || (g % 40), 'model-' || (g % 3), 1 + g % 3, (g % 9000) / 100000.0,
              CASE WHEN g % 6 < 2 THEN 'Platform' END
       FROM generate_series(1, 20000) AS g`,
    );
    await admin.query(`CREATE TABLE ${KNOB} (slow boolean NOT NULL)`);
    await admin.query(`INSERT INTO ${KNOB} VALUES (false)`);
    await admin.query(`CREATE VIEW ${SLOW_VIEW} AS
      WITH nap AS MATERIALIZED (SELECT pg_sleep(CASE WHEN (SELECT slow FROM ${KNOB}) THEN ${SLEEP_S} ELSE 0 END) AS slept)
      SELECT e.* FROM ${TABLE} e, nap`);

    const api = await usageApi();
    api.data.setRange('30d');
    assert.equal(await vscode.commands.executeCommand('usageExplorer.setPostgresConnection', serverUrl()), true);
    await setSetting('postgres.table', SLOW_VIEW);
    await setSetting('source', 'postgres');
    await api.data.refresh();
    assert.equal(api.data.state, 'ready', api.data.lastError?.message);
    assert.equal(api.data.backend.kind, 'postgres', 'the views query the database');
  });

  suiteTeardown(async () => {
    await admin?.query(`UPDATE ${KNOB} SET slow = false`).catch(() => undefined);
    await admin?.end();
    await vscode.commands.executeCommand('usageExplorer.clearPostgresConnection');
    await setSetting('postgres.table', undefined);
    await resetSettings();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a slow query shows the loading state in the tree, status bar and dashboard, and a newer range cancels it on the server', async () => {
    const api = await usageApi();
    const events: QueryEvent[] = [];
    const subscription = api.data.onDidQuery((e) => events.push(e));
    const { panel, posted } = probePanel(api, 'Usage Explorer (views test)');
    try {
      await panel.handleMessage({ type: 'ready', protocol: PROTOCOL_VERSION, focus: null });
      await waitFor('the first view', () => posted.some((m) => m.type === 'view'));

      await admin.query(`UPDATE ${KNOB} SET slow = true`);
      const older = daysAgo(10, 3);
      api.data.setRange(older);
      const roots = children(api); // the tree asks for its roots, as VS Code does when the view shows
      await waitFor('the tree to say it is loading', () => api.tree.loading && /^Loading .*…$/.test(api.treeView.message ?? ''));
      await waitFor('the status bar spinner', () => api.statusBar.text?.startsWith('$(sync~spin)'));
      await waitFor('the dashboard refreshing state', () => posted.some((m) => m.type === 'status' && m.status === 'loading'), 15_000);
      assert.ok(!posted.some((m) => m.type === 'view' && m.model.range.spec === older), 'no view of the slow range yet');
      // The older range's statements are running on the server.
      const running = await waitFor('the slow statements on the server', async () => {
        const { rows } = await admin.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE application_name = 'usage-explorer-vscode' AND state = 'active' AND query LIKE $1`,
          [`%${SLOW_VIEW}%`],
        );
        return rows.length > 0 && rows.map((r) => r.pid);
      });

      // A newer range: the older query is cancelled (its promise rejects, the server stops the statements).
      await admin.query(`UPDATE ${KNOB} SET slow = false`);
      const newer = daysAgo(6, 1);
      api.data.setRange(newer);
      await waitFor('the older query cancelled', () =>
        events.some((e) => e.phase === 'end' && e.backend === 'postgres' && e.what.startsWith(`view ${older}`) && e.outcome === 'cancelled'),
      );
      assert.ok(!events.some((e) => e.what.startsWith(`view ${older}`) && e.outcome === 'ready'), 'the older query never answered');
      await waitFor('the older statements gone from the server', async () => {
        const { rows } = await admin.query(`SELECT 1 FROM pg_stat_activity WHERE pid = ANY($1::int[]) AND state = 'active'`, [running]);
        return rows.length === 0;
      });
      assert.deepEqual(await roots, [], 'the cancelled roots query gives no nodes (the refreshed tree asks again)');

      // The newer range shows everywhere, with the database's figures.
      const sql = await PostgresBackend.open({ connectionString: serverUrl(), table: TABLE });
      const expected = await sql.view(api.data.range).finally(() => sql.close());
      const view = await waitFor('the newer view on the dashboard', () =>
        posted.find((m): m is Extract<HostMessage, { type: 'view' }> => m.type === 'view' && m.model.range.spec === newer),
      );
      assert.deepEqual(view.model.totals, expected.totals);
      const workers = await children(api, byLabel(await children(api), 'Workers').node);
      assert.deepEqual(
        workers.map((w) => w.label),
        expected.tables.worker.map((r) => r.name),
      );
      await waitFor('the status bar figures', () => api.statusBar.text?.startsWith('$(graph)'));
      await waitFor('the tree summary', () => !api.tree.loading && (api.treeView.message ?? '').includes(api.data.range.label));
    } finally {
      subscription.dispose();
      panel.dispose();
      await admin.query(`UPDATE ${KNOB} SET slow = false`);
    }
  });

  test('exports the events from the extension: counted, confirmed, streamed through a cursor to the file', async () => {
    const api = await usageApi();
    api.data.setRange(daysAgo(20, 1));
    const dir = join(tmpdir(), `ue-pg-export-${process.pid}`);
    const target = vscode.Uri.file(join(dir, 'events.csv'));
    await vscode.workspace.fs.createDirectory(vscode.Uri.file(dir));
    const asked: number[] = [];
    try {
      // Declined: nothing is written.
      const declined = new ExportService(api.data, api.log, undefined, (count) => {
        asked.push(count);
        return Promise.resolve(undefined);
      });
      assert.equal(await declined.export({ dimension: 'event', format: 'csv', target }), undefined);
      await assert.rejects(readFile(target.fsPath), { code: 'ENOENT' });

      const { rows } = await admin.query<{ n: string }>(`SELECT count(*) AS n FROM ${TABLE} WHERE "timestamp" >= $1 AND "timestamp" < $2`, [
        new Date(api.data.range.current.from).toISOString(),
        new Date(api.data.range.current.to).toISOString(),
      ]);
      assert.equal(asked[0], Number(rows[0].n), 'the modal is asked with the row count');
      assert.ok(asked[0] > 2000, 'more events than one cursor batch');

      // Confirmed: the file holds exactly what the SQL backend's events export holds, the team column included.
      const confirmed = new ExportService(api.data, api.log, undefined, (count) => Promise.resolve(count));
      assert.equal((await confirmed.export({ dimension: 'event', format: 'csv', target }))?.fsPath, target.fsPath);
      const sql = await PostgresBackend.open({ connectionString: serverUrl(), table: TABLE });
      const store = await sql.events(api.data.range, [], { maxEvents: 1_000_000 }).finally(() => sql.close());
      const expected = exportEventsText(store, { by: 'event', format: 'csv', range: api.data.range, filters: [], currency: 'USD' });
      const written = await readFile(target.fsPath, 'utf8');
      assert.equal(written, expected);
      assert.ok(written.split('\r\n')[0].endsWith(',Team'));
      assert.ok(written.includes(',Platform\r\n'));

      // A smaller limit confirmed: that many events, as JSON, filtered.
      const limited = new ExportService(api.data, api.log, undefined, () => Promise.resolve(10));
      const json = vscode.Uri.file(join(dir, 'events.json'));
      await limited.export({ dimension: 'event', format: 'json', target: json, filters: [{ dimension: 'worker', id: 'w-1' }] });
      const parsed = JSON.parse(await readFile(json.fsPath, 'utf8')) as { events: { workerId: string; team: string | null }[] };
      assert.equal(parsed.events.length, 10);
      assert.ok(parsed.events.every((e) => e.workerId === 'w-1' && e.team === 'Platform'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
