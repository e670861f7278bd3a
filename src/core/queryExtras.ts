/**
 * What a view shows beyond runs and spend, for the stores that have it: token sums (only token
 * kinds some event has) and which rows' runs are unknown (every event from a source that reports
 * no run counts). A second pass over the events the main scan read, so stores without tokens or
 * unknown runs pay nothing for it.
 */
import { DIMENSIONS, type Dimension } from './model';
import { NO_TOKENS, TOKEN_FIELDS, type TokenField, type UsageStore } from './store';

/** Token sums of a row or total; a kind is present only when some event of the store has it. */
export type TokenSums = Partial<Record<TokenField, number>>;

export interface ExtrasResult {
  /** Token sums of all events read, or undefined when the store has no tokens. */
  tokens: TokenSums | undefined;
  /** Per dimension and token kind, sums by entity code. */
  tokensBy: Record<Dimension, Partial<Record<TokenField, Float64Array>>> | undefined;
  /** Events from sources that count runs: in total, and by entity code per dimension (undefined when every source counts runs). */
  knownRunEvents: number;
  knownRunEventsBy: Record<Dimension, Uint32Array> | undefined;
}

/** True when queries need the extras pass for this store. */
export function needsExtras(store: UsageStore): boolean {
  return store.hasUnknownRuns || TOKEN_FIELDS.some((f) => store.hasTokens(f));
}

/**
 * Sums tokens and counts known-run events over events `lo..hi` (positions in `only` when given,
 * else event indices), keeping those that pass the filter codes (-1: no filter).
 */
export function scanExtras(store: UsageStore, lo: number, hi: number, only: Uint32Array | undefined, codes: Record<Dimension, number>): ExtrasResult {
  const fields = TOKEN_FIELDS.filter((f) => store.hasTokens(f));
  const sizes: Record<Dimension, number> = {
    worker: store.workers.size,
    user: store.users.size,
    model: store.models.size,
    team: store.dictionary('team').size,
  };
  const tokens: TokenSums | undefined = fields.length > 0 ? {} : undefined;
  const tokensBy = fields.length > 0 ? ({ worker: {}, user: {}, model: {}, team: {} } as ExtrasResult['tokensBy'] & object) : undefined;
  for (const field of fields) {
    tokens![field] = 0;
    for (const d of DIMENSIONS) tokensBy![d][field] = new Float64Array(sizes[d]);
  }
  const knownBy = store.hasUnknownRuns
    ? { worker: new Uint32Array(sizes.worker), user: new Uint32Array(sizes.user), model: new Uint32Array(sizes.model), team: new Uint32Array(sizes.team) }
    : undefined;
  const known = new Uint8Array(store.sources.map((s) => (s.runsKnown ? 1 : 0)));
  const { workerCodes, userCodes, modelCodes, sourceIndexes } = store;
  const teamCodes = store.codes('team');
  const { worker: fw, user: fu, model: fm, team: ft } = codes;
  let knownRunEvents = 0;
  for (let k = lo; k < hi; k++) {
    const i = only ? only[k] : k;
    const w = workerCodes[i];
    if (fw >= 0 && w !== fw) continue;
    const u = userCodes[i];
    if (fu >= 0 && u !== fu) continue;
    const m = modelCodes[i];
    if (fm >= 0 && m !== fm) continue;
    const tm = teamCodes[i];
    if (ft >= 0 && tm !== ft) continue;
    if (knownBy !== undefined && known[sourceIndexes[i]] === 1) {
      knownRunEvents++;
      knownBy.worker[w]++;
      knownBy.user[u]++;
      knownBy.model[m]++;
      knownBy.team[tm]++;
    }
    for (const field of fields) {
      const t = store.columns[field]![i];
      if (t === NO_TOKENS) continue;
      tokens![field]! += t;
      tokensBy!.worker[field]![w] += t;
      tokensBy!.user[field]![u] += t;
      tokensBy!.model[field]![m] += t;
      tokensBy!.team[field]![tm] += t;
    }
  }
  return { tokens, tokensBy, knownRunEvents, knownRunEventsBy: knownBy };
}

/** The token sums of one entity. */
export function tokensOf(extras: ExtrasResult, dimension: Dimension, code: number): TokenSums | undefined {
  if (extras.tokensBy === undefined) return undefined;
  const out: TokenSums = {};
  for (const [field, sums] of Object.entries(extras.tokensBy[dimension]) as [TokenField, Float64Array][]) out[field] = sums[code];
  return out;
}
