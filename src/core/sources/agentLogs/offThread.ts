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
import { type UsageEvent } from '../../model';
import { type StoreSource, type UsageStore } from '../../store';
import { StoreBuilder } from '../../storeBuilder';
import { type FileParse, type LogRange, withRecordsOf } from './fileParse';
import {
  AGENT_LOG_LABELS,
  type AgentLogKind,
  type AgentLogLoad,
  type AgentLogOptions,
  finishAgentLogs,
  findAgentLogs,
  loadAgentLogs,
  parseLogRanges,
} from './load';
import { type LogStamp } from './activeLogs';
import { packedTransfers } from './packed';
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
  addEvents(builder, load.events);
  return { store: builder.build(), report: load.report, searched: load.searched };
}

/** A worker's job: parse some logs (whole, or their appended bytes), or finish a load from the parsed files (into a store, or a segment to merge with other sources). */
export type AgentLogWorkerJob =
  | { step: 'parse'; kind: AgentLogKind; ranges: LogRange[]; roots: string[] }
  | { step: 'finish'; kind: AgentLogKind; files: FileParse[]; searched: string[]; options: AgentLogJob['options']; into: 'store' | 'segment' };

/** The worker's side of a job; parsed records, a finished store or a segment go back with their buffers transferred. */
export async function agentLogJobResult(
  job: AgentLogWorkerJob,
): Promise<{ result: FileParse[] | PlainAgentLogStore | AgentLogSegment; transfer: ArrayBuffer[] }> {
  if (job.step === 'parse') {
    const files = await parseLogRanges(job.kind, job.ranges, job.roots);
    return { result: files, transfer: files.flatMap((file) => packedTransfers(file.records)) };
  }
  const load = await finishAgentLogs(job.kind, job.files, job.searched, job.options);
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
  addEvents(builder, load.events);
  const n = load.events.length;
  const report: LoadReport = { file: source.label, format: 'ndjson', rows: n, added: n, duplicates: 0, skipped: 0, samples: [] };
  return takeSegment(builder, report, { file: source.label, start: 0, end: 0, lines: 0 });
}

/**
 * Adds the requests without claiming their ids: they are unique already (the collector kept one
 * per request), and claiming 200,000 ids again would cost a fifth of the load.
 */
function addEvents(builder: StoreBuilder, events: readonly UsageEvent[]): void {
  for (const e of events) builder.addUnique(e);
}

export interface PlainAgentLogStore {
  store: PlainStore;
  report: AgentLogReport;
  searched: string[];
}

/** Loads an agent's logs in the worker pool, parsing on every worker; aborting terminates the workers at once. */
export async function loadAgentLogStore(job: AgentLogJob, options: { pool?: EnginePool; signal?: AbortSignal } = {}): Promise<AgentLogStore> {
  return new AgentLogLoader().loadStore(job, options);
}

/** As loadAgentLogStore, but the events come back as a segment, to merge with other sources (mergeFileSegments). */
export function loadAgentLogSegment(job: AgentLogJob, options: { pool?: EnginePool; signal?: AbortSignal } = {}): Promise<AgentLogSegment> {
  return new AgentLogLoader(false).run<AgentLogSegment>(job, 'segment', options);
}

interface Listed {
  size: number;
  mtimeMs: number;
  ino: number;
}

/**
 * Loads one agent's logs again and again (the extension's live view), keeping what each file gave:
 * a file that grew is read only from where its complete lines ended (a torn last line is read again
 * once completed); a file that shrank, was replaced or rewritten is read again whole; a file gone
 * is dropped (its requests stay in the kept history when that is on). Every load then merges,
 * de-duplicates and prices all requests again off the main thread, so totals are always those of
 * a full load.
 */
export class AgentLogLoader {
  private files = new Map<string, { parse: FileParse; listed: Listed }>();
  /** Bytes read from the logs by the last load. */
  bytesRead = 0;

  /** `keep`: remember the parsed files for the next load (false for one-shot loads: their buffers are then moved, not copied). */
  constructor(private readonly keep = true) {}

  /** The logs the last load read, with their size and change time then. */
  *listed(): Generator<[string, LogStamp]> {
    for (const [file, entry] of this.files) yield [file, entry.listed];
  }

  async loadStore(job: AgentLogJob, options: { pool?: EnginePool; signal?: AbortSignal } = {}): Promise<AgentLogStore> {
    const result = await this.run<PlainAgentLogStore>(job, 'store', options);
    return { store: storeFromPlain(result.store), report: result.report, searched: result.searched };
  }

  async run<T>(job: AgentLogJob, into: 'store' | 'segment', options: { pool?: EnginePool; signal?: AbortSignal }): Promise<T> {
    const pool = options.pool ?? defaultPool();
    const { kind } = job;
    const found = await findAgentLogs(kind, job.options);
    const listed = await Promise.all(found.files.map(listing));
    const known = this.keep ? this.files : new Map<string, { parse: FileParse; listed: Listed }>();
    const ranges: LogRange[] = [];
    found.files.forEach((file, i) => {
      const now = listed[i];
      const before = known.get(file);
      if (before && now && now.ino === before.listed.ino && now.size === before.listed.size && now.mtimeMs === before.listed.mtimeMs) return;
      if (before && now && now.ino === before.listed.ino && now.size > before.parse.size && before.parse.size === before.listed.size) {
        const { records: _records, ...carry } = before.parse;
        ranges.push({ file, from: before.parse.resume, size: now.size, carry });
      } else ranges.push({ file, from: 0, size: now?.size ?? -1 });
    });
    const parsed = (
      await Promise.all(
        balance(ranges, pool.size).map((part) =>
          pool.run<FileParse[]>({ kind: 'agentLogs', job: { step: 'parse', kind, ranges: part, roots: found.searched } }, [], options.signal),
        ),
      )
    ).flat();
    const next = new Map<string, { parse: FileParse; listed: Listed }>();
    const byFile = new Map(parsed.map((parse) => [parse.file, parse]));
    const appended = new Set(ranges.filter((range) => range.carry).map((range) => range.file));
    this.bytesRead = parsed.reduce((sum, parse) => sum + parse.bytesRead, 0);
    found.files.forEach((file, i) => {
      const fresh = byFile.get(file);
      const before = known.get(file);
      const parse = fresh && before && appended.has(file) ? withRecordsOf(before.parse, fresh) : (fresh ?? before?.parse);
      if (parse) next.set(file, { parse, listed: listed[i] ?? { size: parse.size, mtimeMs: 0, ino: -1 } });
    });
    if (this.keep) this.files = next;
    const files = [...next.values()].map((entry) => entry.parse);
    const finish: AgentLogWorkerJob = { step: 'finish', kind, files, searched: found.searched, options: job.options, into };
    // Kept files are copied to the worker (the next load needs them); a one-shot load moves them.
    const transfer = this.keep ? [] : files.flatMap((file) => packedTransfers(file.records));
    return pool.run<T>({ kind: 'agentLogs', job: finish }, transfer, options.signal);
  }
}

/** A file's size, change time and identity when listed; undefined when it cannot be had (the read reports why). */
function listing(file: string): Promise<Listed | undefined> {
  return stat(file).then(
    (s) => ({ size: s.size, mtimeMs: s.mtimeMs, ino: s.ino }),
    () => undefined,
  );
}

/** Splits ranges into up to `n` parts of about equal bytes (the largest first, each to the lightest part), each in path order. */
function balance(ranges: readonly LogRange[], n: number): LogRange[][] {
  if (ranges.length === 0) return [];
  const bytes = ranges.map((range) => Math.max(0, range.size - range.from));
  const order = ranges.map((_, i) => i).sort((a, b) => bytes[b] - bytes[a]);
  const parts = Array.from({ length: Math.max(1, Math.min(n, ranges.length)) }, () => ({ bytes: 0, ranges: [] as number[] }));
  for (const i of order) {
    const lightest = parts.reduce((a, b) => (b.bytes < a.bytes ? b : a));
    lightest.bytes += bytes[i];
    lightest.ranges.push(i);
  }
  return parts.map((part) => part.ranges.sort((a, b) => a - b).map((i) => ranges[i]));
}
