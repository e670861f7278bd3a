import assert from 'node:assert/strict';
import {
  handleRequest,
  MAX_ID_LENGTH,
  MAX_RANGE_SPEC_LENGTH,
  parseHostMessage,
  parseWebviewMessage,
  PROTOCOL_VERSION,
  savedFocus,
  TABLE_MAX_LIMIT,
  type RequestHandlers,
  type RequestMessage,
} from '../../src/protocol/dashboard';

const slice = { dimension: 'user' as const, state: {}, rows: [], matching: 0, total: 0 };

describe('dashboard protocol', () => {
  it('answers each request method through its handler', async () => {
    const calls: string[] = [];
    const handlers: RequestHandlers = {
      table: (params) => (calls.push(`table ${params.dimension} ${params.limit}`), slice),
      drillDown: (params) => (calls.push(`drillDown ${params.id}`), Promise.resolve({ parent: { dimension: params.dimension, id: params.id }, children: {} })),
      dayTables: (params) => (calls.push(`dayTables ${params.day}`), { day: params.day, tables: { worker: slice, user: slice, model: slice, team: slice } }),
      trendStack: (params) => (
        calls.push(`trendStack ${params.dimension}`),
        { dimension: params.dimension, dates: [], series: [], other: { spendMicros: [], runs: [], entities: 0 } }
      ),
    };
    const requests: unknown[] = [
      { type: 'request', id: 1, method: 'table', params: { dimension: 'user', state: {}, limit: 50 } },
      { type: 'request', id: 2, method: 'drillDown', params: { dimension: 'model', id: 'gpt-4o' } },
      { type: 'request', id: 3, method: 'dayTables', params: { day: '2026-10-10' } },
      { type: 'request', id: 4, method: 'trendStack', params: { dimension: 'team' } },
    ];
    for (const raw of requests) await handleRequest(handlers, parseWebviewMessage(raw) as RequestMessage);
    assert.deepEqual(calls, ['table user 50', 'drillDown gpt-4o', 'dayTables 2026-10-10', 'trendStack team']);
    // A dimension that does not exist, or anything beside it, drops the request.
    assert.equal(parseWebviewMessage({ type: 'request', id: 5, method: 'trendStack', params: { dimension: 'galaxy' } }), undefined);
    assert.equal(parseWebviewMessage({ type: 'request', id: 5, method: 'trendStack', params: { dimension: 'team', top: 50 } }), undefined);
  });

  it('holds the shared limits at their edges', () => {
    const table = (limit: number) => ({ type: 'request', id: 1, method: 'table', params: { dimension: 'user', state: {}, limit } });
    assert.ok(parseWebviewMessage(table(TABLE_MAX_LIMIT)));
    assert.equal(parseWebviewMessage(table(TABLE_MAX_LIMIT + 1)), undefined);
    assert.equal(parseWebviewMessage(table(0)), undefined);
    assert.equal(parseWebviewMessage(table(1.5)), undefined);
    assert.ok(parseWebviewMessage({ type: 'openWorkerPage', id: 'x'.repeat(MAX_ID_LENGTH) }));
    assert.equal(parseWebviewMessage({ type: 'openWorkerPage', id: 'x'.repeat(MAX_ID_LENGTH + 1) }), undefined);
    assert.ok(parseWebviewMessage({ type: 'setRange', range: 'x'.repeat(MAX_RANGE_SPEC_LENGTH) }));
    assert.equal(parseWebviewMessage({ type: 'setRange', range: 'x'.repeat(MAX_RANGE_SPEC_LENGTH + 1) }), undefined);
  });

  it('leaves the focus to the host: ready carries none, a restored panel reads the saved one', () => {
    assert.ok(parseWebviewMessage({ type: 'ready', protocol: PROTOCOL_VERSION }));
    assert.equal(parseWebviewMessage({ type: 'ready', protocol: PROTOCOL_VERSION, focus: { dimension: 'worker', id: 'a' } }), undefined);
    assert.deepEqual(savedFocus({ v: 1, tab: 'user', focus: { dimension: 'worker', id: 'triage-bot' } }), { dimension: 'worker', id: 'triage-bot' });
    for (const state of [undefined, null, {}, { focus: null }, { focus: { dimension: 'galaxy', id: 'a' } }, { focus: { dimension: 'worker', id: '' } }]) {
      assert.equal(savedFocus(state), null, JSON.stringify(state));
    }
  });

  it('keeps the message it accepts as it was sent, and rejects responses without a result', () => {
    const message = {
      type: 'export',
      format: 'csv',
      dimension: 'model',
      state: { filterText: 'g', sort: { column: 'runs', direction: 'asc' } },
      columns: ['name'],
    };
    assert.equal(parseWebviewMessage(message), message);
    assert.equal(parseHostMessage({ type: 'response', id: 1, ok: true }), undefined);
    assert.ok(parseHostMessage({ type: 'response', id: 1, ok: false, error: 'No usage data is loaded.' }));
    assert.equal(parseHostMessage({ type: 'response', id: 1, ok: false }), undefined);
  });
});
