import assert from 'node:assert/strict';
import { MemoryBackend } from '../../src/core/backend/memory';
import { abortError, type QueryOptions } from '../../src/core/backend/types';
import { type Filter, type UsageView } from '../../src/core/query';
import { type ResolvedRange } from '../../src/core/time';
import { resolveRange } from '../../src/core/time';
import { type DataSnapshot } from '../../src/data/usageData';
import { ViewQueries, type QueryEvent } from '../../src/data/viewQueries';
import { buildStore, eventsArb } from '../support/arbitraries';
import fc from 'fast-check';

/**
 * The in-memory backend held at each view until released, as a database holds a slow statement:
 * it records the signal each run got, and rejects when that signal aborts.
 */
class HeldBackend extends MemoryBackend {
  readonly runs: AbortSignal[] = [];
  private releases: (() => void)[] = [];

  override async view(range: ResolvedRange, filters: readonly Filter[] = [], options: QueryOptions = {}): Promise<UsageView> {
    const signal = options.signal!;
    this.runs.push(signal);
    await new Promise<void>((resolve, reject) => {
      this.releases.push(resolve);
      signal.addEventListener('abort', () => reject(abortError()), { once: true });
    });
    return super.view(range, filters);
  }

  release(): void {
    for (const r of this.releases.splice(0)) r();
  }
}

describe('view queries through the backend seam', () => {
  const store = buildStore(fc.sample(eventsArb(200), { numRuns: 1, seed: 4 })[0]);
  const range = resolveRange('2026-01-05..2026-01-20');
  const other = resolveRange('2026-01-21..2026-01-30');

  function setup(): { queries: ViewQueries; backend: HeldBackend; events: QueryEvent[] } {
    const backend = new HeldBackend(store);
    const snapshot = { store, sources: [{ id: 'pg', kind: 'postgres', label: 'pg', result: { store, backend } }] } as unknown as DataSnapshot;
    const events: QueryEvent[] = [];
    return {
      queries: new ViewQueries(
        () => snapshot,
        () => false,
        (e) => events.push(e),
      ),
      backend,
      events,
    };
  }

  it("answers from the one source's backend, one run for callers asking at once, then from the cache", async () => {
    const { queries, backend } = setup();
    assert.equal(queries.backend, backend);
    const a = queries.view(range, []);
    const b = queries.view(range, []);
    await Promise.resolve();
    assert.equal(backend.runs.length, 1, 'one run shared');
    backend.release();
    const [va, vb] = await Promise.all([a, b]);
    assert.equal(va, vb);
    assert.deepEqual(va, await new MemoryBackend(store).view(range, []));
    assert.equal(await queries.view(range, []), va, 'cached');
    assert.equal(backend.runs.length, 1);
  });

  it('keeps a run going while one caller still waits, and cancels it when the last gives up', async () => {
    const { queries, backend, events } = setup();
    const first = new AbortController();
    const second = new AbortController();
    const a = queries.view(range, [], { signal: first.signal });
    const b = queries.view(range, [], { signal: second.signal });
    first.abort();
    await assert.rejects(a, { name: 'AbortError' });
    assert.equal(backend.runs[0].aborted, false, 'the other caller still waits');
    second.abort();
    await assert.rejects(b, { name: 'AbortError' });
    assert.equal(backend.runs[0].aborted, true, 'the backend was told to cancel');
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(events.some((e) => e.phase === 'end' && e.outcome === 'cancelled'));
    // Asked again at once, it runs again rather than joining the cancelled run.
    const again = queries.view(range, []);
    await Promise.resolve();
    assert.equal(backend.runs.length, 2);
    backend.release();
    assert.equal((await again).range.spec, range.spec);
  });

  it('a newer range does not wait for the older one', async () => {
    const { queries, backend } = setup();
    const older = new AbortController();
    const a = queries.view(range, [], { signal: older.signal });
    older.abort();
    const b = queries.view(other, []);
    await Promise.resolve();
    backend.release();
    await assert.rejects(a, { name: 'AbortError' });
    assert.equal((await b).range.spec, other.spec);
  });
});
