import { basename, relative } from 'node:path';
import { type UsageEvent } from '../../model';
import { PriceResolver } from '../../pricing/resolver';
import { type PriceOverrides } from '../../pricing/types';
import { findClaudeCodeLogs, type ClaudeCodeEnv } from '../claudeCode/discover';
import { parseClaudeCodeLog } from '../claudeCode/parse';
import { findCodexLogs, type CodexEnv } from '../codex/discover';
import { newCodexFileState, parseCodexLog } from '../codex/parse';
import { RequestCollector } from './collect';
import { appendHistory, readHistory } from './history';
import { type AgentLogUser, toUsageEvents } from './events';
import { type AgentUsageRecord } from './records';
import { type AgentLogReport, addSample, emptyReport, mergeReports } from './report';
import { readWhole } from './walk';

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

/**
 * The requests of some log files, repeats within them already removed. Forked Codex sessions
 * replay their parent's counters, so their requests are kept apart and merged after all others,
 * so that the parent's own copies (and times) win.
 */
export interface ParsedLogs {
  records: AgentUsageRecord[];
  forked: AgentUsageRecord[];
  report: AgentLogReport;
}

/** Reads and parses `files` (one part of a load: several parts can be parsed in parallel workers). */
export async function parseLogFiles(
  kind: AgentLogKind,
  files: readonly string[],
  roots: readonly string[],
  options: Pick<AgentLogOptions, 'signal' | 'onProgress'> & { sizes?: readonly number[] } = {},
): Promise<ParsedLogs> {
  const report = emptyReport();
  const collector = new RequestCollector(report, keepOf(kind));
  const forked = new RequestCollector(report, keepOf(kind));
  // The next file is read while this one is parsed.
  const read = (index: number) =>
    index >= files.length
      ? undefined
      : readWhole(files[index], knownSize(options.sizes?.[index])).then(
          (bytes) => ({ bytes }),
          (error: unknown) => ({ error }),
        );
  let next = read(0);
  for (const [index, file] of files.entries()) {
    options.signal?.throwIfAborted();
    options.onProgress?.(index, files.length);
    const name = displayName(file, roots);
    const result = (await next)!;
    next = read(index + 1);
    if ('error' in result) {
      report.failedFiles++;
      addSample(report, `${name}: ${result.error instanceof Error ? result.error.message : String(result.error)}`);
      continue;
    }
    report.files++;
    const session = basename(file, '.jsonl');
    if (kind === 'claude-code') {
      parseClaudeCodeLog(result.bytes, name, session, report, (record) => collector.add(record));
    } else {
      const state = newCodexFileState(session);
      const records: AgentUsageRecord[] = [];
      parseCodexLog(result.bytes, name, state, report, (record) => records.push(record));
      const into = state.forked ? forked : collector;
      for (const record of records) into.add(record);
    }
  }
  return { records: collector.records, forked: forked.records, report };
}

/**
 * Merges parsed parts (repeats across them removed), adds the kept history, prices every
 * request and makes the usage events.
 */
export async function finishAgentLogs(
  kind: AgentLogKind,
  parts: readonly ParsedLogs[],
  searched: string[],
  options: Pick<AgentLogOptions, 'user' | 'overrides' | 'historyDir'>,
): Promise<AgentLogLoad> {
  const report = mergeReports(parts.map((part) => part.report));
  const collector = new RequestCollector(report, keepOf(kind));
  for (const part of parts) for (const record of part.records) collector.add(record);
  for (const part of parts) for (const record of part.forked) collector.add(record);
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
  const part = await parseLogFiles(kind, found.files, found.searched, options);
  return finishAgentLogs(kind, [part], found.searched, options);
}

/** A size from the listing (−1: it could not be had; the read then finds out why). */
function knownSize(size: number | undefined): number | undefined {
  return size !== undefined && size >= 0 ? size : undefined;
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

/** A log's path relative to the folder it was found in, for messages. */
function displayName(file: string, roots: readonly string[]): string {
  for (const root of roots) {
    const inside = relative(root, file);
    if (!inside.startsWith('..')) return inside;
  }
  return file;
}
