import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { workspaceFolder } from './helpers';
import { resetSettings, usageApi, useSources, waitFor } from './usage';

const HEADER = 'timestamp,worker,user,model,runs,cost,id\n';

/** A row on day `day` of November 2026 with `runs` runs costing `cents` cents. */
function row(id: string, day: number, runs: number, cents: number): string {
  return `2026-11-${String(day).padStart(2, '0')}T10:00:00Z,inc-bot,ana,gpt-4.1,${runs},${(cents / 100).toFixed(2)},${id}\n`;
}

suite('files source: incremental reload', () => {
  let dir: string;
  const file = (name: string) => path.join(dir, name);

  suiteSetup(async () => {
    dir = path.join(workspaceFolder().uri.fsPath, 'incremental');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file('a.usage.csv'), HEADER + row('a1', 2, 1, 100) + row('a2', 3, 2, 250));
    fs.writeFileSync(file('other.usage.csv'), HEADER + row('o1', 4, 5, 1000));
    const api = await usageApi();
    api.data.setRange('2026-11-01..2026-11-30');
    await useSources(api, [{ kind: 'files', include: 'incremental/*.usage.csv' }]);
  });
  suiteTeardown(async () => {
    await resetSettings();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Waits until the view shows these totals (the watcher's reload is debounced). */
  async function totalsBecome(what: string, runs: number, cents: number): Promise<void> {
    const api = await usageApi();
    await waitFor(
      what,
      () => {
        const totals = api.data.view().totals;
        return api.data.state === 'ready' && totals.runs === runs && totals.spendMicros === cents * 10_000;
      },
      15_000,
    ).catch((error: Error) => {
      const totals = api.data.view().totals;
      throw new Error(`${error.message}; shown: ${totals.runs} runs, ${totals.spendMicros} micros`);
    });
  }

  test('appended rows are read from where the file ended, and the views follow', async () => {
    const api = await usageApi();
    await totalsBecome('both files', 1 + 2 + 5, 100 + 250 + 1000);
    const size = fs.statSync(file('a.usage.csv')).size;
    fs.appendFileSync(file('a.usage.csv'), row('a3', 5, 4, 75) + row('a1', 6, 9, 999));
    // a1 again: ids de-duplicate within the source, also across an append.
    await totalsBecome('the appended rows', 1 + 2 + 5 + 4, 100 + 250 + 1000 + 75);
    assert.ok(
      api.log.recent().some((l) => l.includes(`incremental/a.usage.csv: read the ${fs.statSync(file('a.usage.csv')).size - size} bytes appended`)),
      'the append was not read incrementally',
    );
  });

  test('a renamed file keeps its events under its new name', async () => {
    const api = await usageApi();
    fs.renameSync(file('a.usage.csv'), file('b.usage.csv'));
    await waitFor(
      'the new name',
      () => api.data.snapshot?.source.files?.includes('incremental/b.usage.csv') && !api.data.snapshot.source.files.includes('incremental/a.usage.csv'),
      15_000,
    );
    await totalsBecome('the same totals', 1 + 2 + 5 + 4, 100 + 250 + 1000 + 75);
  });

  test('a truncated file is read again', async () => {
    fs.writeFileSync(file('b.usage.csv'), HEADER + row('b1', 7, 3, 40));
    await totalsBecome('the truncated file', 3 + 5, 40 + 1000);
  });

  test('a file changed in place (same size) is read again', async () => {
    fs.writeFileSync(file('b.usage.csv'), HEADER + row('b1', 7, 6, 40));
    await totalsBecome('the changed file', 6 + 5, 40 + 1000);
  });

  test('a deleted file takes its events with it', async () => {
    const api = await usageApi();
    fs.rmSync(file('other.usage.csv'));
    await totalsBecome('only b', 6, 40);
    assert.deepEqual(api.data.snapshot?.source.files, ['incremental/b.usage.csv']);
  });
});
