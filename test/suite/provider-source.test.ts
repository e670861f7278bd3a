import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { mountOpenAi, openAiLedger } from '../support/provider-fixtures';
import { ProviderServer } from '../support/provider-server';
import { billedByGroup, billedTotal } from '../support/ledger-sums';
import { byLabel, children, resetSettings, usageApi, useSources } from './usage';

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
});
