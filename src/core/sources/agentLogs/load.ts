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
import { type AgentLogReport, addSample, emptyReport } from './report';
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

/**
 * Reads one agent's logs on this machine into priced usage events. Reads files one at a time and
 * keeps only the usage records; pure apart from reading the files, so it can run in a worker.
 */
export async function loadAgentLogs(kind: AgentLogKind, options: AgentLogOptions): Promise<AgentLogLoad> {
  const found = kind === 'claude-code' ? await findClaudeCodeLogs(options.env, options.home) : await findCodexLogs(options.env, options.home);
  const report = emptyReport();
  const collector = new RequestCollector(report, kind === 'claude-code' ? 'most-output' : 'first');
  // A forked Codex session replays its parent's counters: read it after the others so the parent's own copies (and times) win.
  const forked: AgentUsageRecord[][] = [];
  // The next file is read while this one is parsed.
  const read = (file: string | undefined) => (file === undefined ? undefined : readWhole(file).then((bytes) => ({ bytes }), (error: unknown) => ({ error })));
  let next = read(found.files[0]);
  for (const [index, file] of found.files.entries()) {
    options.signal?.throwIfAborted();
    options.onProgress?.(index, found.files.length);
    const name = displayName(file, found.searched);
    const result = (await next)!;
    next = read(found.files[index + 1]);
    let bytes: Buffer;
    try {
      if ('error' in result) throw result.error;
      bytes = result.bytes;
    } catch (error) {
      report.failedFiles++;
      addSample(report, `${name}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    report.files++;
    const session = basename(file, '.jsonl');
    if (kind === 'claude-code') {
      parseClaudeCodeLog(bytes, name, session, report, (record) => collector.add(record));
    } else {
      const state = newCodexFileState(session);
      const records: AgentUsageRecord[] = [];
      parseCodexLog(bytes, name, state, report, (record) => records.push(record));
      if (state.forked) forked.push(records);
      else for (const record of records) collector.add(record);
    }
  }
  for (const records of forked) for (const record of records) collector.add(record);
  if (options.historyDir !== undefined) await keepHistory(options.historyDir, kind, collector, report);
  const resolver = new PriceResolver({ overrides: options.overrides, providerHint: kind === 'claude-code' ? 'anthropic' : 'openai' });
  const events = toUsageEvents(collector.records, options.user, resolver, report);
  return { kind, events, report, searched: found.searched };
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
    addSample(report, `history: could not keep ${fresh.length} request${fresh.length === 1 ? '' : 's'}: ${error instanceof Error ? error.message : String(error)}`);
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
