import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { type AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { byLabel, children, resetSettings, setSetting, usageApi, waitFor } from './usage';

const TOKEN = 'ue-test-token-7f3a9c51e2';
const DAY = 86_400_000;

type Mode = 'fail' | 'good' | 'slow';

/** A usage API on 127.0.0.1 that answers 500 (with Retry-After: 0) or one page of events. */
class FakeUsageApi {
  mode: Mode = 'fail';
  readonly authorizations: (string | undefined)[] = [];
  readonly paths: string[] = [];
  private readonly server = http.createServer((req, res) => {
    this.authorizations.push(req.headers.authorization);
    this.paths.push(req.url ?? '');
    if (this.mode === 'slow') {
      // Answers only after the test has cancelled (or 10 s).
      const timer = setTimeout(() => res.destroy(), 10_000);
      req.on('close', () => clearTimeout(timer));
      return;
    }
    if (this.mode === 'fail') {
      res.writeHead(500, { 'Content-Type': 'application/json', 'Retry-After': '0' });
      res.end('{"error":"boom"}');
      return;
    }
    const now = Date.now();
    const events = [
      {
        timestamp: new Date(now - 2 * DAY).toISOString(),
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
        timestamp: new Date(now - 3 * DAY).toISOString(),
        workerId: 'http-bot',
        workerName: 'HTTP Bot',
        userId: 'u2',
        userName: 'Lin',
        model: 'claude-sonnet-4',
        runs: 2,
        cost: 0.75,
        id: 'e2',
      },
      { timestamp: new Date(now - 4 * DAY).toISOString(), workerId: 'sync-bot', userId: 'u1', userName: 'Ada', model: 'gpt-4.1', runs: 5, cost: 4, id: 'e3' },
    ];
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ events, nextCursor: null }));
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

suite('HTTP source', () => {
  const api = new FakeUsageApi();

  suiteSetup(async () => {
    const baseUrl = await api.start();
    const ext = await usageApi();
    ext.data.setRange('30d');
    await setSetting('http.baseUrl', baseUrl, vscode.ConfigurationTarget.Global);
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('usageExplorer.clearApiKey');
    await resetSettings();
    await api.stop();
  });

  test('the API key set by command goes to the server, and nowhere into settings or the log', async () => {
    const ext = await usageApi();
    assert.equal(await vscode.commands.executeCommand('usageExplorer.setApiKey', TOKEN), true);
    api.mode = 'good';
    await setSetting('source', 'http');
    await ext.data.refresh();
    assert.equal(ext.data.state, 'ready', ext.data.lastError?.message);
    assert.equal(api.authorizations.at(-1), `Bearer ${TOKEN}`, 'the stored key was not sent');
    assert.match(api.paths.at(-1) ?? '', /^\/api\/usage\/events\?from=.+&to=.+/);

    const settings = JSON.stringify(vscode.workspace.getConfiguration('usageExplorer'));
    const inspected = ['source', 'http.baseUrl'].map((k) => JSON.stringify(vscode.workspace.getConfiguration('usageExplorer').inspect(k)));
    assert.ok(!settings.includes(TOKEN) && !inspected.some((s) => s.includes(TOKEN)), 'the key is in the settings');
    const settingsFile = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.vscode', 'settings.json');
    if (fs.existsSync(settingsFile)) assert.ok(!fs.readFileSync(settingsFile, 'utf8').includes(TOKEN), 'the key is in .vscode/settings.json');
    assert.ok(ext.log.recent().length > 0);
    assert.ok(!ext.log.recent().some((line) => line.includes(TOKEN)), 'the key is in the log');
    assert.ok(
      ext.log.recent().some((line) => line.includes('API key stored')),
      'storing the key was not logged',
    );
  });

  test('500s then good data then 500s: the error is reported and the last good data stays', async () => {
    const ext = await usageApi();
    await setSetting('source', 'http');

    // 1. Failing from the start: an error, no data, the tree empty (the welcome view explains).
    api.mode = 'fail';
    const requests = api.paths.length;
    await ext.data.refresh();
    assert.equal(ext.data.state, 'error');
    assert.match(ext.data.lastError?.message ?? '', /500/);
    assert.equal(api.paths.length - requests, 4, 'expected the first request and 3 retries');
    const hadData = ext.data.snapshot !== undefined;
    if (!hadData) assert.deepEqual(await ext.tree.getChildren(), []);

    // 2. Good data.
    api.mode = 'good';
    await ext.data.refresh();
    assert.equal(ext.data.state, 'ready');
    assert.equal(ext.data.lastError, undefined);
    const good = ext.data.snapshot!;
    assert.equal(good.source.kind, 'http');
    assert.equal(good.source.label, '127.0.0.1:' + new URL(String(vscode.workspace.getConfiguration('usageExplorer').get('http.baseUrl'))).port);
    const totals = ext.data.view().totals;
    assert.deepEqual({ runs: totals.runs, spend: totals.spendMicros, users: totals.users }, { runs: 10, spend: 6_000_000, users: 2 });
    const workers = await children(ext, byLabel(await children(ext), 'Workers').node);
    assert.deepEqual(
      workers.map((w) => [w.label, w.description]),
      [
        ['sync-bot', '$4.00 · 5 runs'],
        ['HTTP Bot', '$2.00 · 5 runs'],
      ],
    );

    // 3. Failing again: the error is reported, the data stays.
    api.mode = 'fail';
    await ext.data.refresh();
    assert.equal(ext.data.state, 'error');
    assert.match((ext.data.lastError as Error | undefined)?.message ?? '', /HTTP 500/);
    assert.equal(ext.data.snapshot, good, 'the last good data was replaced');
    assert.match(ext.treeView.message ?? '', /Refresh failed: .*500/);
    const after = await children(ext, byLabel(await children(ext), 'Workers').node);
    assert.deepEqual(
      after.map((w) => w.description),
      workers.map((w) => w.description),
    );
    assert.ok(
      ext.log.recent().some((line) => line.startsWith('[error]') && line.includes('500')),
      'the failure was not logged',
    );
    assert.ok(
      ext.log.recent().some((line) => line.includes('Keeping the data loaded at')),
      'keeping the data was not logged',
    );
    assert.ok(!ext.log.recent().some((line) => line.includes(TOKEN)), 'the key is in the log');
  });

  test('a slow load can be cancelled, keeping the data shown before', async () => {
    const ext = await usageApi();
    api.mode = 'good';
    await setSetting('source', 'http');
    await ext.data.refresh();
    const good = ext.data.snapshot!;
    api.mode = 'slow';
    const loading = ext.data.refresh();
    await waitFor('the load to start', () => ext.data.state === 'loading');
    await new Promise((resolve) => setTimeout(resolve, 800)); // past the progress delay
    ext.data.cancel();
    await loading;
    assert.equal(ext.data.state, 'ready');
    assert.equal(ext.data.snapshot, good);
    assert.equal(ext.data.lastError, undefined);
    assert.ok(
      ext.log.recent().some((line) => line.includes('was cancelled')),
      'the cancellation was not logged',
    );
  });

  test('clearing the key stops sending it', async () => {
    const ext = await usageApi();
    api.mode = 'good';
    await vscode.commands.executeCommand('usageExplorer.clearApiKey');
    await ext.data.refresh();
    assert.equal(ext.data.state, 'ready');
    assert.equal(api.authorizations.at(-1), undefined);
  });

  test('selecting a longer range fetches again for it', async () => {
    const ext = await usageApi();
    api.mode = 'good';
    await setSetting('source', 'http');
    await ext.data.refresh();
    const requests = api.paths.length;
    ext.data.setRange('90d');
    await waitFor('a new fetch', () => api.paths.length > requests && ext.data.state === 'ready');
    const from = new URL(api.paths.at(-1)!, 'http://x').searchParams.get('from')!;
    assert.ok(Date.now() - Date.parse(from) > 170 * DAY, `fetched from ${from}, not the 90 days and the 90 before`);
    ext.data.setRange('30d');
  });
});
