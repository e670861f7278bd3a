/**
 * `npm run bench`: the engine at a million events. Generates 1,000,000 events over 180 days
 * (20 workers, 2,000 users, 10 models), writes them as CSV, ingests the file through the file
 * source, and times what the dashboard needs for a range, a range change, and exports.
 * Prints a table with the measured figures next to the targets.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { exportUsage } from '../src/core/exportUsage';
import { breakdown, drillDown, queryUsage, resolveStoreRange } from '../src/core/query';
import { StoreBuilder } from '../src/core/store';
import { generateDemoEvents } from '../src/core/sources/demo';
import { loadUsageFile } from '../src/core/sources/files/load';

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

async function writeCsv(path: string, idOf: (n: number) => string): Promise<number> {
  const out = createWriteStream(path);
  out.write('id,timestamp,worker_id,worker_name,user_id,user_name,model,runs,cost,input_tokens,output_tokens\n');
  let n = 0;
  let buffer = '';
  for (const e of generateDemoEvents({ now: NOW, eventsPerDay: 5_700, workers: 20, users: 2_000, models: 10, seed: 7 })) {
    if (n === EVENTS) break;
    const name = e.workerName.includes(',') ? `"${e.workerName}"` : e.workerName;
    buffer += `${idOf(n)},${new Date(e.timestamp).toISOString()},${e.workerId},${name},${e.userId},${e.userName},${e.model},${e.runs},${(e.costMicros / 1e6).toFixed(6)},${e.inputTokens},${e.outputTokens}\n`;
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

const fmt = (x: number, digits = 1) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'usage-bench-'));
  try {
    // Event ids like run-123 (numbered: de-duplicated in a bitset) and UUIDs (kept in a Set).
    const file = join(dir, 'events.usage.csv');
    const written = await writeCsv(file, (n) => `ev-${n}`);
    const bytes = (await stat(file)).size;
    const uuidFile = join(dir, 'uuid-events.usage.csv');
    await writeCsv(uuidFile, uuidOf);
    const uuidBytes = (await stat(uuidFile)).size;
    gc();
    const u0 = performance.now();
    const uuidReport = await loadUsageFile(uuidFile, new StoreBuilder());
    const uuidMs = performance.now() - u0;
    if (uuidReport.added !== written) throw new Error(`ingested ${uuidReport.added} of ${written} UUID events`);
    await rm(uuidFile);

    gc();
    const heapBefore = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    const t0 = performance.now();
    // The builder goes out of scope once built, as in the extension: only the store stays.
    const { store, report } = await (async () => {
      const builder = new StoreBuilder();
      const loaded = await loadUsageFile(file, builder);
      return { store: builder.build(), report: loaded };
    })();
    const ingestMs = performance.now() - t0;
    gc();
    const heapAfter = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    if (report.added !== written) throw new Error(`ingested ${report.added} of ${written} events`);

    const rangeOpts = { now: NOW, timeZone: 'UTC' };
    const all = resolveStoreRange(store, 'all', rangeOpts);
    const d30 = resolveStoreRange(store, '30d', rangeOpts);
    const d90 = resolveStoreRange(store, '90d', rangeOpts);
    const berlin = resolveStoreRange(store, 'all', { now: NOW, timeZone: 'Europe/Berlin' });
    const everything = (range: typeof all) => () => {
      const view = queryUsage(store, range);
      const slices = [breakdown(view.tables.worker), breakdown(view.tables.user), breakdown(view.tables.model)];
      const drill = drillDown(store, range, 'worker', view.tables.worker[0].id);
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
    const eventsIn30 = store.lowerBound(d30.current.to) - store.lowerBound(d30.current.from);

    const mib = bytes / 1024 / 1024;
    const rows: [string, string, string][] = [
      ['events', `${written.toLocaleString('en-US')} (${store.workers.size} workers, ${store.users.size} users, ${store.models.size} models, 180 days)`, ''],
      ['CSV file', `${fmt(mib)} MiB`, ''],
      ['CSV ingest, numbered ids (ev-1, ev-2, …)', `${fmt(mib / (ingestMs / 1000))} MiB/s · ${Math.round(written / (ingestMs / 1000)).toLocaleString('en-US')} rows/s · ${fmt(ingestMs / 1000, 2)} s`, '≥ 50 MiB/s'],
      ['CSV ingest, UUID ids', `${fmt(uuidBytes / 1024 / 1024 / (uuidMs / 1000))} MiB/s · ${Math.round(written / (uuidMs / 1000)).toLocaleString('en-US')} rows/s · ${fmt(uuidMs / 1000, 2)} s`, '≥ 50 MiB/s'],
      ['store memory (columns)', `${fmt(store.byteSize() / store.length)} bytes/event`, '≤ 40 bytes/event'],
      ['memory held after ingest (heap + array buffers)', `${fmt((heapAfter - heapBefore) / store.length)} bytes/event (columns + name dictionaries)`, ''],
      ['everything for a range, all 180 days (UTC)', `${fmt(forAll.median)} ms median · ${fmt(forAll.p95)} ms p95`, '≤ 50 ms'],
      ['everything for a range, all 180 days (Europe/Berlin)', `${fmt(forAllBerlin.median)} ms median · ${fmt(forAllBerlin.p95)} ms p95`, '≤ 50 ms'],
      ['everything for a range, last 30 days', `${fmt(for30.median)} ms median · ${fmt(for30.p95)} ms p95`, '≤ 50 ms'],
      ['range change (30d ↔ 90d view)', `${fmt(rangeChange.median)} ms median · ${fmt(rangeChange.p95)} ms p95`, ''],
      ['export worker table (CSV, all)', `${fmt(exportTable.median)} ms`, ''],
      ['export daily series (JSON, all)', `${fmt(exportDay.median)} ms`, ''],
      [`export raw events (CSV, 30 days: ${eventsIn30.toLocaleString('en-US')} events)`, `${fmt(exportEvents.median)} ms · ${fmt(exportEvents.result.length / 1024 / 1024)} MiB`, ''],
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
