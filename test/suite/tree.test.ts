import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DIMENSIONS, type Dimension } from '../../src/core/model';
import { formatMoney } from '../../src/core/money';
import { drillDown, queryUsage, resolveStoreRange, type UsageRow } from '../../src/core/query';
import { byLabel, children, resetSettings, usageApi, useSource, waitFor, type ShownItem } from './usage';

const PLURAL: Record<Dimension, string> = { worker: 'Workers', user: 'Users', model: 'Models', team: 'Teams' };
const describe = (row: Pick<UsageRow, 'spendMicros' | 'runs'>) =>
  `${formatMoney(row.spendMicros, 'USD')} · ${row.runs.toLocaleString('en-US')} run${row.runs === 1 ? '' : 's'}`;

/** Parses `$1,234.56 · 4,210 runs` back into micros and runs. */
function parseDescription(text: string): { spendMicros: number; runs: number } {
  const m = /^\$([\d,]+)\.(\d\d) · ([\d,]+) runs?$/.exec(text);
  assert.ok(m, `unexpected description "${text}"`);
  return { spendMicros: Number(m[1].replace(/,/g, '')) * 1_000_000 + Number(m[2]) * 10_000, runs: Number(m[3].replace(/,/g, '')) };
}

suite('usage tree (demo data)', () => {
  suiteSetup(async () => {
    const api = await usageApi();
    await useSource(api, 'demo');
    api.data.setRange('30d');
    assert.equal(api.data.snapshot?.source.kind, 'demo');
  });
  suiteTeardown(resetSettings);

  test('roots are Workers, Users and Models; the view says range, zone and demo', async () => {
    const api = await usageApi();
    const roots = await children(api);
    assert.deepEqual(
      roots.map((r) => r.label),
      ['Workers', 'Users', 'Models', 'Teams'],
    );
    assert.equal(api.treeView.description, 'Last 30 days · UTC · Demo data');
    // The header holding the description is hidden while the tree is alone in its container,
    // so the line above the tree says the range too, with the engine's total.
    const totals = queryUsage(api.data.snapshot!.store, api.data.range).totals;
    assert.equal(api.treeView.message, `Last 30 days · UTC · Demo data: ${describe(totals)}`);
    api.data.setRange('7d');
    const week = queryUsage(api.data.snapshot!.store, api.data.range).totals;
    // The line follows the roots' query through the backend, asked again when the tree shows.
    await children(api);
    await waitFor('the week summary', () => api.treeView.message === `Last 7 days · UTC · Demo data: ${describe(week)}`);
    api.data.setRange('30d');
  });

  for (const dimension of DIMENSIONS) {
    test(`${PLURAL[dimension]} list the engine's rows by spend, with spend and runs`, async () => {
      const api = await usageApi();
      const snapshot = api.data.snapshot!;
      const expected = queryUsage(snapshot.store, api.data.range).tables[dimension];
      assert.ok(expected.length > 0, 'the demo data has no rows in the last 30 days');
      const shown = await children(api, byLabel(await children(api), PLURAL[dimension]).node);
      const rows = shown.filter((s) => !s.label.endsWith('more…'));
      assert.deepEqual(
        rows.map((r) => r.label),
        expected.slice(0, 100).map((r) => r.name),
      );
      assert.deepEqual(
        rows.map((r) => r.description),
        expected.slice(0, 100).map(describe),
      );
      for (let i = 1; i < rows.length; i++) {
        assert.ok(parseDescription(rows[i - 1].description).spendMicros >= parseDescription(rows[i].description).spendMicros, 'not sorted by spend');
      }
      const tooltip = rows[0].item.tooltip as vscode.MarkdownString;
      assert.match(tooltip.value, /Share \| \d/);
      assert.match(tooltip.value, /Change \| /);
      if (expected.length > 100) {
        const more = shown[shown.length - 1];
        assert.equal(more.label, `${expected.length - 100} more…`);
        assert.equal(more.item.command?.command, 'usageExplorer.openDashboard');
        assert.deepEqual(more.item.command?.arguments, [{ dimension }]);
      }
    });
  }

  test('a worker drills into users and models that add up to it, as the engine says', async () => {
    const api = await usageApi();
    const store = api.data.snapshot!.store;
    const workers = await children(api, byLabel(await children(api), 'Workers').node);
    const worker = workers[0];
    const workerRow = queryUsage(store, api.data.range).tables.worker[0];
    assert.equal(worker.label, workerRow.name);
    const groups = await children(api, worker.node);
    assert.deepEqual(
      groups.map((g) => g.label),
      ['Users', 'Models'],
    );
    const engine = drillDown(store, api.data.range, 'worker', workerRow.id);
    for (const group of groups) {
      const dimension: Dimension = group.label === 'Users' ? 'user' : 'model';
      const items = await children(api, group.node);
      assert.deepEqual(
        items.map((i) => i.label),
        engine.children[dimension]!.slice(0, 100).map((r) => r.name),
      );
      const sum = engine.children[dimension]!.reduce((acc, r) => ({ spend: acc.spend + r.spendMicros, runs: acc.runs + r.runs }), { spend: 0, runs: 0 });
      assert.equal(sum.spend, workerRow.spendMicros, `${group.label} spend does not add up to the worker`);
      assert.equal(sum.runs, workerRow.runs, `${group.label} runs do not add up to the worker`);
      if (items.length < 100) {
        const shownRuns = items.reduce((s, i) => s + parseDescription(i.description).runs, 0);
        assert.equal(shownRuns, workerRow.runs, `the runs shown under ${group.label} do not add up to the worker's`);
      }
    }
  });

  test('every entity drills into the other two dimensions, and a third level is a leaf', async () => {
    const api = await usageApi();
    const roots = await children(api);
    const expectations: Record<string, string[]> = { Workers: ['Users', 'Models'], Users: ['Workers', 'Models'], Models: ['Workers', 'Users'] };
    // A team opens into workers, users and models, which add up to it.
    const team = (await children(api, byLabel(roots, 'Teams').node))[0];
    const teamGroups = await children(api, team.node);
    assert.deepEqual(
      teamGroups.map((g) => g.label),
      ['Workers', 'Users', 'Models'],
    );
    for (const group of teamGroups) {
      const items = await children(api, group.node);
      assert.equal(
        items.reduce((s, i) => s + parseDescription(i.description).runs, 0),
        parseDescription(team.description).runs,
        group.label,
      );
    }
    for (const root of roots.filter((r) => r.label !== 'Teams')) {
      const first = (await children(api, root.node))[0];
      const groups = await children(api, first.node);
      assert.deepEqual(
        groups.map((g) => g.label),
        expectations[root.label],
      );
      const second = (await children(api, groups[0].node))[0];
      const third = await children(api, second.node);
      assert.equal(third.length, 1, 'a second-level entity opens the one dimension left');
      const leaf = (await children(api, third[0].node))[0];
      assert.equal(leaf.item.collapsibleState, vscode.TreeItemCollapsibleState.None);
      // A leaf narrowed by all three dimensions adds up like everything else.
      const parentRun = parseDescription(second.description).runs;
      const leaves = await children(api, third[0].node);
      assert.equal(
        leaves.reduce((s, l) => s + parseDescription(l.description).runs, 0),
        parentRun,
      );
    }
  });

  test('tree item ids are unique', async () => {
    const api = await usageApi();
    const seen = new Set<string>();
    const visit = async (items: ShownItem[], depth: number) => {
      for (const i of items.slice(0, 3)) {
        assert.ok(i.item.id && !seen.has(i.item.id), `duplicate id ${i.item.id}`);
        seen.add(i.item.id);
        if (depth < 3) await visit(await children(api, i.node), depth + 1);
      }
    };
    await visit(await children(api), 0);
    assert.ok(seen.size > 10);
  });

  test("selecting another range changes the numbers to the engine's for that range", async () => {
    const api = await usageApi();
    const store = api.data.snapshot!.store;
    await vscode.commands.executeCommand('usageExplorer.selectTimeRange', '7d');
    assert.equal(api.data.rangeSpec, '7d');
    assert.equal(api.treeView.description, 'Last 7 days · UTC · Demo data');
    const expected = queryUsage(store, api.data.range).tables.model;
    const models = await children(api, byLabel(await children(api), 'Models').node);
    assert.deepEqual(
      models.map((m) => m.description),
      expected.map(describe),
    );
    const thirtyDays = queryUsage(store, resolveStoreRange(store, '30d', { timeZone: 'UTC' })).tables.model.map(describe);
    assert.notDeepEqual(
      models.map((m) => m.description),
      thirtyDays,
      'the 7-day numbers equal the 30-day ones',
    );
    await vscode.commands.executeCommand('usageExplorer.selectTimeRange', '30d');
  });

  test('a range with no usage empties the tree and sets the no-data state', async () => {
    const api = await usageApi();
    await vscode.commands.executeCommand('usageExplorer.selectTimeRange', '2000-01-01..2000-01-31');
    assert.deepEqual(await children(api), []);
    assert.equal(api.data.view().totals.runs, 0);
    await vscode.commands.executeCommand('usageExplorer.selectTimeRange', '30d');
    assert.equal((await children(api)).length, 4);
  });
});
