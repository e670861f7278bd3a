import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'papaparse';
import { main } from '../../src/cli/main';
import { queryUsage, resolveStoreRange } from '../../src/core/query';
import { loadDemo } from '../../src/core/sources/demo';
import { StoreBuilder } from '../../src/core/storeBuilder';
import { type DailyJson, type EventsJson, type TableJson } from '../support/exportJson';

const NOW = '2026-11-26T12:00:00Z';
const HOSTILE = join(__dirname, '..', 'fixtures', 'files', 'hostile.csv');
const TEAM = join(__dirname, '..', 'fixtures', 'workspace', 'team.usage.csv');

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string[] }> {
  let stdout = '';
  const stderr: string[] = [];
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (l) => stderr.push(l) });
  return { code, stdout, stderr };
}

function demoView(range: string) {
  const builder = new StoreBuilder();
  loadDemo(builder, { now: Date.parse(NOW) });
  const store = builder.build();
  return queryUsage(store, resolveStoreRange(store, range, { now: Date.parse(NOW) }));
}

describe('usage-explorer CLI', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'usage-cli-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe('report', () => {
    it('prints the range, totals with change, top rows and a sparkline for the demo', async () => {
      const { code, stdout, stderr } = await run('report', '--now', NOW, '--range', '7d');
      assert.equal(code, 0);
      assert.deepEqual(stderr, []);
      const view = demoView('7d');
      assert.match(stdout, /^Usage Explorer · Last 7 days \(2026-11-20 – 2026-11-26, UTC\) · demo data/);
      const spend = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(view.totals.spendMicros / 1e6);
      assert.ok(stdout.includes(spend), `total ${spend} in report`);
      assert.ok(stdout.includes(view.tables.worker[0].name), 'top worker named');
      const spark = /Daily spend {2}(\S+)/.exec(stdout);
      assert.ok(spark, 'sparkline present');
      assert.equal([...spark[1]].length, 7, 'one bar per day');
    });

    it('reports a file in a zone and currency', async () => {
      const { code, stdout } = await run('report', '--input', TEAM, '--range', 'all', '--tz', 'Europe/Berlin', '--currency', 'EUR');
      assert.equal(code, 0);
      assert.match(stdout, /All time \(\d{4}-\d{2}-\d{2} – \d{4}-\d{2}-\d{2}, Europe\/Berlin\)/);
      assert.match(stdout, /€/);
    });
  });

  describe('several inputs and sources', () => {
    it('combines every --input and --source into one view', async () => {
      const a = join(dir, 'a.usage.csv');
      const b = join(dir, 'b.usage.csv');
      await writeFile(a, 'id,timestamp,worker,user,model,cost\nr1,2026-11-20T10:00:00Z,bot,ana,gpt-4o,1.5\n');
      await writeFile(b, 'id,timestamp,worker,user,model,cost\nr1,2026-11-21T10:00:00Z,bot,ana,gpt-4o,9\nr2,2026-11-21T11:00:00Z,helper,bo,gpt-4o,2\n');
      const files = await run('export', '--by', 'worker', '--input', a, '--input', b, '--range', 'all', '--format', 'json');
      assert.equal(files.code, 0);
      const json = JSON.parse(files.stdout) as { total: { spend: number; runs: number }; rows: { id: string }[] };
      assert.equal(json.total.spend, 3.5, 'r1 repeated in the second file counts once');
      assert.deepEqual(files.stderr, ['note: 1 event with a repeated id counted once']);
      const both = await run('export', '--by', 'worker', '--input', a, '--source', 'demo', '--now', NOW, '--range', '30d', '--format', 'json');
      assert.equal(both.code, 0);
      const withDemo = JSON.parse(both.stdout) as { total: { spend: number }; rows: { id: string }[] };
      assert.equal(withDemo.total.spend * 1e6, Math.round(demoView('30d').totals.spendMicros + 1_500_000));
      assert.ok(
        withDemo.rows.some((r) => r.id === 'bot'),
        "the file's worker is shown beside the demo's",
      );
      const report = await run('report', '--input', a, '--source', 'demo', '--now', NOW);
      assert.match(report.stdout, new RegExp(`· ${a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\+ demo data`));
    });

    it('fails with exit code 2 naming a file that cannot be read', async () => {
      const { code, stderr } = await run('report', '--input', join(dir, 'nope.csv'));
      assert.equal(code, 2);
      assert.match(stderr[0], /Cannot read .*nope\.csv: no such file/);
    });
  });

  describe('export contract', () => {
    for (const [by, first] of [
      ['worker', 'Worker'],
      ['user', 'User'],
      ['model', 'Model'],
      ['day', 'Date'],
    ] as const) {
      it(`--by ${by} CSV starts with a ${first} column and matches the engine`, async () => {
        const { code, stdout } = await run('export', '--by', by, '--now', NOW, '--range', '30d');
        assert.equal(code, 0);
        const rows = parse<string[]>(stdout.trim(), { skipEmptyLines: true }).data;
        assert.equal(rows[0][0], first);
        const view = demoView('30d');
        if (by === 'day') {
          assert.equal(rows.length - 1, 30);
          assert.deepEqual(
            rows.slice(1).map((r) => r[0]),
            view.daily.map((d) => d.date),
          );
        } else {
          assert.deepEqual(
            rows.slice(1).map((r) => r[0]),
            view.tables[by].map((r) => r.name),
          );
          const spendCol = rows[0].indexOf('Spend');
          const sum = rows.slice(1).reduce((s, r) => s + Math.round(Number(r[spendCol]) * 1e6), 0);
          assert.equal(sum, view.totals.spendMicros, 'CSV spend adds up to the total');
        }
      });
    }

    it('--by worker JSON has exactly the contract fields, rows by spend descending', async () => {
      const { code, stdout } = await run('export', '--by', 'worker', '--format', 'json', '--now', NOW, '--range', '30d');
      assert.equal(code, 0);
      const out = JSON.parse(stdout) as TableJson;
      assert.deepEqual(Object.keys(out).sort(), ['currency', 'dimension', 'range', 'rows', 'total']);
      assert.deepEqual(Object.keys(out.range).sort(), ['from', 'timeZone', 'to']);
      // The demo has input and output tokens: those token fields are added, the others absent.
      assert.deepEqual(Object.keys(out.total).sort(), ['inputTokens', 'outputTokens', 'runs', 'spend', 'users']);
      assert.equal(out.dimension, 'worker');
      assert.equal(out.currency, 'USD');
      assert.equal(out.range.from, '2026-10-28T00:00:00.000Z');
      assert.equal(out.range.to, '2026-11-27T00:00:00.000Z');
      for (const row of out.rows) {
        assert.deepEqual(Object.keys(row).sort(), ['change', 'id', 'inputTokens', 'name', 'outputTokens', 'previousSpend', 'runs', 'share', 'spend', 'users']);
        assert.ok(Number.isInteger(row.inputTokens) && Number.isInteger(row.outputTokens));
      }
      assert.equal(
        out.rows.reduce((s, r) => s + (r.outputTokens ?? 0), 0),
        out.total.outputTokens,
      );
      const spends = out.rows.map((r) => r.spend);
      assert.deepEqual(
        spends,
        [...spends].sort((a, b) => b - a),
      );
      const view = demoView('30d');
      assert.equal(out.total.runs, view.totals.runs);
      assert.equal(out.total.users, view.totals.users);
    });

    it('--by day JSON has a row for every day; --by event lists normalised events', async () => {
      const day = JSON.parse((await run('export', '--by', 'day', '--format', 'json', '--now', NOW, '--range', '7d')).stdout) as DailyJson;
      assert.deepEqual(
        day.rows.map((r) => r.date),
        ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26'],
      );
      assert.deepEqual(Object.keys(day.rows[0]).sort(), ['date', 'runs', 'spend']);
      const events = JSON.parse((await run('export', '--by', 'event', '--format', 'json', '--now', NOW, '--range', 'today')).stdout) as EventsJson;
      assert.ok(events.events.length > 0);
      assert.deepEqual(Object.keys(events.events[0]).sort(), [
        'cost',
        'inputTokens',
        'model',
        'outputTokens',
        'runs',
        'team',
        'timestamp',
        'userId',
        'userName',
        'workerId',
        'workerName',
      ]);
      assert.ok(events.events.every((e) => e.timestamp.startsWith('2026-11-26')));
    });

    it('--filter narrows to one entity and --out writes the file', async () => {
      const out = join(dir, 'models.csv');
      const { code, stdout } = await run('export', '--by', 'model', '--filter', 'worker=research-analyst', '--now', NOW, '--out', out);
      assert.equal(code, 0);
      assert.equal(stdout, '');
      const rows = parse<string[]>((await readFile(out, 'utf8')).trim()).data;
      const builder = new StoreBuilder();
      loadDemo(builder, { now: Date.parse(NOW) });
      const store = builder.build();
      const view = queryUsage(store, resolveStoreRange(store, '30d', { now: Date.parse(NOW) }), [{ dimension: 'worker', id: 'research-analyst' }]);
      assert.deepEqual(
        rows.slice(1).map((r) => r[0]),
        view.tables.model.map((r) => r.name),
      );
      assert.ok(view.tables.model.length < demoView('30d').tables.model.length, 'the filter narrows');
    });
  });

  describe('hostile input', () => {
    it('loads the good rows, warns about bad ones on stderr, and exports spreadsheet-safe CSV', async () => {
      const { code, stdout, stderr } = await run('export', '--by', 'worker', '--input', HOSTILE, '--range', 'all');
      assert.equal(code, 0, 'skipped rows do not change the exit code');
      assert.match(stderr[0], /^warning: .*hostile\.csv: skipped \d+ rows? that could not be read$/);
      assert.ok(
        stderr.some((l) => /hostile\.csv:\d+: /.test(l)),
        'samples name file:line',
      );
      const rows = parse<string[]>(stdout.trim()).data;
      const names = rows.slice(1).map((r) => r[0]);
      assert.ok(names.includes(`'=HYPERLINK("http://x")`), 'formula neutralised');
      assert.ok(names.includes('<b>Zoë</b> & "Co"'), 'HTML kept verbatim as text');
      assert.ok(names.includes('summarizer, v2'), 'comma survives');
      for (const name of names) assert.doesNotMatch(name, /^\s*[=+\-@\t\r\n]/);
    });
  });

  describe('errors and exit codes', () => {
    const cases: [string, string[], number, RegExp][] = [
      ['no command', [], 1, /Missing command/],
      ['unknown command', ['frobnicate'], 1, /Unknown command "frobnicate"/],
      ['unknown option', ['report', '--nope'], 1, /nope/],
      ['export without --by', ['export'], 1, /--by/],
      ['bad --by', ['export', '--by', 'galaxy'], 1, /--by "galaxy"/],
      ['bad --format', ['export', '--by', 'worker', '--format', 'xml'], 1, /--format "xml"/],
      ['bad range', ['report', '--range', '2026-02-30..2026-03-01'], 1, /2026-02-30/],
      ['reversed range', ['report', '--range', '2026-03-02..2026-03-01'], 1, /ends/],
      ['bad zone', ['report', '--tz', 'Mars/Olympus'], 1, /Unknown time zone/],
      ['bad filter', ['export', '--by', 'worker', '--filter', 'galaxy=x'], 1, /--filter/],
      ['bad currency', ['report', '--currency', 'dollars'], 1, /--currency/],
      ['missing file', ['report', '--input', '/nonexistent/usage.csv'], 2, /usage\.csv/],
      ['empty file', ['report', '--input', join(__dirname, '..', 'fixtures', 'files', 'empty.csv')], 2, /empty\.csv/],
      ['no cost column', ['report', '--input', join(__dirname, '..', 'fixtures', 'files', 'no-cost.csv')], 2, /no-cost\.csv.*cost/i],
    ];
    for (const [name, argv, expected, message] of cases) {
      it(`${name} exits ${expected} with one clear line`, async () => {
        const { code, stdout, stderr } = await run(...argv);
        assert.equal(code, expected);
        assert.equal(stdout, '');
        assert.match(stderr[0], /^usage-explorer: /);
        assert.match(stderr[0], message);
        if (expected === 1) assert.match(stderr[1], /--help/);
        else assert.equal(stderr.length, 1);
      });
    }

    it('sets the process exit code when run as a program', async () => {
      const script = join(__dirname, '..', '..', 'src', 'cli', 'bin.ts');
      const tsx = join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');
      const bad = join(dir, 'bad.csv');
      await writeFile(bad, 'foo,bar\n1,2\n');
      const usage = spawnSync(tsx, [script, 'export'], { encoding: 'utf8' });
      assert.equal(usage.status, 1);
      const data = spawnSync(tsx, [script, 'report', '--input', bad], { encoding: 'utf8' });
      assert.equal(data.status, 2);
      assert.match(data.stderr, /bad\.csv/);
      const ok = spawnSync(tsx, [script, '--help'], { encoding: 'utf8' });
      assert.equal(ok.status, 0);
      assert.match(ok.stdout, /usage-explorer report/);
    });
  });
});
