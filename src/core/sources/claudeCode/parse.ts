import { instantOf } from '../agentLogs/instant';
import { readMarkedLines } from '../agentLogs/readLog';
import { type AgentUsageRecord, asObject, asText, tokenCount } from '../agentLogs/records';
import { type AgentLogReport } from '../agentLogs/report';
import { UNKNOWN } from '../../model';

/** Only assistant records with token usage carry this; prompts, tool results and file contents do not (there it would be escaped). */
const MARKERS = [Buffer.from('"usage":{')];

/** Claude Code's placeholder model for messages it made up itself (no API call, no cost). */
export const SYNTHETIC_MODEL = '<synthetic>';

/**
 * Reads the usage records of one Claude Code session log (`projects/<encoded-cwd>/<session>.jsonl`).
 * Pure: bytes in, records out through `onRecord`; see readMarkedLines for `from` and `final`.
 * `fallbackSession` names the session when a record does not (the file name).
 */
export function parseClaudeCodeLog(
  bytes: Buffer,
  name: string,
  fallbackSession: string,
  report: AgentLogReport,
  onRecord: (record: AgentUsageRecord) => void,
  from = 0,
  final = true,
): number {
  // Requests outlive the parse: sharing their repeated strings keeps the copies JSON.parse made short-lived.
  const strings = new Map<string, string>();
  const shared = (text: string) => {
    const known = strings.get(text);
    if (known !== undefined) return known;
    strings.set(text, text);
    return text;
  };
  return readMarkedLines(bytes, name, from, final, MARKERS, report, (json) => {
    const line = asObject(json);
    if (!line || line.type !== 'assistant') return undefined;
    const message = asObject(line.message);
    const usage = asObject(message?.usage);
    if (!message || !usage) return undefined;
    report.records++;
    const model = asText(message.model) ?? UNKNOWN;
    if (model === SYNTHETIC_MODEL) {
      report.synthetic++;
      return undefined;
    }
    const timestamp = typeof line.timestamp === 'string' ? instantOf(line.timestamp) : NaN;
    if (Number.isNaN(timestamp)) return 'usage record without a readable timestamp';
    const creation = asObject(usage.cache_creation);
    const write5m = tokenCount(creation?.ephemeral_5m_input_tokens);
    const write1h = tokenCount(creation?.ephemeral_1h_input_tokens);
    const cacheWriteTokens = usage.cache_creation_input_tokens === undefined ? write5m + write1h : tokenCount(usage.cache_creation_input_tokens);
    const sessionId = shared(asText(line.sessionId) ?? fallbackSession);
    const inputTokens = tokenCount(usage.input_tokens);
    onRecord({
      id: recordId(message.id, line.uuid) ?? `cc:${sessionId}:${timestamp}:${inputTokens}`,
      part: typeof line.requestId === 'string' ? line.requestId : undefined,
      timestamp,
      model: shared(model),
      cwd: shared(asText(line.cwd) ?? ''),
      sessionId,
      inputTokens,
      cacheReadTokens: tokenCount(usage.cache_read_input_tokens),
      cacheWriteTokens,
      cacheWrite1hTokens: Math.min(write1h, cacheWriteTokens),
      outputTokens: tokenCount(usage.output_tokens),
    });
    return undefined;
  });
}

/**
 * A streamed message is written once per content block with the same message id and request id
 * (the request id is the record's `part`); without a message id the line's uuid, else (caller)
 * session, time and input count name the request.
 */
function recordId(messageId: unknown, uuid: unknown): string | undefined {
  // The id as parsed (no concatenation): 200,000 composed keys cost more to hash than the whole parse saves.
  if (typeof messageId === 'string' && messageId !== '') return messageId;
  if (typeof uuid === 'string' && uuid !== '') return `cc:uuid:${uuid}`;
  return undefined;
}
