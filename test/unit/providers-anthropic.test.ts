import assert from 'node:assert/strict';
import { anthropicProvider } from '../../src/core/sources/anthropic/provider';
import { parseCostReportPage } from '../../src/core/sources/anthropic/parse';
import { centsToMicros } from '../../src/core/sources/providers/check';
import { loadProviderSource } from '../../src/core/sources/providers/load';
import { ANTHROPIC_WORKSPACES, anthropicLedger, mountAnthropic } from '../support/anthropic-fixtures';
import { DAY } from '../support/provider-fixtures';
import { assertKeyOnlyIn, eventTokensByModel, rowTokens, runCli, useProviderServer } from '../support/provider-harness';
import { billedByGroup, billedByModel, billedTotal, tokensByModel } from '../support/ledger-sums';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const TODAY = Date.parse('2026-11-26T00:00:00Z');
const KEY = 'sk-ant-admin01-TESTKEY-0123456789';

interface JsonExport {
  total: { spend: number; runsUnknown?: true };
  rows: Array<{ id: string; name: string; spend: number; inputTokens?: number; cacheReadTokens?: number; cacheWriteTokens?: number; outputTokens?: number }>;
  notes?: string[];
}

const micros = (units: number): number => Math.round(units * 1_000_000);

describe('Anthropic Admin usage and cost report source', () => {
  const harness = useProviderServer(() => anthropicLedger(TODAY, 10), mountAnthropic);

  const load = (extra: Partial<Parameters<typeof loadProviderSource>[1]> = {}) =>
    loadProviderSource(anthropicProvider, {
      baseUrl: harness.server.url(),
      key: KEY,
      from: TODAY - 9 * DAY,
      to: TODAY + DAY,
      now: NOW,
      backoffBaseMs: 1,
      ...extra,
    });

  async function cli(by: string): Promise<{ json: JsonExport; stderr: string[] }> {
    const env = { ANTHROPIC_ADMIN_KEY: KEY, USAGE_EXPLORER_ANTHROPIC_BASE_URL: harness.server.url(), ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' };
    const argv = [
      'export',
      '--by',
      by,
      '--source',
      'anthropic',
      '--range',
      '2026-11-17..2026-11-26',
      '--tz',
      'Europe/Berlin',
      '--now',
      '2026-11-26T12:00:00Z',
      '--format',
      'json',
    ];
    const { code, json, stderr } = await runCli<JsonExport>(argv, env);
    assert.equal(code, 0, stderr.join('\n'));
    return { json, stderr };
  }

  it('reads cost amounts as cents: "123.45" is $1.2345', () => {
    assert.equal(centsToMicros('123.45'), 1_234_500);
    assert.equal(centsToMicros('0.0001'), 1);
    assert.equal(centsToMicros('7'), 70_000);
    assert.equal(centsToMicros('-2.5'), -25_000);
    const [row] = parseCostReportPage({
      data: [
        {
          starting_at: '2026-11-01T00:00:00Z',
          ending_at: '2026-11-02T00:00:00Z',
          results: [{ currency: 'USD', amount: '123.45', workspace_id: null, description: 'x', model: null }],
        },
      ],
      has_more: false,
      next_page: null,
    });
    assert.equal(row.micros, 1_234_500);
  });

  it('exports per workspace spend equal to the bill, the null workspace as "Default workspace"', async () => {
    const { json, stderr } = await cli('worker');
    assert.equal(micros(json.total.spend), billedTotal(harness.ledger));
    const names = new Map(ANTHROPIC_WORKSPACES.map((w) => [w.id, w.name]));
    const expected = new Map([...billedByGroup(harness.ledger)].map(([group, m]) => [group === 'null' ? 'Default workspace' : names.get(group)!, m]));
    assert.deepEqual(new Map(json.rows.map((r) => [r.name, micros(r.spend)])), expected);
    assert.ok(
      stderr.some((l) => /UTC days/.test(l)),
      'says provider days are UTC in another zone',
    );
    assert.ok(stderr.some((l) => /runs are unknown/.test(l)));
  });

  it('exports spend per model from the descriptions and per API key adding up to the bill', async () => {
    const byModel = await cli('model');
    assert.deepEqual(new Map(byModel.json.rows.map((r) => [r.id, micros(r.spend)])), billedByModel(harness.ledger));
    assert.deepEqual(rowTokens(byModel.json.rows), tokensByModel(harness.ledger));
    assert.equal(byModel.json.total.runsUnknown, true);
    assert.ok(byModel.json.notes?.some((n) => /allocated/.test(n)));
    const byUser = await cli('user');
    assert.equal(
      byUser.json.rows.reduce((s, r) => s + micros(r.spend), 0),
      billedTotal(harness.ledger),
    );
    // In the Claude Code workspace the people of the Claude Code report are the users, not its keys;
    // subscription usage is not on the API bill and does not appear.
    assert.deepEqual(byUser.json.rows.map((r) => r.name).sort(), [
      '(no API key)',
      'ana@example.com',
      'bo@example.com',
      'claude-code-team',
      'research-bot',
      'support-prod',
    ]);
  });

  it("gives the Claude Code workspace's tokens and bill to the people the Claude Code report names", async () => {
    const result = await load();
    const cc = result.events.filter((e) => e.workerName === 'Claude Code');
    const ccLedger = harness.ledger.usage.filter((u) => u.group === 'wrkspc_cc');
    assert.deepEqual(new Set(cc.map((e) => e.userName)), new Set(['ana@example.com', 'bo@example.com']));
    assert.equal(
      cc.reduce((s, e) => s + (e.inputTokens ?? 0), 0),
      ccLedger.reduce((s, u) => s + u.input, 0),
    );
    assert.equal(
      cc.reduce((s, e) => s + (e.outputTokens ?? 0), 0),
      ccLedger.reduce((s, u) => s + u.output, 0),
    );
    assert.equal(
      cc.reduce((s, e) => s + e.costMicros, 0),
      billedByGroup(harness.ledger).get('wrkspc_cc'),
    );
    const ana = cc.filter((e) => e.userName === 'ana@example.com').reduce((s, e) => s + e.costMicros, 0);
    const bo = cc.filter((e) => e.userName === 'bo@example.com').reduce((s, e) => s + e.costMicros, 0);
    assert.ok(ana > 2 * bo, `ana used most: ${ana} vs ${bo}`);
  });

  it('keeps the keys as users when the Claude Code report is forbidden', async () => {
    await harness.remount({ forbidden: ['claude_code'] });
    const result = await load();
    assert.equal(result.billedMicros, billedTotal(harness.ledger));
    const cc = new Set(result.events.filter((e) => e.workerName === 'Claude Code').map((e) => e.userName));
    assert.deepEqual(cc, new Set(['claude_code_key_ana_x1', 'claude_code_key_bo_y2']));
  });

  it('keeps tokens per model as reported, cache writes being 5-minute plus 1-hour', async () => {
    const result = await load();
    assert.deepEqual(eventTokensByModel(result.events), tokensByModel(harness.ledger));
    assert.equal(result.runsKnown, false);
  });

  it('sends the key only in x-api-key with anthropic-version, and survives a 429', async () => {
    harness.server.failNext('/v1/organizations/cost_report', { status: 429, headers: { 'retry-after': '0' } });
    const result = await load();
    assert.equal(result.billedMicros, billedTotal(harness.ledger));
    assert.ok(harness.server.requestsTo('/v1/organizations/cost_report').length >= 6);
    assertKeyOnlyIn(harness.server.requests, 'x-api-key', KEY, KEY);
    for (const request of harness.server.requests) {
      assert.equal(request.headers['anthropic-version'], '2023-06-01');
      assert.equal(request.headers.authorization, undefined);
    }
  });

  it('loads without names when the key may not list workspaces or API keys', async () => {
    await harness.remount({ forbidden: ['workspaces', 'api_keys'] });
    const result = await load();
    assert.equal(result.billedMicros, billedTotal(harness.ledger));
    assert.ok(result.events.some((e) => e.workerName === 'wrkspc_research'));
    assert.ok(result.events.some((e) => e.workerName === 'Default workspace'));
  });

  it('fetches only the non-final days on the second refresh', async () => {
    await load({ cacheDir: harness.dir });
    harness.server.requests.length = 0;
    const second = await load({ cacheDir: harness.dir });
    assert.deepEqual(second.fetchedDays, ['2026-11-25', '2026-11-26']);
    for (const r of harness.server.requestsTo('/v1/organizations/usage_report/messages')) assert.equal(r.query.get('starting_at'), '2026-11-25T00:00:00Z');
    assert.equal(second.billedMicros, billedTotal(harness.ledger));
  });
});
