import { type UsageEvent } from '../../model';
import { PriceResolver } from '../../pricing/resolver';
import { type PriceOverrides } from '../../pricing/types';
import { findClaudeCodeLogs, type ClaudeCodeEnv } from '../claudeCode/discover';
import { findCodexLogs, type CodexEnv } from '../codex/discover';
import { RequestCollector } from './collect';
import { appendHistory, readHistory } from './history';
import { type AgentLogUser, toUsageEvents } from './events';
import { type AgentUsageRecord } from './records';
import { type AgentLogReport, addSample, mergeReports } from './report';
import { type FileParse, type LogRange, parseLogRange, readRange } from './fileParse';
import { forEachPacked } from './packed';

/** The agent-log sources. */
export type AgentLogKind = 'claude-code' | 'codex';

export const AGENT_LOG_KINDS: readonly AgentLogKind[] = ['claude-code', 'codex'];

/** Readable name of an agent-log source. */
export const AGENT_LOG_LABELS: Readonly<Record<AgentLogKind, string>> = {
  'claude-code': 'Claude Code',
  codex: 'Codex',
};

export interface AgentLogOptions {
  /** The environment the log folders are found from (`CLAUDE_CONFIG_DIR`, `CODEX_HOME`, `XDG_CONFIG_HOME`). */
  env: Readonly<ClaudeCodeEnv & CodexEnv>;
  /** The user's home folder. */
  home: string;
  user: AgentLogUser;
  overrides?: PriceOverrides;
  signal?: AbortSignal;
  /** Called before each file is read. */
  onProgress?(done: number, total: number): void;
  /** Folder of the kept history (see history.ts): requests gone from the logs are taken from it, new ones added. */
  historyDir?: string;
}

export interface AgentLogLoad {
  kind: AgentLogKind;
  /** Priced events (estimates at API list prices), one per model request. */
  events: UsageEvent[];
  report: AgentLogReport;
  /** The folders looked in, for messages when nothing was found. */
  searched: string[];
}

/** Where an agent's logs are on this machine, and the folders looked in. */
export async function findAgentLogs(kind: AgentLogKind, options: Pick<AgentLogOptions, 'env' | 'home'>): Promise<{ searched: string[]; files: string[] }> {
  return kind === 'claude-code' ? findClaudeCodeLogs(options.env, options.home) : findCodexLogs(options.env, options.home);
}

/** Requests of parsed logs, before merging: those of forked Codex sessions apart (see finishAgentLogs). */
export interface ParsedLogs {
  records: AgentUsageRecord[];
  forked: AgentUsageRecord[];
  report: AgentLogReport;
}

/**
 * Reads and parses whole `files`, one result per file (one part of a load: several parts can be
 * parsed in parallel workers). The next file is read while this one is parsed.
 */
export async function parseLogFiles(
  kind: AgentLogKind,
  files: readonly string[],
  roots: readonly string[],
  options: Pick<AgentLogOptions, 'signal' | 'onProgress'> & { sizes?: readonly number[] } = {},
): Promise<FileParse[]> {
  return parseLogRanges(
    kind,
    files.map((file, i) => ({ file, from: 0, size: options.sizes?.[i] ?? -1 })),
    roots,
    options,
  );
}

/** parseLogFiles for ranges: whole files, or the bytes appended to files read before. */
export async function parseLogRanges(
  kind: AgentLogKind,
  ranges: readonly LogRange[],
  roots: readonly string[],
  options: Pick<AgentLogOptions, 'signal' | 'onProgress'> = {},
): Promise<FileParse[]> {
  const read = (index: number) => {
    if (index >= ranges.length) return undefined;
    const bytes = readRange(ranges[index].file, ranges[index].from, ranges[index].size);
    bytes.catch(() => undefined); // reported by parseLogRange when its turn comes
    return bytes;
  };
  const parsed: FileParse[] = [];
  let next = read(0);
  for (const [index, range] of ranges.entries()) {
    options.signal?.throwIfAborted();
    options.onProgress?.(index, ranges.length);
    const bytes = next!;
    next = read(index + 1);
    parsed.push(await parseLogRange(kind, range, roots, bytes));
  }
  return parsed;
}

/** The requests of parsed files, in file order, forked sessions apart; and their counts together. */
export function collectFiles(files: readonly FileParse[]): ParsedLogs {
  const records: AgentUsageRecord[] = [];
  const forked: AgentUsageRecord[] = [];
  for (const file of files) {
    const into = file.forked ? forked : records;
    forEachPacked(file.records, (record) => into.push(record));
  }
  return { records, forked, report: mergeReports(files.map((file) => file.report)) };
}

/**
 * Merges parsed files (repeats removed: streamed copies, replayed and resumed sessions), adds the
 * kept history, prices every request and makes the usage events. Forked Codex sessions replay
 * their parent's counters, so their requests are merged after all others and the parent's own
 * copies (and times) win.
 */
export async function finishAgentLogs(
  kind: AgentLogKind,
  files: readonly FileParse[],
  searched: string[],
  options: Pick<AgentLogOptions, 'user' | 'overrides' | 'historyDir'>,
): Promise<AgentLogLoad> {
  const { records, forked, report } = collectFiles(files);
  const collector = new RequestCollector(report, keepOf(kind));
  for (const record of records) collector.add(record);
  for (const record of forked) collector.add(record);
  if (options.historyDir !== undefined) await keepHistory(options.historyDir, kind, collector, report);
  const resolver = new PriceResolver({ overrides: options.overrides, providerHint: kind === 'claude-code' ? 'anthropic' : 'openai' });
  const events = toUsageEvents(collector.records, options.user, resolver, report);
  return { kind, events, report, searched };
}

/**
 * Reads one agent's logs on this machine into priced usage events, on the calling thread (see
 * offThread.ts for the worker pool). Only the usage records are kept.
 */
export async function loadAgentLogs(kind: AgentLogKind, options: AgentLogOptions): Promise<AgentLogLoad> {
  const found = await findAgentLogs(kind, options);
  const files = await parseLogFiles(kind, found.files, found.searched, options);
  return finishAgentLogs(kind, files, found.searched, options);
}

/** Claude Code writes a streamed message several times, the last copy complete; Codex repeats identical counters. */
function keepOf(kind: AgentLogKind): 'most-output' | 'first' {
  return kind === 'claude-code' ? 'most-output' : 'first';
}

/**
 * Adds the kept requests the logs no longer have, then keeps the requests seen for the first time.
 * A history that cannot be read or written is reported, never fatal: the logs still show.
 */
async function keepHistory(dir: string, kind: AgentLogKind, collector: RequestCollector, report: AgentLogReport): Promise<void> {
  const kept = await readHistory(dir, kind);
  if (kept.unreadable > 0) addSample(report, `history: ${kept.unreadable} kept request${kept.unreadable === 1 ? '' : 's'} could not be read`);
  const known = new Set<string>();
  for (const record of kept.records) {
    known.add(record.id);
    if (!collector.merge(record)) report.fromHistory++;
  }
  const fresh = collector.records.filter((record) => !known.has(record.id));
  try {
    await appendHistory(dir, kind, fresh);
  } catch (error) {
    addSample(
      report,
      `history: could not keep ${fresh.length} request${fresh.length === 1 ? '' : 's'}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
