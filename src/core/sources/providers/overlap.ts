/**
 * Agent logs and a provider's bill can count the same requests: Claude Code on an organisation
 * API key is on the Anthropic bill, Codex on an OpenAI key on the OpenAI bill. When both are
 * shown, they are never added up silently: by default the bill counts and the logs are set aside,
 * shown as their share of the bill by project and person (`usageExplorer.providers.overlap`).
 */
import { queryUsage } from '../../query';
import { type UsageStore } from '../../store';
import { type ResolvedRange } from '../../time';
import { type ProviderKind } from './spec';

/** `bill`: the bill counts, the logs are its breakdown; `both`: both count (spend may be counted twice); `logs`: the logs count, the bill is set aside. */
export type OverlapMode = 'bill' | 'both' | 'logs';
export const OVERLAP_MODES: readonly OverlapMode[] = ['bill', 'both', 'logs'];

/** The agent-log kinds whose requests a provider bills. */
export const BILLED_BY: Readonly<Record<string, ProviderKind>> = { 'claude-code': 'anthropic', codex: 'openai' };

/** A shown source, as the overlap plan needs it. */
export interface OverlapSource {
  id: string;
  kind: string;
  label: string;
}

/** Agent logs and the organisations that bill them. */
export interface OverlapPair {
  logs: OverlapSource;
  providers: OverlapSource[];
}

export interface OverlapPlan {
  mode: OverlapMode;
  pairs: OverlapPair[];
  /** Sources left out of the totals (the logs with `bill`, the organisations with `logs`). */
  aside: ReadonlySet<string>;
}

/** Which shown sources overlap, and which of them the totals leave out under `mode`. */
export function planOverlap(sources: readonly OverlapSource[], mode: OverlapMode): OverlapPlan {
  const pairs: OverlapPair[] = [];
  for (const logs of sources) {
    const provider = BILLED_BY[logs.kind];
    if (!provider) continue;
    const providers = sources.filter((s) => s.kind === provider);
    if (providers.length > 0) pairs.push({ logs, providers });
  }
  const aside = new Set<string>();
  for (const pair of pairs) {
    if (mode === 'bill') aside.add(pair.logs.id);
    if (mode === 'logs') for (const p of pair.providers) aside.add(p.id);
  }
  return { mode, pairs, aside };
}

/** One project or person of the logs, with its estimated spend. */
export interface ShareRow {
  id: string;
  name: string;
  spendMicros: number;
}

/** The agent logs' share of the bill in a range: what the logs estimate, beside what the bill says. */
export interface OverlapShare {
  logsSpendMicros: number;
  billedSpendMicros: number;
  /** The logs' projects (workers) and people (users) by estimated spend, the first `top`. */
  byProject: ShareRow[];
  byPerson: ShareRow[];
  /** Projects and people beyond the first `top`. */
  moreProjects: number;
  morePeople: number;
}

/** The logs' spend in `range` by project and person, and the billed spend of the organisations that bill them. */
export function overlapShare(logs: UsageStore, bills: readonly UsageStore[], range: ResolvedRange, top = 5): OverlapShare {
  const view = queryUsage(logs, range);
  const rows = (list: typeof view.tables.worker): ShareRow[] => list.slice(0, top).map((r) => ({ id: r.id, name: r.name, spendMicros: r.spendMicros }));
  return {
    logsSpendMicros: view.totals.spendMicros,
    billedSpendMicros: bills.reduce((sum, bill) => sum + queryUsage(bill, range).totals.spendMicros, 0),
    byProject: rows(view.tables.worker),
    byPerson: rows(view.tables.user),
    moreProjects: Math.max(0, view.tables.worker.length - top),
    morePeople: Math.max(0, view.tables.user.length - top),
  };
}

/** The CLI's note on agent logs given with the organisation that bills them: what `mode` counts. */
export function overlapNote(pair: OverlapPair, mode: OverlapMode): string {
  const providers = pair.providers.map((p) => `--source ${p.kind}`).join(', ');
  const both = `--source ${pair.logs.kind} and ${providers} can hold the same requests`;
  if (mode === 'both') return `${both}: --overlap both counts them both, so spend may be counted twice.`;
  if (mode === 'logs') return `${both}: --overlap logs counts the logs and leaves the bill out.`;
  return `${both}: the totals count the bill and leave the logs out (--overlap logs or both to choose otherwise).`;
}
