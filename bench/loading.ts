/**
 * The loading figures of `npm run bench`: the engine's worker pool against one thread, how long
 * the main thread ever stalls meanwhile, memory held after a load, and the CLI against DuckDB on
 * the same question.
 */
import { spawn } from 'node:child_process';
import { loadSegments, loadUsage } from '../src/core/engine/loadUsage';
import { type EnginePool } from '../src/core/engine/pool';
import { loadUsageFile } from '../src/core/sources/files/load';
import { UsageStore, type StoreColumns, type StoreSource } from '../src/core/store';
import { StoreBuilder } from '../src/core/storeBuilder';
import { combineStoresOffThread } from '../src/core/engine/combine';

const SOURCE: StoreSource = { id: 'files', label: 'usage files', runsKnown: true };
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

/** Loads one file on this thread, as the extension did before workers. */
export async function loadSingleThreaded(file: string): Promise<UsageStore> {
  const builder = new StoreBuilder();
  await loadUsageFile(file, builder);
  return builder.build();
}

/** Loads one file in the pool's workers (`chunks`: cut into at most that many; default one per worker). */
export async function loadInWorkers(file: string, pool: EnginePool, chunks?: number): Promise<UsageStore> {
  const { store, failures } = await loadUsage([{ source: SOURCE, files: [{ name: file, path: file }] }], { pool, chunks });
  if (failures.length > 0) throw failures[0].error;
  return store;
}

/** Runs `work` while a 1 ms timer ticks on this thread; the longest gap between ticks (or work's start and end) is the longest stall. */
export async function withStallProbe<T>(work: () => Promise<T>): Promise<{ result: T; longestStallMs: number; ms: number }> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  const t0 = performance.now();
  try {
    const result = await work();
    const end = performance.now();
    longest = Math.max(longest, end - last);
    return { result, longestStallMs: longest, ms: end - t0 };
  } finally {
    clearInterval(timer);
  }
}

/**
 * Heap plus array buffers held after `load`, per event (garbage collected first). The store's
 * columns arrive as buffers transferred from a worker, which this thread's counters do not all
 * see, so they are counted by their byte lengths, and the heap by its growth.
 */
export async function heldBytesPerEvent(load: () => Promise<UsageStore>): Promise<{ bytesPerEvent: number; store: UsageStore }> {
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const store = await load();
  gc();
  gc();
  const heap = process.memoryUsage().heapUsed - before;
  return { bytesPerEvent: (heap + store.byteSize()) / store.length, store };
}

/** The longest gap of the same 1 ms timer while this thread does nothing for `ms`: the machine's own noise floor. */
export async function idleStall(ms: number): Promise<number> {
  return (await withStallProbe(() => new Promise<void>((resolve) => setTimeout(resolve, ms)))).longestStallMs;
}

/** Wall time of a command from spawn to exit, in ms (its standard output is read and dropped). */
function timeProcess(command: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.resume();
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}

const DUCKDB_SCRIPT = `
const { DuckDBInstance } = require('@duckdb/node-api');
(async () => {
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  const file = process.argv[1].replace(/'/g, "''");
  const reader = await connection.runAndReadAll("select model, sum(runs), sum(cost), count(distinct \\"user\\") from read_csv('" + file + "') group by model");
  process.stdout.write(JSON.stringify(reader.getRowObjectsJson()));
})();`;

/**
 * What two cores of this machine give on independent work: one worker parses the whole file, then
 * two workers parse a whole copy each, side by side (no cutting, no merge), alternating over
 * `rounds`. The ceiling is twice the one over the pair: a load in workers cannot beat one thread
 * by more, since it also cuts the file and merges the halves.
 */
export async function twoCoreCeiling(file: string, pool: EnginePool, rounds = 3): Promise<{ oneMs: number; pairMs: number; ceiling: number }> {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const parse = async (copies: number) => {
    const files = Array.from({ length: copies }, (_, i) => ({ name: `copy ${i + 1}`, path: file }));
    const t0 = performance.now();
    const { failures } = await loadSegments([{ source: SOURCE, files }], { pool, chunks: 1 });
    if (failures.length > 0) throw failures[0].error;
    return performance.now() - t0;
  };
  const one: number[] = [];
  const pair: number[] = [];
  for (let round = 0; round < rounds; round++) {
    gc();
    one.push(await parse(1));
    gc();
    pair.push(await parse(2));
  }
  const oneMs = median(one);
  const pairMs = median(pair);
  return { oneMs, pairMs, ceiling: (2 * oneMs) / pairMs };
}

/** Whole-process times (median of `runs`) of the CLI's by-model export and of DuckDB answering the same question. */
export async function cliVersusDuckdb(file: string, cli: string, runs = 3): Promise<{ cliMs: number; duckdbMs: number | undefined }> {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const cliTimes: number[] = [];
  const duckTimes: number[] = [];
  let duckdb = true;
  for (let i = 0; i < runs; i++) {
    cliTimes.push(await timeProcess(process.execPath, [cli, 'export', '--by', 'model', '--input', file, '--range', 'all', '--format', 'json']));
    if (duckdb) {
      try {
        duckTimes.push(await timeProcess(process.execPath, ['-e', DUCKDB_SCRIPT, file]));
      } catch {
        duckdb = false; // @duckdb/node-api not installed: the CLI figure alone
      }
    }
  }
  return { cliMs: median(cliTimes), duckdbMs: duckTimes.length > 0 ? median(duckTimes) : undefined };
}

/** Two sources of half a store's events each (columns copied), combined as the host combines several sources. */
export async function combineTwoSources(
  store: UsageStore,
  pool: EnginePool,
): Promise<{ result: UsageStore; longestStallMs: number; ms: number; events: number }> {
  const half = Math.floor(store.length / 2);
  const part = (from: number, to: number, id: string) => {
    const columns = {} as Record<string, ArrayBufferView>;
    for (const [key, column] of Object.entries(store.columns) as [string, Float64Array | undefined][]) if (column) columns[key] = column.slice(from, to);
    const dictionaries = { workers: store.workers, users: store.users, models: store.models, teams: store.teams };
    return { store: new UsageStore(to - from, columns as unknown as StoreColumns, dictionaries, [store.sources[0]], 0), source: { id, label: id } };
  };
  const parts = [part(0, half, 'a'), part(half, store.length, 'b')];
  const run = await withStallProbe(() => combineStoresOffThread(parts, { pool }));
  return { ...run, events: half };
}
