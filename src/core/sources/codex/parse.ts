import { instantOf } from '../agentLogs/instant';
import { readMarkedLines } from '../agentLogs/readLog';
import { type AgentUsageRecord, asObject, asText, tokenCount } from '../agentLogs/records';
import { type AgentLogReport } from '../agentLogs/report';
import { UNKNOWN } from '../../model';

/** The three record kinds a rollout's usage needs: who and where, which model, how many tokens. */
const MARKERS = [Buffer.from('"session_meta"'), Buffer.from('"turn_context"'), Buffer.from('"token_count"')];

/** Codex's token counters: input includes cached input; output includes reasoning. */
interface Counters {
  input: number;
  cached: number;
  output: number;
  reasoning: number;
}

/** What reading a rollout carries from line to line (kept between reads of a growing file). */
export interface CodexFileState {
  sessionId: string;
  cwd: string;
  model: string;
  /** The session was forked from another (or spawned as a sub-agent): its first counters replay the parent's. */
  forked: boolean;
  sawMeta: boolean;
  previous?: Counters;
}

export function newCodexFileState(fallbackSession: string): CodexFileState {
  return { sessionId: fallbackSession, cwd: '', model: UNKNOWN, forked: false, sawMeta: false };
}

/**
 * Reads the model requests of one Codex rollout. Each `token_count` event's turn delta is
 * `last_token_usage`, or the change of `total_token_usage` since the previous event when only
 * totals are logged; an event whose running total did not move is a re-emit (rate-limit refresh)
 * and is skipped. Records get an id from the model and running totals so a forked session's
 * replayed history and an archived copy count once.
 */
export function parseCodexLog(
  bytes: Buffer,
  name: string,
  state: CodexFileState,
  report: AgentLogReport,
  onRecord: (record: AgentUsageRecord) => void,
  from = 0,
  final = true,
): number {
  return readMarkedLines(bytes, name, from, final, MARKERS, report, (json) => {
    const line = asObject(json);
    const payload = asObject(line?.payload);
    if (!line || !payload) return undefined;
    if (line.type === 'session_meta') {
      // A fork embeds its parent's meta after its own: the first one describes this session.
      if (state.sawMeta) return undefined;
      state.sawMeta = true;
      state.sessionId = asText(payload.id) ?? state.sessionId;
      state.cwd = asText(payload.cwd) ?? state.cwd;
      const spawn = asObject(asObject(asObject(payload.source)?.subagent)?.thread_spawn);
      state.forked = asText(payload.forked_from_id) !== undefined || asText(spawn?.parent_thread_id) !== undefined;
      return undefined;
    }
    if (line.type === 'turn_context') {
      state.model = asText(payload.model) ?? state.model;
      if (!state.cwd) state.cwd = asText(payload.cwd) ?? '';
      return undefined;
    }
    if (line.type !== 'event_msg' || payload.type !== 'token_count') return undefined;
    const info = asObject(payload.info);
    if (!info) return undefined; // rate-limit news only
    return tokenCountEvent(line, info, state, report, onRecord);
  });
}

function tokenCountEvent(
  line: Record<string, unknown>,
  info: Record<string, unknown>,
  state: CodexFileState,
  report: AgentLogReport,
  onRecord: (record: AgentUsageRecord) => void,
): string | undefined {
  report.records++;
  const total = counters(info.total_token_usage);
  const last = counters(info.last_token_usage);
  const previous = state.previous;
  if (total) state.previous = total;
  if (total && previous && same(total, previous)) {
    report.duplicates++;
    return undefined;
  }
  const delta = total && previous && grew(total, previous) ? minus(total, previous) : (last ?? total);
  if (!delta) return 'token_count without token usage';
  if (delta.input === 0 && delta.output === 0) return undefined;
  const timestamp = typeof line.timestamp === 'string' ? instantOf(line.timestamp) : NaN;
  if (Number.isNaN(timestamp)) return 'token_count without a readable timestamp';
  const model = asText(info.model) ?? state.model;
  const cached = Math.min(delta.cached, delta.input);
  onRecord({
    id: total
      ? `cx:${model}:${total.input}:${total.cached}:${total.output}:${total.reasoning}`
      : `cx:${state.sessionId}:${timestamp}:${delta.input}:${delta.cached}:${delta.output}`,
    timestamp,
    model,
    cwd: state.cwd,
    sessionId: state.sessionId,
    inputTokens: delta.input - cached,
    cacheReadTokens: cached,
    cacheWriteTokens: 0,
    cacheWrite1hTokens: 0,
    outputTokens: delta.output,
  });
  return undefined;
}

function counters(value: unknown): Counters | undefined {
  const usage = asObject(value);
  if (!usage) return undefined;
  return {
    input: tokenCount(usage.input_tokens),
    cached: tokenCount(usage.cached_input_tokens ?? usage.cache_read_input_tokens),
    output: tokenCount(usage.output_tokens),
    reasoning: tokenCount(usage.reasoning_output_tokens),
  };
}

function same(a: Counters, b: Counters): boolean {
  return a.input === b.input && a.cached === b.cached && a.output === b.output && a.reasoning === b.reasoning;
}

/** Every counter at least as high as before: the session went on (rather than being reset or compacted). */
function grew(a: Counters, b: Counters): boolean {
  return a.input >= b.input && a.cached >= b.cached && a.output >= b.output && a.reasoning >= b.reasoning;
}

function minus(a: Counters, b: Counters): Counters {
  return { input: a.input - b.input, cached: a.cached - b.cached, output: a.output - b.output, reasoning: a.reasoning - b.reasoning };
}
