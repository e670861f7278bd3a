import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fetchUsageEvents, type FetchUsageOptions } from '../../../src/core/sources/http/client';
import { HttpSourceError, makeRedactor, REDACT_MIN_CHARS } from '../../../src/core/sources/http/errors';
import { StoreBuilder } from '../../../src/core/storeBuilder';
import { page, UsageServer } from '../../support/usage-server';

const TOKEN = 'sk-live-7f3KQ9xWm2PzR8vLc4TnB6yHd1Js5Ga0';

/** True when `text` holds any piece of the key of REDACT_MIN_CHARS characters or more. */
function leaks(text: string, token = TOKEN): boolean {
  for (let i = 0; i + REDACT_MIN_CHARS <= token.length; i++) if (text.includes(token.slice(i, i + REDACT_MIN_CHARS))) return true;
  return false;
}

describe('hostile: the HTTP client never leaks the API key from response bodies', function () {
  this.timeout(5000);
  const server = new UsageServer();
  before(() => server.start());
  afterEach(() => server.dropConnections());
  after(() => server.close());

  async function failure(): Promise<HttpSourceError> {
    const options: FetchUsageOptions = {
      baseUrl: server.url(),
      token: TOKEN,
      from: Date.UTC(2026, 0, 1),
      to: Date.UTC(2026, 1, 1),
      maxRetries: 0,
      onRetry: () => undefined,
    };
    try {
      await fetchUsageEvents(options, new StoreBuilder());
    } catch (error) {
      assert.ok(error instanceof HttpSourceError);
      return error;
    }
    assert.fail('expected a failure');
  }

  const echoes: [string, { status: number; body: string; headers?: Record<string, string> }][] = [
    ['a 200 that is not JSON and starts with the key', { status: 200, body: `${TOKEN} is not authorised here` }],
    ['a 200 that is not JSON and quotes the key', { status: 200, body: `Bearer ${TOKEN}<html>` }],
    ['a 200 whose Content-Type echoes the key', { status: 200, body: 'nope', headers: { 'Content-Type': `text/plain; key=${TOKEN}` } }],
    ['an error body that echoes half the key', { status: 400, body: JSON.stringify({ message: `bad key ${TOKEN.slice(0, 20)}` }) }],
    ['an error body that echoes the key at the cut', { status: 400, body: `${'x'.repeat(190)}${TOKEN}` }],
  ];
  for (const [what, step] of echoes) {
    it(`says nothing of the key for ${what}`, async () => {
      server.play(step);
      const error = await failure();
      assert.ok(!leaks(error.message), error.message);
    });
  }

  it('validates API timestamps like file timestamps (years 0001-9999)', async () => {
    for (const timestamp of [8.64e15, -8.64e15, '0000-12-31T23:59:59Z', '+275760-09-13T00:00:00Z']) {
      server.play(page([{ timestamp, workerId: 'w', cost: 1 }]));
      const error = await failure();
      assert.equal(error.kind, 'contract');
      assert.match(error.message, /in years 0001-9999/);
    }
    server.play(
      page([
        { timestamp: '0001-01-01T00:00:00Z', workerId: 'w', cost: 1 },
        { timestamp: Date.UTC(9999, 11, 31), workerId: 'w', cost: 1 },
      ]),
    );
    const result = await fetchUsageEvents({ baseUrl: server.url(), token: TOKEN, from: 0, to: 1 }, new StoreBuilder());
    assert.equal(result.added, 2);
  });

  it('property: redaction leaves no piece of the key of 6+ characters in any text, and changes text without one', () => {
    const keyChars = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_');
    fc.assert(
      fc.property(
        fc.string({ unit: keyChars, minLength: 8, maxLength: 60 }),
        fc.array(
          fc.oneof(
            fc.string({ maxLength: 30 }),
            fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => [a, b] as const),
          ),
          { maxLength: 8 },
        ),
        (token, parts) => {
          const text = parts
            .map((p) => (typeof p === 'string' ? p : token.slice(p[0] % token.length, (p[0] % token.length) + 6 + (p[1] % token.length))))
            .join('');
          const out = makeRedactor(token)(text);
          assert.ok(!leaks(out, token), `${JSON.stringify(out)} leaks ${token}`);
          if (!leaks(text, token)) assert.equal(out, text);
        },
      ),
      { numRuns: 500 },
    );
  });
});
