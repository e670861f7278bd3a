/** What reading a set of agent logs found, for the log, the warnings and the views. */
export interface AgentLogReport {
  /** Log files read. */
  files: number;
  /** Files that could not be read at all (named in `samples`). */
  failedFiles: number;
  /** Usage records found (before removing streamed and replayed duplicates). */
  records: number;
  /** Model requests kept: one event each. */
  requests: number;
  /** Requests taken from the kept history because the logs no longer have them. */
  fromHistory: number;
  /** Records left out as repeats of a request already counted (streamed copies, re-emitted or replayed counters). */
  duplicates: number;
  /** Records of Claude Code's `<synthetic>` model (no API call), left out. */
  synthetic: number;
  /** Usage lines that could not be read (a torn last line after a crash is normal). */
  unreadable: number;
  /** The first few problems, as `file:line: reason`. */
  samples: string[];
  /** Distinct sessions per worker (project) id. */
  sessionsByWorker: Map<string, number>;
  /** Tokens of the models no price is known for, per model id: those events cost 0 and are flagged. */
  unpricedTokens: Map<string, number>;
}

/** Problems kept per load; the counts stay exact. */
export const MAX_SAMPLES = 20;

export function emptyReport(): AgentLogReport {
  return {
    files: 0,
    failedFiles: 0,
    records: 0,
    requests: 0,
    fromHistory: 0,
    duplicates: 0,
    synthetic: 0,
    unreadable: 0,
    samples: [],
    sessionsByWorker: new Map(),
    unpricedTokens: new Map(),
  };
}

export function addSample(report: AgentLogReport, sample: string): void {
  if (report.samples.length < MAX_SAMPLES) report.samples.push(sample);
}

/** The counts of several parts of one load added up (their samples kept up to the limit). */
export function mergeReports(parts: readonly AgentLogReport[]): AgentLogReport {
  const merged = emptyReport();
  for (const part of parts) {
    merged.files += part.files;
    merged.failedFiles += part.failedFiles;
    merged.records += part.records;
    merged.requests += part.requests;
    merged.fromHistory += part.fromHistory;
    merged.duplicates += part.duplicates;
    merged.synthetic += part.synthetic;
    merged.unreadable += part.unreadable;
    for (const sample of part.samples) addSample(merged, sample);
    for (const [worker, n] of part.sessionsByWorker) merged.sessionsByWorker.set(worker, (merged.sessionsByWorker.get(worker) ?? 0) + n);
    for (const [model, n] of part.unpricedTokens) merged.unpricedTokens.set(model, (merged.unpricedTokens.get(model) ?? 0) + n);
  }
  return merged;
}
