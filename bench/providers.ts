/**
 * Provider bills on the extension host's thread or in the engine's workers: a large organisation
 * (20 days × 20 projects × 60 users × 3 models = 72,000 usage rows, 4,000 cost results) read from
 * its cache, billed, allocated and built into a store. Prints, for each way, the wall time and the
 * longest the main thread's event loop was blocked (what other extensions would feel), medians
 * of alternating rounds. `npm run bench:providers` (with --expose-gc: each run starts after a collection).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { EnginePool } from '../src/core/engine/pool';
import { openAiProvider } from '../src/core/sources/openai/provider';
import { cacheFilePath, writeProviderCache, CACHE_VERSION, type ProviderCache } from '../src/core/sources/providers/cache';
import { DAY_MS, utcDayKey } from '../src/core/sources/providers/days';
import { loadProviderSource, type ProviderLoadOptions } from '../src/core/sources/providers/load';
import { loadProviderStore } from '../src/core/sources/providers/offThread';
import { providerPrices } from '../src/core/sources/providers/pricing';

const DAYS = 20;
const PROJECTS = 20;
const USERS = 60;
const MODELS = ['gpt-4o-2024-08-06', 'gpt-4o-mini-2024-07-18', 'o3-mini-2025-01-31'];
const ROUNDS = 5;
const TODAY = Date.UTC(2026, 10, 26);
const BASE_URL = 'http://127.0.0.1:9/v1';
const KEY = 'sk-admin-bench';

function largeCache(): ProviderCache {
  const cache: ProviderCache = { version: CACHE_VERSION, kind: 'openai', days: {}, names: { groups: {}, users: {}, apiKeys: {} } };
  for (let d = 0; d < DAYS; d++) {
    const day = TODAY - (DAYS - 1 - d) * DAY_MS;
    const entry: ProviderCache['days'][string] = { fetchedAt: TODAY + 12 * 3_600_000, usage: [], costs: [] };
    for (let p = 0; p < PROJECTS; p++) {
      const group = `proj_${p}`;
      for (const [m, model] of MODELS.entries()) {
        for (let u = 0; u < USERS; u++) {
          const n = 1 + ((d * 7 + p * 13 + u * 17 + m) % 97);
          entry.usage.push({
            day,
            group,
            user: `user_${u}`,
            apiKey: null,
            model,
            requests: n,
            inputTokens: n * 1_000,
            cacheReadTokens: n * 200,
            cacheWriteTokens: 0,
            cacheWrite1hTokens: 0,
            outputTokens: n * 300,
          });
        }
        entry.costs.push({ day, group, model, item: `${model}, input`, micros: 1_000_000 + d * 1_000 + p * 10 + m, currency: 'USD' });
        entry.costs.push({ day, group, model, item: `${model}, output`, micros: 3_000_000 + d * 1_000 + p * 10 + m, currency: 'USD' });
      }
      entry.costs.push({ day, group, model: null, item: 'web search tool', micros: 50_000, currency: 'USD' });
      entry.costs.push({ day, group, model: null, item: 'file search storage', micros: 20_000, currency: 'USD' });
      entry.costs.push({ day, group, model: null, item: 'fine-tuning training', micros: 10_000, currency: 'USD' });
      entry.costs.push({ day, group, model: null, item: 'image generation', micros: 5_000, currency: 'USD' });
    }
    cache.days[utcDayKey(day)] = entry;
  }
  return cache;
}

/** Wall time and the longest event-loop block of one run, in ms. */
async function measure(run: () => Promise<unknown>): Promise<{ wall: number; block: number }> {
  // The garbage an earlier run left (the main-thread way leaves a lot) is collected first, not during this one.
  (globalThis as { gc?: () => void }).gc?.();
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const started = performance.now();
  await run();
  const wall = performance.now() - started;
  delay.disable();
  return { wall, block: delay.max / 1e6 };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'ue-bench-providers-'));
  const pool = new EnginePool(1);
  try {
    await writeProviderCache(cacheFilePath(dir, 'openai', BASE_URL, KEY), largeCache());
    const options: ProviderLoadOptions = {
      baseUrl: BASE_URL,
      key: KEY,
      from: TODAY - (DAYS - 1) * DAY_MS,
      to: TODAY + DAY_MS,
      now: TODAY + 12 * 3_600_000,
      cacheDir: dir,
      cachedOnly: true,
    };
    const price = providerPrices('openai');
    const here = () => loadProviderSource(openAiProvider, { ...options, price });
    const worker = () => loadProviderStore(openAiProvider, options, { pool, label: 'OpenAI' });
    const check = await worker();
    if (check.store.length === 0 || check.billedMicros === 0) throw new Error('the bench organisation billed nothing');
    const results = {
      here: [] as { wall: number; block: number }[],
      worker: [] as { wall: number; block: number }[],
      idle: [] as { wall: number; block: number }[],
    };
    for (let round = 0; round < ROUNDS; round++) {
      results.here.push(await measure(here));
      const off = await measure(worker);
      results.worker.push(off);
      // The same wait with no work at all: how much of a "block" the busy machine itself adds.
      results.idle.push(await measure(() => new Promise((resolve) => setTimeout(resolve, off.wall))));
    }
    const { loadavg } = await import('node:os');
    console.log(`provider bill: ${DAYS * PROJECTS * USERS * MODELS.length} usage rows, ${check.store.length} events; load average ${loadavg()[0].toFixed(2)}`);
    for (const [name, runs] of Object.entries(results)) {
      console.log(
        `  ${name === 'here' ? 'main thread  ' : name === 'worker' ? 'engine worker' : 'idle wait    '}: wall ${median(runs.map((r) => r.wall)).toFixed(0)} ms, longest main-thread block ${median(runs.map((r) => r.block)).toFixed(1)} ms (median of ${ROUNDS})`,
      );
    }
  } finally {
    await pool.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}

void main();
