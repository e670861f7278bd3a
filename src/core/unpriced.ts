import { type Dimension } from './model';
import { filterCodes, type Filter } from './query';
import { type UsageStore } from './store';
import { type ResolvedRange } from './time';

/**
 * The rows of a dimension whose spend leaves out tokens no price is known for: the events of the
 * range (and filters) whose model is one of `models` (the agent-log sources' unpriced models).
 * Their cost is 0, so the spend shown for these rows is incomplete; views and exports flag them.
 */
export function unpricedRowIds(
  store: UsageStore,
  range: ResolvedRange,
  filters: readonly Filter[],
  dimension: Dimension,
  models: ReadonlySet<string>,
): Set<string> {
  const ids = new Set<string>();
  const unpricedCodes = new Uint8Array(store.models.size);
  let any = false;
  for (const model of models) {
    const code = store.models.codeOf(model);
    if (code !== undefined) {
      unpricedCodes[code] = 1;
      any = true;
    }
  }
  const codes = filterCodes(store, filters);
  if (!any || !codes) return ids;
  const dictionary = store.dictionary(dimension);
  const column = dimension === 'worker' ? store.workerCodes : dimension === 'user' ? store.userCodes : store.modelCodes;
  const seen = new Uint8Array(dictionary.size);
  const hi = store.lowerBound(range.current.to);
  for (let i = store.lowerBound(range.current.from); i < hi; i++) {
    if (unpricedCodes[store.modelCodes[i]] === 0) continue;
    if (codes.worker >= 0 && store.workerCodes[i] !== codes.worker) continue;
    if (codes.user >= 0 && store.userCodes[i] !== codes.user) continue;
    if (codes.model >= 0 && store.modelCodes[i] !== codes.model) continue;
    seen[column[i]] = 1;
  }
  for (let code = 0; code < seen.length; code++) if (seen[code] === 1) ids.add(dictionary.ids[code]);
  return ids;
}
