/** The four ways usage is broken down. */
export type Dimension = 'worker' | 'user' | 'model' | 'team';

export const DIMENSIONS: readonly Dimension[] = ['worker', 'user', 'model', 'team'];

/** Label of a dimension, as used in table headers and the first CSV column. */
export const DIMENSION_LABELS: Readonly<Record<Dimension, string>> = {
  worker: 'Worker',
  user: 'User',
  model: 'Model',
  team: 'Team',
};

/** Team of events that neither the source nor `usageExplorer.teams` assigns to one. */
export const NO_TEAM_NAME = '(no team)';

/** Name given to a missing user or model so the row is kept, not dropped. */
export const UNKNOWN = '(unknown)';

/** One usage event: a worker run (or a batch of runs) by a user, calling a model, at a cost. */
export interface UsageEvent {
  /** UTC instant, milliseconds since the epoch. */
  timestamp: number;
  workerId: string;
  workerName: string;
  userId: string;
  userName: string;
  model: string;
  /** Number of runs this event stands for (1 when the source says nothing). */
  runs: number;
  /** Cost in the workspace currency, in exact integer micro-units (1 USD = 1,000,000). */
  costMicros: number;
  /** Uncached input tokens (a source whose input count includes cached tokens stores the difference). */
  inputTokens?: number;
  /** Input tokens read from the prompt cache. */
  cacheReadTokens?: number;
  /** Input tokens written to the prompt cache (all cache lifetimes together). */
  cacheWriteTokens?: number;
  /** Output tokens, reasoning included. */
  outputTokens?: number;
  /** Team, department or cost centre, when the source names one. */
  team?: string;
  /** Source event id; events with an id already seen are counted once. */
  id?: string;
}

export function isDimension(value: unknown): value is Dimension {
  return value === 'worker' || value === 'user' || value === 'model' || value === 'team';
}
