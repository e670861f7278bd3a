/**
 * An organisation's bill through the engine's worker pool. The extension host's main thread only
 * waits for the provider's pages; reading and writing the organisation's cache (a JSON file of
 * every fetched day), splitting the bill over users (bill.ts, allocate.ts) and building the store
 * run in a worker, and the store comes back as transferred buffers.
 */
import { isMainThread, threadId } from 'node:worker_threads';
import { defaultPool, type EnginePool } from '../../engine/pool';
import { storeFromPlain, storeToPlain, type PlainStore } from '../../engine/segment';
import { type UsageStore } from '../../store';
import { StoreBuilder } from '../../storeBuilder';
import { type PriceOverrides } from '../../pricing/types';
import { anthropicProvider } from '../anthropic/provider';
import { openAiProvider } from '../openai/provider';
import { cachedFetchTimes, finishProviderLoad, loadProviderWith, type FinishJob, type ProviderLoadOptions, type ProviderLoadSummary } from './load';
import { providerNote } from './note';
import { providerPrices } from './pricing';
import { type ProviderKind, type ProviderSpec } from './spec';

const SPECS: Readonly<Record<ProviderKind, ProviderSpec>> = { openai: openAiProvider, anthropic: anthropicProvider };

/** A worker's job: the fetch times of the cached days, or the merge, cache write, bill and store. */
export type ProviderWorkerJob =
  | { step: 'times'; kind: ProviderKind; file: string | undefined }
  | { step: 'finish'; job: FinishJob; overrides?: PriceOverrides; label: string; runsKnown: boolean };

/** The sums of a bill that go back with its store (the events stay in the worker). */
export type BillSums = Omit<ProviderLoadSummary, 'fetchedDays' | 'requests' | 'runsKnown' | 'cachedDays'>;

/** What a finish job sends back: the store as plain data (buffers transferred), the sums, and the thread that did it. */
export interface PlainBilledStore {
  store: PlainStore;
  sums: BillSums;
  /** worker_threads' id of the thread that billed (0 is the main thread): the tests check it. */
  threadId: number;
  mainThread: boolean;
}

/** The worker's side of a job (called by the engine worker, src/core/engine/worker.ts). */
export async function providerJobResult(job: ProviderWorkerJob): Promise<{ result: Record<string, number> | PlainBilledStore; transfer: ArrayBuffer[] }> {
  if (job.step === 'times') return { result: await cachedFetchTimes(job.kind, job.file), transfer: [] };
  const { job: finish, overrides, label, runsKnown } = job;
  const billed = await finishProviderLoad(SPECS[finish.kind], finish, providerPrices(finish.kind, overrides));
  const { events, ...sums } = billed;
  const builder = new StoreBuilder(Math.max(1024, events.length));
  builder.beginSource({ id: finish.sourceId, label, runsKnown, note: providerNote(finish.kind, sums) });
  builder.addAll(events);
  const { plain, transfer } = storeToPlain(builder.build());
  return { result: { store: plain, sums, threadId, mainThread: isMainThread }, transfer };
}

export interface ProviderStoreLoad extends ProviderLoadSummary {
  store: UsageStore;
  /** The thread that billed (see PlainBilledStore). */
  billedOn: { threadId: number; mainThread: boolean };
}

export interface OffThreadOptions {
  pool?: EnginePool;
  overrides?: PriceOverrides;
  /** The store source's label (its note, what is billed and what is allocated, is made with the bill). */
  label: string;
}

/** Loads one organisation with the cache and the bill in the engine's workers; aborting ends the worker at once. */
export async function loadProviderStore(spec: ProviderSpec, options: ProviderLoadOptions, offThread: OffThreadOptions): Promise<ProviderStoreLoad> {
  const pool = offThread.pool ?? defaultPool();
  const signal = options.signal;
  const loaded = await loadProviderWith(spec, options, {
    fetchTimes: (kind, file) => pool.run<Record<string, number>>({ kind: 'providerBill', job: { step: 'times', kind, file } }, [], signal),
    finish: (job) =>
      pool.run<PlainBilledStore>(
        {
          kind: 'providerBill',
          job: { step: 'finish', job, overrides: offThread.overrides, label: offThread.label, runsKnown: spec.runsKnown },
        },
        [],
        signal,
      ),
  });
  const { finished, fetchedDays, requests, cachedDays } = loaded;
  return {
    ...finished.sums,
    store: storeFromPlain(finished.store),
    fetchedDays,
    requests,
    cachedDays,
    runsKnown: spec.runsKnown,
    billedOn: { threadId: finished.threadId, mainThread: finished.mainThread },
  };
}
