import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { UNKNOWN } from '../../src/core/model';
import { fetchUsageEvents, type FetchUsageOptions, type FetchUsageResult, type PageInfo, type RetryInfo } from '../../src/core/sources/http/client';
import { CancelledError, HttpSourceError } from '../../src/core/sources/http/errors';
import { parseRetryAfter } from '../../src/core/sources/http/request';
import { type UsageStore } from '../../src/core/store';
import { StoreBuilder } from '../../src/core/storeBuilder';
import { page, UsageServer } from '../support/usage-server';

const TOKEN = 'sk-test-S3CRET-token-0123456789abcdef';
const FROM = Date.UTC(2026, 9, 1);
const TO = Date.UTC(2026, 9, 31);

function event(n: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    timestamp: new Date(FROM + n * 3_600_000).toISOString(),
    workerId: `w${n % 3}`,
    workerName: `Worker ${n % 3}`,
    userId: `u${n % 2}`,
    userName: `User ${n % 2}`,
    model: 'gpt-4o',
    runs: 1,
    cost: 0.25,
    ...extra,
  };
}

describe('HTTP source (fetchUsageEvents against a loopback server)', () => {
  const server = new UsageServer();
  /** Every error any call in this suite threw, and every onRetry/onPage payload: checked for the token in after(). */
  const errors: Error[] = [];
  const published: unknown[] = [];

  before(() => server.start());
  afterEach(() => server.dropConnections());
  after(async () => {
    await server.close();
    assert.ok(errors.length >= 20, `expected the suite to collect its errors, got ${errors.length}`);
    for (const error of errors) {
      assert.ok(!error.message.includes(TOKEN), `token in error message: ${error.message}`);
      assert.ok(!String(error.stack).includes(TOKEN), 'token in error stack');
    }
    for (const info of published) assert.ok(!JSON.stringify(info).includes(TOKEN), 'token in a callback payload');
  });

  interface Run {
    result: FetchUsageResult;
    store: UsageStore;
    retries: RetryInfo[];
    pages: PageInfo[];
  }

  function options(overrides: Partial<FetchUsageOptions>, retries: RetryInfo[] = [], pages: PageInfo[] = []): FetchUsageOptions {
    return {
      baseUrl: server.url(),
      token: TOKEN,
      from: FROM,
      to: TO,
      backoffBaseMs: 5,
      onRetry: (info) => {
        published.push(info);
        retries.push(info);
      },
      onPage: (info) => {
        published.push(info);
        pages.push(info);
      },
      ...overrides,
    };
  }

  async function run(overrides: Partial<FetchUsageOptions> = {}, builder = new StoreBuilder()): Promise<Run> {
    const retries: RetryInfo[] = [];
    const pages: PageInfo[] = [];
    const result = await fetchUsageEvents(options(overrides, retries, pages), builder);
    return { result, store: builder.build(), retries, pages };
  }

  /** Runs a call that must fail; returns its error (recorded for the token check). */
  async function failure(overrides: Partial<FetchUsageOptions> = {}, retries: RetryInfo[] = [], builder = new StoreBuilder()): Promise<Error> {
    try {
      await fetchUsageEvents(options(overrides, retries), builder);
    } catch (error) {
      assert.ok(error instanceof Error, 'threw a non-Error');
      errors.push(error);
      return error;
    }
    return assert.fail('expected fetchUsageEvents to fail');
  }

  function assertHttpError(error: Error, kind: HttpSourceError['kind'], pattern: RegExp, status?: number): void {
    assert.ok(error instanceof HttpSourceError, `expected HttpSourceError, got ${error.name}: ${error.message}`);
    assert.equal(error.kind, kind, error.message);
    assert.match(error.message, pattern);
    assert.equal(error.status, status);
  }

  describe('pages', () => {
    it('reads a single page into the builder, sending from/to as ISO and Accept: application/json', async () => {
      server.play(page([event(0, { id: 'a', inputTokens: 100, outputTokens: 20, cost: 1.5, runs: 3 }), event(1)]));
      const { result, store, pages } = await run();

      assert.deepEqual(result, { pages: 1, added: 2, duplicates: 0, requests: 1 });
      assert.deepEqual(pages, [{ page: 1, events: 2 }]);
      const [request] = server.requests;
      assert.equal(request.method, 'GET');
      assert.equal(request.pathname, '/usage/events');
      assert.equal(request.query.get('from'), '2026-10-01T00:00:00.000Z');
      assert.equal(request.query.get('to'), '2026-10-31T00:00:00.000Z');
      assert.equal(request.query.has('cursor'), false);
      assert.equal(request.headers.accept, 'application/json');

      assert.equal(store.length, 2);
      assert.deepEqual(store.event(0), {
        timestamp: FROM,
        workerId: 'w0',
        workerName: 'Worker 0',
        userId: 'u0',
        userName: 'User 0',
        model: 'gpt-4o',
        runs: 3,
        costMicros: 1_500_000,
        inputTokens: 100,
        outputTokens: 20,
      });
    });

    it('fills defaults for optional fields and accepts epoch-ms timestamps and null optionals', async () => {
      server.play(
        page([
          { timestamp: FROM + 5, workerId: 'w9', cost: 0.000001 },
          { timestamp: '2026-10-02T10:00:00+02:00', workerId: 'w9', workerName: null, userName: 'Ann', model: null, runs: 0, cost: -2 },
        ]),
      );
      const { store } = await run();
      assert.deepEqual(store.event(0), {
        timestamp: FROM + 5,
        workerId: 'w9',
        workerName: 'w9',
        userId: UNKNOWN,
        userName: UNKNOWN,
        model: UNKNOWN,
        runs: 1,
        costMicros: 1,
      });
      assert.deepEqual(store.event(1), {
        timestamp: Date.UTC(2026, 9, 2, 8),
        workerId: 'w9',
        workerName: 'w9',
        userId: 'Ann',
        userName: 'Ann',
        model: UNKNOWN,
        runs: 0,
        costMicros: -2_000_000,
      });
    });

    it('follows nextCursor until null, sending the cursor and the same range on every page', async () => {
      server.play(page([event(0), event(1)], 'c1'), page([event(2)], 'c/2+=?'), page([event(3), event(4)], null));
      const { result, store, pages } = await run();

      assert.deepEqual(result, { pages: 3, added: 5, duplicates: 0, requests: 3 });
      assert.deepEqual(pages, [
        { page: 1, events: 2 },
        { page: 2, events: 1 },
        { page: 3, events: 2 },
      ]);
      assert.deepEqual(
        server.requests.map((r) => r.query.get('cursor')),
        [null, 'c1', 'c/2+=?'],
      );
      for (const request of server.requests) {
        assert.equal(request.query.get('from'), new Date(FROM).toISOString());
        assert.equal(request.query.get('to'), new Date(TO).toISOString());
      }
      assert.equal(store.length, 5);
      assert.deepEqual(
        Array.from(store.timestamps),
        [0, 1, 2, 3, 4].map((n) => FROM + n * 3_600_000),
      );
    });

    it('counts events repeated by id across pages once', async () => {
      server.play(page([event(0, { id: 'a' }), event(1, { id: 'b' })], 'next'), page([event(1, { id: 'b' }), event(2, { id: 'c' }), event(3)], null));
      const { result, store } = await run();
      assert.deepEqual(result, { pages: 2, added: 4, duplicates: 1, requests: 2 });
      assert.equal(store.length, 4);
      assert.equal(store.duplicates, 1);
    });

    it('appends usage/events to a base URL with a path, with or without a trailing slash', async () => {
      for (const base of ['/api/v1', '/api/v1/', '/api/v1//']) {
        server.play(page([]));
        await run({ baseUrl: server.url(base) });
        assert.equal(server.requests[0].pathname, base === '/api/v1//' ? '/api/v1//usage/events' : '/api/v1/usage/events', base);
      }
    });

    it('fails on a repeated cursor', async () => {
      server.play(page([event(0)], 'c1'), page([event(1)], 'c2'), page([event(2)], 'c1'));
      const error = await failure();
      assertHttpError(error, 'pagination', /cursor "c1" again on page 3/);
      assert.equal(server.requests.length, 3);
    });

    it('fails after maxPages pages when the server keeps returning a cursor', async () => {
      server.play(page([event(0)], 'p1'), page([event(1)], 'p2'), page([event(2)], 'p3'));
      const error = await failure({ maxPages: 2 });
      assertHttpError(error, 'pagination', /more than 2 pages/);
      assert.equal(server.requests.length, 2);
    });
  });

  describe('authentication', () => {
    it('sends Authorization: Bearer <token> when a token is set', async () => {
      server.play(page([], 'x'), page([]));
      await run();
      assert.deepEqual(
        server.requests.map((r) => r.headers.authorization),
        [`Bearer ${TOKEN}`, `Bearer ${TOKEN}`],
      );
    });

    it('sends no Authorization header without a token (or with a blank one)', async () => {
      for (const token of [undefined, '', '   ']) {
        server.play(page([]));
        await run({ token });
        assert.equal(server.requests[0].headers.authorization, undefined);
      }
    });

    it('fails at once on 401 with the Set API Key hint, without retrying', async () => {
      server.play({ status: 401, body: { message: 'invalid key' } });
      const retries: RetryInfo[] = [];
      const error = await failure({}, retries);
      assertHttpError(error, 'auth', /API key was rejected.*Usage Explorer: Set API Key….*invalid key/, 401);
      assert.equal(server.requests.length, 1);
      assert.deepEqual(retries, []);
    });

    it('says the key is missing on 401 without a token, and handles 403', async () => {
      server.play({ status: 401 });
      assertHttpError(await failure({ token: undefined }), 'auth', /API key is missing.*Set API Key…/, 401);
      server.play({ status: 403, body: 'forbidden' });
      assertHttpError(await failure(), 'auth', /HTTP 403 Forbidden.*rejected or has no access.*Set API Key…/, 403);
      assert.equal(server.requests.length, 1);
    });

    it('never puts the token in messages, even when the server echoes it', async () => {
      server.play({ status: 401, body: { message: `key ${TOKEN} is not valid` } });
      const echoed = await failure();
      assert.match(echoed.message, /key \[redacted\] is not valid/);

      server.play(page([event(0, { cost: `${'x'.repeat(30)}${TOKEN}` })]));
      const inField = await failure();
      assert.match(inField.message, /events\[0\]\.cost: expected a number, got "x+\[redac/);

      server.play({ status: 500, body: TOKEN }, page([], TOKEN), page([event(0, { id: TOKEN })], TOKEN));
      const cursorError = await failure();
      assertHttpError(cursorError, 'pagination', /cursor "\[redacted\]" again/);

      for (const error of [echoed, inField, cursorError]) assert.ok(!error.message.includes(TOKEN));
    });

    it('rejects a token that cannot be sent in a header without quoting it', async () => {
      server.play();
      const error = await failure({ token: `${TOKEN}\nX-Injected: 1` });
      assertHttpError(error, 'config', /API key contains characters/);
      assert.equal(server.requests.length, 0);
    });
  });

  describe('retries', () => {
    it('waits for Retry-After (seconds) on 429, then succeeds', async () => {
      server.play({ status: 429, headers: { 'Retry-After': '1' } }, page([event(0)]));
      const { result, retries } = await run();
      assert.deepEqual(retries, [{ attempt: 1, status: 429, delayMs: 1000, reason: 'HTTP 429 Too Many Requests' }]);
      assert.equal(result.requests, 2);
      assert.equal(result.added, 1);
      const waited = server.requests[1].at - server.requests[0].at;
      assert.ok(waited >= 950, `retried after ${waited} ms`);
    });

    it('caps a Retry-After wait (seconds or HTTP date) at retryAfterCapMs', async () => {
      const later = new Date(Date.now() + 3_600_000).toUTCString();
      server.play({ status: 429, headers: { 'Retry-After': '120' } }, { status: 503, headers: { 'Retry-After': later } }, page([]));
      const started = performance.now();
      const { retries } = await run({ retryAfterCapMs: 50 });
      assert.deepEqual(
        retries.map((r) => [r.status, r.delayMs]),
        [
          [429, 50],
          [503, 50],
        ],
      );
      assert.ok(performance.now() - started < 1000);
    });

    it('retries a 500 with jittered backoff, then succeeds', async () => {
      server.play({ status: 500, body: 'boom' }, page([event(0)]));
      const { result, retries } = await run({ backoffBaseMs: 20 });
      assert.equal(result.requests, 2);
      assert.equal(retries.length, 1);
      assert.equal(retries[0].status, 500);
      assert.equal(retries[0].reason, 'HTTP 500 Internal Server Error');
      assert.ok(retries[0].delayMs >= 0 && retries[0].delayMs <= 20, `delay ${retries[0].delayMs}`);
    });

    it('retries 408 and fails after 3 retries of 503 (4 requests)', async () => {
      server.play({ status: 408 }, page([]));
      assert.equal((await run()).result.requests, 2);

      server.play({ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 }, page([]));
      const retries: RetryInfo[] = [];
      const error = await failure({ backoffBaseMs: 10 }, retries);
      assertHttpError(error, 'http', /HTTP 503 Service Unavailable \(4 attempts\)/, 503);
      assert.equal(server.requests.length, 4);
      assert.deepEqual(
        retries.map((r) => r.attempt),
        [1, 2, 3],
      );
      for (const [i, r] of retries.entries()) assert.ok(r.delayMs <= 10 * 2 ** i, `delay ${r.delayMs} for retry ${i + 1}`);
    });

    it('honours maxRetries', async () => {
      server.play({ status: 502 }, { status: 502 }, page([]));
      const error = await failure({ maxRetries: 1 });
      assertHttpError(error, 'http', /HTTP 502.*\(2 attempts\)/, 502);
      assert.equal(server.requests.length, 2);

      server.play({ status: 502 });
      assertHttpError(await failure({ maxRetries: 0 }), 'http', /\(1 attempt\)/, 502);
    });

    it('retries network errors: a dropped connection and a body cut short', async () => {
      server.play('drop', 'truncate', page([event(0)]));
      const { result, retries } = await run();
      assert.equal(result.requests, 3);
      assert.equal(result.added, 1);
      assert.deepEqual(
        retries.map((r) => r.status),
        [undefined, undefined],
      );
    });

    it('times out a request that gets no answer, retries, then fails mentioning the timeout', async () => {
      server.play('hang', 'hang', 'hang', 'hang');
      const retries: RetryInfo[] = [];
      const started = performance.now();
      const error = await failure({ timeoutMs: 200 }, retries);
      assertHttpError(error, 'timeout', /did not answer in time: timed out after 200 ms \(4 attempts\)/);
      assert.equal(server.requests.length, 4);
      assert.deepEqual(
        retries.map((r) => r.reason),
        ['timed out after 200 ms', 'timed out after 200 ms', 'timed out after 200 ms'],
      );
      assert.ok(performance.now() - started < 2000);
    });

    it('times out a response whose body stalls', async () => {
      server.play(
        (_req, res) => {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.write('{"events": [');
        },
        page([event(0)]),
      );
      const { result, retries } = await run({ timeoutMs: 200 });
      assert.equal(result.added, 1);
      assert.equal(retries[0].reason, 'timed out after 200 ms');
    });
  });

  describe('non-retryable failures', () => {
    it('fails at once on 404 with a base URL hint', async () => {
      server.play({ status: 404 });
      const error = await failure({ baseUrl: server.url('/nope') });
      assertHttpError(error, 'http', /\/nope\/usage\/events answered HTTP 404 Not Found\. Check the base URL/, 404);
      assert.equal(server.requests.length, 1);
    });

    it('does not follow redirects, so the token only goes to the configured server', async () => {
      server.play({ status: 302, headers: { Location: '/elsewhere/usage/events?x=1' } }, page([]));
      const error = await failure();
      assertHttpError(error, 'http', /redirect \(HTTP 302 Found\) to http:\/\/127\.0\.0\.1:\d+\/elsewhere\/usage\/events\./, 302);
      assert.equal(server.requests.length, 1);
    });

    it('fails on malformed JSON without retrying', async () => {
      server.play({ status: 200, body: '{"events": [', headers: { 'Content-Type': 'application/json' } });
      const error = await failure();
      assertHttpError(error, 'contract', /not valid JSON \(Content-Type: application\/json\)/, 200);
      assert.equal(server.requests.length, 1);
    });

    it('fails on a response larger than maxPageBytes', async () => {
      server.play(page([event(0), event(1), event(2)]));
      assertHttpError(await failure({ maxPageBytes: 100 }), 'contract', /larger than 100 bytes/, 200);
    });

    const shapes: [string, unknown, RegExp][] = [
      ['an array body', [], /response: expected a JSON object, got an array/],
      ['a null body', null, /response: expected a JSON object, got null/],
      ['missing events', { nextCursor: null }, /events: expected an array, got nothing/],
      ['events as an object', { events: {}, nextCursor: null }, /events: expected an array, got an object/],
      ['a numeric nextCursor', { events: [], nextCursor: 5 }, /nextCursor: expected a non-empty string or null, got 5/],
      ['an empty nextCursor', { events: [], nextCursor: '' }, /nextCursor: expected a non-empty string or null, got ""/],
      ['an event that is not an object', { events: [event(0), 'x'] }, /events\[1\]: expected an object, got "x"/],
    ];
    for (const [name, body, pattern] of shapes) {
      it(`fails on ${name}`, async () => {
        server.play({ status: 200, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
        assertHttpError(await failure(), 'contract', pattern);
      });
    }

    const fields: [string, Record<string, unknown>, string][] = [
      ['cost as a string', { cost: 'abc' }, 'events[3].cost: expected a number, got "abc"'],
      ['missing cost', { cost: undefined }, 'events[3].cost: expected a number, got nothing (the field is missing)'],
      ['missing workerId', { workerId: undefined }, 'events[3].workerId: expected a non-empty string, got nothing'],
      ['numeric workerId', { workerId: 7 }, 'events[3].workerId: expected a non-empty string, got 7'],
      ['a timestamp without a zone', { timestamp: '2026-10-01T10:00:00' }, 'events[3].timestamp: expected an ISO 8601 date-time with a time zone'],
      [
        'a bad timestamp',
        { timestamp: true },
        'events[3].timestamp: expected an ISO 8601 date-time with a time zone or epoch milliseconds, in years 0001-9999, got true',
      ],
      ['negative runs', { runs: -1 }, 'events[3].runs: expected a non-negative integer, got -1'],
      ['fractional outputTokens', { outputTokens: 1.5 }, 'events[3].outputTokens: expected a non-negative integer, got 1.5'],
      ['a numeric model', { model: 4 }, 'events[3].model: expected a string, got 4'],
      ['an object id', { id: { a: 1 } }, 'events[3].id: expected a string, got an object'],
    ];
    for (const [name, override, message] of fields) {
      it(`names the field and position for ${name}`, async () => {
        const bad = { ...event(3), ...override };
        for (const key of Object.keys(override)) if (override[key] === undefined) delete bad[key];
        server.play(page([event(0)], 'p2'), page([event(1), event(2), event(3), bad]));
        const builder = new StoreBuilder();
        const error = await failure({}, [], builder);
        assertHttpError(error, 'contract', /does not match the contract/);
        assert.ok(error.message.includes('(page 2)'), error.message);
        assert.ok(error.message.includes(message), `${error.message}\n  should include\n${message}`);
        // Page 1 was added; nothing of the invalid page 2 was.
        assert.equal(builder.count, 1);
      });
    }
  });

  describe('cancellation', () => {
    it('cancels a request in flight quickly and makes no further request', async () => {
      server.play('hang', page([]));
      const controller = new AbortController();
      let abortedAt = 0;
      setTimeout(() => {
        abortedAt = performance.now();
        controller.abort();
      }, 100);
      const error = await failure({ signal: controller.signal });
      const took = performance.now() - abortedAt;
      assert.ok(error instanceof CancelledError);
      assert.equal(error.name, 'AbortError');
      // Far below the 30 s the hung request (its timeout) or the Retry-After wait would take, also on a busy machine.
      assert.ok(took < 5_000, `cancelled after ${took} ms`);
      await delay(300);
      assert.equal(server.requests.length, 1);
    });

    it('cancels during a backoff wait quickly and makes no further request', async () => {
      server.play({ status: 503, headers: { 'Retry-After': '30' } }, page([]));
      const controller = new AbortController();
      let abortedAt = 0;
      const retries: RetryInfo[] = [];
      const pending = failure(
        {
          signal: controller.signal,
          onRetry: (info) => {
            retries.push(info);
            setTimeout(() => {
              abortedAt = performance.now();
              controller.abort();
            }, 50);
          },
        },
        retries,
      );
      const error = await pending;
      const took = performance.now() - abortedAt;
      assert.equal(error.name, 'AbortError');
      assert.equal(retries[0].delayMs, 30_000);
      // Far below the 30 s the hung request (its timeout) or the Retry-After wait would take, also on a busy machine.
      assert.ok(took < 5_000, `cancelled after ${took} ms`);
      await delay(300);
      assert.equal(server.requests.length, 1);
    });

    it('cancels between pages', async () => {
      const controller = new AbortController();
      server.play(page([event(0)], 'c1'), page([]));
      const error = await failure({ signal: controller.signal, onPage: () => controller.abort() });
      assert.ok(error instanceof CancelledError);
      assert.equal(server.requests.length, 1);
    });

    it('makes no request when already cancelled', async () => {
      server.play(page([]));
      const error = await failure({ signal: AbortSignal.abort() });
      assert.ok(error instanceof CancelledError);
      assert.equal(server.requests.length, 0);
    });
  });

  describe('options', () => {
    const bases: [string, RegExp][] = [
      ['', /No base URL/],
      ['not a url', /not a valid URL: "not a url"/],
      ['ftp://127.0.0.1/usage', /must start with http:\/\/ or https:\/\/, not ftp:\/\//],
      ['file:///etc', /must start with http:\/\/ or https:\/\//],
      ['http://user:pass@127.0.0.1/', /must not contain a user name or password/],
      ['http://127.0.0.1/api?x=1', /must not contain a query/],
    ];
    for (const [baseUrl, pattern] of bases) {
      it(`rejects the base URL ${JSON.stringify(baseUrl)} without a request`, async () => {
        server.play(page([]));
        assertHttpError(await failure({ baseUrl }), 'config', pattern);
        assert.equal(server.requests.length, 0);
      });
    }

    it('rejects an inverted or invalid time range', async () => {
      assertHttpError(await failure({ from: TO, to: FROM }), 'config', /from is after to/);
      assertHttpError(await failure({ from: Number.NaN }), 'config', /from must be a valid instant/);
    });

    it('reads Retry-After as seconds or an HTTP date', () => {
      const now = Date.UTC(2026, 0, 1);
      assert.equal(parseRetryAfter('3', now), 3000);
      assert.equal(parseRetryAfter(' 0 ', now), 0);
      assert.equal(parseRetryAfter(new Date(now + 5000).toUTCString(), now), 5000);
      assert.equal(parseRetryAfter(new Date(now - 5000).toUTCString(), now), 0);
      assert.equal(parseRetryAfter('-1', now), undefined);
      assert.equal(parseRetryAfter('soon', now), undefined);
      assert.equal(parseRetryAfter(null, now), undefined);
    });
  });
});
