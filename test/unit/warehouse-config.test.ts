import assert from 'node:assert/strict';
import { parseMapping, redact } from '../../src/cli/postgresSource';
import { fieldExpressions, quoteIdent, resolveColumns, WarehouseConfigError } from '../../src/core/sql/mapping';
import { connectionStringProblem } from '../../src/data/sources/postgres/postgresSource';

describe('warehouse configuration', () => {
  it('quotes identifiers by doubling inner quotes, and refuses empty names and NUL', () => {
    assert.equal(quoteIdent('usage'), '"usage"');
    assert.equal(quoteIdent('a"; DROP TABLE x; --'), '"a""; DROP TABLE x; --"');
    assert.throws(() => quoteIdent(''), WarehouseConfigError);
    assert.throws(() => quoteIdent('a\u0000b'), WarehouseConfigError);
  });

  it('maps fields to the columns a relation has, checking types, and leaves out optional ones it lacks', () => {
    const columns = new Map([
      ['ts', 'timestamp with time zone'],
      ['amount', 'numeric(12,6)'],
      ['worker', 'text'],
      ['model', 'integer'],
    ]);
    const relation = { schema: 'public', name: 't', columns };
    assert.deepEqual(resolveColumns(relation, { timestamp: 'ts', cost: 'amount' }, ['timestamp', 'cost']), {
      timestamp: 'ts',
      cost: 'amount',
      workerId: 'worker',
      model: 'model',
    });
    assert.throws(
      () => resolveColumns(relation, { timestamp: 'ts' }, ['timestamp', 'cost']),
      /public\.t has no column "cost" for cost \(map it in the column mapping\)\. Its columns: ts, amount, worker, model\./,
    );
    assert.throws(() => resolveColumns(relation, { timestamp: 'ts', cost: 'amount', userId: 'who' }, ['timestamp', 'cost']), /no column "who" for userId\. /);
    const textRuns = { ...relation, columns: new Map([...columns, ['runs', 'text']]) };
    assert.throws(
      () => resolveColumns(textRuns, { timestamp: 'ts', cost: 'amount' }, ['timestamp', 'cost']),
      /public\.t\.runs \(runs\) is text; it must be a number type/,
    );
    assert.throws(
      () => resolveColumns(relation, { timestamp: 'worker', cost: 'amount' }, ['timestamp', 'cost']),
      /public\.t\.worker is text; it must be timestamp with time zone or timestamp without time zone/,
    );
  });

  it('builds field expressions that fall back like the file source', () => {
    const f = fieldExpressions({ timestamp: 't', cost: 'c', workerId: 'w', workerName: 'wn', model: 'm' });
    assert.equal(f.id.worker, `COALESCE(NULLIF("w"::text, ''), NULLIF("wn"::text, ''), '(unknown)')`);
    assert.equal(f.name.worker, `COALESCE(NULLIF("wn"::text, ''), ${f.id.worker})`);
    assert.equal(f.id.user, `COALESCE('(unknown)')`);
    assert.equal(f.runs, '1');
    assert.equal(f.cost, 'COALESCE("c"::numeric, 0)');
  });

  it('accepts postgresql:// URLs as connection strings and says what is wrong otherwise', () => {
    assert.equal(connectionStringProblem('postgresql://reader:pw@db.internal:5432/analytics?sslmode=require'), undefined);
    assert.equal(connectionStringProblem('postgres://db/analytics'), undefined);
    assert.match(connectionStringProblem('  ')!, /Enter a connection string/);
    assert.match(connectionStringProblem('host=db user=x')!, /Use a URL/);
    assert.match(connectionStringProblem('mysql://db/x')!, /must start with postgresql:\/\//);
    assert.ok(!connectionStringProblem('mysql://u:secret@db/x')!.includes('secret'));
  });

  it('reads --map pairs and removes a connection string and its password from messages', () => {
    assert.deepEqual(parseMapping(['cost=amount_usd', 'timestamp=created at']), { cost: 'amount_usd', timestamp: 'created at' });
    assert.throws(() => parseMapping(['price=x']), /must look like FIELD=COLUMN/);
    assert.throws(() => parseMapping(['cost=']), /must look like FIELD=COLUMN/);
    const url = 'postgresql://u:p%40ss@db/x';
    assert.equal(redact(`failed for ${url}: bad p@ss`, url), 'failed for <connection>: bad ***');
  });
});
