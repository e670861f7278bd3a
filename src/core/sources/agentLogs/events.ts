import { type UsageEvent } from '../../model';
import { priceTokens } from '../../pricing/price';
import { type PriceResolver } from '../../pricing/resolver';
import { projectId, projectNames } from './projects';
import { type AgentUsageRecord } from './records';
import { type AgentLogReport } from './report';

/** The person the requests on this machine are counted for. */
export interface AgentLogUser {
  id: string;
  name: string;
}

/** Name of the worker of requests whose log names no working directory. */
export const UNKNOWN_PROJECT = '(unknown project)';

/**
 * Turns collected requests into usage events: worker = project (cwd), user = the person on this
 * machine, model as logged, one run per request, cost priced from the tokens with the model's
 * prices resolved once (unpriced models cost 0 and their tokens are counted in the report).
 */
export function toUsageEvents(records: readonly AgentUsageRecord[], user: AgentLogUser, resolver: PriceResolver, report: AgentLogReport): UsageEvent[] {
  const projects = new Map<string, string>();
  const ids = records.map((record) => {
    let id = projects.get(record.cwd);
    if (id === undefined) projects.set(record.cwd, (id = record.cwd ? projectId(record.cwd) : UNKNOWN_PROJECT));
    return id;
  });
  const names = projectNames(ids.filter((id) => id !== UNKNOWN_PROJECT));
  names.set(UNKNOWN_PROJECT, UNKNOWN_PROJECT);
  const sessions = new Map<string, Set<string>>();
  const events: UsageEvent[] = new Array<UsageEvent>(records.length);
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    const workerId = ids[i];
    let workerSessions = sessions.get(workerId);
    if (!workerSessions) sessions.set(workerId, (workerSessions = new Set()));
    workerSessions.add(record.sessionId);
    const pricing = resolver.resolve(record.model);
    let costMicros = 0;
    if (pricing) {
      costMicros = priceTokens(pricing, record, record.timestamp);
    } else {
      const tokens = record.inputTokens + record.cacheReadTokens + record.cacheWriteTokens + record.outputTokens;
      report.unpricedTokens.set(record.model, (report.unpricedTokens.get(record.model) ?? 0) + tokens);
    }
    events[i] = {
      timestamp: record.timestamp,
      workerId,
      workerName: names.get(workerId) ?? workerId,
      userId: user.id,
      userName: user.name,
      model: record.model,
      runs: 1,
      costMicros,
      inputTokens: record.inputTokens,
      cacheReadTokens: record.cacheReadTokens,
      cacheWriteTokens: record.cacheWriteTokens,
      outputTokens: record.outputTokens,
      id: record.id,
    };
  }
  for (const [worker, set] of sessions) report.sessionsByWorker.set(worker, set.size);
  report.requests = records.length;
  return events;
}
