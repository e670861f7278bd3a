import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseMoneyMicros } from '../../src/core/money';
import { queryUsage, resolveStoreRange } from '../../src/core/query';
import { loadUsageBytes } from '../../src/core/sources/files/load';
import { StoreBuilder } from '../../src/core/storeBuilder';
import { workspaceFolder } from './helpers';
import { byLabel, children, resetSettings, setSetting, settle, usageApi, useSource, waitFor } from './usage';

/** The fixture's 30 days; a fixed range so the test does not depend on today's date. */
const FIXTURE_RANGE = '2026-10-28..2026-11-26';

function fixtureFile(name: string): string {
  return path.join(workspaceFolder().uri.fsPath, name);
}

/** Spend and runs of a simple CSV (no quoted fields) summed by hand, per worker. */
function sumByHand(csv: string): Map<string, { runs: number; micros: number }> {
  const [header, ...lines] = csv.trim().split(/\r?\n/);
  const cols = header.split(',');
  const sums = new Map<string, { runs: number; micros: number }>();
  for (const line of lines) {
    const cells = line.split(',');
    const worker = cells[cols.indexOf('worker')];
    const entry = sums.get(worker) ?? { runs: 0, micros: 0 };
    entry.runs += Number(cells[cols.indexOf('runs')]);
    entry.micros += parseMoneyMicros(cells[cols.indexOf('cost')])!;
    sums.set(worker, entry);
  }
  return sums;
}

suite('files source', () => {
  suiteTeardown(async () => {
    await resetSettings();
    fs.rmSync(fixtureFile('watched.usage.csv'), { force: true });
  });

  test("pointing the files glob at the fixture CSV shows that file's numbers", async () => {
    const api = await usageApi();
    await useSource(api, 'files', { 'files.include': '**/team.usage.csv' });
    api.data.setRange(FIXTURE_RANGE);
    const snapshot = api.data.snapshot!;
    assert.equal(snapshot.source.kind, 'files');
    assert.deepEqual(snapshot.source.files, ['team.usage.csv']);
    assert.equal(api.treeView.description, '2026-10-28 – 2026-11-26 · UTC', 'file data must not be marked as demo');

    // The engine on the same bytes (what `usage-explorer export` does) ...
    const bytes = fs.readFileSync(fixtureFile('team.usage.csv'));
    const builder = new StoreBuilder();
    loadUsageBytes(bytes, 'team.usage.csv', builder);
    const store = builder.build();
    const engine = queryUsage(store, resolveStoreRange(store, FIXTURE_RANGE, { timeZone: 'UTC' }));
    // ... and by hand.
    const hand = sumByHand(bytes.toString('utf8'));
    assert.equal(engine.totals.runs, 924);
    assert.equal(api.data.view().totals.runs, 924);
    assert.equal(api.data.view().totals.spendMicros, engine.totals.spendMicros);

    const workers = await children(api, byLabel(await children(api), 'Workers').node);
    assert.deepEqual(workers.map((w) => w.label).sort(), [...hand.keys()].sort());
    for (const row of engine.tables.worker) {
      const shown = byLabel(workers, row.name);
      const expected = hand.get(row.name)!;
      assert.equal(row.runs, expected.runs);
      assert.equal(row.spendMicros, expected.micros);
      const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(expected.micros / 1e6);
      assert.equal(shown.description, `${money} · ${expected.runs.toLocaleString('en-US')} runs`);
    }
  });

  test('writing a usage file into the workspace changes the tree', async () => {
    const api = await usageApi();
    await useSource(api, 'files', { 'files.include': '**/*.usage.csv' });
    api.data.setRange(FIXTURE_RANGE);
    const before = api.data.view().totals.runs;
    const loads = api.data.loadCount;
    const workers = async () => (await children(api, byLabel(await children(api), 'Workers').node)).map((w) => w.label);
    assert.ok(!(await workers()).includes('watch-bot'));

    fs.writeFileSync(fixtureFile('watched.usage.csv'), 'timestamp,worker,user,model,runs,cost\n2026-11-20T10:00:00Z,watch-bot,zoe,gpt-4.1,7,12.5\n');
    await waitFor('the tree to show watch-bot', async () => (await workers()).includes('watch-bot'), 15_000);
    assert.ok(api.data.loadCount > loads, 'the change did not reload');
    assert.equal(api.data.view().totals.runs, before + 7);
    assert.deepEqual(api.data.snapshot?.source.files, ['team.usage.csv', 'watched.usage.csv']);

    fs.rmSync(fixtureFile('watched.usage.csv'));
    await waitFor('watch-bot to go', async () => !(await workers()).includes('watch-bot'), 15_000);
    assert.equal(api.data.view().totals.runs, before);
  });

  test('a file with unreadable rows loads the good rows and reports the skipped ones', async () => {
    const api = await usageApi();
    const name = 'broken.usage.csv';
    fs.writeFileSync(
      fixtureFile(name),
      'timestamp,worker,cost\n2026-11-20T10:00:00Z,ok-bot,1.5\nnot-a-date,bad-bot,2\n2026-11-21T10:00:00Z,bad-cost-bot,lots\n',
    );
    try {
      await useSource(api, 'files', { 'files.include': `**/${name}` });
      api.data.setRange(FIXTURE_RANGE);
      const snapshot = api.data.snapshot!;
      assert.equal(snapshot.skipped, 2);
      assert.ok(
        snapshot.warnings.some((w) => w.includes(`${name}:3`)),
        snapshot.warnings.join(' | '),
      );
      assert.match(api.treeView.message ?? '', /2 rows could not be read/);
      assert.ok(
        api.log.recent().some((l) => l.includes('2 rows skipped')),
        'skipped rows not logged',
      );
      assert.deepEqual(
        api.data.view().tables.worker.map((r) => r.name),
        ['ok-bot'],
      );
    } finally {
      fs.rmSync(fixtureFile(name), { force: true });
      await setSetting('files.include', undefined);
    }
  });

  test('a files glob that matches nothing is an error that keeps the last good data', async () => {
    const api = await usageApi();
    await useSource(api, 'files', { 'files.include': '**/team.usage.csv' });
    await settle(api);
    const good = api.data.snapshot!;
    assert.equal(good.source.label, 'team.usage.csv');
    await setSetting('files.include', '**/nothing-here.usage.csv');
    await api.data.refresh();
    assert.equal(api.data.state, 'error');
    assert.match(api.data.lastError?.message ?? '', /No usage files/);
    assert.equal(api.data.snapshot, good, 'the last good data was dropped');
    assert.match(api.treeView.message ?? '', /Refresh failed/);
    assert.equal((await children(api)).length, 4, 'the tree no longer shows the last good data');
    await vscode.commands.executeCommand('usageExplorer.configureSource', { source: 'demo' });
  });
});
