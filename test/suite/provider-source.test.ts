import * as assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { ConfigWatcher } from '../../src/config';
import { DataService } from '../../src/data/dataService';
import { UsageLog } from '../../src/data/log';
import { treeMessage } from '../../src/tree/usageTree';
import { mountOpenAi, openAiLedger } from '../support/provider-fixtures';
import { ProviderServer } from '../support/provider-server';
import { billedByGroup, billedTotal } from '../support/ledger-sums';
import { byLabel, children, resetSettings, usageApi, useSources, waitFor } from './usage';

const RANGE = '2026-11-17..2026-11-26';
const LAST_DAY = Date.parse('2026-11-26T00:00:00Z');
const KEY = 'sk-admin-suite-0123456789';

suite('OpenAI organisation source', () => {
  const server = new ProviderServer();
  const ledger = openAiLedger(LAST_DAY, 10);

  suiteSetup(async () => {
    mountOpenAi(server, ledger);
    await server.start();
    (await usageApi()).data.setRange(RANGE);
  });
  suiteTeardown(async () => {
    await resetSettings();
    await server.close();
  });

  test('with a key set through the command, the tree shows projects with their billed spend', async () => {
    const stored = await vscode.commands.executeCommand('usageExplorer.setOpenAiAdminKey', { key: KEY });
    assert.equal(stored, true);
    const api = await usageApi();
    await useSources(api, [{ kind: 'openai', baseUrl: server.url('/v1') }]);
    assert.equal(api.data.state, 'ready', api.data.lastError?.message);

    const view = api.data.view();
    assert.equal(view.totals.spendMicros, billedTotal(ledger));
    const billed = billedByGroup(ledger);
    const support = view.tables.worker.find((r) => r.name === 'Support Bot');
    assert.equal(support?.spendMicros, billed.get('proj_support'));

    const workers = await children(api, byLabel(await children(api), 'Workers').node);
    const labels = workers.map((w) => w.label);
    assert.ok(labels.includes('Support Bot') && labels.includes('Contract Reviewer, EU'), `tree rows: ${labels.join(', ')}`);
    // The key went only to the loopback server, as the bearer token.
    assert.ok(server.requests.length > 0 && server.requests.every((r) => r.headers.authorization === `Bearer ${KEY}`));
  });

  test('a new window shows the cached figures at once, marked as refreshing, while the provider has not answered', async () => {
    const api = await usageApi();
    await useSources(api, [{ kind: 'openai', baseUrl: server.url('/v1') }]);
    const storageDir = await mkdtemp(join(tmpdir(), 'ue-provider-cache-'));
    // The window's own SecretStorage is the extension's; these services get one holding the same key.
    const stored = new Map([['usageExplorer.openai.adminKey', KEY]]);
    const secrets = {
      get: (key: string) => Promise.resolve(stored.get(key)),
      store: (key: string, value: string) => Promise.resolve(void stored.set(key, value)),
      delete: (key: string) => Promise.resolve(void stored.delete(key)),
      onDidChange: new vscode.EventEmitter<vscode.SecretStorageChangeEvent>().event,
    } as vscode.SecretStorage;
    const channel = vscode.window.createOutputChannel('Usage Explorer cache test', { log: true });
    const config = new ConfigWatcher();
    const open = () => {
      const data = new DataService({ config, secrets, log: new UsageLog(channel), storageDir });
      data.setRange(RANGE);
      return data;
    };
    try {
      const first = open();
      await first.refresh();
      assert.equal(first.state, 'ready', first.lastError?.message);
      first.dispose();

      const release = server.hold();
      const asked = server.requests.length;
      const second = open();
      try {
        const snapshot = await second.ensureLoaded();
        assert.equal(snapshot?.cached, true, 'the cached figures');
        assert.equal(second.state, 'loading', 'while the refresh runs');
        assert.equal(second.view().totals.spendMicros, billedTotal(ledger), 'the billed total, from the cache');
        assert.equal(treeMessage(second), 'Showing cached figures; refreshing…');
        await waitFor('the refresh to ask the provider', () => server.requests.length > asked);
        release();
        await waitFor('the refresh', () => second.state === 'ready');
        assert.equal(second.snapshot?.cached, undefined, 'fresh figures');
        assert.equal(second.view().totals.spendMicros, billedTotal(ledger));
        assert.notEqual(treeMessage(second), 'Showing cached figures; refreshing…');
      } finally {
        release();
        second.dispose();
      }
    } finally {
      config.dispose();
      channel.dispose();
      await rm(storageDir, { recursive: true, force: true });
    }
  });
});
