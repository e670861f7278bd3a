import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACTIVE_LOG_AGE_MS, ActiveLogs, MAX_ACTIVE_LOGS } from '../../src/core/sources/agentLogs/activeLogs';
import { EnginePool } from '../../src/core/engine/pool';
import { AgentLogLoader } from '../../src/core/sources/agentLogs/offThread';
import { EMPTY_HOME } from '../support/agent-log-count';

const stampOf = (file: string) => {
  const s = statSync(file);
  return { size: s.size, mtimeMs: s.mtimeMs };
};

describe('agent logs written lately, polled for changes the file watcher missed', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ue-active-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function log(name: string, text = '{}\n'): string {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  }

  it('reports an appended log once, and a log gone once', async () => {
    const a = log('a.jsonl');
    const b = log('b.jsonl');
    const active = new ActiveLogs();
    active.track([
      [a, stampOf(a)],
      [b, stampOf(b)],
    ]);
    assert.deepEqual(await active.poll(), [], 'nothing changed');
    appendFileSync(a, '{"more":1}\n');
    assert.deepEqual(await active.poll(), [a]);
    assert.deepEqual(await active.poll(), [], 'a change is reported once');
    rmSync(b);
    assert.deepEqual(await active.poll(), [b]);
    assert.deepEqual(active.files, [a], 'a log gone is no longer polled');
  });

  it('polls only logs changed within a day, the most recent first, at most MAX_ACTIVE_LOGS', async () => {
    const now = Date.now();
    const old = log('old.jsonl');
    const day = ACTIVE_LOG_AGE_MS / 1000;
    utimesSync(old, now / 1000 - day - 60, now / 1000 - day - 60);
    const fresh = Array.from({ length: MAX_ACTIVE_LOGS + 3 }, (_, i) => {
      const file = log(`fresh-${i}.jsonl`);
      utimesSync(file, now / 1000 - i, now / 1000 - i);
      return file;
    });
    const active = new ActiveLogs();
    active.track(
      [old, ...fresh].map((file) => [file, stampOf(file)]),
      now,
    );
    assert.deepEqual(active.files, fresh.slice(0, MAX_ACTIVE_LOGS));
    appendFileSync(old, '{}\n');
    assert.deepEqual(await active.poll(), [], 'an old log is left to the file watcher');
  });

  it('follows the live loader: after a load, an append to one of its logs is seen by the next poll', async () => {
    const projects = join(dir, 'projects', '-home-ana-api');
    const file = join(projects, 's.jsonl');
    const line = JSON.stringify({
      cwd: '/home/ana/api',
      sessionId: 's',
      message: { id: 'm1', model: 'claude-sonnet-4-5-20250929', usage: { input_tokens: 1, output_tokens: 2 } },
      requestId: 'r1',
      type: 'assistant',
      timestamp: new Date().toISOString(),
    });
    mkdirSync(projects, { recursive: true });
    writeFileSync(file, `${line}\n`);
    const pool = new EnginePool(1);
    try {
      const loader = new AgentLogLoader();
      await loader.loadStore(
        { kind: 'claude-code', options: { env: { CLAUDE_CONFIG_DIR: dir }, home: EMPTY_HOME, user: { id: 'ana', name: 'ana' } } },
        { pool },
      );
      const active = new ActiveLogs();
      active.track(loader.listed());
      assert.deepEqual(active.files, [file]);
      appendFileSync(file, `${line.replace(/m1|r1/g, (x) => `${x}b`)}\n`);
      assert.deepEqual(await active.poll(), [file]);
    } finally {
      await pool.dispose();
    }
  });
});
