import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import pg from 'pg';

describe('PostgreSQL test harness', () => {
  it('runs a server on 127.0.0.1 that accepts queries', async () => {
    const url = process.env.UE_TEST_PG_URL;
    assert.ok(url, 'the root hook sets UE_TEST_PG_URL');
    assert.match(url, /^postgresql:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ user: string; addr: string; dir: string }>(
        "SELECT current_user AS user, inet_server_addr()::text AS addr, current_setting('data_directory') AS dir",
      );
      assert.equal(rows[0].user, 'postgres');
      assert.equal(rows[0].addr, '127.0.0.1/32');
      assert.ok(existsSync(rows[0].dir), 'the data directory is a local temporary directory');
    } finally {
      await client.end();
    }
  });
});

describe('startPostgres', () => {
  it('stops the server and removes its directory', async () => {
    const { startPostgres } = await import('../harness/postgres.mjs');
    const server = await startPostgres();
    assert.ok(existsSync(server.dataDir));
    await server.stop();
    assert.equal(existsSync(server.dataDir), false);
    assert.throws(() => process.kill(server.pid, 0), /ESRCH/);
  });
});
