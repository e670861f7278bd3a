/**
 * `npm run bench`: the engine at a million events. Generates 1,000,000 events over 180 days
 * (20 workers, 2,000 users, 10 models), writes them as CSV, ingests the file through the file
 * source, and times what the dashboard needs for a range, a range change, and exports.
 * Prints a table with the measured figures next to the targets.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { exportUsage } from '../src/core/exportUsage';
import { computeInsights } from '../src/core/insights/insights';
import { breakdown, drillDown, queryUsage, resolveStoreRange } from '../src/core/query';
import { EnginePool } from '../src/core/engine/pool';
import { trendStack } from '../src/core/trendStack';
import { generateDemoEvents } from '../src/core/sources/demo';
import { cliVersusDuckdb, combineTwoSources, heldBytesPerEvent, idleStall, loadInWorkers, loadSingleThreaded, twoCoreCeiling, withStallProbe } from './loading';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const NOW = Date.parse('2026-11-26T12:00:00Z');
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time<T>(fn: () => T, runs: number): { median: number; p95: number; result: T } {
  let result = fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: median(times), p95: times[Math.min(times.length - 1, Math.floor(times.length * 0.95))], result };
}

/** A UUID-shaped id for event n (deterministic, looks random): the other common id shape. */
function uuidOf(n: number): string {
  let h = Math.imul(n ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  const parts: string[] = [];
  for (let k = 0; k < 4; k++) {
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
    parts.push(h.toString(16).padStart(8, '0'));
  }
  const hex = parts.join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

type DemoEvent = ReturnType<typeof generateDemoEvents> extends Iterable<infer E> ? E : never;

/** Writes the bench's events, a header then one line per event. */
async function writeEvents(path: string, header: string, lineOf: (e: DemoEvent, n: number) => string): Promise<number> {
  const out = createWriteStream(path);
  out.write(header);
  let n = 0;
  let buffer = '';
  for (const e of generateDemoEvents({ now: NOW, eventsPerDay: 5_700, workers: 20, users: 2_000, models: 10, seed: 7 })) {
    if (n === EVENTS) break;
    buffer += lineOf(e, n);
    n++;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  return n;
}

/** Writes the bench's events as CSV: with names and token columns, or (`plain`) the columns of a typical export only. */
function writeCsv(path: string, idOf: (n: number) => string, plain = false): Promise<number> {
  const header = plain
    ? 'id,timestamp,worker,user,model,runs,cost\n'
    : 'id,timestamp,worker_id,worker_name,user_id,user_name,model,runs,cost,input_tokens,output_tokens\n';
  return writeEvents(path, header, (e, n) => {
    const name = e.workerName.includes(',') ? `"${e.workerName}"` : e.workerName;
    const time = new Date(e.timestamp).toISOString();
    const cost = (e.costMicros / 1e6).toFixed(6);
    return plain
      ? `${idOf(n)},${time},${e.workerId},${e.userId},${e.model},${e.runs},${cost}\n`
      : `${idOf(n)},${time},${e.workerId},${name},${e.userId},${e.userName},${e.model},${e.runs},${cost},${e.inputTokens},${e.outputTokens}\n`;
  });
}

/** Writes the bench's events as NDJSON, one object per line with the keys of the CSV with names and tokens. */
function writeNdjson(path: string): Promise<number> {
  return writeEvents(
    path,
    '',
    (e, n) =>
      `${JSON.stringify({
        id: `ev-${n}`,
        timestamp: new Date(e.timestamp).toISOString(),
        worker_id: e.workerId,
        worker_name: e.workerName,
        user_id: e.userId,
        user_name: e.userName,
        model: e.model,
        runs: e.runs,
        cost: Number((e.costMicros / 1e6).toFixed(6)),
        input_tokens: e.inputTokens,
        output_tokens: e.outputTokens,
      })}\n`,
  );
}

const fmt = (x: number, digits = 1) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The id of the store's first worker: a budgeted entity for the bench. */
function view0Worker(store: { workers: { ids: string[] } }): string {
  return store.workers.ids[0];
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'usage-bench-'));
  try {
    const pool = new EnginePool();
    // Held memory first, on a fresh heap: a file of the columns a typical export has (no tokens).
    const plainFile = join(dir, 'plain.usage.csv');
    await writeCsv(plainFile, (n) => `ev-${n}`, true);
    const plainBytes = (await stat(plainFile)).size;
    const warmFile = join(dir, 'warm.usage.csv');
    await writeFile(warmFile, 'timestamp,cost\n2026-11-01T00:00:00Z,1\n');
    await loadInWorkers(warmFile, pool); // starts the workers
    const held = await heldBytesPerEvent(() => loadInWorkers(plainFile, pool));
    const heldStore = held.store;
    const heldColumns = heldStore.byteSize() / heldStore.length;

    // Event ids like ev-123 (numbered: de-duplicated in a bitset) and UUIDs (kept in a Set).
    const file = join(dir, 'events.usage.csv');
    const written = await writeCsv(file, (n) => `ev-${n}`);
    const bytes = (await stat(file)).size;
    gc();
    const single = await withStallProbe(() => loadSingleThreaded(file));
    if (single.result.length !== written) throw new Error(`ingested ${single.result.length} of ${written} events`);
    gc();
    const workers = await withStallProbe(() => loadInWorkers(file, pool));
    const store = workers.result;
    if (store.length !== written) throw new Error(`ingested ${store.length} of ${written} events in workers`);

    const idle = await idleStall(Math.min(5000, workers.ms));
    // The first loads above run code neither thread has compiled yet; a reload (a saved file, a
    // refresh) runs warm. Both ways again, alternating, three rounds: the medians compare like with like.
    const warmSingle: number[] = [];
    const warmWorkers: number[] = [];
    for (let round = 0; round < 3; round++) {
      gc();
      warmSingle.push((await withStallProbe(() => loadSingleThreaded(file))).ms);
      gc();
      warmWorkers.push((await withStallProbe(() => loadInWorkers(file, pool))).ms);
    }
    const warm = { single: median(warmSingle), workers: median(warmWorkers) };
    const ceiling = await twoCoreCeiling(file, pool);
    const uuidFile = join(dir, 'uuid-events.usage.csv');
    await writeCsv(uuidFile, uuidOf);
    const uuidBytes = (await stat(uuidFile)).size;
    gc();
    const uuid = await withStallProbe(() => loadInWorkers(uuidFile, pool));
    if (uuid.result.length !== written) throw new Error(`ingested ${uuid.result.length} of ${written} UUID events`);
    await rm(uuidFile);
    // NDJSON: cut into chunks like CSV, against one thread and against one worker (how it loaded before).
    const ndjsonFile = join(dir, 'events.usage.ndjson');
    await writeNdjson(ndjsonFile);
    const ndjsonMib = (await stat(ndjsonFile)).size / 1024 / 1024;
    gc();
    const ndjsonSingle = await withStallProbe(() => loadSingleThreaded(ndjsonFile));
    gc();
    const ndjsonOneWorker = await withStallProbe(() => loadInWorkers(ndjsonFile, pool, 1));
    gc();
    const ndjson = await withStallProbe(() => loadInWorkers(ndjsonFile, pool));
    for (const load of [ndjsonSingle, ndjsonOneWorker, ndjson])
      if (load.result.length !== written) throw new Error(`ingested ${load.result.length} of ${written} NDJSON events`);
    await rm(ndjsonFile);
    const combined = await combineTwoSources(store, pool);
    if (combined.result.length !== store.length) throw new Error(`combined ${combined.result.length} of ${store.length} events`);
    const cli = await cliVersusDuckdb(plainFile, join(__dirname, 'cli.js'));
    await pool.dispose();

    const rangeOpts = { now: NOW, timeZone: 'UTC' };
    const all = resolveStoreRange(store, 'all', rangeOpts);
    const d30 = resolveStoreRange(store, '30d', rangeOpts);
    const d90 = resolveStoreRange(store, '90d', rangeOpts);
    const berlin = resolveStoreRange(store, 'all', { now: NOW, timeZone: 'Europe/Berlin' });
    const everything = (range: typeof all) => () => {
      const view = queryUsage(store, range);
      const slices = [breakdown(view.tables.worker), breakdown(view.tables.user), breakdown(view.tables.model)];
      // A range without events (BENCH_EVENTS small: the last 30 days are empty) has no worker to drill into.
      const top = view.tables.worker[0];
      const drill = top === undefined ? undefined : drillDown(store, range, 'worker', top.id);
      return { view, slices, drill };
    };
    const forAll = time(everything(all), 15);
    const forAllBerlin = time(everything(berlin), 15);
    const for30 = time(everything(d30), 15);
    let flip = false;
    const rangeChange = time(() => {
      flip = !flip;
      return queryUsage(store, flip ? d90 : d30);
    }, 15);
    const exportTable = time(() => exportUsage(store, { by: 'worker', format: 'csv', range: all, filters: [], currency: 'USD' }), 5);
    const exportDay = time(() => exportUsage(store, { by: 'day', format: 'json', range: all, filters: [], currency: 'USD' }), 5);
    const exportEvents = time(() => exportUsage(store, { by: 'event', format: 'csv', range: d30, filters: [], currency: 'USD' }), 2);
    const budgets = [
      { scope: 'workspace' as const, amount: 50_000, period: 'month' as const },
      { scope: 'worker' as const, id: view0Worker(store), amount: 5_000, period: 'month' as const },
    ];
    const insights = time(() => computeInsights(store, all, { now: NOW, budgets }), 15);
    const stackByUser = time(() => trendStack(store, all, 'user'), 15);
    const eventsIn30 = store.lowerBound(d30.current.to) - store.lowerBound(d30.current.from);

    const mib = bytes / 1024 / 1024;
    const rows: [string, string, string][] = [
      ['events', `${written.toLocaleString('en-US')} (${store.workers.size} workers, ${store.users.size} users, ${store.models.size} models, 180 days)`, ''],
      ['CSV file (names, token columns)', `${fmt(mib)} MiB`, ''],
      ["load, one thread (before: on the host's main thread), first load", `${fmt(single.ms / 1000, 2)} s · ${fmt(mib / (single.ms / 1000))} MiB/s`, ''],
      [
        `load in workers (${pool.size} cores), first load`,
        `${fmt(workers.ms / 1000, 2)} s · ${fmt(mib / (workers.ms / 1000))} MiB/s · ${fmt(single.ms / workers.ms, 2)}x one thread`,
        '≥ 1.6x on 2 cores',
      ],
      [
        'reload, one thread vs workers (median of 3 alternating rounds)',
        `${fmt(warm.single / 1000, 2)} s vs ${fmt(warm.workers / 1000, 2)} s · ${fmt(mib / (warm.workers / 1000))} MiB/s · ${fmt(warm.single / warm.workers, 2)}x one thread`,
        '≥ 1.6x on 2 cores',
      ],
      [
        "the cores' ceiling: a whole file parsed by one worker, then by each of two side by side",
        `${fmt(ceiling.oneMs / 1000, 2)} s vs ${fmt(ceiling.pairMs / 1000, 2)} s for the two · ${fmt(ceiling.ceiling, 2)}x one worker at most`,
        '',
      ],
      [
        'longest main-thread stall while loading in workers',
        `${fmt(workers.longestStallMs)} ms (one thread: ${fmt(single.longestStallMs)} ms; the same timer with this thread idle: ${fmt(idle)} ms)`,
        '≤ 50 ms',
      ],
      [
        `load NDJSON in workers vs one thread (${fmt(ndjsonMib)} MiB)`,
        `${fmt(ndjson.ms / 1000, 2)} s · ${fmt(ndjsonSingle.ms / ndjson.ms, 2)}x one thread (${fmt(ndjsonSingle.ms / 1000, 2)} s) · ${fmt(ndjsonOneWorker.ms / ndjson.ms, 2)}x one worker (${fmt(ndjsonOneWorker.ms / 1000, 2)} s) · stall ${fmt(ndjson.longestStallMs)} ms`,
        '≥ 1.6x on 2 cores',
      ],
      [
        'load in workers, UUID ids',
        `${fmt(uuidBytes / 1024 / 1024 / (uuid.ms / 1000))} MiB/s · ${fmt(uuid.ms / 1000, 2)} s · stall ${fmt(uuid.longestStallMs)} ms`,
        '≥ 80 MiB/s',
      ],
      [
        `combine two sources of ${(combined.events / 1000).toLocaleString('en-US')}k events: longest main-thread stall`,
        `${fmt(combined.longestStallMs)} ms (combined in ${fmt(combined.ms / 1000, 2)} s in a worker)`,
        '≤ 50 ms',
      ],
      [
        `held after a load, no token columns (${fmt(plainBytes / 1e6)} MB file)`,
        `${fmt(held.bytesPerEvent)} bytes/event (columns ${fmt(heldColumns)}, dictionaries and the rest ${fmt(held.bytesPerEvent - heldColumns)})`,
        '≤ 40 bytes/event',
      ],
      [
        `CLI export --by model, whole process (${fmt(plainBytes / 1e6)} MB file)`,
        cli.duckdbMs === undefined
          ? `${fmt(cli.cliMs / 1000, 2)} s (DuckDB not installed)`
          : `${fmt(cli.cliMs / 1000, 2)} s · DuckDB ${fmt(cli.duckdbMs / 1000, 2)} s · ${fmt(cli.cliMs / cli.duckdbMs, 2)}x DuckDB`,
        '≤ 1.5x DuckDB',
      ],
      ['store memory (columns, with token columns)', `${fmt(store.byteSize() / store.length)} bytes/event`, ''],
      ['everything for a range, all 180 days (UTC)', `${fmt(forAll.median)} ms median · ${fmt(forAll.p95)} ms p95`, '≤ 50 ms'],
      ['everything for a range, all 180 days (Europe/Berlin)', `${fmt(forAllBerlin.median)} ms median · ${fmt(forAllBerlin.p95)} ms p95`, '≤ 50 ms'],
      ['everything for a range, last 30 days', `${fmt(for30.median)} ms median · ${fmt(for30.p95)} ms p95`, '≤ 50 ms'],
      [
        `insights: forecast, spikes with drivers (${insights.result.spikes.length}), movers, budgets, all 180 days`,
        `${fmt(insights.median)} ms median · ${fmt(insights.p95)} ms p95`,
        '≤ 20 ms',
      ],
      ['trend stacked by user (top 5 + Other), all 180 days', `${fmt(stackByUser.median)} ms median · ${fmt(stackByUser.p95)} ms p95`, '≤ 20 ms'],
      ['range change (30d ↔ 90d view)', `${fmt(rangeChange.median)} ms median · ${fmt(rangeChange.p95)} ms p95`, ''],
      ['export worker table (CSV, all)', `${fmt(exportTable.median)} ms`, ''],
      ['export daily series (JSON, all)', `${fmt(exportDay.median)} ms`, ''],
      [
        `export raw events (CSV, 30 days: ${eventsIn30.toLocaleString('en-US')} events)`,
        `${fmt(exportEvents.median)} ms · ${fmt(exportEvents.result.length / 1024 / 1024)} MiB`,
        '',
      ],
    ];
    const w0 = Math.max(...rows.map((r) => r[0].length));
    const w1 = Math.max(...rows.map((r) => r[1].length));
    console.log(`\nUsage Explorer benchmark · node ${process.version} · ${process.arch}\n`);
    console.log(`| ${'measure'.padEnd(w0)} | ${'measured'.padEnd(w1)} | target |`);
    console.log(`| ${'-'.repeat(w0)} | ${'-'.repeat(w1)} | ------ |`);
    for (const [a, b, c] of rows) console.log(`| ${a.padEnd(w0)} | ${b.padEnd(w1)} | ${c} |`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
