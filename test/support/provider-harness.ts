import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { type UsageEvent } from '../../src/core/model';
import { type Ledger, type MountOptions } from './provider-fixtures';
import { ProviderServer, type RecordedProviderRequest } from './provider-server';
import { type Tokens } from './ledger-sums';

/** A loopback provider server with a fresh ledger and cache folder for each test (mocha hooks). */
export interface ProviderHarness<L extends Ledger> {
  readonly server: ProviderServer;
  readonly ledger: L;
  readonly dir: string;
  /** Serves the same ledger again with other options (e.g. forbidden lists). */
  remount(options: MountOptions): Promise<void>;
}

export function useProviderServer<L extends Ledger>(
  makeLedger: () => L,
  mount: (server: ProviderServer, ledger: L, options?: MountOptions) => void,
): ProviderHarness<L> {
  const state = {} as { server: ProviderServer; ledger: L; dir: string };
  const start = async (options?: MountOptions): Promise<void> => {
    state.server = new ProviderServer();
    mount(state.server, state.ledger, options);
    await state.server.start();
  };
  beforeEach(async () => {
    state.ledger = makeLedger();
    await start();
    state.dir = await mkdtemp(join(tmpdir(), 'provider-src-'));
  });
  afterEach(async () => {
    await state.server.close();
    await rm(state.dir, { recursive: true, force: true });
  });
  return {
    get server() {
      return state.server;
    },
    get ledger() {
      return state.ledger;
    },
    get dir() {
      return state.dir;
    },
    async remount(options) {
      await state.server.close();
      await start(options);
    },
  };
}

/** Runs the CLI with the given environment; the JSON it printed when it succeeded. */
export async function runCli<T>(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; json: T; stderr: string[] }> {
  let stdout = '';
  const stderr: string[] = [];
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (l) => stderr.push(l), env });
  return { code, json: (code === 0 ? JSON.parse(stdout) : {}) as T, stderr };
}

/** Asserts the key went only in `header` (with the value `expected`) of every request: no other header, no URL. */
export function assertKeyOnlyIn(requests: readonly RecordedProviderRequest[], header: string, expected: string, key: string): void {
  assert.ok(requests.length > 0, 'requests were made');
  for (const request of requests) {
    assert.equal(request.headers[header], expected);
    const elsewhere = Object.entries(request.headers).filter(([name, value]) => name !== header && String(value).includes(key));
    assert.deepEqual(elsewhere, []);
    assert.ok(!request.url.includes(key));
  }
}

/** Token sums by model of the events that carry tokens. */
export function eventTokensByModel(events: readonly UsageEvent[]): Map<string, Tokens> {
  const sums = new Map<string, Tokens>();
  for (const e of events) {
    if (e.inputTokens === undefined) continue;
    const t = sums.get(e.model) ?? { input: 0, cacheRead: 0, cacheWrite: 0, output: 0 };
    t.input += e.inputTokens;
    t.cacheRead += e.cacheReadTokens ?? 0;
    t.cacheWrite += e.cacheWriteTokens ?? 0;
    t.output += e.outputTokens ?? 0;
    sums.set(e.model, t);
  }
  return sums;
}

/** Token fields of export rows that have any, by row id. */
export function rowTokens(
  rows: ReadonlyArray<{ id: string; inputTokens?: number; cacheReadTokens?: number; cacheWriteTokens?: number; outputTokens?: number }>,
): Map<string, Partial<Tokens>> {
  return new Map(
    rows
      .filter((r) => (r.inputTokens ?? 0) + (r.cacheReadTokens ?? 0) + (r.outputTokens ?? 0) > 0)
      .map((r) => [r.id, { input: r.inputTokens, cacheRead: r.cacheReadTokens, cacheWrite: r.cacheWriteTokens, output: r.outputTokens }]),
  );
}
