import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { type Totals } from '../../src/core/query';
import { DashboardPanel, webviewOptions } from '../../src/dashboard/panel';
import { ExportService } from '../../src/export/exportService';
import { DASHBOARD_VIEW_TYPE, PROTOCOL_VERSION, type HostMessage } from '../../src/protocol/dashboard';
import { page, UsageServer } from '../support/usage-server';
import { EXTENSION_ID } from './helpers';
import { byLabel, children, resetSettings, setSetting, usageApi, useSources, waitFor } from './usage';

/** The fixture's 30 days; fixed so the test does not depend on today's date. */
const RANGE = '2026-10-28..2026-11-26';
const FILES = { kind: 'files', include: '**/team.usage.csv' };
const DEMO = { kind: 'demo' };

/** Three API events in the range; `e1` twice (counted once: ids de-duplicate within a source) and one id the fixture file also has. */
const API_EVENTS = [
  {
    timestamp: '2026-11-20T10:00:00Z',
    workerId: 'http-bot',
    workerName: 'HTTP Bot',
    userId: 'u1',
    userName: 'Ada',
    model: 'gpt-4.1',
    runs: 3,
    cost: 1.25,
    id: 'e1',
  },
  {
    timestamp: '2026-11-20T10:00:00Z',
    workerId: 'http-bot',
    workerName: 'HTTP Bot',
    userId: 'u1',
    userName: 'Ada',
    model: 'gpt-4.1',
    runs: 3,
    cost: 1.25,
    id: 'e1',
  },
  {
    timestamp: '2026-11-21T11:00:00Z',
    workerId: 'http-bot',
    workerName: 'HTTP Bot',
    userId: 'u2',
    userName: 'Lin',
    model: 'claude-sonnet-4',
    runs: 2,
    cost: 0.75,
    id: 'e2',
  },
  { timestamp: '2026-11-22T12:00:00Z', workerId: 'sync-bot', userId: 'u1', userName: 'Ada', model: 'gpt-4.1', runs: 5, cost: 4, id: 'run-0001' },
];

suite('several sources', () => {
  const server = new UsageServer();
  let http: { kind: string; baseUrl: string };

  suiteSetup(async () => {
    await server.start();
    http = { kind: 'http', baseUrl: server.url('/api') };
    (await usageApi()).data.setRange(RANGE);
  });
  suiteTeardown(async () => {
    await resetSettings();
    await server.close();
  });

  async function totalsOf(sources: Record<string, unknown>[]): Promise<Totals> {
    const api = await usageApi();
    await useSources(api, sources);
    assert.equal(api.data.state, 'ready', api.data.lastError?.message);
    return api.data.view().totals;
  }

  test('files + http + demo together show the sum of each alone, and every surface names the three', async () => {
    const api = await usageApi();
    const files = await totalsOf([FILES]);
    server.play(page(API_EVENTS));
    const fromApi = await totalsOf([http]);
    assert.equal(fromApi.runs, 3 + 2 + 5, 'the repeated id e1 counts once');
    const demo = await totalsOf([DEMO]);

    server.play(page(API_EVENTS));
    const all = await totalsOf([FILES, http, DEMO]);
    assert.equal(all.runs, files.runs + fromApi.runs + demo.runs);
    assert.equal(all.spendMicros, files.spendMicros + fromApi.spendMicros + demo.spendMicros);
    assert.ok(all.runs > files.runs && files.runs > 0 && demo.runs > 0);

    const snapshot = api.data.snapshot!;
    const host = new URL(http.baseUrl).host;
    assert.deepEqual(
      snapshot.sources.map((s) => [s.kind, s.label, s.error?.message]),
      [
        ['files', 'team.usage.csv', undefined],
        ['http', host, undefined],
        ['demo', 'Demo data', undefined],
      ],
    );
    assert.equal(snapshot.source.label, `team.usage.csv + ${host} + Demo data`);

    // The tree's tooltip ...
    const workers = byLabel(await children(api), 'Workers');
    assert.match(workers.tooltip, new RegExp(`Sources: team\\.usage\\.csv, ${host.replace(/\./g, '\\.')}, Demo data`));
    // ... and the dashboard's header.
    const extensionUri = vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri;
    const webviewPanel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, 'Usage Explorer (test)', vscode.ViewColumn.Active, webviewOptions(extensionUri));
    const log = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };
    const exports = new ExportService(api.data, log, () => Promise.reject(new Error('no export expected')));
    const panel = new DashboardPanel(webviewPanel, { data: api.data, log, extensionUri, workerUrlTemplate: () => '', exports });
    try {
      const posted: HostMessage[] = [];
      panel.onDidPost((message) => posted.push(message));
      await panel.handleMessage({ type: 'ready', protocol: PROTOCOL_VERSION, focus: null });
      const view = await waitFor('a view', () => posted.find((m): m is Extract<HostMessage, { type: 'view' }> => m.type === 'view'));
      assert.equal(view.model.source.label, `team.usage.csv + ${host} + Demo data`);
      assert.notEqual(view.model.source.kind, 'demo', 'a mix is not marked as demo data');
    } finally {
      panel.dispose();
    }
  });

  test('a failing source leaves the others shown, with its error in the tree and the log', async () => {
    const api = await usageApi();
    const both = await totalsOf([FILES, DEMO]);
    const down = { kind: 'http', baseUrl: server.url('/down'), name: 'Billing API' };
    server.play({ status: 403, body: { message: 'key revoked' } });
    await useSources(api, [FILES, down, DEMO]);

    assert.equal(api.data.state, 'ready');
    assert.equal(api.data.lastError, undefined, 'one failing source is not a failed load');
    assert.deepEqual(api.data.view().totals.runs, both.runs);
    assert.equal(api.data.view().totals.spendMicros, both.spendMicros);
    const failed = api.data.snapshot!.sources.find((s) => s.kind === 'http')!;
    assert.equal(failed.label, 'Billing API');
    assert.match(failed.error?.message ?? '', /403/);
    assert.equal(failed.result, undefined);

    const roots = await children(api);
    assert.deepEqual(
      roots.map((r) => r.label),
      ['Billing API failed', 'Workers', 'Users', 'Models', 'Teams'],
    );
    assert.match(roots[0].description, /403/);
    assert.match(roots[0].tooltip, /Billing API could not be loaded/);
    assert.ok(
      api.log.recent().some((l) => l.startsWith('[error] Source Billing API (http) failed')),
      'the failure is not in the log',
    );
    assert.match(byLabel(roots, 'Workers').tooltip, /Billing API \(failed\)/);
  });

  test('a workspace cannot add a source that sends a key somewhere, but may add files', async () => {
    const api = await usageApi();
    await setSetting('sources', [DEMO], vscode.ConfigurationTarget.Global);
    server.play();
    await useSources(api, [{ kind: 'http', baseUrl: server.url('/evil') }, FILES], vscode.ConfigurationTarget.Workspace);
    assert.deepEqual(
      api.data.snapshot!.sources.map((s) => s.kind),
      ['demo', 'files'],
    );
    assert.equal(server.requests.length, 0, 'the workspace http source was contacted');
    assert.ok(
      api.log.recent().some((l) => l.startsWith('[warn] usageExplorer.sources[0] in workspace settings asks for a "http" source')),
      'no warning logged',
    );
    await setSetting('sources', undefined, vscode.ConfigurationTarget.Workspace);
  });

  test('the deprecated usageExplorer.source still works, and sources wins when both are set', async () => {
    const api = await usageApi();
    await useSources(api, undefined);
    await setSetting('files.include', '**/team.usage.csv');
    await setSetting('source', 'files');
    await api.data.refresh();
    assert.deepEqual(
      api.data.snapshot!.sources.map((s) => s.kind),
      ['files'],
    );
    assert.equal(api.data.snapshot!.source.label, 'team.usage.csv');

    await setSetting('sources', [DEMO], vscode.ConfigurationTarget.Global);
    await waitFor('sources to win', () => api.data.state === 'ready' && api.data.snapshot?.source.kind === 'demo');
    await setSetting('sources', undefined, vscode.ConfigurationTarget.Global);
    await waitFor('source to decide again', () => api.data.state === 'ready' && api.data.snapshot?.source.kind === 'files');
  });
});
