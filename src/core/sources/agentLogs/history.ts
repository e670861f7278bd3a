import { appendFile, mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { type AgentUsageRecord } from './records';

/**
 * Usage Explorer's own history of the agents' requests, so that usage outlives the logs (Claude
 * Code deletes sessions older than 30 days by default). One file per agent in a folder (the
 * extension's global storage, the CLI's `--history DIR`): gzip members appended after each load,
 * each holding the requests not kept before, one compact JSON array per line. Requests are keyed
 * by their id, so a request is kept once however often it is seen. A torn last member (a crash
 * while writing) loses only itself.
 */

/** Bump when the line layout changes; older files are then ignored. */
const FORMAT = 1;

export function historyFile(dir: string, kind: string): string {
  return join(dir, `${kind}.history.v${FORMAT}.jsonl.gz`);
}

type Line = [
  id: string,
  part: string,
  timestamp: number,
  model: string,
  cwd: string,
  session: string,
  input: number,
  cacheRead: number,
  cacheWrite: number,
  cacheWrite1h: number,
  output: number,
];

/** The requests kept for `kind`; none when there is no history yet. */
export async function readHistory(dir: string, kind: string): Promise<{ records: AgentUsageRecord[]; unreadable: number }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(historyFile(dir, kind));
  } catch {
    return { records: [], unreadable: 0 };
  }
  let text: string;
  try {
    // SYNC_FLUSH salvages everything before a member cut short.
    text = gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8');
  } catch {
    return { records: [], unreadable: 1 };
  }
  const records: AgentUsageRecord[] = [];
  let unreadable = 0;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const record = fromLine(line);
    if (record) records.push(record);
    else unreadable++;
  }
  return { records, unreadable };
}

/** Keeps `records` (those not kept yet: the caller checks) for `kind`. */
export async function appendHistory(dir: string, kind: string, records: readonly AgentUsageRecord[]): Promise<void> {
  if (records.length === 0) return;
  await mkdir(dir, { recursive: true });
  const text = records.map((record) => `${JSON.stringify(toLine(record))}\n`).join('');
  await appendFile(historyFile(dir, kind), gzipSync(text));
}

/** Forgets the kept history of every agent. */
export async function clearHistory(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  await Promise.all(names.filter((name) => /\.history\.v\d+\.jsonl\.gz$/.test(name)).map((name) => rm(join(dir, name), { force: true })));
}

function toLine(r: AgentUsageRecord): Line {
  return [
    r.id,
    r.part ?? '',
    r.timestamp,
    r.model,
    r.cwd,
    r.sessionId,
    r.inputTokens,
    r.cacheReadTokens,
    r.cacheWriteTokens,
    r.cacheWrite1hTokens,
    r.outputTokens,
  ];
}

function fromLine(text: string): AgentUsageRecord | undefined {
  let line: unknown;
  try {
    line = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(line) || line.length !== 11) return undefined;
  const [id, part, timestamp, model, cwd, sessionId, ...tokens] = line as unknown[];
  if (
    typeof id !== 'string' ||
    typeof part !== 'string' ||
    typeof timestamp !== 'number' ||
    typeof model !== 'string' ||
    typeof cwd !== 'string' ||
    typeof sessionId !== 'string'
  )
    return undefined;
  if (!tokens.every((t) => typeof t === 'number' && Number.isInteger(t) && t >= 0)) return undefined;
  const [inputTokens, cacheReadTokens, cacheWriteTokens, cacheWrite1hTokens, outputTokens] = tokens as number[];
  return { id, ...(part ? { part } : {}), timestamp, model, cwd, sessionId, inputTokens, cacheReadTokens, cacheWriteTokens, cacheWrite1hTokens, outputTokens };
}
