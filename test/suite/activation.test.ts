import * as assert from 'node:assert/strict';
import { usageApi } from './usage';

suite('activation', () => {
  test('activates without loading data and says how long it took', async () => {
    const api = await usageApi();
    assert.equal(api.loadsDuringActivation, 0, 'activate() started a data load');
    assert.ok(Number.isFinite(api.activationMs) && api.activationMs >= 0, `activationMs is ${api.activationMs}`);
    assert.ok(
      api.log.recent().some((line) => line.includes(`Activated in ${api.activationMs} ms`)),
      'activation time not logged',
    );
    // Quoted in the README; printed so the run log shows it.
    console.log(`usage-explorer activation: ${api.activationMs} ms`);
  });

  test('the first load comes from a view or command, not from activation', async () => {
    const api = await usageApi();
    const loadsBefore = api.data.loadCount;
    await api.data.ensureLoaded();
    // Either this call loaded, or an earlier test or view did: never activation itself.
    assert.ok(api.data.loadCount >= Math.max(1, loadsBefore), 'ensureLoaded did not load');
    assert.ok(api.data.snapshot, 'no data after ensureLoaded');
  });
});
