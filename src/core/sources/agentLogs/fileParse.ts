import { open } from 'node:fs/promises';
import { basename, relative } from 'node:path';
import { parseClaudeCodeLog } from '../claudeCode/parse';
import { type CodexFileState, newCodexFileState, parseCodexLog } from '../codex/parse';
import { packRecords, type PackedRecords } from './packed';
import { type AgentUsageRecord } from './records';
import { type AgentLogReport, addSample, emptyReport, MAX_SAMPLES } from './report';

/** What to read of one log: all of it (`from` 0), or the bytes appended since it was last read. */
export interface LogRange {
  file: string;
  /** Where reading starts: 0, or where the previous read's complete lines ended. */
  from: number;
  /** The file's size when it was listed (−1: unknown, asked when it is opened). */
  size: number;
  /** For an appended range: what the previous read left (Codex: the session, model and running totals so far), without its records. */
  carry?: Omit<FileParse, 'records'>;
}

/** One log file as read so far: its requests, its counts, and where reading goes on when it grows. */
export interface FileParse {
  file: string;
  /** Bytes of the file read so far (its size when last read). */
  size: number;
  /** Where a read of appended bytes starts: after the last complete line (a torn tail is read again once completed). */
  resume: number;
  /** The last read counted an unfinished last line as unreadable (undone when the line is read again). */
  tornTail: boolean;
  /** Bytes this read took from the file (the whole file, or only what was appended). */
  bytesRead: number;
  /** Every request read from the file so far, repeats included (removed when parts are merged). */
  records: PackedRecords;
  /** A Codex session forked from another: its requests are merged after all others. */
  forked: boolean;
  codex?: CodexFileState;
  report: AgentLogReport;
}

export type AgentLogKindName = 'claude-code' | 'codex';

/** Reads a range of a log and parses it, carrying on from `range.carry` when given. Never throws for the file: a read error is counted in its report. */
export async function parseLogRange(kind: AgentLogKindName, range: LogRange, roots: readonly string[], bytes?: Promise<Buffer>): Promise<FileParse> {
  const name = displayName(range.file, roots);
  let data: Buffer;
  try {
    data = await (bytes ?? readRange(range.file, range.from, range.size));
  } catch (error) {
    const report = emptyReport();
    report.failedFiles++;
    addSample(report, `${name}: ${error instanceof Error ? error.message : String(error)}`);
    return { file: range.file, size: 0, resume: 0, tornTail: false, bytesRead: 0, records: packRecords([]), forked: false, report };
  }
  return parseLogBytes(kind, range, name, data);
}

/**
 * parseLogRange on bytes already read (`data` = the file from `range.from`). The records are those
 * of `data` alone (withRecordsOf adds the earlier ones); the counts are the file's so far.
 */
export function parseLogBytes(kind: AgentLogKindName, range: LogRange, name: string, data: Buffer): FileParse {
  const carry = range.carry;
  const report = emptyReport();
  report.files = 1;
  const session = basename(range.file, '.jsonl');
  const records: AgentUsageRecord[] = [];
  const add = (record: AgentUsageRecord) => records.push(record);
  const codex = kind === 'codex' ? (carry?.codex ? { ...carry.codex } : newCodexFileState(session)) : undefined;
  // The complete lines, then the tail after the last line break: a tail that cannot be read is a torn
  // line (still being written, or cut by a crash), read again from `resume` when the file grows.
  const parse = (from: number, final: boolean) =>
    codex ? parseCodexLog(data, name, codex, report, add, from, final) : parseClaudeCodeLog(data, name, session, report, add, from, final);
  const complete = parse(0, false);
  const before = report.unreadable;
  if (complete < data.length) parse(complete, true);
  const torn = report.unreadable > before;
  return {
    file: range.file,
    size: range.from + data.length,
    resume: range.from + complete,
    tornTail: torn,
    bytesRead: data.length,
    records: packRecords(records),
    forked: codex?.forked ?? carry?.forked ?? false,
    codex,
    report: carry ? withEarlierCounts(carry, report) : report,
  };
}

/** An appended read's counts added to the file's earlier ones, less a torn tail that was read again now. */
function withEarlierCounts(carry: Omit<FileParse, 'records'>, report: AgentLogReport): AgentLogReport {
  const earlier = carry.report;
  return {
    ...earlier,
    records: earlier.records + report.records,
    duplicates: earlier.duplicates + report.duplicates,
    synthetic: earlier.synthetic + report.synthetic,
    unreadable: earlier.unreadable - (carry.tornTail ? 1 : 0) + report.unreadable,
    samples: [...earlier.samples.filter((s) => !(carry.tornTail && s.endsWith('torn last line'))), ...report.samples].slice(0, MAX_SAMPLES),
  };
}

/** The bytes `from..size` of a file (to its end when the size is unknown), in one read. */
export async function readRange(path: string, from: number, size: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const end = size >= 0 ? size : (await handle.stat()).size;
    const bytes = Buffer.allocUnsafe(Math.max(0, end - from));
    let filled = 0;
    while (filled < bytes.length) {
      const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, from + filled);
      if (bytesRead === 0) break; // truncated while reading: keep what was there
      filled += bytesRead;
    }
    return filled === bytes.length ? bytes : bytes.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

/** An appended read with the records read before it. */
export function withRecordsOf(earlier: FileParse, appended: FileParse): FileParse {
  return { ...appended, records: concatPacked(earlier.records, appended.records) };
}

function concatPacked(a: PackedRecords, b: PackedRecords): PackedRecords {
  if (b.count === 0) return a;
  if (a.count === 0) return b;
  const strings = [...a.strings];
  const index = new Map(strings.map((s, i) => [s, i]));
  const remap = b.strings.map((s) => {
    let at = index.get(s);
    if (at === undefined) index.set(s, (at = strings.push(s) - 1));
    return at;
  });
  const refs = new Uint32Array(a.refs.length + b.refs.length);
  refs.set(a.refs);
  for (let i = 0; i < b.refs.length; i++) refs[a.refs.length + i] = remap[b.refs[i]];
  const lengths = new Int32Array(a.lengths.length + b.lengths.length);
  lengths.set(a.lengths);
  lengths.set(b.lengths, a.lengths.length);
  const numbers = new Float64Array(a.numbers.length + b.numbers.length);
  numbers.set(a.numbers);
  numbers.set(b.numbers, a.numbers.length);
  return { count: a.count + b.count, text: a.text + b.text, lengths, strings, refs, numbers };
}

/** A log's path relative to the folder it was found in, for messages. */
export function displayName(file: string, roots: readonly string[]): string {
  for (const root of roots) {
    const inside = relative(root, file);
    if (!inside.startsWith('..')) return inside;
  }
  return file;
}
