import assert from 'node:assert/strict';
import fc from 'fast-check';
import { type UsageRow } from '../../src/core/query';
import { DEFAULT_SORT, TABLE_COLUMNS, filterRows, isTableColumn, sortRows, visibleRows, type TableColumn } from '../../src/core/table';

function row(id: string, name: string, fields: Partial<UsageRow> = {}): UsageRow {
  return { id, name, runs: 1, users: 1, spendMicros: 0, share: 0, previousSpendMicros: 0, change: null, ...fields };
}

const rows: UsageRow[] = [
  row('maya@example.com', 'Maya Patel', { spendMicros: 300, runs: 3, users: 1, share: 0.3, change: 0.5 }),
  row('zoe@example.com', 'Zoë Lindqvist', { spendMicros: 500, runs: 1, users: 2, share: 0.5, change: null }),
  row('user-26@example.com', '李娜', { spendMicros: 100, runs: 7, users: 3, share: 0.1, change: -0.25 }),
  row('LUKASZ@EXAMPLE.COM', 'Łukasz Nowak', { spendMicros: 100, runs: 2, users: 1, share: 0.1, change: null }),
];

const COLUMNS: TableColumn[] = ['name', 'runs', 'users', 'spend', 'share', 'change'];

/** The value a column sorts by, written out independently of the module. */
function valueOf(r: UsageRow, column: TableColumn): string | number | null {
  return { name: r.name, runs: r.runs, users: r.users, spend: r.spendMicros, share: r.share, change: r.change }[column];
}

describe('table', () => {
  describe('filterRows', () => {
    it('matches name and id case-insensitively', () => {
      const ids = (text: string) => filterRows(rows, text).map((r) => r.id);
      assert.deepEqual(ids('maya'), ['maya@example.com']);
      assert.deepEqual(ids('PATEL'), ['maya@example.com']);
      assert.deepEqual(ids('ZOË'), ['zoe@example.com']);
      assert.deepEqual(ids('łukasz'), ['LUKASZ@EXAMPLE.COM']);
      assert.deepEqual(ids('lukasz@'), ['LUKASZ@EXAMPLE.COM'], 'by id, case-insensitively');
      assert.deepEqual(ids('USER-26'), ['user-26@example.com']);
      assert.deepEqual(ids('李'), ['user-26@example.com']);
      assert.deepEqual(
        ids('example.com'),
        rows.map((r) => r.id),
      );
      assert.deepEqual(ids('nobody'), []);
    });

    it('ignores surrounding spaces and keeps everything for no text', () => {
      assert.deepEqual(
        filterRows(rows, '  maya  ').map((r) => r.id),
        ['maya@example.com'],
      );
      for (const text of [undefined, '', '   ']) {
        const all = filterRows(rows, text);
        assert.deepEqual(all, rows);
        assert.notEqual(all, rows, 'a copy, so sorting it does not reorder the input');
      }
    });

    it('keeps the input order and matches like a naive filter (property)', () => {
      const text = fc.constantFrom('a', 'A', 'ö', 'Ö', 'x', 'ab', 'é', '@');
      const rowArb = fc
        .record({ id: fc.stringMatching(/^[aAbBxöÖé@]{0,4}$/), name: fc.stringMatching(/^[aAbBxöÖé ]{0,4}$/) })
        .map(({ id, name }) => row(id, name));
      fc.assert(
        fc.property(fc.array(rowArb, { maxLength: 20 }), text, (input, needle) => {
          const lower = needle.toLowerCase();
          const expected = input.filter((r) => r.name.toLowerCase().includes(lower) || r.id.toLowerCase().includes(lower));
          assert.deepEqual(filterRows(input, needle), expected);
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('sortRows', () => {
    it('sorts by spend descending by default', () => {
      assert.deepEqual(
        sortRows(rows).map((r) => r.id),
        ['zoe@example.com', 'maya@example.com', 'user-26@example.com', 'LUKASZ@EXAMPLE.COM'],
      );
      assert.deepEqual(DEFAULT_SORT, { column: 'spend', direction: 'desc' });
    });

    it('puts rows with no change last in both directions', () => {
      assert.deepEqual(
        sortRows(rows, { column: 'change', direction: 'asc' }).map((r) => r.change),
        [-0.25, 0.5, null, null],
      );
      assert.deepEqual(
        sortRows(rows, { column: 'change', direction: 'desc' }).map((r) => r.change),
        [0.5, -0.25, null, null],
      );
      // The nulls keep their input order either way.
      assert.deepEqual(
        sortRows(rows, { column: 'change', direction: 'desc' })
          .slice(2)
          .map((r) => r.id),
        ['zoe@example.com', 'LUKASZ@EXAMPLE.COM'],
      );
      assert.deepEqual(
        sortRows(rows, { column: 'change', direction: 'asc' })
          .slice(2)
          .map((r) => r.id),
        ['zoe@example.com', 'LUKASZ@EXAMPLE.COM'],
      );
    });

    it('sorts names with the locale, both ways', () => {
      const names = ['b', 'Å', 'a', 'B', 'Z', 'é'].map((n, i) => row(String(i), n));
      const asc = sortRows(names, { column: 'name', direction: 'asc' }).map((r) => r.name);
      assert.deepEqual(
        asc,
        [...names.map((r) => r.name)].sort((x, y) => x.localeCompare(y)),
      );
      assert.deepEqual(
        sortRows(names, { column: 'name', direction: 'desc' }).map((r) => r.name),
        [...asc].reverse(),
      );
    });

    it('does not change its input', () => {
      const copy = [...rows];
      sortRows(rows, { column: 'runs', direction: 'asc' });
      assert.deepEqual(rows, copy);
    });

    for (const column of COLUMNS) {
      for (const direction of ['asc', 'desc'] as const) {
        it(`sorts by ${column} ${direction}, stably (property)`, () => {
          // Few distinct values, so ties are common.
          const rowArb = fc.record({
            name: fc.constantFrom('Ann', 'ann', 'Bob', 'Émile', 'Zoë', '李娜'),
            runs: fc.integer({ min: 0, max: 3 }),
            users: fc.integer({ min: 0, max: 3 }),
            spendMicros: fc.integer({ min: 0, max: 3 }),
            share: fc.constantFrom(0, 0.25, 0.5, 1),
            change: fc.constantFrom(null, -1, -0.5, 0, 0.5, 2),
          });
          fc.assert(
            fc.property(fc.array(rowArb, { maxLength: 25 }), (fieldsList) => {
              const input = fieldsList.map((fields, i) => row(`id-${i}`, fields.name, fields));
              const sorted = sortRows(input, { column, direction });
              // A permutation of the input.
              assert.deepEqual(
                [...sorted].sort((a, b) => Number(a.id.slice(3)) - Number(b.id.slice(3))),
                input,
              );
              const sign = direction === 'asc' ? 1 : -1;
              for (let i = 1; i < sorted.length; i++) {
                const [a, b] = [sorted[i - 1], sorted[i]];
                const [x, y] = [valueOf(a, column), valueOf(b, column)];
                const index = (r: UsageRow) => Number(r.id.slice(3));
                if (x === null || y === null) {
                  // Nulls last; among nulls, input order.
                  assert.ok(y === null, `${column} ${direction}: a null before a value`);
                  if (x === null) assert.ok(index(a) < index(b));
                  continue;
                }
                const order = typeof x === 'string' ? x.localeCompare(y as string) : x - (y as number);
                assert.ok(order * sign <= 0, `${column} ${direction}: ${x} before ${y}`);
                if (order === 0) assert.ok(index(a) < index(b), `${column} ${direction}: ties keep input order`);
              }
            }),
            { numRuns: 150 },
          );
        });
      }
    }
  });

  describe('visibleRows and columns', () => {
    it('filters, then sorts', () => {
      assert.deepEqual(
        visibleRows(rows, { filterText: 'EXAMPLE', sort: { column: 'runs', direction: 'asc' } }).map((r) => r.runs),
        [1, 2, 3, 7],
      );
      assert.deepEqual(
        visibleRows(rows, { filterText: 'a' }).map((r) => r.id),
        sortRows(filterRows(rows, 'a')).map((r) => r.id),
      );
      assert.deepEqual(
        visibleRows(rows).map((r) => r.spendMicros),
        [500, 300, 100, 100],
      );
    });

    it('lists the columns each table shows', () => {
      assert.deepEqual(TABLE_COLUMNS.worker, ['name', 'runs', 'users', 'spend', 'share', 'change']);
      assert.deepEqual(TABLE_COLUMNS.user, ['name', 'runs', 'spend', 'share', 'change']);
      assert.deepEqual(TABLE_COLUMNS.model, ['name', 'runs', 'spend', 'share', 'change']);
      for (const c of COLUMNS) assert.equal(isTableColumn(c), true);
      for (const c of ['cost', 'Name', '', null, 1]) assert.equal(isTableColumn(c), false);
    });
  });
});
