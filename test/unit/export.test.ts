import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse } from 'papaparse';
import { EVENT_CSV_HEADERS, dailyToCsv, dailyToJson, eventsToCsv, eventsToJson, neutralizeCell, percent, rowsToCsv, rowsToJson } from '../../src/core/export';
import { UNKNOWN, type UsageEvent } from '../../src/core/model';
import { queryUsage, type UsageRow } from '../../src/core/query';
import { loadUsageText } from '../../src/core/sources/files/load';
import { type UsageStore } from '../../src/core/store';
import { StoreBuilder } from '../../src/core/storeBuilder';
import { resolveRange } from '../../src/core/time';
import { type DailyJson, type EventsJson, type TableJson } from '../support/exportJson';

const RANGE = resolveRange('2024-03-01..2024-03-31');
const DAY = Date.UTC(2024, 2, 1);

function ev(partial: Partial<UsageEvent>): UsageEvent {
  return {
    timestamp: DAY + 3_600_000,
    workerId: 'w1',
    workerName: 'Worker One',
    userId: 'u1',
    userName: 'User One',
    model: 'gpt-4o',
    runs: 1,
    costMicros: 1_000_000,
    ...partial,
  };
}

function storeOf(events: UsageEvent[]): UsageStore {
  const b = new StoreBuilder();
  b.addAll(events);
  return b.build();
}

/** Cells of a CSV export, without the final empty line. */
function cells(csv: string): string[][] {
  assert.ok(csv.endsWith('\r\n'), 'ends with a line end');
  return parse<string[]>(csv.slice(0, -2), { newline: '\r\n' }).data;
}

const row = (partial: Partial<UsageRow>): UsageRow => ({
  id: 'w1',
  name: 'Worker One',
  runs: 10,
  users: 3,
  spendMicros: 12_345_678,
  share: 0.123456,
  previousSpendMicros: 10_000_000,
  change: 0.2345678,
  ...partial,
});

describe('export: tables as CSV', () => {
  it('writes exactly the columns each view shows, first column naming the dimension', () => {
    assert.equal(rowsToCsv('worker', []).split('\r\n')[0], 'Worker,Runs,Users,Spend,Share %,Change %');
    assert.equal(rowsToCsv('user', []).split('\r\n')[0], 'User,Runs,Spend,Share %,Change %');
    assert.equal(rowsToCsv('model', []).split('\r\n')[0], 'Model,Runs,Spend,Share %,Change %');
    assert.equal(dailyToCsv([]).split('\r\n')[0], 'Date,Runs,Spend');
    assert.equal(eventsToCsv(storeOf([]), RANGE).split('\r\n')[0], EVENT_CSV_HEADERS.join(','));
  });

  it('writes plain numbers: exact spend with up to 6 decimals, percentages rounded to 2', () => {
    const csv = rowsToCsv('worker', [
      row({}),
      row({ id: 'w2', name: 'Two', spendMicros: 5_000_000, share: 1, change: null }),
      row({ name: 'Three', spendMicros: 1, change: -0.5 }),
    ]);
    assert.equal(
      csv,
      'Worker,Runs,Users,Spend,Share %,Change %\r\n' +
        'Worker One,10,3,12.345678,12.35,23.46\r\n' +
        'Two,10,3,5,100,\r\n' +
        'Three,10,3,0.000001,12.35,-50\r\n',
    );
  });

  it('writes the columns the dashboard asks for, in its order, name first', () => {
    const csv = rowsToCsv('user', [row({ name: 'Ana' })], { columns: ['spend', 'runs'] });
    assert.deepEqual(cells(csv), [
      ['User', 'Spend', 'Runs'],
      ['Ana', '12.345678', '10'],
    ]);
    assert.deepEqual(cells(rowsToCsv('model', [row({ name: 'm' })], { columns: ['change', 'name', 'change'] })), [
      ['Model', 'Change %'],
      ['m', '23.46'],
    ]);
  });

  it('can start with a BOM', () => {
    assert.ok(rowsToCsv('worker', [], { bom: true }).startsWith('\uFEFFWorker,'));
    assert.ok(!rowsToCsv('worker', []).startsWith('\uFEFF'));
  });

  it('rounds percentages to 2 decimals without -0', () => {
    assert.equal(percent(0.123449), 12.34);
    assert.equal(percent(0.12345), 12.35);
    assert.equal(percent(-0.00001), 0);
    assert.equal(Object.is(percent(-0.00001), -0), false);
    assert.equal(percent(-1.5), -150);
  });
});

describe('export: spreadsheet safety', () => {
  const leads = ['=', '+', '-', '@', '\t', '\r', '\n'];
  for (const lead of leads) {
    for (const pad of ['', ' ', '   ', ' \t', '\u00a0']) {
      const name = `${pad}${lead}HYPERLINK("http://evil")`;
      it(`neutralises a name starting with ${JSON.stringify(pad + lead)}`, () => {
        assert.equal(neutralizeCell(name), `'${name}`);
        const [header, first] = cells(rowsToCsv('worker', [row({ name })]));
        assert.equal(header[0], 'Worker');
        assert.equal(first[0], `'${name}`, 'the cell starts with a quote');
        assert.equal(first[1], '10', 'numbers untouched');
      });
    }
  }

  it('leaves harmless text alone', () => {
    for (const text of ['a=b', "'quoted", '3-2', 'Ana', '', ' x', '(unknown)', '<b>bold</b>', 'Zoë, "the" Bot']) assert.equal(neutralizeCell(text), text);
  });

  it('keeps negative numbers as numbers, without a quote', () => {
    const csv = rowsToCsv('model', [row({ name: 'm', change: -0.25, spendMicros: -3_250_000 })]);
    assert.equal(csv.split('\r\n')[1], 'm,10,-3.25,12.35,-25');
  });

  it('neutralises every text cell of the events export and nothing else', () => {
    const store = storeOf([
      ev({ workerId: '=1+1', workerName: '+cmd', userId: '@SUM(A1)', userName: '-2+3', model: '\tm', costMicros: -1_500_000, team: '=T' }),
    ]);
    const [, line] = cells(eventsToCsv(store, RANGE));
    assert.deepEqual(line, ['2024-03-01T01:00:00.000Z', "'=1+1", "'+cmd", "'@SUM(A1)", "'-2+3", "'\tm", '1', '-1.5', '', '', "'=T"]);
  });

  it('keeps HTML in names verbatim', () => {
    const [, line] = cells(rowsToCsv('user', [row({ name: '<img src=x onerror=alert(1)>' })]));
    assert.equal(line[0], '<img src=x onerror=alert(1)>');
  });
});

describe('export: JSON', () => {
  const store = storeOf([
    ev({}),
    ev({ workerId: 'w2', workerName: 'Two', userId: 'u2', userName: 'Ana', costMicros: 3_000_000, runs: 2 }),
    ev({ timestamp: Date.UTC(2024, 1, 20), costMicros: 2_000_000 }), // previous period
  ]);
  const view = queryUsage(store, RANGE);

  it('writes a table as the CLI contract says', () => {
    const json: unknown = JSON.parse(rowsToJson('worker', view.tables.worker, view, { currency: 'EUR' }));
    assert.deepEqual(json, {
      range: { from: '2024-03-01T00:00:00.000Z', to: '2024-04-01T00:00:00.000Z', timeZone: 'UTC' },
      dimension: 'worker',
      currency: 'EUR',
      total: { runs: 3, spend: 4, users: 2 },
      rows: [
        { id: 'w2', name: 'Two', runs: 2, users: 1, spend: 3, share: 0.75, previousSpend: 0, change: null },
        { id: 'w1', name: 'Worker One', runs: 1, users: 1, spend: 1, share: 0.25, previousSpend: 2, change: -0.5 },
      ],
    });
  });

  it('defaults the currency to USD and writes names unchanged (no CSV neutralising in JSON)', () => {
    const rows = [row({ name: '=cmd' })];
    const json = JSON.parse(rowsToJson('user', rows, view)) as TableJson;
    assert.equal(json.currency, 'USD');
    assert.equal(json.rows[0].name, '=cmd');
  });

  it('writes the daily series with every day', () => {
    const csv = dailyToCsv(view.daily);
    assert.equal(csv.split('\r\n').length, 1 + 31 + 1);
    assert.equal(csv.split('\r\n')[1], '2024-03-01,3,4');
    assert.equal(csv.split('\r\n')[2], '2024-03-02,0,0');
    const json = JSON.parse(dailyToJson(view.daily, view)) as DailyJson;
    assert.equal(json.dimension, 'day');
    assert.equal(json.rows.length, 31);
    assert.deepEqual(json.rows[0], { date: '2024-03-01', runs: 3, spend: 4 });
    assert.deepEqual(json.total, { runs: 3, spend: 4, users: 2 });
  });

  it('writes the normalised events of the range and filters', () => {
    const json = JSON.parse(eventsToJson(store, RANGE, [{ dimension: 'worker', id: 'w2' }])) as EventsJson;
    assert.deepEqual(json.events, [
      {
        timestamp: '2024-03-01T01:00:00.000Z',
        workerId: 'w2',
        workerName: 'Two',
        userId: 'u2',
        userName: 'Ana',
        model: 'gpt-4o',
        runs: 2,
        cost: 3,
        inputTokens: null,
        outputTokens: null,
        team: null,
      },
    ]);
    assert.equal((JSON.parse(eventsToJson(store, RANGE)) as EventsJson).events.length, 2, 'the previous-period event is outside the range');
    assert.deepEqual((JSON.parse(eventsToJson(store, RANGE, [{ dimension: 'user', id: 'nobody' }])) as EventsJson).events, []);
  });

  it('writes the team of each event, empty (CSV) or null (JSON) when it has none, and neutralises it', () => {
    const teamed = storeOf([ev({ team: 'Platform' }), ev({ timestamp: DAY + 7_200_000, team: '=HYPERLINK("x")' }), ev({ timestamp: DAY + 10_800_000 })]);
    const rows = cells(eventsToCsv(teamed, RANGE));
    const column = rows[0].indexOf('Team');
    assert.ok(column > 0, rows[0].join(','));
    assert.deepEqual(
      rows.slice(1).map((r) => r[column]),
      ['Platform', `'=HYPERLINK("x")`, ''],
    );
    const json = JSON.parse(eventsToJson(teamed, RANGE)) as EventsJson;
    assert.deepEqual(
      json.events.map((e) => e.team),
      ['Platform', '=HYPERLINK("x")', null],
    );
  });

  it('filters the events CSV the same way', () => {
    assert.equal(
      cells(
        eventsToCsv(store, RANGE, [
          { dimension: 'model', id: 'gpt-4o' },
          { dimension: 'user', id: 'u1' },
        ]),
      ).length,
      2,
    );
    assert.equal(cells(eventsToCsv(store, RANGE, [{ dimension: 'model', id: 'nope' }])).length, 1);
  });
});

describe('export: round trip through the file source', () => {
  function reload(text: string, name: string): UsageStore {
    const b = new StoreBuilder();
    const report = loadUsageText(text, name, b);
    assert.equal(report.skipped, 0, report.samples.join('; '));
    return b.build();
  }

  it('loads an events CSV back with the same events, tokens included', () => {
    const store = storeOf([
      ev({ inputTokens: 10, outputTokens: 0, team: 'Research & Dev' }),
      ev({ workerId: 'a,b', workerName: 'Zoë "Z" Ünal\nsecond line', userId: 'ü@x', userName: 'Ü', model: '模型', runs: 0, costMicros: 123_456_789_012 }),
      ev({ timestamp: DAY + 5, userId: UNKNOWN, userName: UNKNOWN, costMicros: -1 }),
    ]);
    const back = reload(eventsToCsv(store, RANGE), 'export.csv');
    const all = (s: UsageStore) => Array.from({ length: s.length }, (_, i) => s.event(i));
    assert.deepEqual(all(back), all(store));
  });

  it('loads an events JSON back with the same events', () => {
    const store = storeOf([ev({ inputTokens: 3, team: 'Platform' }), ev({ workerName: '=x', costMicros: 1 })]);
    const back = reload(eventsToJson(store, RANGE), 'export.json');
    const all = (s: UsageStore) => Array.from({ length: s.length }, (_, i) => s.event(i));
    assert.deepEqual(all(back), all(store));
  });

  it('brings a neutralised name back with its leading quote, and everything else unchanged', () => {
    const store = storeOf([ev({ workerId: '=cmd', workerName: ' +sum', userName: '-1' })]);
    const back = reload(eventsToCsv(store, RANGE), 'export.csv').event(0);
    assert.equal(back.workerId, "'=cmd");
    assert.equal(back.workerName, "' +sum");
    assert.equal(back.userName, "'-1");
    assert.equal(back.userId, 'u1');
    assert.equal(back.costMicros, 1_000_000);
  });

  it('keeps totals and names of random events, names hostile included', () => {
    const name = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 10 }),
      fc.constantFrom('=1+2', '@x', '-', '+', '\t', '\r\nx', 'a,b', '"q"', '<b>x</b>', 'Zoë', ' lead', 'trail ', '', '\u00a0'),
    );
    /** What the file source gives back for an exported id or name: neutralised, then trimmed; empty is unknown. */
    const expected = (s: string) => neutralizeCell(s).trim() || UNKNOWN;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            offset: fc.integer({ min: 0, max: 31 * 86_400_000 - 1 }),
            worker: name,
            user: name,
            model: name,
            runs: fc.integer({ min: 0, max: 1000 }),
            micros: fc.integer({ min: -1_000_000_000, max: 1_000_000_000_000 }),
          }),
          { maxLength: 25 },
        ),
        (rows) => {
          const store = storeOf(
            rows.map((r) =>
              ev({
                timestamp: DAY + r.offset,
                workerId: r.worker,
                workerName: r.worker,
                userId: r.user,
                userName: r.user,
                model: r.model,
                runs: r.runs,
                costMicros: r.micros,
              }),
            ),
          );
          const back = reload(eventsToCsv(store, RANGE), 'rt.csv');
          assert.equal(back.length, store.length);
          const a = queryUsage(store, RANGE);
          const b = queryUsage(back, RANGE);
          assert.equal(b.totals.spendMicros, a.totals.spendMicros);
          assert.equal(b.totals.runs, a.totals.runs);
          // Users whose ids differ only by white space come back as one user.
          assert.equal(b.totals.users, new Set(rows.map((r) => expected(r.user))).size);
          const spendBy = (s: UsageStore, key: (e: UsageEvent) => string) => {
            const m = new Map<string, number>();
            for (let i = 0; i < s.length; i++) {
              const e = s.event(i);
              m.set(key(e), (m.get(key(e)) ?? 0) + e.costMicros);
            }
            return m;
          };
          assert.deepEqual(
            spendBy(back, (e) => `${e.workerId}|${e.userName}|${e.model}`),
            spendBy(store, (e) => `${expected(e.workerId)}|${expected(e.userName)}|${expected(e.model)}`),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
