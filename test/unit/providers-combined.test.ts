import assert from 'node:assert/strict';
import { join } from 'node:path';
import { StoreBuilder } from '../../src/core/storeBuilder';
import { loadUsageFile } from '../../src/core/sources/files/load';
import { queryUsage, resolveStoreRange } from '../../src/core/query';
import { anthropicLedger, mountAnthropic } from '../support/anthropic-fixtures';
import { mountOpenAi, openAiLedger } from '../support/provider-fixtures';
import { runCli, useProviderServer } from '../support/provider-harness';
import { billedTotal } from '../support/ledger-sums';
import { CLAUDE_ENV, EMPTY_HOME } from '../support/agent-log-count';

const TODAY = Date.parse('2026-11-26T00:00:00Z');
const NOW = '2026-11-26T12:00:00Z';
const RANGE = '2026-11-17..2026-11-26';
const TEAM = join(__dirname, '..', 'fixtures', 'workspace', 'team.usage.csv');

describe('provider sources together with usage files (CLI)', () => {
  const openai = useProviderServer(() => openAiLedger(TODAY, 10), mountOpenAi);
  const anthropic = useProviderServer(() => anthropicLedger(TODAY, 10), mountAnthropic);

  it('adds both bills and the file into one view, each organisation a source of its own', async () => {
    const env = {
      OPENAI_ADMIN_KEY: 'sk-admin-one',
      USAGE_EXPLORER_OPENAI_BASE_URL: openai.server.url('/v1'),
      ANTHROPIC_ADMIN_KEY: 'sk-ant-admin-two',
      USAGE_EXPLORER_ANTHROPIC_BASE_URL: anthropic.server.url(),
    };
    const argv = [
      'export',
      '--by',
      'worker',
      '--source',
      'openai',
      '--source',
      'anthropic',
      '--input',
      TEAM,
      '--range',
      RANGE,
      '--now',
      NOW,
      '--format',
      'json',
    ];
    const { code, json, stderr } = await runCli<{ total: { spend: number }; notes: string[] }>(argv, env);
    assert.equal(code, 0, stderr.join('\n'));

    const builder = new StoreBuilder();
    await loadUsageFile(TEAM, builder);
    const fileStore = builder.build();
    const fileSpend = queryUsage(fileStore, resolveStoreRange(fileStore, RANGE, { now: Date.parse(NOW) })).totals.spendMicros;
    assert.ok(fileSpend > 0, 'the file has usage in the range');
    assert.equal(Math.round(json.total.spend * 1e6), billedTotal(openai.ledger) + billedTotal(anthropic.ledger) + fileSpend);
    assert.equal(json.notes.length, 2, 'one note per organisation');
    // Each organisation got only its own key.
    assert.ok(openai.server.requests.every((r) => r.headers.authorization === 'Bearer sk-admin-one' && r.headers['x-api-key'] === undefined));
    assert.ok(anthropic.server.requests.every((r) => r.headers['x-api-key'] === 'sk-ant-admin-two' && r.headers.authorization === undefined));
  });

  it("needs the organisation's key even beside the demo", async () => {
    const { code, stderr } = await runCli(['export', '--by', 'worker', '--source', 'demo', '--source', 'openai'], {});
    assert.equal(code, 2);
    assert.match(stderr.join('\n'), /OPENAI_ADMIN_KEY/);
  });
});

describe('Claude Code logs beside the Anthropic organisation (CLI)', () => {
  const anthropic = useProviderServer(() => anthropicLedger(TODAY, 10), mountAnthropic);

  it('counts the bill, leaves the logs out and says so', async () => {
    const env = { ...CLAUDE_ENV, HOME: EMPTY_HOME, ANTHROPIC_ADMIN_KEY: 'sk-ant-admin-two', USAGE_EXPLORER_ANTHROPIC_BASE_URL: anthropic.server.url() };
    const argv = ['export', '--by', 'worker', '--range', RANGE, '--now', NOW, '--format', 'json'];
    const both = await runCli<{ total: { spend: number } }>([...argv, '--source', 'anthropic', '--source', 'claude-code'], env);
    assert.equal(both.code, 0, both.stderr.join('\n'));
    assert.equal(Math.round(both.json.total.spend * 1e6), billedTotal(anthropic.ledger), 'the bill alone');
    assert.ok(
      both.stderr.some(
        (line) =>
          line.startsWith('note: --source claude-code and --source anthropic can hold the same requests') &&
          line.includes('the totals count the bill and leave the logs out'),
      ),
      both.stderr.join('\n'),
    );
    const logs = await runCli<{ total: { spend: number } }>(['export', '--by', 'worker', '--range', 'all', '--format', 'json', '--source', 'claude-code'], env);
    assert.equal(logs.code, 0, logs.stderr.join('\n'));
    assert.ok(logs.json.total.spend > 0, 'the logs alone still load');
  });

  it('counts the logs instead, or both, when --overlap says so', async () => {
    const env = { ...CLAUDE_ENV, HOME: EMPTY_HOME, ANTHROPIC_ADMIN_KEY: 'sk-ant-admin-two', USAGE_EXPLORER_ANTHROPIC_BASE_URL: anthropic.server.url() };
    const argv = ['export', '--by', 'worker', '--range', RANGE, '--now', NOW, '--format', 'json', '--source', 'anthropic', '--source', 'claude-code'];
    const logsAlone = await runCli<{ total: { spend: number } }>(
      ['export', '--by', 'worker', '--range', RANGE, '--now', NOW, '--format', 'json', '--source', 'claude-code'],
      env,
    );
    assert.equal(logsAlone.code, 0, logsAlone.stderr.join('\n'));
    const requestsBefore = anthropic.server.requests.length;
    const logs = await runCli<{ total: { spend: number } }>([...argv, '--overlap', 'logs'], env);
    assert.equal(logs.code, 0, logs.stderr.join('\n'));
    assert.equal(logs.json.total.spend, logsAlone.json.total.spend, 'the logs alone, the bill left out');
    assert.equal(anthropic.server.requests.length, requestsBefore, 'the organisation left out is not asked');
    assert.ok(
      logs.stderr.some((line) => line.includes('--overlap logs counts the logs and leaves the bill out')),
      logs.stderr.join('\n'),
    );
    const both = await runCli<{ total: { spend: number } }>([...argv, '--overlap', 'both'], env);
    assert.equal(both.code, 0, both.stderr.join('\n'));
    assert.equal(
      Math.round(both.json.total.spend * 1e6),
      billedTotal(anthropic.ledger) + Math.round(logsAlone.json.total.spend * 1e6),
      'the bill and the logs',
    );
    assert.ok(
      both.stderr.some((line) => line.includes('spend may be counted twice')),
      both.stderr.join('\n'),
    );
    const bad = await runCli([...argv, '--overlap', 'sum'], env);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr.join('\n'), /--overlap "sum" is not one of bill, both, logs/);
  });
});
