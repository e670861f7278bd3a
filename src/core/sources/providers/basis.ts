/**
 * How each row's spend was made, for the views and exports to say: `billed` (a provider's bill,
 * per project/workspace, model and day), `allocated` (a bill split over users in proportion to
 * priced tokens) or `estimated` (agent logs priced at list prices). Spend that a source reports as
 * it is (files, HTTP, PostgreSQL, demo) has no basis to label.
 */
import { type Dimension } from '../../model';
import { filterCodes, type Filter } from '../../query';
import { type StoreSource, type UsageStore } from '../../store';
import { type ResolvedRange } from '../../time';

export type SpendBasis = 'billed' | 'allocated' | 'estimated';
const BASES: readonly SpendBasis[] = ['billed', 'allocated', 'estimated'];

/**
 * A source's basis for a dimension's rows, by its id: organisations are `openai:…`/`anthropic:…`
 * (organisationSourceId), agent logs `claude-code`/`codex` (agentLogSource), in the CLI and the
 * extension alike. A bill is split by project/workspace and model; users (and so teams) are allocated.
 */
export function sourceSpendBasis(source: Pick<StoreSource, 'id'>, dimension: Dimension): SpendBasis | undefined {
  const kind = source.id.split(':', 1)[0];
  if (kind === 'openai' || kind === 'anthropic') return dimension === 'worker' || dimension === 'model' ? 'billed' : 'allocated';
  if (kind === 'claude-code' || kind === 'codex') return 'estimated';
  return undefined;
}

/**
 * The basis of each row of `dimension` in the range (and filters): `billed`, `allocated`,
 * `estimated`, or several joined (`billed + estimated`) when sources of different bases meet in a
 * row. Undefined when no source of the store has a basis (nothing to label); a row of only
 * reported spend is absent from the map.
 */
export function spendBasisByRow(store: UsageStore, range: ResolvedRange, filters: readonly Filter[], dimension: Dimension): Map<string, string> | undefined {
  const bitsOf = store.sources.map((s) => {
    const basis = sourceSpendBasis(s, dimension);
    return basis === undefined ? 0 : 1 << BASES.indexOf(basis);
  });
  if (bitsOf.every((bits) => bits === 0)) return undefined;
  const out = new Map<string, string>();
  const codes = filterCodes(store, filters);
  if (!codes) return out;
  const column = store.codes(dimension);
  const dictionary = store.dictionary(dimension);
  const teams = codes.team >= 0 ? store.codes('team') : undefined;
  const seen = new Uint8Array(dictionary.size);
  const hi = store.lowerBound(range.current.to);
  for (let i = store.lowerBound(range.current.from); i < hi; i++) {
    const bits = bitsOf[store.sourceIndexes[i]];
    if (bits === 0) continue;
    if (codes.worker >= 0 && store.workerCodes[i] !== codes.worker) continue;
    if (codes.user >= 0 && store.userCodes[i] !== codes.user) continue;
    if (codes.model >= 0 && store.modelCodes[i] !== codes.model) continue;
    if (teams && teams[i] !== codes.team) continue;
    seen[column[i]] |= bits;
  }
  for (let code = 0; code < seen.length; code++) {
    if (seen[code] === 0) continue;
    out.set(dictionary.ids[code], BASES.filter((_, b) => seen[code] & (1 << b)).join(' + '));
  }
  return out;
}
