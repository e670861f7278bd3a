import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnginePool } from '../../src/core/engine/pool';
import { AgentLogLoader, type AgentLogJob, type AgentLogStore, buildAgentLogStore } from '../../src/core/sources/agentLogs/offThread';
import { EMPTY_HOME, FIXTURES } from '../support/agent-log-count';

const USER = { id: 'ana@example.com', name: 'ana@example.com' };

function assistant(id: string, output: number, timestamp = '2026-11-05T12:00:00.000Z'): string {
  return JSON.stringify({
    cwd: '/home/ana/personal/api',
    sessionId: '22222222-bbbb',
    message: { id, model: 'claude-sonnet-4-5-20250929', usage: { input_tokens: 10, cache_read_input_tokens: 5, output_tokens: output } },
    requestId: `req_${id}`,
    type: 'assistant',
    uuid: `u-${id}`,
    timestamp,
  });
}

/** Every event of a store, comparable. */
function events(loaded: AgentLogStore) {
  return Array.from({ length: loaded.store.length }, (_, i) => loaded.store.event(i));
}

function totals(loaded: AgentLogStore): { requests: number; output: number; spend: number } {
  const all = events(loaded);
  return { requests: all.length, output: all.reduce((sum, e) => sum + (e.outputTokens ?? 0), 0), spend: all.reduce((sum, e) => sum + e.costMicros, 0) };
}

describe('agent logs, live', () => {
  let dir: string;
  let log: string;
  let job: AgentLogJob;
  let pool: EnginePool;
  let loader: AgentLogLoader;

  /** A load by the live loader and, independently, a whole load from scratch: they must agree. */
  async function reload(): Promise<AgentLogStore> {
    const live = await loader.loadStore(job, { pool });
    const whole = await buildAgentLogStore(job);
    assert.deepEqual(events(live), events(whole), 'the live load equals a whole load');
    assert.equal(live.report.unreadable, whole.report.unreadable);
    assert.equal(live.report.requests, whole.report.requests);
    return live;
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ue-live-'));
    cpSync(join(FIXTURES, 'claude-a'), dir, { recursive: true });
    log = join(dir, 'projects', '-home-ana-personal-api', '22222222-bbbb.jsonl');
    job = { kind: 'claude-code', options: { env: { CLAUDE_CONFIG_DIR: dir }, home: EMPTY_HOME, user: USER } };
    pool = new EnginePool(2);
    loader = new AgentLogLoader();
  });
  afterEach(async () => {
    await pool.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads only the appended bytes of a grown log, and nothing when nothing changed', async () => {
    const first = await reload();
    const logsBytes = loader.bytesRead;
    assert.ok(logsBytes > 0);
    await reload();
    assert.equal(loader.bytesRead, 0, 'unchanged logs are not read again');

    const line = `${assistant('msg_LIVE1', 70)}\n`;
    appendFileSync(log, line);
    const grown = await reload();
    assert.equal(loader.bytesRead, Buffer.byteLength(line), 'only the appended line is read');
    assert.deepEqual(totals(grown), { ...totals(first), requests: totals(first).requests + 1, output: totals(first).output + 70, spend: totals(grown).spend });
    assert.ok(totals(grown).spend > totals(first).spend);
  });

  it('reads a torn last line again once it is complete, counting it unreadable only meanwhile', async () => {
    const first = await reload();
    const line = `${assistant('msg_TORN', 40)}\n`;
    const cut = 50;
    appendFileSync(log, line.slice(0, cut));
    const torn = await reload();
    assert.equal(loader.bytesRead, cut);
    assert.equal(torn.report.unreadable, first.report.unreadable + 1);
    assert.equal(totals(torn).requests, totals(first).requests);

    appendFileSync(log, line.slice(cut));
    const complete = await reload();
    assert.equal(loader.bytesRead, Buffer.byteLength(line), 'the torn line is read again from its start, nothing before it');
    assert.equal(complete.report.unreadable, first.report.unreadable);
    assert.equal(totals(complete).requests, totals(first).requests + 1);
  });

  it('counts a streamed message once when its later, fuller copy is appended', async () => {
    appendFileSync(log, `${assistant('msg_STREAM', 3)}\n`);
    const partial = await reload();
    appendFileSync(log, `${assistant('msg_STREAM', 90, '2026-11-05T12:00:01.000Z')}\n`);
    const full = await reload();
    assert.equal(totals(full).requests, totals(partial).requests);
    assert.equal(totals(full).output, totals(partial).output + 87);
  });

  it('reads a shrunk or replaced log again whole, and drops a deleted one', async () => {
    log = join(dir, 'projects', '-home-ana-work-api', '11111111-aaaa.jsonl');
    const first = await reload();
    const text = readFileSync(log, 'utf8');
    const kept = `${text.split('\n').slice(0, 2).join('\n')}\n`;
    writeFileSync(log, kept);
    const shrunk = await reload();
    assert.equal(loader.bytesRead, Buffer.byteLength(kept), 'a shrunk log is read again from its start');
    assert.ok(totals(shrunk).requests < totals(first).requests);

    // Replaced by a file of the same size: another identity, read whole.
    const replacement = join(dir, 'replacement.jsonl');
    writeFileSync(replacement, kept.replace('"output_tokens":', '"output_tokens":1'));
    rmSync(log);
    cpSync(replacement, log);
    rmSync(replacement);
    await reload();
    assert.equal(loader.bytesRead, statSync(log).size);

    rmSync(log);
    const deleted = await reload();
    assert.equal(loader.bytesRead, 0);
    // reload() checked the totals against a whole load of what is left.
    assert.ok(totals(deleted).requests < totals(first).requests);
    assert.ok(events(deleted).some((e) => e.workerId === '/home/ana/personal/api'));
  });
});
