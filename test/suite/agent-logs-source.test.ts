import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension } from './helpers';
import { byLabel, children, resetSettings, usageApi, waitFor } from './usage';

/** A new request of the personal/api project, a day after the fixture's last one. */
const APPENDED = JSON.stringify({
  parentUuid: null,
  isSidechain: false,
  cwd: '/home/ana/personal/api',
  sessionId: '22222222-bbbb',
  message: {
    id: 'msg_SUITE',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-4-5-20250929',
    usage: { input_tokens: 40, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 60 },
  },
  requestId: 'req_SUITE',
  type: 'assistant',
  uuid: 'suite-1',
  timestamp: '2026-11-05T12:00:00.000Z',
});

suite('Claude Code logs source', () => {
  let configDir: string;
  const savedEnv = process.env.CLAUDE_CONFIG_DIR;

  suiteSetup(async () => {
    // A copy of the fixture logs (the test appends to them); the extension host reads CLAUDE_CONFIG_DIR at each load.
    const extension = await activateExtension();
    configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ue-suite-claude-'));
    fs.cpSync(path.join(extension.extensionPath, 'test', 'fixtures', 'agent-logs', 'claude-a'), configDir, { recursive: true });
    process.env.CLAUDE_CONFIG_DIR = configDir;
    await vscode.workspace.getConfiguration('usageExplorer').update('agentLogs.history', false, vscode.ConfigurationTarget.Global);
    (await usageApi()).data.setRange('all');
  });
  suiteTeardown(async () => {
    await resetSettings();
    await vscode.workspace.getConfiguration('usageExplorer').update('agentLogs.history', undefined, vscode.ConfigurationTarget.Global);
    if (savedEnv === undefined) delete process.env.CLAUDE_CONFIG_DIR;
    else process.env.CLAUDE_CONFIG_DIR = savedEnv;
    fs.rmSync(configDir, { recursive: true, force: true });
  });

  test('"Show my Claude Code usage" adds the source in user settings and shows the projects; an appended request shows up live', async function () {
    this.timeout(60_000);
    const api = await usageApi();
    const chosen = await vscode.commands.executeCommand('usageExplorer.showAgentLogUsage', 'claude-code');
    assert.equal(chosen, true);
    assert.deepEqual(vscode.workspace.getConfiguration('usageExplorer').inspect('sources')?.globalValue, [{ kind: 'claude-code' }]);
    const loaded = () => api.data.state === 'ready' && api.data.snapshot?.sources.some((s) => s.kind === 'claude-code' && s.result !== undefined);
    await waitFor('the Claude Code logs to load', loaded, 20_000).catch((error: Error) => {
      const sources = api.data.snapshot?.sources.map((s) => `${s.kind}: ${s.error?.message ?? 'ok'}`).join('; ');
      throw new Error(`${error.message} (state ${api.data.state}, ${api.data.lastError?.message ?? 'no error'}; sources ${sources})`);
    });

    // Spend from logs is labelled an estimate, and the model no price is known for is named.
    const workersRoot = byLabel(await children(api), 'Workers');
    const tooltip = workersRoot.tooltip;
    assert.match(tooltip, /Claude Code logs \(est\.\)/);
    assert.match(tooltip, /Unpriced .*acme-llm-1/);
    const workers = await children(api, workersRoot.node);
    const labels = workers.map((w) => w.label).sort();
    // Two projects named api get their parent folder; the Windows path's folder name is shop.
    assert.deepEqual(labels, ['personal/api', 'shop', 'work/api']);

    const runsOf = (name: string) => api.data.view().tables.worker.find((r) => r.name === name)?.runs ?? 0;
    const before = runsOf('personal/api');
    const totalBefore = api.data.view().totals.runs;
    fs.appendFileSync(path.join(configDir, 'projects', '-home-ana-personal-api', '22222222-bbbb.jsonl'), `${APPENDED}\n`);
    await waitFor('the appended request', () => runsOf('personal/api') === before + 1, 15_000);
    assert.equal(api.data.view().totals.runs, totalBefore + 1);
  });
});
