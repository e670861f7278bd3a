import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { formatMoney } from '../../src/core/money';
import { queryUsage } from '../../src/core/query';
import { byLabel, children, resetSettings, setSetting, usageApi, useSource, waitFor } from './usage';

suite('commands', () => {
  suiteSetup(async () => {
    const api = await usageApi();
    await useSource(api, 'demo');
  });
  suiteTeardown(async () => {
    await resetSettings();
    const api = await usageApi();
    api.data.setRange('30d');
  });

  test('every command the extension owns is registered, including the tree item actions', async () => {
    await usageApi();
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of [
      'usageExplorer.openDashboard',
      'usageExplorer.refresh',
      'usageExplorer.selectTimeRange',
      'usageExplorer.exportView',
      'usageExplorer.configureSource',
      'usageExplorer.setApiKey',
      'usageExplorer.clearApiKey',
      'usageExplorer.showLog',
      'usageExplorer.tree.openInDashboard',
      'usageExplorer.tree.exportBreakdown',
      'usageExplorer.tree.copyName',
      'usageExplorer.tree.openWorker',
    ]) {
      assert.ok(registered.has(id), `${id} is not registered`);
    }
  });

  test('selectTimeRange takes a spec, and rejects one that is not a range', async () => {
    const api = await usageApi();
    let changes = 0;
    const listener = api.data.onDidChange(() => changes++);
    try {
      assert.equal(await vscode.commands.executeCommand('usageExplorer.selectTimeRange', '2026-10-01..2026-10-31'), '2026-10-01..2026-10-31');
      assert.equal(api.data.range.label, '2026-10-01 – 2026-10-31');
      assert.ok(changes >= 1, 'no change event');
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('usageExplorer.selectTimeRange', '2026-10-31..2026-10-01')), /before it starts/);
      assert.equal(api.data.rangeSpec, '2026-10-01..2026-10-31', 'an invalid spec changed the range');
    } finally {
      listener.dispose();
      api.data.setRange('30d');
    }
  });

  test('refresh reloads and fires one change event per state change', async () => {
    const api = await usageApi();
    const before = api.data.snapshot!.loadedAt;
    const loads = api.data.loadCount;
    await vscode.commands.executeCommand('usageExplorer.refresh');
    assert.equal(api.data.loadCount, loads + 1);
    assert.ok(api.data.snapshot!.loadedAt >= before);
    assert.equal(api.data.state, 'ready');
  });

  test("the status bar shows the engine's spend for the range, and the setting hides it", async () => {
    const api = await usageApi();
    const totals = queryUsage(api.data.snapshot!.store, api.data.range).totals;
    const whole = formatMoney(Math.round(totals.spendMicros / 1_000_000) * 1_000_000, 'USD').replace(/\.00$/, '');
    // The status bar asks the backend (asynchronously) and shows its answer.
    await waitFor('the status bar to show the spend', () => api.statusBar.text === `$(graph) ${whole} · 30d (demo)`);
    await setSetting('statusBar.enabled', false);
    await waitFor('the status bar to hide', () => api.statusBar.text === undefined);
    await setSetting('statusBar.enabled', undefined);
    await waitFor('the status bar to show', () => api.statusBar.text !== undefined);
  });

  test('the currency setting changes how spend is shown, not the amounts', async () => {
    const api = await usageApi();
    await setSetting('currency', 'EUR');
    try {
      await waitFor('EUR', () => api.data.currency === 'EUR');
      const workers = await children(api, byLabel(await children(api), 'Workers').node);
      assert.match(workers[0].description, /^€[\d,]+\.\d\d · /);
    } finally {
      await setSetting('currency', undefined);
    }
  });

  test('configureSource with arguments writes the settings and reloads from that source', async () => {
    const api = await usageApi();
    await vscode.commands.executeCommand('usageExplorer.configureSource', { source: 'files', include: '**/team.usage.csv' });
    assert.equal(vscode.workspace.getConfiguration('usageExplorer').get('source'), 'files');
    await waitFor('the files source to load', () => api.data.state === 'ready' && api.data.snapshot?.source.kind === 'files');
    assert.equal(api.data.snapshot?.source.label, 'team.usage.csv');
    await vscode.commands.executeCommand('usageExplorer.configureSource', { source: 'demo' });
    await waitFor('the demo source to load', () => api.data.state === 'ready' && api.data.snapshot?.source.kind === 'demo');
  });

  test('Open in Dashboard accepts list and entity nodes', async () => {
    const api = await usageApi();
    const workers = byLabel(await children(api), 'Workers');
    // Open in Dashboard on a list and on an entity: the dashboard command accepts both.
    await vscode.commands.executeCommand('usageExplorer.tree.openInDashboard', workers.node);
    const first = (await children(api, workers.node))[0];
    await vscode.commands.executeCommand('usageExplorer.tree.openInDashboard', first.node);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Copy Name puts the entity name on the clipboard', async () => {
    const api = await usageApi();
    const first = (await children(api, byLabel(await children(api), 'Models').node))[0];
    const copied = await vscode.commands.executeCommand<string>('usageExplorer.tree.copyName', first.node);
    assert.equal(copied, first.label);
    assert.equal(await vscode.env.clipboard.readText(), first.label);
  });
});
