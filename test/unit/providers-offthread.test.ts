import assert from 'node:assert/strict';
import { EnginePool } from '../../src/core/engine/pool';
import { queryUsage, resolveStoreRange } from '../../src/core/query';
import { StoreBuilder } from '../../src/core/storeBuilder';
import { loadOrganisation, loadOrganisationStore, type OrganisationOptions } from '../../src/core/sources/providers/organisation';
import { DAY, mountOpenAi, openAiLedger } from '../support/provider-fixtures';
import { useProviderServer } from '../support/provider-harness';
import { billedByGroup, billedTotal } from '../support/ledger-sums';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const TODAY = Date.parse('2026-11-26T00:00:00Z');
const KEY = 'sk-admin-OFFTHREAD0123456789';

describe('provider bill in the engine workers', () => {
  const harness = useProviderServer(() => openAiLedger(TODAY, 10), mountOpenAi);
  let pool: EnginePool;
  before(() => (pool = new EnginePool(1)));
  after(() => pool.dispose());

  const options = (extra: Partial<OrganisationOptions> = {}): OrganisationOptions => ({
    kind: 'openai',
    baseUrl: harness.server.url('/v1'),
    key: KEY,
    from: TODAY - 9 * DAY,
    to: TODAY + DAY,
    now: NOW,
    backoffBaseMs: 1,
    cacheDir: harness.dir,
    ...extra,
  });

  it('bills in a worker thread, with the same figures as billing on this thread', async () => {
    const loaded = await loadOrganisationStore(options(), pool);
    assert.equal(loaded.result.billedOn.mainThread, false, 'not billed on the main thread');
    assert.ok(loaded.result.billedOn.threadId > 0, `billed on thread ${loaded.result.billedOn.threadId}`);

    const range = resolveStoreRange(loaded.store, '2026-11-17..2026-11-26', { timeZone: 'UTC' });
    const view = queryUsage(loaded.store, range);
    assert.equal(view.totals.spendMicros, billedTotal(harness.ledger));
    const byProject = new Map(view.tables.worker.map((r) => [r.id, r.spendMicros]));
    for (const [group, micros] of billedByGroup(harness.ledger)) if (group !== 'null') assert.equal(byProject.get(group), micros, group);

    // The same organisation billed on this thread (from the cache the worker wrote) gives the same users' split.
    const builder = new StoreBuilder();
    const here = await loadOrganisation(builder, options());
    const hereStore = builder.build();
    const same = queryUsage(hereStore, range);
    assert.deepEqual(
      view.tables.user.map((r) => [r.id, r.spendMicros]),
      same.tables.user.map((r) => [r.id, r.spendMicros]),
    );
    assert.equal(loaded.store.sources[0].note, hereStore.sources[0].note, 'the same note on the store source');
    assert.deepEqual(here.result.fetchedDays, ['2026-11-25', '2026-11-26'], 'the worker cached the days: only the two not final were fetched again');
  });

  it('with cachedOnly, shows the cached days without a request', async () => {
    await loadOrganisationStore(options(), pool);
    const before = harness.server.requests.length;
    const cached = await loadOrganisationStore(options({ cachedOnly: true }), pool);
    assert.equal(harness.server.requests.length, before, 'no request');
    assert.equal(cached.result.cachedDays, 10);
    assert.equal(cached.result.requests, 0);
    const view = queryUsage(cached.store, resolveStoreRange(cached.store, '2026-11-17..2026-11-26', { timeZone: 'UTC' }));
    assert.equal(view.totals.spendMicros, billedTotal(harness.ledger));
    assert.deepEqual(cached.result.partialDays, ['2026-11-25', '2026-11-26']);
  });

  it('aborting stops the load with the abort reason', async () => {
    const abort = new AbortController();
    abort.abort(new Error('stop'));
    await assert.rejects(loadOrganisationStore(options({ signal: abort.signal }), pool), /stop/);
  });
});
