import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'papaparse';
import { main } from '../../src/cli/main';
import { computeInsights } from '../../src/core/insights/insights';
import { queryUsage, resolveStoreRange } from '../../src/core/query';
import { loadDemo } from '../../src/core/sources/demo';
import { StoreBuilder } from '../../src/core/storeBuilder';
import { formatDay } from '../../src/core/time';

const NOW = '2026-11-26T12:00:00Z';

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string[] }> {
  let stdout = '';
  const stderr: string[] = [];
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (l) => stderr.push(l) });
  return { code, stdout, stderr };
}

interface ReportJson {
  range: { from: string; to: string; timeZone: string };
  total: number;
  previousTotal: number;
  forecast: { periodEnd: string; spend: number; low: number; high: number } | null;
  spikes: { date: string; spend: number; expected: number; drivers: { dimension: string; id: string; name: string; spend: number; expected: number }[] }[];
  budgets: { scope: string; id: string | null; amount: number; spend: number; reached: number[] }[];
  movers: { dimension: string; id: string; spend: number; previousSpend: number; change: number }[];
}

describe('usage-explorer CLI: insights, teams, --now', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'usage-cli-insights-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const builder = new StoreBuilder();
  loadDemo(builder, { now: Date.parse(NOW) });
  const store = builder.build();

  it('prints the report contract as JSON, in currency units, equal to the engine', async () => {
    const budgets = join(dir, 'budgets.json');
    await writeFile(budgets, JSON.stringify([{ scope: 'workspace', amount: 1000, period: 'month' }]));
    const { code, stdout, stderr } = await run('report', '--now', NOW, '--range', '90d', '--format', 'json', '--budgets', budgets);
    assert.equal(code, 0, stderr.join('\n'));
    const json = JSON.parse(stdout) as ReportJson;
    const range = resolveStoreRange(store, '90d', { now: Date.parse(NOW) });
    const view = queryUsage(store, range);
    const insights = computeInsights(store, range, { now: Date.parse(NOW), budgets: [{ scope: 'workspace', amount: 1000, period: 'month' }] });
    assert.deepEqual(json.range, {
      from: '2026-08-29T00:00:00.000Z',
      to: '2026-11-27T00:00:00.000Z',
      timeZone: 'UTC',
      label: 'Last 90 days',
      firstDay: '2026-08-29',
      lastDay: '2026-11-26',
    });
    assert.equal(json.total, view.totals.spendMicros / 1e6);
    assert.equal(json.previousTotal, view.previousTotals.spendMicros / 1e6);
    assert.ok(json.forecast);
    assert.equal(json.forecast.periodEnd, '2026-11-30');
    assert.equal(json.forecast.spend, insights.forecast.forecast!.spendMicros / 1e6);
    assert.ok(json.forecast.low <= json.forecast.spend && json.forecast.spend <= json.forecast.high);
    assert.deepEqual(
      json.spikes.map((s) => s.date),
      insights.spikes.map((s) => formatDay(s.day)),
    );
    // The demo's one obvious spike is in the range, with its drivers.
    assert.ok(json.spikes.length > 0);
    for (const spike of json.spikes) {
      assert.ok(spike.spend > spike.expected);
      assert.ok(spike.drivers.length > 0);
      for (const d of spike.drivers) assert.deepEqual(Object.keys(d), ['dimension', 'id', 'name', 'spend', 'expected']);
    }
    assert.equal(json.budgets.length, 1);
    assert.equal(json.budgets[0].amount, 1000);
    assert.deepEqual(json.budgets[0].reached, [50, 80, 100]);
    assert.ok(json.movers.length > 0);
    for (const m of json.movers) assert.ok(Math.abs(m.spend - m.previousSpend - m.change) < 1e-6);
  });

  it('fixes "now" with --now: the same command twice gives the same bytes, another now another forecast', async () => {
    const a = await run('report', '--now', NOW, '--format', 'json');
    const b = await run('report', '--now', NOW, '--format', 'json');
    assert.equal(a.stdout, b.stdout);
    const later = JSON.parse((await run('report', '--now', '2026-12-10T12:00:00Z', '--format', 'json')).stdout) as ReportJson;
    assert.equal(later.forecast?.periodEnd, '2026-12-31');
  });

  it('lists the insights in the text report', async () => {
    const { code, stdout } = await run('report', '--now', NOW, '--range', '30d');
    assert.equal(code, 0);
    assert.match(stdout, /\nInsights\n {2}Forecast: \$[\d,.]+ by Nov 30, range \$[\d,.]+–\$[\d,.]+\n/);
    assert.match(stdout, /! Spike on 2026-\d\d-\d\d: \$[\d,.]+, usually \$[\d,.]+; worker /);
    assert.match(stdout, /▲ Worker .* up \$/);
  });

  it('says why there is no forecast for a past period', async () => {
    const { stdout } = await run('report', '--now', NOW, '--range', 'last-month');
    assert.match(stdout, /No forecast: The period has ended/);
  });

  it('exports by team from a --teams mapping, filters by team, and every team row adds up to the total', async () => {
    const teams = join(dir, 'teams.json');
    const workers = store.workers.ids;
    await writeFile(teams, JSON.stringify({ Platform: { workers: [workers[0], workers[1]] }, Research: { users: ['*@example.com'] } }));
    const { code, stdout, stderr } = await run('export', '--by', 'team', '--now', NOW, '--teams', teams, '--format', 'json');
    assert.equal(code, 0, stderr.join('\n'));
    const json = JSON.parse(stdout) as { dimension: string; total: { spend: number }; rows: { id: string; spend: number }[] };
    assert.equal(json.dimension, 'team');
    assert.deepEqual(json.rows.map((r) => r.id).sort(), ['Platform', 'Research']);
    const sum = json.rows.reduce((s, r) => s + Math.round(r.spend * 1e6), 0);
    assert.equal(sum, Math.round(json.total.spend * 1e6));

    const csv = await run('export', '--by', 'worker', '--now', NOW, '--teams', teams, '--filter', 'team=Platform');
    assert.equal(csv.code, 0);
    const rows = parse<string[]>(csv.stdout.trim()).data;
    assert.equal(rows[0][0], 'Worker');
    assert.deepEqual(
      rows
        .slice(1)
        .map((r) => r[0])
        .sort(),
      [store.workers.names[0], store.workers.names[1]].sort(),
    );
  });

  it('rejects a bad --teams or --budgets file naming it, and a bad report format', async () => {
    const bad = join(dir, 'bad-teams.json');
    await writeFile(bad, JSON.stringify({ Platform: { users: 'x' } }));
    const teams = await run('report', '--teams', bad);
    assert.equal(teams.code, 2);
    assert.match(teams.stderr[0], /--teams .*bad-teams\.json: Team "Platform": users must be a list/);
    const budgets = await run('report', '--budgets', join(dir, 'missing.json'));
    assert.equal(budgets.code, 2);
    assert.match(budgets.stderr[0], /--budgets .*missing\.json/);
    const format = await run('report', '--format', 'csv');
    assert.equal(format.code, 1);
    assert.match(format.stderr[0], /--format "csv" is not text or json/);
  });
});
