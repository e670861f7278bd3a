import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension } from './helpers';
import { byLabel, children, resetSettings, usageApi, useSources, waitFor } from './usage';

/** A copy of a fixture folder (tests change it), and the environment variable pointed at it for the extension host's loads. */
function fixtureCopy(name: string, variable: 'CLAUDE_CONFIG_DIR' | 'CODEX_HOME', root: string): { dir: string; restore: () => void } {
  const saved = process.env[variable];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ue-suite-${name}-`));
  fs.cpSync(path.join(root, 'test', 'fixtures', 'agent-logs', name), dir, { recursive: true });
  process.env[variable] = dir;
  return {
    dir,
    restore: () => {
      if (saved === undefined) delete process.env[variable];
      else process.env[variable] = saved;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const config = () => vscode.workspace.getConfiguration('usageExplorer');

suite('Codex, kept history and price overrides in VS Code', () => {
  let root: string;

  suiteSetup(async () => {
    root = (await activateExtension()).extensionPath;
    (await usageApi()).data.setRange('all');
  });
  teardown(async () => {
    await resetSettings();
    for (const key of ['agentLogs.history', 'pricing.overrides']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
  });

  test('a fixture CODEX_HOME shows its projects and models in the tree, counted once', async function () {
    this.timeout(60_000);
    const codex = fixtureCopy('codex', 'CODEX_HOME', root);
    try {
      const api = await usageApi();
      await config().update('agentLogs.history', false, vscode.ConfigurationTarget.Global);
      await useSources(api, [{ kind: 'codex' }]);
      assert.equal(api.data.snapshot?.sources[0]?.error?.message, undefined);
      const top = await children(api);
      const workers = await children(api, byLabel(top, 'Workers').node);
      // The Windows path's folder name is tool; the archived copy of a session is read once.
      assert.deepEqual(workers.map((w) => w.label).sort(), ['api', 'codex-only', 'tool']);
      const models = await children(api, byLabel(top, 'Models').node);
      assert.deepEqual(models.map((m) => m.label).sort(), ['gpt-5', 'gpt-5-codex']);
      assert.ok(
        models.every((m) => m.description.includes('est.')),
        'spend from logs is labelled est.',
      );
      // Seven requests: re-emitted counters and the fork's replayed history are not counted again.
      assert.equal(api.data.view().totals.runs, 7);
      assert.match(byLabel(top, 'Workers').tooltip, /Codex logs \(est\.\)/);
    } finally {
      codex.restore();
    }
  });

  test('kept history: requests outlive their deleted log, and a reload counts nothing twice', async function () {
    this.timeout(60_000);
    const claude = fixtureCopy('claude-a', 'CLAUDE_CONFIG_DIR', root);
    try {
      const api = await usageApi();
      await vscode.commands.executeCommand('usageExplorer.clearAgentLogHistory');
      await config().update('agentLogs.history', true, vscode.ConfigurationTarget.Global);
      await useSources(api, [{ kind: 'claude-code' }]);
      const before = api.data.view().totals;
      assert.ok(before.runs > 0);

      fs.rmSync(path.join(claude.dir, 'projects', '-home-ana-work-api', '11111111-aaaa.jsonl'));
      await api.data.refresh();
      assert.deepEqual(api.data.view().totals, before, 'the deleted log’s requests come from the kept history');
      await api.data.refresh();
      assert.deepEqual(api.data.view().totals, before, 'a second reload counts nothing twice');

      await vscode.commands.executeCommand('usageExplorer.clearAgentLogHistory');
      await api.data.refresh();
      assert.ok(api.data.view().totals.runs < before.runs, 'without the history the deleted log’s requests are gone');
    } finally {
      claude.restore();
    }
  });

  test('Add Price Override… writes the setting, and the unpriced model’s spend shows in the tree', async function () {
    this.timeout(60_000);
    const claude = fixtureCopy('claude-a', 'CLAUDE_CONFIG_DIR', root);
    try {
      const api = await usageApi();
      await config().update('agentLogs.history', false, vscode.ConfigurationTarget.Global);
      await useSources(api, [{ kind: 'claude-code' }]);
      const modelsNode = async () => byLabel(await children(api), 'Models').node;
      const acme = async () => byLabel(await children(api, await modelsNode()), 'acme-llm-1');
      assert.match((await acme()).description, /unpriced/);
      const row = () => api.data.view().tables.model.find((r) => r.id === 'acme-llm-1')!;
      assert.equal(row().spendMicros, 0);
      const tokens = { input: row().inputTokens ?? 0, cacheRead: row().cacheReadTokens ?? 0, output: row().outputTokens ?? 0 };
      const loadedAt = api.data.snapshot?.loadedAt;

      const added = await vscode.commands.executeCommand('usageExplorer.addPriceOverride', { model: 'acme-llm-*', input: 2, cachedInput: 0.5, output: 10 });
      assert.equal(added, true);
      assert.deepEqual(config().inspect('pricing.overrides')?.globalValue, { 'acme-llm-*': { input: 2, cachedInput: 0.5, output: 10 } });
      // The setting change reloads the data.
      await waitFor('the reload with the new price', () => api.data.snapshot?.loadedAt !== loadedAt && api.data.state === 'ready', 20_000);
      const expected = tokens.input * 2 + tokens.cacheRead * 0.5 + tokens.output * 10; // micro-units: price per million × tokens
      assert.equal(row().spendMicros, Math.round(expected));
      const item = await acme();
      assert.doesNotMatch(item.description, /unpriced/);
      assert.ok(item.description.includes('est.'));
    } finally {
      claude.restore();
    }
  });
});
