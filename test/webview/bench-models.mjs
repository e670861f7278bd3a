// Builds the benchmark's view models in Node: a 1M-event demo store (20 workers, 2,000 users,
// 10 models, 180 days), then the dashboard view messages for 30 and 90 days, as the host posts them.
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { queryUsage, resolveStoreRange } from '../../src/core/query';
import { loadDemo } from '../../src/core/sources/demo';
import { StoreBuilder } from '../../src/core/storeBuilder';
import { buildDashboardModel } from '../../src/dashboard/viewModel';

const out = process.argv[2];
const now = Date.UTC(2026, 9, 15, 12);
const builder = new StoreBuilder(1 << 20);
const events = loadDemo(builder, { now, eventsPerDay: 5600, workers: 20, users: 2000, models: 10 });
const store = builder.build();
const message = (spec, seq) => {
  const started = performance.now();
  const view = queryUsage(store, resolveStoreRange(store, spec, { now }));
  const model = buildDashboardModel({
    store,
    view,
    source: { kind: 'demo', label: 'Demo data' },
    loadedAt: now,
    skipped: 0,
    warnings: [],
    currency: 'USD',
    focus: null,
    workerPages: false,
    seq,
  });
  const ms = performance.now() - started;
  return { message: { type: 'view', model }, ms };
};
const first = message('30d', 1);
const second = message('90d', 2);
// The same again once the engine's code is warm (the first calls include JIT compilation).
const warm = [message('30d', 3).ms, message('90d', 4).ms];
writeFileSync(out, JSON.stringify({ events: store.length, hostMs: { first: first.ms, second: second.ms }, first: first.message, second: second.message }));
console.log(
  `bench models: ${events} events; host view model 30d ${first.ms.toFixed(1)} ms, 90d ${second.ms.toFixed(1)} ms (first calls); warm ${warm[0].toFixed(1)} ms, ${warm[1].toFixed(1)} ms`,
);
