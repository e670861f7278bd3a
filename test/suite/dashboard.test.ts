import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { exportUsage } from '../../src/core/exportUsage';
import { queryUsage } from '../../src/core/query';
import { trendStack } from '../../src/core/trendStack';
import { TABLE_COLUMNS, visibleRows } from '../../src/core/table';
import { contentSecurityPolicy } from '../../src/dashboard/html';
import { DashboardPanel, webviewOptions, type DashboardLog } from '../../src/dashboard/panel';
import { ExportService } from '../../src/export/exportService';
import { DASHBOARD_VIEW_TYPE, PROTOCOL_VERSION, type DashboardModel, type HostMessage } from '../../src/protocol/dashboard';
import { EXTENSION_ID } from './helpers';
import { resetSettings, usageApi, useSource, waitFor } from './usage';

/** A log that keeps its lines, to check what the panel logged. */
function memoryLog(): DashboardLog & { lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (message: string | Error) => void lines.push(`[${level}] ${message instanceof Error ? message.message : message}`);
  return { lines, info: keep('info'), warn: keep('warn'), error: keep('error'), debug: keep('debug') };
}

function dashboardTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(DASHBOARD_VIEW_TYPE));
}

suite('dashboard panel', () => {
  let dir: string;
  const panels: DashboardPanel[] = [];

  suiteSetup(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ue-dashboard-'));
    const api = await usageApi();
    await useSource(api, 'demo');
    api.data.setRange('30d');
  });
  teardown(() => {
    for (const p of panels.splice(0)) p.dispose();
  });
  suiteTeardown(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await resetSettings();
  });

  /** A panel of our own on the extension's data service, driven by posting messages to its host. */
  async function openPanel(pickExportTarget?: (uri: vscode.Uri) => Promise<vscode.Uri | undefined>) {
    const api = await usageApi();
    const extensionUri = vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri;
    const log = memoryLog();
    const webviewPanel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, 'Usage Explorer (test)', vscode.ViewColumn.Active, webviewOptions(extensionUri));
    const exports = new ExportService(api.data, log, pickExportTarget ?? (() => Promise.reject(new Error('no export expected'))));
    const panel = new DashboardPanel(webviewPanel, { data: api.data, log, extensionUri, workerUrlTemplate: () => '', exports });
    panels.push(panel);
    const posted: HostMessage[] = [];
    panel.onDidPost((message) => posted.push(message));
    return { api, panel, log, posted, extensionUri };
  }

  test('Open Dashboard opens one panel and reveals it when run again', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('usageExplorer.openDashboard');
    await waitFor('the dashboard tab', () => dashboardTabs().length === 1);
    const { dashboard } = await usageApi();
    const first = dashboard.panel;
    assert.ok(first, 'the manager holds the panel');
    await vscode.commands.executeCommand('usageExplorer.openDashboard', { focus: { dimension: 'model', id: 'gpt-4o' } });
    // The command opens or reveals synchronously: the same panel, now on the focus, is the only one.
    assert.equal(dashboard.panel, first, 'the same panel was revealed');
    assert.deepEqual(first.currentFocus, { dimension: 'model', id: 'gpt-4o' });
    assert.equal(dashboardTabs().length, 1, 'still one dashboard');
    assert.equal(dashboardTabs()[0].label, 'Usage Explorer');
  });

  test('a restored panel starts on the focus its webview state kept (the host owns the focus)', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const { dashboard } = await usageApi();
    await waitFor('no dashboard', () => dashboard.panel === undefined);
    const extensionUri = vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri;
    const restored = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, 'Usage Explorer', vscode.ViewColumn.Active, webviewOptions(extensionUri));
    dashboard.revive(restored, { v: 1, tab: 'user', focus: { dimension: 'model', id: 'gpt-4o' } });
    assert.deepEqual(dashboard.panel?.currentFocus, { dimension: 'model', id: 'gpt-4o' });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('the restored dashboard to close', () => dashboard.panel === undefined);
    const bad = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, 'Usage Explorer', vscode.ViewColumn.Active, webviewOptions(extensionUri));
    dashboard.revive(bad, { focus: { dimension: 'project', id: 'x' } });
    assert.equal(dashboard.panel?.currentFocus, null, 'a malformed saved focus is ignored');
    dashboard.panel?.dispose();
  });

  test('posts nothing before ready, then a view model equal to the engine for the same range', async () => {
    const { api, panel, posted } = await openPanel();
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(posted.length, 0, 'nothing before ready');
    await panel.handleMessage({ type: 'ready', protocol: PROTOCOL_VERSION });
    const view = await waitFor('a view', () => posted.find((m): m is Extract<HostMessage, { type: 'view' }> => m.type === 'view'));
    const model: DashboardModel = view.model;
    const snapshot = api.data.snapshot!;
    const engine = queryUsage(snapshot.store, api.data.range);
    assert.equal(model.range.spec, '30d');
    assert.deepEqual(model.totals, engine.totals);
    assert.deepEqual(model.previousTotals, engine.previousTotals);
    assert.deepEqual(model.daily, engine.daily);
    for (const d of ['worker', 'user', 'model'] as const) {
      assert.equal(model.tables[d].total, engine.tables[d].length);
      assert.deepEqual(model.tables[d].rows, engine.tables[d].slice(0, model.tables[d].rows.length));
    }
    assert.equal(model.source.kind, 'demo');
    assert.ok(JSON.stringify(view).length < 200 * 1024, 'message under 200 KB');
  });

  test('answers requests by id from the engine', async () => {
    const { api, panel, posted } = await openPanel();
    await panel.handleMessage({ type: 'ready', protocol: PROTOCOL_VERSION });
    await waitFor('a view', () => posted.some((m) => m.type === 'view'));
    const engine = queryUsage(api.data.snapshot!.store, api.data.range);
    await panel.handleMessage({
      type: 'request',
      id: 7,
      method: 'table',
      params: { dimension: 'user', state: { filterText: 'a', sort: { column: 'name', direction: 'asc' } }, limit: 10 },
    });
    const response = posted.find((m): m is Extract<HostMessage, { type: 'response' }> => m.type === 'response' && m.id === 7);
    assert.ok(response && response.ok);
    const expected = visibleRows(engine.tables.user, { filterText: 'a', sort: { column: 'name', direction: 'asc' } });
    assert.deepEqual((response.result as { rows: unknown[] }).rows, expected.slice(0, 10));
    await panel.handleMessage({ type: 'request', id: 8, method: 'trendStack', params: { dimension: 'model' } });
    const stacked = posted.find((m): m is Extract<HostMessage, { type: 'response' }> => m.type === 'response' && m.id === 8);
    assert.ok(stacked && stacked.ok);
    assert.deepEqual(stacked.result, trendStack(api.data.snapshot!.store, api.data.range, 'model'));
  });

  test('drops malformed and unknown messages, logging them, and never acts on them', async () => {
    const { panel, posted, log } = await openPanel();
    const bad: unknown[] = [
      undefined,
      'ready',
      { type: 'ready', protocol: 0, focus: null },
      { type: 'setRange', range: 'next week' },
      { type: 'export', format: 'exe', dimension: 'worker', state: {}, columns: ['name'] },
      { type: 'request', id: 1, method: 'readFile', params: { path: '/etc/passwd' } },
      { type: 'openWorkerPage', id: 42 },
    ];
    for (const message of bad) await panel.handleMessage(message);
    assert.equal(posted.length, 0, 'nothing posted');
    assert.equal(panel.isReady, false);
    assert.ok(log.lines.filter((l) => l.startsWith('[warn]') && l.includes('dropped')).length >= bad.length - 1, log.lines.join('\n'));
    // A valid command before ready is dropped too.
    await panel.handleMessage({ type: 'refresh' });
    assert.equal(posted.length, 0);
  });

  test("the page has a strict CSP, a nonce'd script and resources only from dist/ and media/", async () => {
    const { panel, extensionUri } = await openPanel();
    const webview = panel.panel.webview;
    const html = webview.html;
    const nonce = /<script type="module" nonce="([^"]+)"/.exec(html)?.[1];
    assert.ok(nonce && nonce.length >= 22, 'a nonce');
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1].replace(/&#39;|&quot;/g, "'");
    assert.equal(csp, contentSecurityPolicy(webview.cspSource, nonce));
    assert.ok(csp.startsWith(`default-src 'none'; script-src 'nonce-${nonce}'; style-src ${webview.cspSource}; font-src ${webview.cspSource};`), csp);
    assert.ok(!/unsafe-inline|unsafe-eval/.test(html));
    assert.equal((html.match(/<script/g) ?? []).length, 1, 'one script');
    assert.ok(!/\son[a-z]+=/i.test(html), 'no inline handlers');
    const roots = webview.options.localResourceRoots?.map((u) => u.path) ?? [];
    assert.deepEqual(roots, [vscode.Uri.joinPath(extensionUri, 'dist').path, vscode.Uri.joinPath(extensionUri, 'media').path]);
    assert.equal(webview.options.enableScripts, true);
    const other = await openPanel();
    const otherNonce = /nonce="([^"]+)"/.exec(other.panel.panel.webview.html)?.[1];
    assert.notEqual(otherNonce, nonce, 'a fresh nonce per page');
  });

  test('Export from the dashboard writes exactly the visible table', async () => {
    const target = vscode.Uri.file(path.join(dir, 'dashboard-models.csv'));
    const { api, panel, posted } = await openPanel(() => Promise.resolve(target));
    await panel.handleMessage({ type: 'ready', protocol: PROTOCOL_VERSION });
    await waitFor('a view', () => posted.some((m) => m.type === 'view'));
    const table = { filterText: 'g', sort: { column: 'runs' as const, direction: 'asc' as const } };
    await panel.handleMessage({ type: 'export', format: 'csv', dimension: 'model', state: table, columns: [...TABLE_COLUMNS.model] });
    const written = fs.readFileSync(target.fsPath, 'utf8');
    const snapshot = api.data.snapshot!;
    const expected = exportUsage(snapshot.store, {
      by: 'model',
      format: 'csv',
      range: api.data.range,
      filters: [],
      currency: api.data.currency,
      table,
      columns: [...TABLE_COLUMNS.model],
    });
    assert.equal(written, expected);
    const names = written
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((line) => line.split(',')[0].replace(/^"|"$/g, ''));
    const rows = visibleRows(queryUsage(snapshot.store, api.data.range).tables.model, table);
    assert.deepEqual(
      names,
      rows.map((r) => r.name),
    );
    assert.match(written.split(/\r?\n/)[0], /^Model,/);
  });
});
