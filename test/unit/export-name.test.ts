import assert from 'node:assert/strict';
import { resolveRange } from '../../src/core/time';
import { workerUrl } from '../../src/commands/workerUrl';
import { checkExportArgs, defaultExportName, ExportArgsError, slugify } from '../../src/commands/exportName';

const NOW = Date.UTC(2026, 10, 26, 12);

describe('export naming and arguments', () => {
  it('names the file by dimension and the range days', () => {
    const range = resolveRange('30d', { now: NOW });
    assert.equal(defaultExportName('model', 'csv', range), 'usage-by-model-2026-10-28_2026-11-26.csv');
    assert.equal(defaultExportName('day', 'json', range), 'usage-by-day-2026-10-28_2026-11-26.json');
    assert.equal(
      defaultExportName('user', 'csv', range, [{ dimension: 'worker', id: 'triage bot/v2' }]),
      'usage-by-user-for-triage-bot-v2-2026-10-28_2026-11-26.csv',
    );
  });

  it('makes ids file-name safe', () => {
    assert.equal(slugify('../../etc/passwd'), 'etc-passwd');
    assert.equal(slugify('Jürgen Weiß'), 'Jürgen-Weiß');
    assert.equal(slugify('///'), 'item');
    assert.equal(slugify('x'.repeat(100)).length, 40);
  });

  it('accepts the documented arguments', () => {
    const args = {
      dimension: 'worker',
      format: 'json',
      target: '/tmp/x.json',
      filters: [{ dimension: 'user', id: 'u1' }],
      columns: ['name', 'spend'],
      range: '7d',
      table: { filterText: 'a' },
    };
    assert.deepEqual(checkExportArgs(args), args);
    assert.deepEqual(checkExportArgs(undefined), {});
    assert.deepEqual(checkExportArgs({ target: { scheme: 'file', path: '/tmp/x.csv' } }).target, { scheme: 'file', path: '/tmp/x.csv' });
  });

  it('rejects bad arguments naming the field', () => {
    assert.throws(
      () => checkExportArgs({ dimension: 'galaxy' }),
      (e: Error) => e instanceof ExportArgsError && /dimension/.test(e.message),
    );
    assert.throws(() => checkExportArgs({ format: 'xlsx' }), /format/);
    assert.throws(() => checkExportArgs({ filters: [{ dimension: 'galaxy', id: 'x' }] }), /filters/);
    assert.throws(() => checkExportArgs({ columns: ['cost'] }), /columns/);
    assert.throws(() => checkExportArgs({ target: 42 }), /target/);
    assert.throws(() => checkExportArgs({ range: 7 }), /range/);
    assert.throws(() => checkExportArgs('worker'), /object/);
  });
});

describe('worker page URL', () => {
  it('fills the template with encoded id and name', () => {
    assert.equal(
      workerUrl('https://ai.example.com/workers/${id}?n=${name}', 'w/1', 'Triage & Bot'),
      'https://ai.example.com/workers/w%2F1?n=Triage%20%26%20Bot',
    );
  });
  it('refuses anything but http(s)', () => {
    assert.equal(workerUrl('javascript:alert(${id})', 'x', 'y'), undefined);
    assert.equal(workerUrl('command:workbench.action.quit?${id}', 'x', 'y'), undefined);
    assert.equal(workerUrl('${name}', 'x', 'https://evil.example.com'), undefined);
  });
});
