/** Store equality for tests that load the same input two ways (in workers and on one thread). */
import assert from 'node:assert/strict';
import { TOKEN_FIELDS, type UsageStore } from '../../src/core/store';

/** Every column, dictionary and count of two stores. */
export function assertSameStore(actual: UsageStore, expected: UsageStore): void {
  assert.equal(actual.length, expected.length, 'events');
  assert.equal(actual.duplicates, expected.duplicates, 'duplicates');
  assert.deepEqual(actual.sources, expected.sources);
  for (const key of ['timestamps', 'workerCodes', 'userCodes', 'modelCodes', 'runs', 'costMicros', 'sourceIndexes', 'teamCodes', ...TOKEN_FIELDS] as const) {
    const a = actual.columns[key];
    const e = expected.columns[key];
    assert.deepEqual(a && [...a], e && [...e], key);
  }
  for (const d of ['workers', 'users', 'models', 'teams'] as const) {
    assert.deepEqual(actual[d].ids, expected[d].ids, `${d} ids`);
    assert.deepEqual(actual[d].names, expected[d].names, `${d} names`);
  }
}
