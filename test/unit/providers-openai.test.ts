import assert from 'node:assert/strict';
import { main } from '../../src/cli/main';
import { openAiProvider } from '../../src/core/sources/openai/provider';
import { lineItemModel } from '../../src/core/sources/openai/parse';
import { HttpSourceError } from '../../src/core/sources/http/errors';
import { loadProviderSource } from '../../src/core/sources/providers/load';
import { DAY, OPENAI_PROJECTS, mountOpenAi, openAiLedger } from '../support/provider-fixtures';
import { assertKeyOnlyIn, eventTokensByModel, rowTokens, runCli, useProviderServer } from '../support/provider-harness';
import { ProviderServer } from '../support/provider-server';
import { billedByGroup, billedByModel, billedTotal, sumBy, tokensByModel } from '../support/ledger-sums';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const TODAY = Date.parse('2026-11-26T00:00:00Z');
const KEY = 'sk-admin-TESTKEY0123456789';

interface JsonRow {
  id: string;
  name: string;
  spend: number;
  runs: number;
  inputTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  outputTokens?: number;
}
interface JsonExport {
  total: { spend: number; runs: number };
  rows: JsonRow[];
  notes?: string[];
}

const micros = (units: number): number => Math.round(units * 1_000_000);

describe('OpenAI Admin usage and costs source', () => {
  const harness = useProviderServer(() => openAiLedger(TODAY, 10), mountOpenAi);

  const load = (extra: Partial<Parameters<typeof loadProviderSource>[1]> = {}) =>
    loadProviderSource(openAiProvider, {
      baseUrl: harness.server.url('/v1'),
      key: KEY,
      from: TODAY - 9 * DAY,
      to: TODAY + DAY,
      now: NOW,
      backoffBaseMs: 1,
      ...extra,
    });

  const cli = (...argv: string[]) =>
    runCli<JsonExport>([...argv, '--source', 'openai', '--range', '2026-11-17..2026-11-26', '--now', '2026-11-26T12:00:00Z', '--format', 'json'], {
      OPENAI_ADMIN_KEY: KEY,
      USAGE_EXPLORER_OPENAI_BASE_URL: harness.server.url('/v1'),
      OPENAI_BASE_URL: 'http://127.0.0.1:9/not-this-one',
    });

  it('exports per project spend equal to the billed costs, named by project names', async () => {
    const { code, json, stderr } = await cli('export', '--by', 'worker');
    assert.equal(code, 0, stderr.join('\n'));
    assert.equal(micros(json.total.spend), billedTotal(harness.ledger));
    const names = new Map(OPENAI_PROJECTS.map((p) => [p.id, p.name]));
    const expected = new Map([...billedByGroup(harness.ledger)].map(([group, m]) => [group === 'null' ? '(no project)' : names.get(group)!, m]));
    assert.deepEqual(new Map(json.rows.map((r) => [r.name, micros(r.spend)])), expected);
    // Runs are the reported model requests.
    assert.equal(
      json.total.runs,
      harness.ledger.usage.reduce((s, u) => s + u.requests, 0),
    );
  });

  it('exports spend per model from the line items, the model id as reported, with the reported tokens', async () => {
    const { json } = await cli('export', '--by', 'model');
    assert.deepEqual(new Map(json.rows.map((r) => [r.id, micros(r.spend)])), billedByModel(harness.ledger));
    assert.deepEqual(rowTokens(json.rows), tokensByModel(harness.ledger));
  });

  it('allocates each bill over its users: named by name or email, service accounts by name, adding up to the bill', async () => {
    const { json, stderr } = await cli('export', '--by', 'user');
    const total = json.rows.reduce((s, r) => s + micros(r.spend), 0);
    assert.equal(total, billedTotal(harness.ledger));
    const names = json.rows.map((r) => r.name).sort();
    assert.deepEqual(names, ['(unknown)', 'Ana Lima', 'bjorn@example.com', 'ci-runner (service account)']);
    assert.ok(
      stderr.some((l) => /allocated/.test(l)),
      'says the user split is allocated',
    );
    assert.ok(
      json.notes?.some((n) => /^OpenAI .*spend per user is allocated/.test(n)),
      `export notes: ${json.notes?.join(' | ')}`,
    );
  });

  it('keeps the tokens per model exactly as reported (input without cached, cached as cache reads)', async () => {
    const result = await load();
    assert.deepEqual(eventTokensByModel(result.events), tokensByModel(harness.ledger));
  });

  it('splits a (project, day, model) bill over its users and the parts add up to it exactly', async () => {
    const result = await load();
    const billed = sumBy(
      harness.ledger.costs,
      (c) => `${c.day}|${c.group}|${c.model ?? c.item}`,
      (c) => c.micros,
    );
    const workerIds = new Map([...OPENAI_PROJECTS.map((p) => [p.id, p.id] as const), ['null', 'openai:no-project'] as const]);
    const got = sumBy(
      result.events,
      (e) => `${e.timestamp}|${[...workerIds].find(([, id]) => id === e.workerId)![0]}|${e.model}`,
      (e) => e.costMicros,
    );
    for (const [k, m] of billed) assert.equal(got.get(k), m, k);
    // Ana and Bjorn share gpt-4o in Support Bot each day: both get a part.
    const day0 = result.events.filter((e) => e.timestamp === TODAY && e.workerId === 'proj_support' && e.model === 'gpt-4o-2024-08-06');
    assert.deepEqual(day0.map((e) => e.userName).sort(), ['Ana Lima', 'bjorn@example.com']);
    assert.ok(day0.every((e) => e.costMicros > 0));
  });

  it('follows several pages, retries a 429 after its Retry-After, and sends the key only as the bearer token', async () => {
    harness.server.failNext('/v1/organization/usage/completions', {
      status: 429,
      headers: { 'retry-after': '0' },
      body: { error: { message: 'rate limited' } },
    });
    const result = await load();
    assert.equal(result.billedMicros, billedTotal(harness.ledger));
    const completions = harness.server.requestsTo('/v1/organization/usage/completions');
    assert.ok(completions.length >= 6, `one 429 plus five pages of two days, got ${completions.length}`);
    assert.ok(
      completions.some((r) => r.query.get('page') !== null),
      'followed next_page',
    );
    assertKeyOnlyIn(harness.server.requests, 'authorization', `Bearer ${KEY}`, KEY);
  });

  it('reads names where it may and treats 403/404 on optional reports as no data', async () => {
    await harness.remount({ forbidden: ['organization/users', 'api_keys'] });
    const result = await load();
    assert.equal(result.billedMicros, billedTotal(harness.ledger));
    const users = new Set(result.events.map((e) => e.userName));
    assert.ok(users.has('user_ana') && users.has('key_ci'), 'ids stand in for names it may not read');
    assert.ok(result.events.some((e) => e.workerName === 'Support Bot'));
  });

  it('reuses cached final days: a second refresh fetches only the last two days', async () => {
    const first = await load({ cacheDir: harness.dir });
    assert.equal(first.fetchedDays.length, 10);
    harness.server.requests.length = 0;
    const second = await load({ cacheDir: harness.dir });
    assert.deepEqual(second.fetchedDays, ['2026-11-25', '2026-11-26']);
    for (const r of harness.server.requestsTo('/v1/organization/costs')) assert.equal(Number(r.query.get('start_time')) * 1000, TODAY - DAY);
    assert.equal(second.billedMicros, first.billedMicros);
    assert.deepEqual(second.partialDays, ['2026-11-25', '2026-11-26']);
    const offline = await load({ cacheDir: harness.dir, cachedOnly: true, key: KEY });
    assert.equal(offline.requests, 0);
    assert.equal(offline.billedMicros, first.billedMicros);
  });

  it('stops when a report keeps answering the same next_page', async () => {
    const looping = new ProviderServer();
    looping.on(/^\/v1\/organization\/usage\/completions$/, () => ({ object: 'page', data: [], has_more: true, next_page: 'page_again' }));
    await looping.start();
    try {
      await assert.rejects(
        load({ baseUrl: looping.url('/v1') }),
        (error: unknown) => error instanceof HttpSourceError && error.kind === 'pagination' && /same page token/.test(error.message),
      );
      assert.equal(looping.requests.length, 2);
    } finally {
      await looping.close();
    }
  });

  it('does not follow a redirect, so the key goes nowhere else', async () => {
    const elsewhere = new ProviderServer();
    elsewhere.on(/.*/, () => ({ object: 'page', data: [], has_more: false, next_page: null }));
    await elsewhere.start();
    try {
      harness.server.failNext('/v1/organization/usage/completions', {
        status: 302,
        headers: { location: elsewhere.url('/v1/organization/usage/completions') },
      });
      await assert.rejects(load(), (error: unknown) => error instanceof HttpSourceError && error.status === 302 && !error.message.includes(KEY));
      assert.equal(elsewhere.requests.length, 0);
    } finally {
      await elsewhere.close();
    }
  });

  it('says what to do on a rejected key, without the key', async () => {
    harness.server.failNext('/v1/organization/usage/completions', { status: 401, body: { error: { message: `Incorrect API key provided: ${KEY}` } } });
    await assert.rejects(load(), (error: unknown) => {
      assert.ok(error instanceof HttpSourceError);
      assert.equal(error.kind, 'auth');
      assert.match(error.message, /Set OpenAI Admin Key/);
      assert.ok(!error.message.includes(KEY));
      return true;
    });
  });

  it('asks for OPENAI_ADMIN_KEY in the CLI and never follows OPENAI_BASE_URL', async () => {
    const stderr: string[] = [];
    const code = await main(['export', '--by', 'worker', '--source', 'openai'], {
      stdout: () => undefined,
      stderr: (l) => stderr.push(l),
      env: { OPENAI_BASE_URL: harness.server.url('/v1') },
    });
    assert.equal(code, 2);
    assert.match(stderr.join('\n'), /OPENAI_ADMIN_KEY/);
    assert.equal(harness.server.requests.length, 0);
  });

  it('reads the model from a line item', () => {
    assert.equal(lineItemModel('gpt-4o-2024-08-06, input'), 'gpt-4o-2024-08-06');
    assert.equal(lineItemModel('gpt-4o-mini-2024-07-18, cached input'), 'gpt-4o-mini-2024-07-18');
    assert.equal(lineItemModel('web search tool calls'), null);
  });
});
