import assert from 'node:assert/strict';
import fc from 'fast-check';
import { USAGE_FIELDS, matchColumns, normalizeHeader, type UsageField } from '../../src/core/columns';
import { EVENT_CSV_HEADERS } from '../../src/core/export';

/** The header each field was matched to (undefined when none). */
function matched(headers: string[], mapping = {}): Partial<Record<UsageField, string>> {
  const { columns } = matchColumns(headers, mapping);
  const out: Partial<Record<UsageField, string>> = {};
  for (const field of USAGE_FIELDS) if (columns[field] >= 0) out[field] = headers[columns[field]];
  return out;
}

describe('columns: header matching', () => {
  it('normalises headers: lower case, without spaces, _ and -', () => {
    assert.equal(normalizeHeader('Created_At'), 'createdat');
    assert.equal(normalizeHeader(' Created - At '), 'createdat');
    assert.equal(normalizeHeader('createdAt'), 'createdat');
    assert.equal(normalizeHeader('\uFEFFTimestamp'), 'timestamp');
    assert.equal(normalizeHeader('COST_USD'), 'costusd');
  });

  const simple: [UsageField, string[]][] = [
    ['timestamp', ['timestamp', 'time', 'date', 'datetime', 'created_at', 'started_at', 'Created At', 'STARTED-AT', 'DateTime']],
    ['model', ['model', 'model_id', 'model_name', 'Model Name']],
    ['runs', ['runs', 'run_count', 'count', 'requests', 'Run Count']],
    ['cost', ['cost', 'spend', 'amount', 'cost_usd', 'billing_cost', 'total_cost', 'Total Cost', 'COST-USD']],
    ['inputTokens', ['input_tokens', 'prompt_tokens', 'Input Tokens', 'promptTokens']],
    ['outputTokens', ['output_tokens', 'completion_tokens', 'Output Tokens']],
    ['cacheReadTokens', ['cache_read_tokens', 'cache_read_input_tokens', 'cached_tokens', 'cached_input_tokens', 'Cached Tokens']],
    ['cacheWriteTokens', ['cache_write_tokens', 'cache_creation_input_tokens', 'cache_creation_tokens']],
    ['team', ['team', 'department', 'cost_center', 'group', 'Cost-Center']],
    ['id', ['id', 'run_id', 'event_id', 'Run ID', 'ID']],
  ];
  for (const [field, synonyms] of simple) {
    for (const header of synonyms) {
      it(`matches "${header}" as ${field}`, () => {
        const headers = ['something else', header, 'other'];
        assert.equal(matchColumns(headers).columns[field], 1);
      });
    }
  }

  it('prefers the more specific timestamp column when several are present', () => {
    assert.equal(matched(['date', 'timestamp', 'cost']).timestamp, 'timestamp');
    assert.equal(matched(['created_at', 'date', 'cost']).timestamp, 'date');
  });

  it('prefers cost over spend and amount', () => {
    assert.equal(matched(['amount', 'spend', 'cost', 'time']).cost, 'cost');
  });

  describe('workers', () => {
    it('uses worker_id as id and a bare worker column as the name', () => {
      const m = matched(['worker', 'worker_id', 'time', 'cost']);
      assert.equal(m.workerId, 'worker_id');
      assert.equal(m.workerName, 'worker');
    });
    it('uses a bare worker/agent/app/workflow column as the id when there is no id column', () => {
      for (const bare of ['worker', 'agent', 'app', 'workflow', 'Agent']) {
        const m = matched([bare, 'time', 'cost']);
        assert.equal(m.workerId, bare);
        assert.equal(m.workerName, undefined, 'the name falls back to the id when parsed');
      }
    });
    it('matches the *_id and *_name forms of every synonym', () => {
      for (const base of ['worker', 'agent', 'app', 'workflow']) {
        const m = matched([`${base}_name`, `${base}_id`]);
        assert.equal(m.workerId, `${base}_id`);
        assert.equal(m.workerName, `${base}_name`);
      }
    });
    it('uses a name column alone as the name (the id falls back to it when parsed)', () => {
      const m = matched(['agent_name', 'time', 'cost']);
      assert.equal(m.workerName, 'agent_name');
      assert.equal(m.workerId, undefined);
    });
    it('keeps an explicit name column over a bare column', () => {
      const m = matched(['worker', 'worker_name']);
      assert.equal(m.workerId, 'worker');
      assert.equal(m.workerName, 'worker_name');
    });
  });

  describe('users', () => {
    it('uses an email as the id when there is no user_id', () => {
      for (const email of ['email', 'user_email', 'User Email']) {
        const m = matched([email, 'time', 'cost']);
        assert.equal(m.userId, email);
      }
    });
    it('uses user_id as id and then the email or bare user column as the name', () => {
      assert.deepEqual([matched(['user_id', 'email']).userId, matched(['user_id', 'email']).userName], ['user_id', 'email']);
      assert.deepEqual([matched(['user_id', 'user']).userId, matched(['user_id', 'user']).userName], ['user_id', 'user']);
    });
    it('uses user_name as the name over anything else', () => {
      const m = matched(['user', 'user_name', 'email']);
      assert.equal(m.userId, 'email');
      assert.equal(m.userName, 'user_name');
    });
    it('matches member as a user', () => {
      assert.equal(matched(['member']).userId, 'member');
      assert.equal(matched(['member', 'user_id']).userName, 'member');
    });
    it('uses a bare user column alone as the id', () => {
      const m = matched(['user']);
      assert.equal(m.userId, 'user');
      assert.equal(m.userName, undefined);
    });
  });

  it('matches every header of our own events export, so an export loads back', () => {
    const m = matched([...EVENT_CSV_HEADERS]);
    assert.deepEqual(m, {
      timestamp: 'Timestamp',
      workerId: 'Worker ID',
      workerName: 'Worker',
      userId: 'User ID',
      userName: 'User',
      model: 'Model',
      runs: 'Runs',
      cost: 'Cost',
      inputTokens: 'Input Tokens',
      outputTokens: 'Output Tokens',
      team: 'Team',
    });
  });

  it('takes the first of two headers that normalise alike', () => {
    assert.equal(matchColumns(['Cost', 'cost', 'time']).columns.cost, 0);
  });

  it('leaves unmatched fields at -1 and ignores unknown headers', () => {
    const { columns } = matchColumns(['foo', 'bar']);
    for (const field of USAGE_FIELDS) assert.equal(columns[field], -1);
  });

  describe('explicit mapping', () => {
    it('overrides the guess for the fields it names', () => {
      const headers = ['cost', 'Amount EUR', 'when', 'timestamp'];
      const { columns, missing } = matchColumns(headers, { cost: 'Amount EUR', timestamp: 'when' });
      assert.equal(columns.cost, 1);
      assert.equal(columns.timestamp, 2);
      assert.deepEqual(missing, []);
    });
    it('matches a mapped header after normalising when it is not written exactly', () => {
      assert.equal(matchColumns(['Amount EUR'], { cost: 'amount_eur' }).columns.cost, 0);
    });
    it('does not guess a column the mapping claimed for another field', () => {
      // `agent` would be guessed as the worker id; mapped to the user it must not be both.
      const { columns } = matchColumns(['agent', 'operator', 'time', 'cost'], { userId: 'agent', workerId: 'operator' });
      assert.equal(columns.userId, 0);
      assert.equal(columns.workerId, 1);
      assert.equal(columns.workerName, -1);
    });
    it('reports mapped headers that are not in the file', () => {
      const { columns, missing } = matchColumns(['time', 'cost'], { cost: 'price' });
      assert.deepEqual(missing, [{ field: 'cost', header: 'price' }]);
      assert.equal(columns.cost, -1, 'a missing mapped column is not replaced by a guess');
    });
    it('ignores empty mapping entries', () => {
      assert.equal(matchColumns(['time', 'cost'], { cost: '' }).columns.cost, 1);
    });
  });

  it('never throws and returns in-range indexes for arbitrary headers', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 12 }), { maxLength: 15 }), (headers) => {
        const { columns } = matchColumns(headers);
        for (const field of USAGE_FIELDS) {
          const i = columns[field];
          assert.ok(i === -1 || (i >= 0 && i < headers.length));
        }
      }),
    );
  });
});
