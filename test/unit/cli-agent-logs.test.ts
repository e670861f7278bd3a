import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parse } from 'papaparse';
import { main } from '../../src/cli/main';
import { CLAUDE_DIRS, CLAUDE_ENV, CODEX_ENV, EMPTY_HOME, type ModelTokens, naiveClaudeCount } from '../support/agent-log-count';

interface Row extends Record<string, unknown> {
  id: string;
  spend: number;
  inputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  unpriced: boolean;
}

async function run(env: NodeJS.ProcessEnv, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string[] }> {
  let stdout = '';
  const stderr: string[] = [];
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (l) => stderr.push(l), env: { HOME: EMPTY_HOME, ...env } });
  return { code, stdout, stderr };
}

function tokensOf(row: Row): ModelTokens {
  return { input: row.inputTokens, cacheRead: row.cacheReadTokens, cacheWrite: row.cacheWriteTokens, output: row.outputTokens };
}

describe('usage-explorer CLI on agent logs', () => {
  it('export --by model --source claude-code: integer token fields per model equal an independent count, spend is the estimate', async () => {
    const { code, stdout, stderr } = await run(
      CLAUDE_ENV,
      'export',
      '--by',
      'model',
      '--source',
      'claude-code',
      '--range',
      'all',
      '--format',
      'json',
      '--user',
      'ana@example.com',
    );
    assert.equal(code, 0, stderr.join('\n'));
    const out = JSON.parse(stdout) as { estimated: boolean; total: Record<string, number>; rows: Row[] };
    assert.equal(out.estimated, true);
    const expected = naiveClaudeCount(CLAUDE_DIRS);
    assert.deepEqual(new Map(out.rows.map((row) => [row.id, tokensOf(row)])), expected);
    for (const row of out.rows)
      for (const field of ['inputTokens', 'cacheReadTokens', 'cacheWriteTokens', 'outputTokens']) assert.ok(Number.isInteger(row[field]));
    const spend = new Map(out.rows.map((row) => [row.id, row.spend]));
    // Opus 4.1: 3 input at $15, 40,000 1-hour cache writes at $30, 700 output at $75 per million
    assert.equal(spend.get('claude-opus-4-1-20250805'), (3 * 15 + 40_000 * 30 + 700 * 75) / 1e6);
    assert.equal(out.total.spend, 1.414246);
    assert.deepEqual(
      out.rows.filter((row) => row.unpriced).map((row) => [row.id, row.spend]),
      [['acme-llm-1', 0]],
    );
    assert.ok(stderr.some((line) => /no price known for model "acme-llm-1" \(730 tokens\)/.test(line)));
    assert.ok(stderr.some((line) => /2 unreadable usage lines/.test(line)));
  });

  it('export --by model --source codex honours CODEX_HOME; input is uncached, cached input separate', async () => {
    const { code, stdout } = await run(CODEX_ENV, 'export', '--by', 'model', '--source', 'codex', '--range', 'all', '--format', 'json');
    assert.equal(code, 0);
    const rows = (JSON.parse(stdout) as { rows: Row[] }).rows;
    assert.deepEqual(
      new Map(rows.map((row) => [row.id, tokensOf(row)])),
      new Map([
        ['gpt-5-codex', { input: 5_800, cacheRead: 15_000, cacheWrite: 0, output: 940 }],
        ['gpt-5', { input: 2_000, cacheRead: 2_000, cacheWrite: 0, output: 100 }],
      ]),
    );
    assert.equal(rows.find((row) => row.id === 'gpt-5')?.spend, (2_000 * 1.25 + 2_000 * 0.125 + 100 * 10) / 1e6);
  });

  it('flags unpriced rows in CSV and names workers by project', async () => {
    const { code, stdout } = await run(CLAUDE_ENV, 'export', '--by', 'worker', '--source', 'claude-code', '--range', 'all', '--user', 'ana');
    assert.equal(code, 0);
    const [header, ...rows] = parse<string[]>(stdout.trim()).data;
    assert.deepEqual(header, [
      'Worker',
      'Runs',
      'Users',
      'Spend',
      'Share %',
      'Change %',
      'Input Tokens',
      'Cache Read Tokens',
      'Cache Write Tokens',
      'Output Tokens',
      'Unpriced',
      'Spend Basis',
    ]);
    const byName = new Map(rows.map((row) => [row[0], row]));
    assert.deepEqual([...byName.keys()].sort(), ['big', 'personal/api', 'shop', 'work/api']);
    assert.equal(byName.get('shop')?.[10], 'yes');
    assert.equal(byName.get('work/api')?.[10], '');
    assert.equal(byName.get('work/api')?.[11], 'estimated', 'spend from logs is labelled an estimate');
  });

  it('exits 2 with where it looked when no logs exist', async () => {
    const { code, stderr } = await run({}, 'export', '--by', 'model', '--source', 'claude-code');
    assert.equal(code, 2);
    assert.match(stderr[0], /No Claude Code logs found in .*no-home\/\.claude\/projects.*CLAUDE_CONFIG_DIR/);
    const codex = await run({}, 'report', '--source', 'codex');
    assert.equal(codex.code, 2);
    assert.match(codex.stderr[0], /No Codex logs found in .*CODEX_HOME/);
  });

  it('reads CLAUDE_CONFIG_DIR and HOME from the environment when run as a program', () => {
    const script = join(__dirname, '..', '..', 'src', 'cli', 'bin.ts');
    const tsx = join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');
    const result = spawnSync(tsx, [script, 'export', '--by', 'model', '--source', 'claude-code', '--range', 'all', '--format', 'json'], {
      encoding: 'utf8',
      env: { ...process.env, HOME: EMPTY_HOME, ...CLAUDE_ENV },
    });
    assert.equal(result.status, 0, result.stderr);
    const ids = (JSON.parse(result.stdout) as { rows: Row[] }).rows.map((row) => row.id).sort();
    assert.deepEqual(ids, [...naiveClaudeCount(CLAUDE_DIRS).keys()].sort());
  });
});

describe('usage-explorer report on agent logs', () => {
  it('labels the spend as an estimate', async () => {
    let stdout = '';
    const code = await main(['report', '--source', 'codex', '--range', 'all', '--user', 'ana'], {
      stdout: (t) => (stdout += t),
      stderr: () => undefined,
      env: { HOME: EMPTY_HOME, ...CODEX_ENV },
    });
    assert.equal(code, 0);
    assert.match(stdout, /Spend \(est\.\)\s+\$0\.02/);
    assert.match(stdout, /not what a subscription costs/);
    assert.match(stdout, /Codex logs/);
  });
});
