/**
 * Agent logs through the engine's worker pool. The log files are split into one part per worker
 * (balanced by size) and parsed in parallel; one more job merges the parts, prices the requests
 * and builds the store, whose columns come back as transferred buffers. The extension host's
 * main thread only finds the files, starts the jobs and receives the store.
 */
import { stat } from 'node:fs/promises';
import { defaultPool, type EnginePool } from '../../engine/pool';
import { beginSegment, segmentTransfers, storeFromPlain, storeToPlain, takeSegment, type PlainStore, type UsageSegment } from '../../engine/segment';
import { type LoadReport } from '../files/report';
import { type StoreSource, type UsageStore } from '../../store';
import { StoreBuilder } from '../../storeBuilder';
import {
  AGENT_LOG_LABELS,
  type AgentLogKind,
  type AgentLogLoad,
  type AgentLogOptions,
  finishAgentLogs,
  findAgentLogs,
  loadAgentLogs,
  parseLogFiles,
  type ParsedLogs,
} from './load';
import { type AgentLogReport } from './report';

/** What a worker needs to load one agent's logs (plain data: it crosses threads). */
export interface AgentLogJob {
  kind: AgentLogKind;
  options: Omit<AgentLogOptions, 'signal' | 'onProgress'>;
}

export interface AgentLogStore {
  store: UsageStore;
  report: AgentLogReport;
  searched: string[];
}

/** The store source of an agent's logs: one request is one run; spend is an estimate. */
export function agentLogSource(kind: AgentLogKind): StoreSource {
  return { id: kind, label: `${AGENT_LOG_LABELS[kind]} logs`, runsKnown: true };
}

/** Loads an agent's logs into a store of its own, on the calling thread. */
export async function buildAgentLogStore(job: AgentLogJob): Promise<AgentLogStore> {
  return storeOf(job.kind, await loadAgentLogs(job.kind, job.options));
}

function storeOf(kind: AgentLogKind, load: AgentLogLoad): AgentLogStore {
  const builder = new StoreBuilder(Math.max(1024, load.events.length));
  builder.beginSource(agentLogSource(kind));
  builder.addAll(load.events);
  return { store: builder.build(), report: load.report, searched: load.searched };
}

/** A worker's job: parse one part of the files, or finish a load from the parsed parts (into a store, or a segment to merge with other sources). */
export type AgentLogWorkerJob =
  | { step: 'parse'; kind: AgentLogKind; files: string[]; roots: string[] }
  | { step: 'finish'; kind: AgentLogKind; parts: ParsedLogs[]; searched: string[]; options: AgentLogJob['options']; into: 'store' | 'segment' };

/** The worker's side of a job; a finished store or segment goes back as plain data, its buffers transferred. */
export async function agentLogJobResult(
  job: AgentLogWorkerJob,
): Promise<{ result: ParsedLogs | PlainAgentLogStore | AgentLogSegment; transfer: ArrayBuffer[] }> {
  if (job.step === 'parse') return { result: await parseLogFiles(job.kind, job.files, job.roots), transfer: [] };
  const load = await finishAgentLogs(job.kind, job.parts, job.searched, job.options);
  if (job.into === 'segment') {
    const segment = segmentOf(job.kind, load);
    return { result: { segment, report: load.report, searched: load.searched }, transfer: segmentTransfers(segment) };
  }
  const { store, report, searched } = storeOf(job.kind, load);
  const { plain, transfer } = storeToPlain(store);
  return { result: { store: plain, report, searched }, transfer };
}

/** An agent's events as an engine segment, merged with other sources' segments into one view. */
export interface AgentLogSegment {
  segment: UsageSegment;
  report: AgentLogReport;
  searched: string[];
}

function segmentOf(kind: AgentLogKind, load: AgentLogLoad): UsageSegment {
  const builder = new StoreBuilder(Math.max(1024, load.events.length));
  const source = agentLogSource(kind);
  beginSegment(builder, source);
  builder.addAll(load.events);
  const n = load.events.length;
  const report: LoadReport = { file: source.label, format: 'ndjson', rows: n, added: n, duplicates: 0, skipped: 0, samples: [] };
  return takeSegment(builder, report, { file: source.label, start: 0, end: 0, lines: 0 });
}

export interface PlainAgentLogStore {
  store: PlainStore;
  report: AgentLogReport;
  searched: string[];
}

/** Loads an agent's logs in the worker pool, parsing on every worker; aborting terminates the workers at once. */
export async function loadAgentLogStore(job: AgentLogJob, options: { pool?: EnginePool; signal?: AbortSignal } = {}): Promise<AgentLogStore> {
  const result = await runInPool<PlainAgentLogStore>(job, 'store', options);
  return { store: storeFromPlain(result.store), report: result.report, searched: result.searched };
}

/** As loadAgentLogStore, but the events come back as a segment, to merge with other sources (mergeFileSegments). */
export function loadAgentLogSegment(job: AgentLogJob, options: { pool?: EnginePool; signal?: AbortSignal } = {}): Promise<AgentLogSegment> {
  return runInPool<AgentLogSegment>(job, 'segment', options);
}

async function runInPool<T>(job: AgentLogJob, into: 'store' | 'segment', options: { pool?: EnginePool; signal?: AbortSignal }): Promise<T> {
  const pool = options.pool ?? defaultPool();
  const { kind } = job;
  const found = await findAgentLogs(kind, job.options);
  const groups = await balance(found.files, pool.size);
  const parts = await Promise.all(
    groups.map((files) => pool.run<ParsedLogs>({ kind: 'agentLogs', job: { step: 'parse', kind, files, roots: found.searched } }, [], options.signal)),
  );
  const finish: AgentLogWorkerJob = { step: 'finish', kind, parts, searched: found.searched, options: job.options, into };
  return pool.run<T>({ kind: 'agentLogs', job: finish }, [], options.signal);
}

/** Splits files into up to `n` parts of about equal bytes (the largest first, each to the lightest part), each in path order. */
async function balance(files: readonly string[], n: number): Promise<string[][]> {
  if (n <= 1 || files.length <= 1) return [[...files]];
  const sizes = await Promise.all(
    files.map((file) =>
      stat(file).then(
        (s) => s.size,
        () => 0,
      ),
    ),
  );
  const order = files.map((_, i) => i).sort((a, b) => sizes[b] - sizes[a]);
  const parts = Array.from({ length: Math.min(n, files.length) }, () => ({ bytes: 0, files: [] as number[] }));
  for (const i of order) {
    const lightest = parts.reduce((a, b) => (b.bytes < a.bytes ? b : a));
    lightest.bytes += sizes[i];
    lightest.files.push(i);
  }
  return parts.map((part) => part.files.sort((a, b) => a - b).map((i) => files[i]));
}
