// Mocha root hooks for the SQL tests: one real PostgreSQL for the whole run, started before the
// first test and stopped (its directory removed) after the last, also when tests fail.
import { startPostgres } from '../harness/postgres.mjs';

let server;

export const mochaHooks = {
  async beforeAll() {
    this.timeout(120_000);
    server = await startPostgres();
    process.env.UE_TEST_PG_URL = server.connectionString;
  },
  async afterAll() {
    this.timeout(30_000);
    await server?.stop();
  },
};
