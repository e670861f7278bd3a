import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type UsageEvent } from '../../src/core/model';
import { type AgentLogLoad, type AgentLogOptions, loadAgentLogs } from '../../src/core/sources/agentLogs/load';
import { projectId, projectNames } from '../../src/core/sources/agentLogs/projects';
import { emptyReport } from '../../src/core/sources/agentLogs/report';
import { RequestCollector } from '../../src/core/sources/agentLogs/collect';
import { claudeConfigDirs } from '../../src/core/sources/claudeCode/discover';
import { parseClaudeCodeLog } from '../../src/core/sources/claudeCode/parse';
import { codexHome } from '../../src/core/sources/codex/discover';
import { newCodexFileState, parseCodexLog } from '../../src/core/sources/codex/parse';
import { type AgentUsageRecord } from '../../src/core/sources/agentLogs/records';
import { buildAgentLogStore, loadAgentLogStore } from '../../src/core/sources/agentLogs/offThread';
import { EnginePool } from '../../src/core/engine/pool';
import { CLAUDE_DIRS, CLAUDE_ENV, CODEX_ENV, EMPTY_HOME, FIXTURES, type ModelTokens, naiveClaudeCount } from '../support/agent-log-count';

const USER = { id: 'ana@example.com', name: 'ana@example.com' };

function options(env: AgentLogOptions['env']): AgentLogOptions {
  return { env, home: EMPTY_HOME, user: USER };
}

function tokensByModel(events: readonly UsageEvent[]): Map<string, ModelTokens> {
  const byModel = new Map<string, ModelTokens>();
  for (const event of events) {
    const tokens = byModel.get(event.model) ?? { input: 0, cacheRead: 0, cacheWrite: 0, output: 0 };
    tokens.input += event.inputTokens ?? 0;
    tokens.cacheRead += event.cacheReadTokens ?? 0;
    tokens.cacheWrite += event.cacheWriteTokens ?? 0;
    tokens.output += event.outputTokens ?? 0;
    byModel.set(event.model, tokens);
  }
  return byModel;
}

describe('agent logs', () => {
  describe('Claude Code', () => {
    let load: AgentLogLoad;
    before(async () => {
      load = await loadAgentLogs('claude-code', options(CLAUDE_ENV));
    });

    it('counts tokens per model exactly as an independent count does', () => {
      const expected = naiveClaudeCount(CLAUDE_DIRS);
      assert.deepEqual(tokensByModel(load.events), expected);
      // and as written by hand from the fixture
      assert.deepEqual(tokensByModel(load.events).get('claude-sonnet-4-5-20250929'), { input: 1_017, cacheRead: 240_500, cacheWrite: 2_000, output: 830 });
    });

    it('counts a streamed message once (with its final output), across files too; skips <synthetic>; keeps sidechain requests', () => {
      const report = load.report;
      assert.equal(load.events.length, 7);
      assert.equal(report.requests, 7);
      assert.equal(report.records, 11);
      assert.equal(report.duplicates, 3);
      assert.equal(report.synthetic, 1);
      const streamed = load.events.filter((event) => event.id === 'msg_A');
      assert.equal(streamed.length, 1);
      assert.equal(streamed[0].outputTokens, 120);
      assert.equal(streamed[0].timestamp, Date.parse('2026-11-02T09:00:05.000Z'), 'the earliest copy’s time');
      assert.ok(
        load.events.some((event) => event.model === 'claude-haiku-4-5-20251001'),
        'the sidechain (sub-agent) request counts',
      );
      assert.ok(!load.events.some((event) => event.model === '<synthetic>'));
    });

    it('counts and names unreadable lines (a torn last line, a broken line) without failing the file', () => {
      assert.equal(load.report.unreadable, 2);
      assert.equal(load.report.files, 4);
      assert.ok(
        load.report.samples.some((sample) => /11111111-aaaa\.jsonl:10: torn last line$/.test(sample)),
        load.report.samples.join('\n'),
      );
      assert.ok(
        load.report.samples.some((sample) => /33333333-cccc\.jsonl:2: not valid JSON$/.test(sample)),
        load.report.samples.join('\n'),
      );
    });

    it('maps projects to workers: the cwd path as id, the folder name, the parent added when two share it; Windows paths too', () => {
      const workers = new Map(load.events.map((event) => [event.workerId, event.workerName]));
      assert.deepEqual([...workers].sort(), [
        ['/home/ana/personal/api', 'personal/api'],
        ['/home/ana/work/api', 'work/api'],
        ['/srv/big', 'big'],
        ['C:\\Users\\ana\\shop', 'shop'],
      ]);
      assert.ok(load.events.every((event) => event.userId === USER.id && event.runs === 1));
      assert.deepEqual([...load.report.sessionsByWorker].sort(), [
        ['/home/ana/personal/api', 1],
        ['/home/ana/work/api', 1],
        ['/srv/big', 1],
        ['C:\\Users\\ana\\shop', 1],
      ]);
    });

    it('prices each request at list prices (5m and 1h cache writes, cache reads, the >200k tier) and flags unknown models', () => {
      const cost = new Map(load.events.map((event) => [event.id, event.costMicros]));
      // Sonnet 4.5 $3 in, $3.75 5m write, $6 1h write, $0.30 read, $15 out
      assert.equal(cost.get('msg_A'), 10 * 3 + 30_000 * 0.3 + 1_500 * 3.75 + 500 * 6 + 120 * 15);
      // Opus 4.1 1h writes at $30
      assert.equal(cost.get('msg_D'), 3 * 15 + 40_000 * 30 + 700 * 75);
      // 210,005 input tokens: Sonnet 4.5 long-context rates $6 / $0.60 / $22.50
      assert.equal(cost.get('msg_G'), 5 * 6 + 210_000 * 0.6 + 300 * 22.5);
      assert.equal(cost.get('msg_E'), 0);
      assert.deepEqual([...load.report.unpricedTokens], [['acme-llm-1', 730]]);
    });

    it('finds ~/.claude and ~/.config/claude without CLAUDE_CONFIG_DIR, and reads a comma list when set', () => {
      assert.deepEqual(claudeConfigDirs({}, '/home/ana'), ['/home/ana/.claude', '/home/ana/.config/claude']);
      assert.deepEqual(claudeConfigDirs({ XDG_CONFIG_HOME: '/xdg' }, '/home/ana'), ['/home/ana/.claude', '/xdg/claude']);
      assert.deepEqual(claudeConfigDirs({ CLAUDE_CONFIG_DIR: ' /a ,, ~/b ' }, '/home/ana'), ['/a', '/home/ana/b']);
    });

    it('finds nothing (and says where it looked) when the folders do not exist', async () => {
      const empty = await loadAgentLogs('claude-code', options({}));
      assert.equal(empty.events.length, 0);
      assert.deepEqual(empty.searched, [join(EMPTY_HOME, '.claude', 'projects'), join(EMPTY_HOME, '.config', 'claude', 'projects')]);
    });

    it('leaves a torn tail for the next read of a growing file, then reads it once complete', () => {
      const line = readFileSync(join(FIXTURES, 'claude-a/projects/-home-ana-personal-api/22222222-bbbb.jsonl'), 'utf8').split('\n')[1];
      const report = emptyReport();
      const records: AgentUsageRecord[] = [];
      const first = Buffer.from(`${line}\n${line.slice(0, 40)}`);
      const resume = parseClaudeCodeLog(first, 'live.jsonl', 'live', report, (record) => records.push(record), 0, false);
      assert.equal(records.length, 1);
      assert.equal(resume, line.length + 1);
      assert.equal(report.unreadable, 0);
      const grown = Buffer.from(`${line}\n${line}\n`);
      parseClaudeCodeLog(grown, 'live.jsonl', 'live', report, (record) => records.push(record), resume, false);
      assert.equal(records.length, 2);
      assert.equal(report.unreadable, 0);
    });
  });

  describe('Codex', () => {
    let load: AgentLogLoad;
    before(async () => {
      load = await loadAgentLogs('codex', options(CODEX_ENV));
    });

    it('counts turn deltas: last_token_usage, or differences of cumulative totals; input stored uncached', () => {
      assert.deepEqual(
        tokensByModel(load.events),
        new Map([
          ['gpt-5-codex', { input: 4_000 + 1_000 + 800 + 0, cacheRead: 1_000 + 6_000 + 0 + 8_000, cacheWrite: 0, output: 300 + 200 + 40 + 400 }],
          ['gpt-5', { input: 800 + 500 + 700, cacheRead: 200 + 1_000 + 800, cacheWrite: 0, output: 50 + 40 + 10 }],
        ]),
      );
    });

    it('skips re-emitted counters, a fork’s replayed history and the archived copy of an active session', () => {
      assert.equal(load.events.length, 7);
      assert.equal(load.report.records, 11);
      assert.equal(load.report.duplicates, 4);
      assert.equal(load.report.files, 4, 'the archived copy of aaa is not read');
      const forkTurn = load.events.filter((event) => event.timestamp >= Date.parse('2026-11-03T00:00:00Z'));
      assert.deepEqual(
        forkTurn.map((event) => [event.inputTokens, event.cacheReadTokens, event.outputTokens]),
        [[0, 8_000, 400]],
      );
      const original = load.events.find((event) => event.id === 'cx:gpt-5-codex:5000:1000:300:100');
      assert.equal(original?.timestamp, Date.parse('2026-11-01T10:00:03.000Z'), 'the parent’s own time, not the replay’s');
    });

    it('prices OpenAI cached input at the cached rate', () => {
      const byModel = new Map<string, number>();
      for (const event of load.events) byModel.set(event.model, (byModel.get(event.model) ?? 0) + event.costMicros);
      // GPT-5: $1.25 uncached input, $0.125 cached input, $10 output per million
      assert.equal(byModel.get('gpt-5-codex'), 5_800 * 1.25 + 15_000 * 0.125 + 940 * 10);
      assert.equal(byModel.get('gpt-5'), 2_000 * 1.25 + 2_000 * 0.125 + 100 * 10);
      assert.equal(load.report.unpricedTokens.size, 0);
    });

    it('maps sessions to projects and counts them', () => {
      assert.deepEqual([...load.report.sessionsByWorker].sort(), [
        ['/home/ana/codex-only', 1],
        ['/home/ana/work/api', 2],
        ['D:\\code\\tool', 1],
      ]);
      assert.equal(load.events.find((event) => event.workerId === 'D:\\code\\tool')?.workerName, 'tool');
    });

    it('uses CODEX_HOME, else ~/.codex', () => {
      assert.equal(codexHome({}, '/home/ana'), '/home/ana/.codex');
      assert.equal(codexHome({ CODEX_HOME: ' /opt/codex ' }, '/home/ana'), '/opt/codex');
    });

    it('skips a token_count without counters and counts a line cut short', () => {
      const report = emptyReport();
      const records: AgentUsageRecord[] = [];
      const text = [
        '{"timestamp":"2026-11-01T10:00:00Z","type":"event_msg","payload":{"type":"token_count","info":null}}',
        '{"timestamp":"2026-11-01T10:00:01Z","type":"event_msg","payload":{"type":"token_count","info":{"total_token_usage":{"input_tokens":10',
      ].join('\n');
      parseCodexLog(Buffer.from(text), 'cut.jsonl', newCodexFileState('cut'), report, (record) => records.push(record));
      assert.equal(records.length, 0);
      assert.equal(report.unreadable, 1);
      assert.deepEqual(report.samples, ['cut.jsonl:2: torn last line']);
    });
  });

  describe('project names', () => {
    it('adds parents until names differ, and falls back to the path', () => {
      const names = projectNames(['/a/x/api', '/b/x/api', '/c/api', '/solo', 'C:\\w\\api']);
      assert.equal(names.get('/a/x/api'), 'a/x/api');
      assert.equal(names.get('/b/x/api'), 'b/x/api');
      assert.equal(names.get('/c/api'), 'c/api');
      assert.equal(names.get('C:\\w\\api'), 'w/api');
      assert.equal(names.get('/solo'), 'solo');
      assert.equal(projectId('c:\\Users\\ana\\shop\\'), 'C:\\Users\\ana\\shop');
      assert.equal(projectId('/'), '/');
    });
  });
});

describe('agent logs off the main thread', () => {
  it('builds the same store in the engine’s worker pool as in process', async () => {
    const job = { kind: 'claude-code' as const, options: { env: CLAUDE_ENV, home: EMPTY_HOME, user: USER } };
    const inWorker = await loadAgentLogStore(job);
    const inProcess = await buildAgentLogStore(job);
    assert.equal(inWorker.store.length, 7);
    const events = (store: typeof inWorker.store) => Array.from({ length: store.length }, (_, i) => store.event(i));
    assert.deepEqual(events(inWorker.store), events(inProcess.store));
    assert.deepEqual(inWorker.report, inProcess.report);
    assert.equal(inWorker.store.sources[0].label, 'Claude Code logs');
    assert.ok(inWorker.store.hasTokens('cacheReadTokens') && inWorker.store.hasTokens('cacheWriteTokens'));
  });

  it('splits Codex sessions across workers and still skips a fork’s replayed history', async () => {
    const job = { kind: 'codex' as const, options: { env: CODEX_ENV, home: EMPTY_HOME, user: USER } };
    const inWorker = await loadAgentLogStore(job, { pool: new EnginePool(3) });
    const inProcess = await buildAgentLogStore(job);
    assert.equal(inWorker.store.length, 7);
    assert.equal(inWorker.report.duplicates, 4);
    const events = (store: typeof inWorker.store) => Array.from({ length: store.length }, (_, i) => store.event(i));
    assert.deepEqual(events(inWorker.store), events(inProcess.store));
  });
});

describe('request identity', () => {
  const record = (id: string, part: string | undefined, outputTokens: number): AgentUsageRecord => ({
    id,
    part,
    timestamp: outputTokens,
    model: 'm',
    cwd: '/p',
    sessionId: 's',
    inputTokens: 1,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    cacheWrite1hTokens: 0,
    outputTokens,
  });

  it('counts one message id with two request ids as two requests, each once', () => {
    const report = emptyReport();
    const collector = new RequestCollector(report, 'most-output');
    for (const r of [record('msg_1', 'req_a', 1), record('msg_1', 'req_b', 5), record('msg_1', 'req_a', 9), record('msg_1', 'req_b', 2)]) collector.add(r);
    assert.deepEqual(
      collector.records.map((r) => [r.part ?? r.id, r.outputTokens]),
      [
        ['req_a', 9],
        ['msg_1\u0000req_b', 5],
      ],
    );
    assert.equal(report.duplicates, 2);
  });
});
