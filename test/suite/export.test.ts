import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { exportUsage } from '../../src/core/exportUsage';
import { queryUsage, resolveStoreRange } from '../../src/core/query';
import { resetSettings, usageApi, useSource } from './usage';

suite('exportView with arguments', () => {
  let dir: string;
  suiteSetup(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ue-export-'));
    const api = await usageApi();
    await useSource(api, 'demo');
    api.data.setRange('30d');
  });
  suiteTeardown(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await resetSettings();
  });

  for (const by of ['worker', 'user', 'model', 'day', 'event'] as const) {
    for (const format of ['csv', 'json'] as const) {
      test(`${by} as ${format} writes exactly the engine's export`, async () => {
        const api = await usageApi();
        const target = path.join(dir, `${by}.${format}`);
        const uri = await vscode.commands.executeCommand<vscode.Uri>('usageExplorer.exportView', { dimension: by, format, target });
        assert.equal(uri?.fsPath, target);
        const written = fs.readFileSync(target, 'utf8');
        const store = api.data.snapshot!.store;
        const expected = exportUsage(store, { by, format, range: api.data.range, filters: [], currency: 'USD' });
        assert.equal(written, expected);
        assert.ok(written.length > 50, 'the export is (nearly) empty');
      });
    }
  }

  test("the CSV by model has the engine's totals, row by row", async () => {
    const api = await usageApi();
    const target = path.join(dir, 'models.csv');
    await vscode.commands.executeCommand('usageExplorer.exportView', { dimension: 'model', format: 'csv', target });
    const [header, ...lines] = fs.readFileSync(target, 'utf8').trim().split(/\r?\n/);
    assert.match(header, /^Model,/);
    const view = queryUsage(api.data.snapshot!.store, api.data.range);
    assert.equal(lines.length, view.tables.model.length);
    const runsColumn = header.split(',').findIndex((h) => /runs/i.test(h));
    const runs = lines.reduce((sum, line) => sum + Number(line.split(',')[runsColumn]), 0);
    assert.equal(runs, view.totals.runs);
  });

  test('filters, table state, columns and a range of its own are applied', async () => {
    const api = await usageApi();
    const store = api.data.snapshot!.store;
    const worker = queryUsage(store, api.data.range).tables.worker[0];
    const args = {
      dimension: 'user' as const,
      format: 'csv' as const,
      target: vscode.Uri.file(path.join(dir, 'narrow.csv')),
      filters: [{ dimension: 'worker' as const, id: worker.id }],
      table: { sort: { column: 'name' as const, direction: 'asc' as const } },
      columns: ['name' as const, 'spend' as const],
      range: '7d',
    };
    await vscode.commands.executeCommand('usageExplorer.exportView', args);
    const written = fs.readFileSync(path.join(dir, 'narrow.csv'), 'utf8');
    const range = resolveStoreRange(store, '7d', { timeZone: 'UTC' });
    assert.equal(
      written,
      exportUsage(store, { by: 'user', format: 'csv', range, filters: args.filters, currency: 'USD', table: args.table, columns: args.columns }),
    );
    assert.notEqual(written, exportUsage(store, { by: 'user', format: 'csv', range: api.data.range, filters: [], currency: 'USD' }));
    assert.equal(api.data.rangeSpec, '30d', 'an export range must not change the selected range');
  });

  test('bad arguments are rejected naming the field', async () => {
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('usageExplorer.exportView', { dimension: 'galaxy', format: 'csv', target: path.join(dir, 'x.csv') })),
      /dimension/,
    );
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('usageExplorer.exportView', { dimension: 'user', format: 'csv', target: 'relative.csv' })),
      /absolute/,
    );
    assert.ok(!fs.existsSync(path.join(dir, 'x.csv')));
  });
});
