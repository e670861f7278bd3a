import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse } from 'papaparse';
import { neutralizeCell, rowsToCsv } from '../../../src/core/export';
import { eventsToCsv } from '../../../src/core/exportEvents';
import { queryUsage, resolveStoreRange } from '../../../src/core/query';
import { loadUsageText } from '../../../src/core/sources/files/load';
import { StoreBuilder } from '../../../src/core/storeBuilder';

/** The rule: a cell is dangerous when its leading C0/C1 controls, DEL and white space hold a tab, CR or LF, or are followed by a formula char. */
function dangerous(cell: string): boolean {
  // eslint-disable-next-line no-control-regex
  const m = /^([\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]*)(.?)/su.exec(cell)!;
  return /[\t\r\n]/.test(m[1]) || /[=+\-@]/.test(m[2]);
}

describe('hostile: CSV injection through leading control characters', function () {
  this.timeout(5000);
  const names = ['\0=1+1', '\u0001+SUM(A1)', '\u0085-2', '\u009f@cmd', '\u00a0=1', '\u2028=1', ' \0 \u001b=HYPERLINK("x")', '\ufeff=1'];

  for (const name of names) {
    it(`quotes ${JSON.stringify(name)} in every CSV export`, () => {
      const builder = new StoreBuilder();
      builder.add({ timestamp: Date.UTC(2026, 0, 5), workerId: name, workerName: name, userId: name, userName: name, model: name, runs: 1, costMicros: 1 });
      const store = builder.build();
      const range = resolveStoreRange(store, 'all');
      const view = queryUsage(store, range);
      const tables = (['worker', 'user', 'model'] as const).map((d) => rowsToCsv(d, view.tables[d]));
      for (const csv of [...tables, eventsToCsv(store, range)]) {
        const rows = parse<string[]>(csv.trimEnd(), { newline: '\r\n' }).data.slice(1);
        for (const cell of rows.flat()) assert.ok(!dangerous(cell), `unsafe cell ${JSON.stringify(cell)}`);
        assert.ok(rows.flat().includes(`'${name}`));
      }
    });
  }

  it('property: no text cell ever leaves the export dangerous, and safe text is unchanged', () => {
    const unit = fc.constantFrom(
      '\0',
      '\u0001',
      '\u001f',
      '\u007f',
      '\u0085',
      '\u009f',
      ' ',
      '\t',
      '\n',
      '\r',
      '\u00a0',
      '=',
      '+',
      '-',
      '@',
      'a',
      'Z',
      '1',
      "'",
      '"',
      ',',
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 12 }), (text) => {
        const out = neutralizeCell(text);
        assert.ok(!dangerous(out) || out.startsWith("'"));
        if (!dangerous(text)) assert.equal(out, text);
        else assert.equal(out, `'${text}`);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps a name with a newline inside through an export round trip', () => {
    const builder = new StoreBuilder();
    builder.add({
      timestamp: Date.UTC(2026, 0, 5),
      workerId: 'two\nlines',
      workerName: 'two\nlines',
      userId: 'u',
      userName: 'u',
      model: 'm',
      runs: 1,
      costMicros: 1,
    });
    const store = builder.build();
    const again = new StoreBuilder();
    loadUsageText(eventsToCsv(store, resolveStoreRange(store, 'all')), 'back.csv', again);
    assert.equal(again.build().workers.ids[0], 'two\nlines');
  });
});
