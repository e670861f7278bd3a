/**
 * The dashboard's overlap notice from a snapshot: agent logs beside the organisation that bills
 * them. With the bill counted (the default), the logs' share of it in the range, by project and
 * person; otherwise only which of them the totals count. Pure (no `vscode`).
 */
import { overlapShare } from '../core/sources/providers/overlap';
import { type ResolvedRange } from '../core/time';
import { type DataSnapshot } from '../data/usageData';
import { type OverlapModel } from '../protocol/dashboard';

export function buildOverlapModel(snapshot: Pick<DataSnapshot, 'overlap' | 'sources'>, range: ResolvedRange): OverlapModel | undefined {
  const overlap = snapshot.overlap;
  if (!overlap) return undefined;
  const storeOf = (id: string) => snapshot.sources.find((s) => s.id === id)?.result?.store;
  return {
    mode: overlap.plan.mode,
    pairs: overlap.plan.pairs.map((pair) => {
      const logs = storeOf(pair.logs.id);
      const bills = pair.providers.flatMap((p) => storeOf(p.id) ?? []);
      return {
        logs: pair.logs.label,
        providers: pair.providers.map((p) => p.label).join(', '),
        ...(overlap.plan.mode === 'bill' && logs ? { share: overlapShare(logs, bills, range) } : {}),
      };
    }),
  };
}
