/**
 * The engine's loading API, for the VS Code host, the CLI and the bench: every parse and merge
 * runs in the worker pool, so the calling thread only starts loads and receives results (the
 * store's columns arrive as transferred ArrayBuffers). Several sources, each with several
 * files, feed one store; big CSV and NDJSON files are cut into chunks parsed in parallel. See
 * docs/engine-loading.md.
 */
import { type ColumnMapping } from '../columns';
import { addUndecodable } from '../sources/files/decode';
import { MAX_SAMPLES, shiftLines, type LoadReport } from '../sources/files/report';
import { type StoreSource, type UsageStore } from '../store';
import { type UsageView } from '../query';
import { type FilePlan, type ParseJob, type PieceInput } from './pieces';
import { checkNdjsonChunks } from './ndjsonChunks';
import { type ViewRequest } from './worker';
import { settleReport } from './merge';
import { defaultPool, type EnginePool } from './pool';
import { segmentTransfers, storeFromPlain, type PlainStore, type UsageSegment } from './segment';

/** One usage file: on disk (`path`, read with node:fs streams) or its bytes (virtual workspaces). */
export interface UsageFileInput {
  /** Shown in reports and errors (a workspace-relative path, say). */
  name: string;
  path?: string;
  bytes?: Uint8Array;
  /** Read from this byte offset (bytes appended since an earlier load); the CSV header is read from the start. */
  start?: number;
  /** Lines before `start` below the header (the previous segments' `lines`), for line numbers in reports. */
  lineOffset?: number;
  /** NDJSON read from `start`: the keys that can name a field seen before it (the last segment's `ndjson.keys`). */
  keys?: readonly string[];
}

export interface SourceLoad {
  source: StoreSource;
  files: UsageFileInput[];
  mapping?: ColumnMapping;
}

export interface LoadProgress {
  /** Pieces (files or chunks) parsed so far, of `total` known so far. */
  done: number;
  total: number;
  /** The file a piece just finished belongs to. */
  file?: string;
}

export interface EngineOptions {
  signal?: AbortSignal;
  onProgress?: (progress: LoadProgress) => void;
  /** The worker pool (default: the process's shared pool, one worker per core). */
  pool?: EnginePool;
  /** Smallest chunk of a CSV file worth a worker of its own (bytes; default 1 MiB). */
  minChunkBytes?: number;
  /** Chunks a big CSV file is cut into (default: the pool's size). */
  chunks?: number;
}

/** A file that could not be read at all; the other files and sources still load. */
export interface FileFailure {
  source: string;
  file: string;
  message: string;
  error: Error;
}

export interface FileSegments {
  source: StoreSource;
  file: string;
  /** The file's segments in byte order (one, or one per chunk). */
  segments: UsageSegment[];
  /** The file's report, its chunks' counts together. */
  report: LoadReport;
}

export interface SegmentsResult {
  files: FileSegments[];
  failures: FileFailure[];
}

export interface UsageLoadResult {
  store: UsageStore;
  /** One report per file read, in order, with duplicates across chunks and files counted as one load would. */
  reports: LoadReport[];
  failures: FileFailure[];
}

/** The input that reads only what was appended to a file after its segments (same name and path or bytes). */
export function appendedInput(entry: FileSegments, file: Omit<UsageFileInput, 'start' | 'lineOffset' | 'keys'>): UsageFileInput {
  const last = entry.segments[entry.segments.length - 1];
  return { ...file, start: last.end, lineOffset: last.nextLineOffset, keys: last.ndjson?.keys };
}

/** Loads every file of every source into one store, off the calling thread. */
export async function loadUsage(loads: readonly SourceLoad[], options: EngineOptions = {}): Promise<UsageLoadResult> {
  const { files, failures } = await loadSegments(loads, options);
  const merged = await mergeFileSegments(files, { ...options, keepSegments: false });
  if (merged.ambiguousFiles.length === 0) return { store: merged.store, reports: merged.reports, failures };
  // A worker or user first seen in a row dropped across chunks (its id repeats an earlier row that
  // named other entities): its name must come from its next row, which segments do not record.
  // Rare; read every file whole and merge again.
  const whole = await loadSegments(loads, { ...options, chunks: 1 });
  const again = await mergeFileSegments(whole.files, { ...options, keepSegments: false });
  return { store: again.store, reports: again.reports, failures: whole.failures };
}

/**
 * Parses every file into segments (kept by the caller for incremental reloads: append the
 * segment of a grown file's new bytes, drop a removed file's), in parallel.
 */
export async function loadSegments(loads: readonly SourceLoad[], options: EngineOptions = {}): Promise<SegmentsResult> {
  const pool = options.pool ?? defaultPool();
  const progress = { done: 0, total: 0 };
  const tick = (file: string, more: number, done: number) => {
    progress.total += more;
    progress.done += done;
    options.onProgress?.({ ...progress, file });
  };
  const jobs = loads.flatMap((load) => load.files.map((file) => ({ load, file })));
  const settled = await Promise.allSettled(jobs.map(({ load, file }) => loadFile(pool, load, file, options, tick)));
  options.signal?.throwIfAborted();
  const files: FileSegments[] = [];
  const failures: FileFailure[] = [];
  settled.forEach((result, i) => {
    const { load, file } = jobs[i];
    if (result.status === 'fulfilled')
      files.push({ source: load.source, file: file.name, segments: result.value, report: sumReports(result.value.map((s) => s.report)) });
    else {
      const error = result.reason instanceof Error ? result.reason : new Error(String(result.reason));
      failures.push({ source: load.source.id, file: file.name, message: error.message, error });
    }
  });
  return { files, failures };
}

/**
 * Merges files' segments (in the order given) into one store in a worker. The segments are
 * copied to it (kept usable here) unless `keepSegments` is false, when they are moved. With
 * `returnSegments` they are moved there and back (no copy on this thread): the result's `files`
 * hold them, and the ones passed in are unusable afterwards (also when the merge fails). With
 * `view` the worker also queries the store for that range (`view` of the result).
 */
export async function mergeFileSegments(
  files: readonly FileSegments[],
  options: EngineOptions & { keepSegments?: boolean; returnSegments?: boolean; view?: ViewRequest } = {},
): Promise<{ store: UsageStore; reports: LoadReport[]; files?: FileSegments[]; view?: UsageView; ambiguousFiles: number[] }> {
  const pool = options.pool ?? defaultPool();
  const segments = files.flatMap((f) => f.segments);
  const move = options.keepSegments === false || options.returnSegments === true;
  const transfer = move ? segments.flatMap(segmentTransfers) : [];
  const reports = files.map((f) => sumReports(f.segments.map((s) => s.report)));
  const {
    store,
    crossDuplicates,
    overModelLimit,
    ambiguous,
    segments: returned,
    view,
  } = await pool.run<{
    store: PlainStore;
    crossDuplicates: number[];
    overModelLimit: number[];
    ambiguous: number[];
    segments?: UsageSegment[];
    view?: UsageView;
  }>({ kind: 'merge', job: { segments, returnSegments: options.returnSegments, view: options.view } }, transfer, options.signal);
  const ambiguousFiles: number[] = [];
  let s = 0;
  files.forEach((f, i) => {
    for (let k = 0; k < f.segments.length; k++, s++) {
      settleReport(reports[i], crossDuplicates[s], overModelLimit[s]);
      // Only a file read in chunks can be read again to settle it.
      if (ambiguous.includes(s) && f.segments.length > 1 && !ambiguousFiles.includes(i)) ambiguousFiles.push(i);
    }
  });
  let back: FileSegments[] | undefined;
  if (returned) {
    let at = 0;
    back = files.map((f) => ({ ...f, segments: returned.slice(at, (at += f.segments.length)) }));
  }
  return { store: storeFromPlain(store), reports, files: back, view, ambiguousFiles };
}

async function loadFile(
  pool: EnginePool,
  load: SourceLoad,
  file: UsageFileInput,
  options: EngineOptions,
  tick: (file: string, more: number, done: number) => void,
): Promise<UsageSegment[]> {
  const input = pieceInput(file);
  const base: ParseJob = { input, name: file.name, source: load.source, mapping: load.mapping, start: file.start ?? 0, lineOffset: file.lineOffset };
  const parse = (job: ParseJob) => parseIn(pool, job, options.signal);
  if ((file.start ?? 0) > 0) {
    return [await counted(file.name, tick, parse({ ...base, ndjson: { midFile: true, keys: file.keys } }))];
  }
  const plan = await pool.run<FilePlan>(
    { kind: 'plan', job: { input, name: file.name, pieces: options.chunks ?? pool.size, minBytes: options.minChunkBytes } },
    [],
    options.signal,
  );
  if (plan.lines === true) return ndjsonChunks(pool, base, plan.size, options, tick);
  const head = plan.head;
  if (head === undefined) {
    return [await counted(file.name, tick, parse({ ...base, format: plan.format }))];
  }
  // Cut at guessed row ends (no pass over the file before parsing); the parsers walk the quoting
  // to tell whether each guess was a real row end, else the file is planned exactly and read again.
  const pieces = options.chunks ?? pool.size;
  const at = (k: number) => head.headerEnd + Math.floor(((plan.size - head.headerEnd) * k) / pieces);
  tick(file.name, pieces, 0);
  const guessed = await Promise.all(
    Array.from({ length: pieces }, async (_, k) => {
      const guess = { start: k === 0 ? undefined : at(k), end: k + 1 < pieces ? at(k + 1) : undefined, head };
      const segment = await parse({ ...base, format: 'csv', guess, headerEnd: head.headerEnd, lineOffset: k === 0 ? 0 : undefined });
      tick(file.name, 0, 1);
      return segment;
    }),
  );
  if (guessed.slice(0, -1).every((s) => s.quoting?.endsOutside === true)) return numberLines(guessed);
  return exactChunks(pool, base, input, file, options, tick);
}

/** The chunks of a CSV file cut at row ends found by reading it whole first. */
async function exactChunks(
  pool: EnginePool,
  base: ParseJob,
  input: PieceInput,
  file: UsageFileInput,
  options: EngineOptions,
  tick: (file: string, more: number, done: number) => void,
): Promise<UsageSegment[]> {
  const parse = (job: ParseJob) => parseIn(pool, job, options.signal);
  const plan = await pool.run<FilePlan>(
    { kind: 'plan', job: { input, name: file.name, pieces: options.chunks ?? pool.size, minBytes: options.minChunkBytes, exact: true } },
    [],
    options.signal,
  );
  const csv = plan.csv;
  if (csv === undefined) {
    return [await counted(file.name, tick, parse({ ...base, format: plan.format }))];
  }
  const starts = [0, ...csv.cuts];
  tick(file.name, starts.length, 0);
  return Promise.all(
    starts.map(async (start, k) => {
      const segment = await parse({
        ...base,
        format: 'csv',
        start,
        end: k + 1 < starts.length ? starts[k + 1] : undefined,
        headerEnd: csv.headerEnd,
        lineOffset: k === 0 ? 0 : csv.linesBefore[k - 1] - csv.headerLines,
      });
      tick(file.name, 0, 1);
      return segment;
    }),
  );
}

/**
 * An NDJSON file cut at line feeds near equal shares, each chunk read with its own keys; chunks
 * that would have chosen other columns than one thread are read again with the keys before
 * them (see ndjsonChunks.ts), or the file is read whole.
 */
async function ndjsonChunks(
  pool: EnginePool,
  base: ParseJob,
  size: number,
  options: EngineOptions,
  tick: (file: string, more: number, done: number) => void,
): Promise<UsageSegment[]> {
  const run = (job: ParseJob) => parseIn(pool, job, options.signal);
  const parse = async (job: ParseJob) => {
    const segment = await run(job);
    tick(base.name, 0, 1);
    return segment;
  };
  const pieces = options.chunks ?? pool.size;
  const at = (k: number) => Math.floor((size * k) / pieces);
  tick(base.name, pieces, 0);
  const chunks = await Promise.all(
    Array.from({ length: pieces }, (_, k) =>
      parse({
        ...base,
        format: 'ndjson',
        lineCut: { start: k === 0 ? undefined : at(k), end: k + 1 < pieces ? at(k + 1) : undefined },
        ndjson: { midFile: k > 0, chunk: true },
      }),
    ),
  );
  const check = checkNdjsonChunks(
    chunks.map((c) => c.ndjson!),
    base.mapping,
  );
  if (check.whole) return [await counted(base.name, tick, run({ ...base, format: 'ndjson' }))];
  if (check.reread.length > 0) tick(base.name, check.reread.length, 0);
  await Promise.all(
    check.reread.map(async ({ index, keys }) => {
      const { start, end } = chunks[index];
      chunks[index] = await parse({ ...base, format: 'ndjson', start, end, ndjson: { midFile: true, chunk: true, keys } });
    }),
  );
  chunks.forEach((chunk, k) => (chunk.ndjson!.keys = check.keysAfter[k]));
  return numberLines(chunks);
}

/** One parse job in the pool: a piece of a file into a segment. */
function parseIn(pool: EnginePool, job: ParseJob, signal: AbortSignal | undefined): Promise<UsageSegment> {
  return pool.run<UsageSegment>({ kind: 'parse', job }, [], signal);
}

/** A file read in one piece, counted in the progress. */
async function counted(file: string, tick: (file: string, more: number, done: number) => void, parsed: Promise<UsageSegment>): Promise<UsageSegment> {
  tick(file, 1, 0);
  const segment = await parsed;
  tick(file, 0, 1);
  return segment;
}

/** Chunks parsed without knowing the lines before them (all but the first) get their line numbers from the chunks before. */
function numberLines(segments: UsageSegment[]): UsageSegment[] {
  for (let k = 1; k < segments.length; k++) {
    const offset = segments[k - 1].nextLineOffset;
    const segment = segments[k];
    segment.nextLineOffset += offset;
    shiftLines(segment.report, offset);
  }
  return segments;
}

/** Bytes go to the workers through shared memory (copied once), paths as they are. */
function pieceInput(file: UsageFileInput): PieceInput {
  if (file.path !== undefined) return { path: file.path };
  const bytes = file.bytes ?? new Uint8Array(0);
  if (bytes.buffer instanceof SharedArrayBuffer) return { bytes };
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.length));
  shared.set(bytes);
  return { bytes: shared };
}

function sumReports(reports: readonly LoadReport[]): LoadReport {
  const { undecodable: _first, ...first } = reports[0];
  const merged: LoadReport = { ...first, rows: 0, added: 0, duplicates: 0, skipped: 0, samples: [] };
  for (const r of reports) {
    const undecodable = addUndecodable(merged.undecodable, r.undecodable);
    if (undecodable !== undefined) merged.undecodable = undecodable;
    merged.rows += r.rows;
    merged.added += r.added;
    merged.duplicates += r.duplicates;
    merged.skipped += r.skipped;
    for (const sample of r.samples) if (merged.samples.length < MAX_SAMPLES) merged.samples.push(sample);
  }
  return merged;
}
