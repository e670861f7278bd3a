import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { CancelledError, isCancellation, messageOf, throwIfCancelled } from '../../src/core/errors';
import { isRecord } from '../../src/core/guards';
import { CancelledError as HttpCancelledError } from '../../src/core/sources/http/errors';

describe('shared errors and guards', () => {
  it('messageOf reads a message from anything thrown', () => {
    assert.equal(messageOf(new TypeError('bad type')), 'bad type');
    assert.equal(messageOf('plain text'), 'plain text');
    assert.equal(messageOf({ code: 42 }), '{"code":42}');
    assert.equal(messageOf(undefined), 'undefined');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.equal(messageOf(cyclic), '[object Object]');
  });

  it('has one cancellation error, which the HTTP source throws too, and knows the platform aborts', async () => {
    assert.equal(HttpCancelledError, CancelledError);
    assert.ok(isCancellation(new CancelledError()));
    const aborted = AbortSignal.abort();
    assert.throws(
      () => throwIfCancelled(aborted, 'stopped'),
      (error: unknown) => error instanceof CancelledError && error.message === 'stopped',
    );
    assert.doesNotThrow(() => throwIfCancelled(new AbortController().signal));
    assert.doesNotThrow(() => throwIfCancelled(undefined));
    await assert.rejects(delay(10, undefined, { signal: aborted }), (error: unknown) => isCancellation(error));
    try {
      aborted.throwIfAborted();
      assert.fail('not aborted');
    } catch (error) {
      assert.ok(isCancellation(error), 'AbortSignal.throwIfAborted');
    }
    assert.ok(!isCancellation(new Error('boom')));
    assert.ok(!isCancellation('AbortError'));
  });

  it('isRecord takes objects, not null, arrays or primitives', () => {
    assert.ok(isRecord({}));
    assert.ok(isRecord(Object.create(null)));
    for (const value of [null, undefined, [], [1], 'x', 3, true]) assert.ok(!isRecord(value), String(value));
  });
});
