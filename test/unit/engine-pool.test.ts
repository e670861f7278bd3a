import assert from 'node:assert/strict';
import { EnginePool } from '../../src/core/engine/pool';

/** A worker that answers every request at once with the request's job. */
const ECHO = `const { parentPort } = require('node:worker_threads'); parentPort.on('message', (r) => parentPort.postMessage({ id: r.id, ok: true, result: r.job }));`;

describe('engine pool', () => {
  it('never gives the answer of a worker terminated by an abort to the next job in its slot', async () => {
    const answers: string[] = [];
    for (let round = 0; round < 5; round++) {
      const pool = new EnginePool(1, { file: ECHO, eval: true });
      try {
        await pool.run({ kind: 'plan', job: 'warm' as never });
        const controller = new AbortController();
        const first = pool.run({ kind: 'plan', job: 'first' as never }, [], controller.signal);
        // The worker answers while this thread is busy: its answer waits, queued, until after the abort.
        const until = Date.now() + 30;
        while (Date.now() < until);
        controller.abort();
        await assert.rejects(first, (error: Error) => error.name === 'AbortError');
        answers.push(await pool.run<string>({ kind: 'plan', job: 'second' as never }));
      } finally {
        await pool.dispose();
      }
    }
    assert.deepEqual(answers, Array(5).fill('second'));
  });
});
