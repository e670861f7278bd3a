import { type AgentUsageRecord } from './records';
import { type AgentLogReport } from './report';

/**
 * Keeps one record per request id. Claude Code writes a streamed message once per content block,
 * the early copies with a partial output count, so for it the copy with the most output wins
 * (at the earliest timestamp); for Codex the first copy wins (re-emits are identical).
 */
export class RequestCollector {
  readonly records: AgentUsageRecord[] = [];
  private readonly byId = new Map<string, number>();

  constructor(
    private readonly report: AgentLogReport,
    private readonly keep: 'most-output' | 'first',
  ) {}

  /** Whether a request with this id was already collected. */
  has(id: string): boolean {
    return this.byId.has(id);
  }

  add(record: AgentUsageRecord): void {
    if (this.merge(record)) this.report.duplicates++;
  }

  /**
   * Adds a request, or merges it into the one with its id (a copy kept from an earlier load):
   * true when it was already there.
   */
  merge(record: AgentUsageRecord): boolean {
    let index = this.byId.get(record.id);
    if (index !== undefined && this.records[index].part !== record.part) {
      // Same message id, another request id: another request, kept under both parts of its identity.
      record = { ...record, id: `${record.id}\u0000${record.part ?? ''}`, part: undefined };
      index = this.byId.get(record.id);
    }
    if (index === undefined) {
      this.byId.set(record.id, this.records.length);
      this.records.push(record);
      return false;
    }
    if (this.keep === 'first') return true;
    const kept = this.records[index];
    if (record.outputTokens >= kept.outputTokens) {
      this.records[index] = { ...record, timestamp: Math.min(kept.timestamp, record.timestamp) };
    } else if (record.timestamp < kept.timestamp) {
      kept.timestamp = record.timestamp;
    }
    return true;
  }
}
