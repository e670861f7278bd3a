/** One model request read from an agent log, before it becomes a priced usage event. */
export interface AgentUsageRecord {
  /**
   * Identity used to count a request once across files, loads and the kept history: Claude
   * Code's message id (`msg_…`, unique per API response), else `cc:…`/`cx:…` made from the record.
   */
  id: string;
  /** A second part of the identity (Claude Code's request id): a record with the same id but another part is another request. */
  part?: string;
  /** UTC instant, ms. */
  timestamp: number;
  /** Model id as logged. */
  model: string;
  /** Working directory of the session (the project); empty when unknown. */
  cwd: string;
  sessionId: string;
  /** Uncached input. */
  inputTokens: number;
  cacheReadTokens: number;
  /** Cache writes of both lifetimes. */
  cacheWriteTokens: number;
  /** The 1-hour part of `cacheWriteTokens`. */
  cacheWrite1hTokens: number;
  /** Output, reasoning included. */
  outputTokens: number;
}

/** A token count from a log: a non-negative integer, or 0 for anything else. */
export function tokenCount(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

/** A JSON object's property when the value is an object. */
export function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function asText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
