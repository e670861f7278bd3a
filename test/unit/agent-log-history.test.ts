import assert from 'node:assert/strict';
import { appendFile, cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { clearHistory, historyFile, readHistory } from '../../src/core/sources/agentLogs/history';
import { loadAgentLogs } from '../../src/core/sources/agentLogs/load';
import { EMPTY_HOME, FIXTURES } from '../support/agent-log-count';
import { type TableJson } from '../support/exportJson';

const USER = { id: 'ana', name: 'ana' };

describe('agent-log history', () => {
  let dir: string;
  let logs: string;
  let history: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'usage-history-'));
    logs = join(dir, 'claude');
    history = join(dir, 'history');
    await cp(join(FIXTURES, 'claude-a'), logs, { recursive: true });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const load = () => loadAgentLogs('claude-code', { env: { CLAUDE_CONFIG_DIR: logs }, home: EMPTY_HOME, user: USER, historyDir: history });
  const totals = (events: { costMicros: number; outputTokens?: number }[]) => ({
    requests: events.length,
    cost: events.reduce((sum, e) => sum + e.costMicros, 0),
    output: events.reduce((sum, e) => sum + (e.outputTokens ?? 0), 0),
  });

  it('keeps requests after their log file is deleted, and counts nothing twice on reload', async () => {
    const first = await load();
    const before = totals(first.events);
    assert.equal(before.requests, 6);
    assert.equal(first.report.fromHistory, 0);
    assert.equal((await readHistory(history, 'claude-code')).records.length, 6);

    const again = await load();
    assert.deepEqual(totals(again.events), before, 'a reload with the logs unchanged');
    assert.equal((await readHistory(history, 'claude-code')).records.length, 6, 'nothing kept twice');

    await rm(join(logs, 'projects', '-home-ana-work-api'), { recursive: true });
    const after = await load();
    assert.deepEqual(totals(after.events), before, 'the deleted session’s requests come from the history');
    assert.equal(after.report.fromHistory, 2, 'msg_B and msg_D; msg_A is still in the resumed session’s log');
    assert.ok(after.events.some((event) => event.id === 'msg_D' && event.workerName === 'work/api'));
  });

  it('adds requests appended to a log to the history once', async () => {
    await load();
    const file = join(logs, 'projects', '-home-ana-personal-api', '22222222-bbbb.jsonl');
    const line = (await readFile(file, 'utf8')).split('\n')[1].replace(/msg_C/g, 'msg_C2').replace(/req_C/g, 'req_C2');
    await appendFile(file, `${line}\n`);
    const grown = await load();
    assert.equal(grown.events.length, 7);
    await load();
    assert.equal((await readHistory(history, 'claude-code')).records.length, 7);
  });

  it('salvages a history whose last write was cut short', async () => {
    await load();
    const file = historyFile(history, 'claude-code');
    const whole = await readFile(file);
    await appendFile(file, whole.subarray(0, Math.floor(whole.length / 2)));
    const kept = await readHistory(history, 'claude-code');
    assert.ok(kept.records.length >= 6);
    assert.equal(new Set(kept.records.map((r) => r.id)).size, 6);
    const reloaded = await load();
    assert.equal(reloaded.events.length, 6);
  });

  it('is ignored when it cannot be read at all, and cleared by clearHistory', async () => {
    await load();
    await writeFile(historyFile(history, 'claude-code'), 'not gzip');
    const reloaded = await load();
    assert.equal(reloaded.events.length, 6);
    assert.ok(reloaded.report.samples.some((sample) => /history: 1 kept request could not be read/.test(sample)));
    await clearHistory(history);
    assert.deepEqual(await readdir(history), []);
  });

  it('CLI --history DIR: a deleted log still shows; --history without an agent source is a usage error', async () => {
    const run = async (...argv: string[]) => {
      let stdout = '';
      const stderr: string[] = [];
      const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (l) => stderr.push(l), env: { HOME: EMPTY_HOME, CLAUDE_CONFIG_DIR: logs } });
      return { code, stdout, stderr };
    };
    const args = ['export', '--by', 'model', '--source', 'claude-code', '--range', 'all', '--format', 'json', '--history', history];
    const before = await run(...args);
    assert.equal(before.code, 0);
    await rm(join(logs, 'projects'), { recursive: true });
    const after = await run(...args);
    assert.equal(after.code, 0, after.stderr.join('\n'));
    assert.deepEqual((JSON.parse(after.stdout) as TableJson).rows, (JSON.parse(before.stdout) as TableJson).rows);
    assert.ok(after.stderr.some((line) => /6 requests from the kept history/.test(line)));
    const misuse = await run('report', '--source', 'demo', '--history', history);
    assert.equal(misuse.code, 1);
  });
});
