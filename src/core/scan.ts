/**
 * The one pass over a span's events behind every view: runs, spend, tokens, known runs and
 * distinct users per entity of each dimension, and (for the range itself) per day. Events are
 * sorted by time, so the days are cut by binary search on the zone's day boundaries and the
 * loop over a day's events does no date math; every sum goes into a typed array by dictionary
 * code. Columns a store lacks (tokens, teams, sources without run counts) cost nothing.
 */
import { type Dimension } from './model';
import { type Filter } from './query';
import { filterCodes, lowerBoundAt, lowerBoundIn, resolveTeamFilter } from './scanFilters';
import { NO_TOKENS, TOKEN_FIELDS, type TokenField, type UsageStore } from './store';
import { dayOf, startOfDay, type DaySpan } from './time';

/** Token sums of a row or total; a kind is present only when some event of the store has it. */
export type TokenSums = Partial<Record<TokenField, number>>;

export interface ScanResult {
  /** Events counted. */
  events: number;
  runs: number;
  spendMicros: number;
  /** Distinct users with an event. */
  users: number;
  /** Token kinds the store has, in TOKEN_FIELDS order, and their sums over the events counted. */
  tokenFields: readonly TokenField[];
  tokens: Float64Array;
  /** Events from sources that count runs, when some source does not (undefined otherwise). */
  knownRunEvents: number | undefined;
  /** Per dimension, by entity code. `runsBy`, `tokensBy` (one per token kind), `usersBy` and `knownRunsBy` are filled for a detailed scan only. */
  spendBy: Record<Dimension, Float64Array>;
  runsBy: Record<Dimension, Float64Array>;
  tokensBy: Record<Dimension, Float64Array>[];
  usersBy: Record<Dimension, Uint32Array>;
  knownRunsBy: Record<Dimension, Uint32Array> | undefined;
  /** 1 for each user with an event. */
  userSeen: Uint8Array;
  /** Civil days with events, ascending, with their runs and spend (detailed scan only). */
  days: number[];
  dayRuns: number[];
  daySpend: number[];
}

/** Above this many (entity, user) cells, distinct users are counted with a Set instead of a byte map. */
const MAX_PAIR_BITMAP = 1 << 24;

/** One value per dimension. */
function perDimension<T>(make: (dimension: Dimension) => T): Record<Dimension, T> {
  return { worker: make('worker'), user: make('user'), model: make('model'), team: make('team') };
}

/**
 * Scans the events of `span` that pass `filters`. A detailed scan (the range itself) fills every
 * per-entity figure and the days; a plain one (the previous period) only what its totals and
 * the rows' previous spend need.
 */
export function scanSpan(store: UsageStore, span: DaySpan, filters: readonly Filter[], timeZone: string, detail: boolean): ScanResult {
  const acc = new Accumulator(store, detail ? 'detail' : 'plain');
  const codes = filterCodes(store, filters);
  if (!codes || !acc.filter(codes)) return acc.result();
  // Filtered to an entity: walk only its events (in time order); otherwise the span's slice.
  const first = filters.find((f) => codes[f.dimension] >= 0);
  const only = first ? store.eventsOf(first.dimension, codes[first.dimension]) : undefined;
  acc.only = only;
  const { timestamps } = store;
  const lo = only ? lowerBoundIn(only, timestamps, span.from) : store.lowerBound(span.from);
  const hi = only ? lowerBoundIn(only, timestamps, span.to) : store.lowerBound(span.to);
  if (!detail) {
    acc.add(lo, hi);
    return acc.result();
  }
  // Day by day: find where the day ends by binary search, then add its events in one go. The
  // zone is asked which day an event is on only when it is not the day after the previous one.
  let day = 0;
  for (let k = lo; k < hi;) {
    const t = timestamps[only ? only[k] : k];
    if (k > lo && t < startOfDay(day + 2, timeZone)) day++;
    else day = dayOf(t, timeZone);
    const end = Math.max(k + 1, lowerBoundAt(only, timestamps, k, hi, startOfDay(day + 1, timeZone)));
    acc.add(k, end);
    if (acc.dayEvents > 0) {
      acc.days.push(day);
      acc.dayRuns.push(acc.dayRunsSum);
      acc.daySpend.push(acc.daySpendSum);
    }
    k = end;
  }
  return acc.result();
}

const NO_MARKS = { worker: new Uint8Array(0), model: new Uint8Array(0), team: new Uint8Array(0) };

/** Events added per block: the secondary loops (tokens, known runs) re-read a block's codes while they are in cache. */
const BLOCK = 4096;

/**
 * Sums of one scan, in typed arrays by entity code. `add` filters a block of events once, adding
 * runs, spend and distinct users; when the store has token columns or sources without run
 * counts (or the workspace is too large for pair marks), it notes the block's events that passed, and a loop per column adds those.
 */
export class Accumulator {
  readonly nU: number;
  readonly spendBy: Record<Dimension, Float64Array>;
  readonly runsBy: Record<Dimension, Float64Array>;
  readonly tokensBy: Record<Dimension, Float64Array>[];
  readonly usersBy: Record<Dimension, Uint32Array>;
  readonly knownRunsBy: Record<Dimension, Uint32Array> | undefined;
  readonly userSeen: Uint8Array;
  readonly tokenFields: TokenField[];
  readonly tokenColumns: Uint32Array[];
  readonly tokens: Float64Array;
  /** Per source index, 1 when it counts runs (only when some source does not). */
  readonly knownSource: Uint8Array | undefined;
  /** Team codes, or undefined when every event is in team `oneTeam` (no team column). */
  readonly teamCodes: Uint32Array | undefined;
  readonly oneTeam: number;
  /** Marks of (entity, user) pairs seen, for distinct users per worker, model and team; Sets for huge workspaces. */
  readonly pairBits: { worker: Uint8Array; model: Uint8Array; team: Uint8Array } | undefined;
  readonly pairSets: { worker: Set<number>; model: Set<number>; team: Set<number> } | undefined;
  /** The events of the current block that passed the filters, for the secondary loops (empty when there are none). */
  readonly passed: Uint32Array;
  readonly days: number[] = [];
  readonly dayRuns: number[] = [];
  readonly daySpend: number[] = [];
  fw = -1;
  fu = -1;
  fm = -1;
  ft = -1;
  only: Uint32Array | undefined;
  events = 0;
  runs = 0;
  spend = 0;
  knownRunEvents = 0;
  /** The last add's counts. */
  dayEvents = 0;
  dayRunsSum = 0;
  daySpendSum = 0;

  readonly detail: boolean;
  readonly spendOnly: boolean;

  /** `detail`: every figure; `plain`: what the previous period needs; `spend`: spend per entity only. */
  constructor(
    readonly store: UsageStore,
    mode: 'detail' | 'plain' | 'spend',
  ) {
    const detail = (this.detail = mode === 'detail');
    this.spendOnly = mode === 'spend';
    const size = perDimension((d) => store.dictionary(d).size);
    this.nU = size.user;
    this.tokenFields = mode === 'spend' ? [] : TOKEN_FIELDS.filter((f) => store.hasTokens(f));
    this.tokenColumns = this.tokenFields.map((f) => store.columns[f]!);
    this.tokens = new Float64Array(this.tokenFields.length);
    this.spendBy = perDimension((d) => new Float64Array(size[d]));
    this.runsBy = perDimension((d) => new Float64Array(detail ? size[d] : 0));
    this.tokensBy = this.tokenFields.map(() => perDimension((d) => new Float64Array(detail ? size[d] : 0)));
    this.usersBy = perDimension((d) => new Uint32Array(detail && d !== 'user' ? size[d] : 0));
    this.knownSource = store.hasUnknownRuns && mode !== 'spend' ? Uint8Array.from(store.sources, (s) => (s.runsKnown ? 1 : 0)) : undefined;
    this.knownRunsBy = this.knownSource && detail ? perDimension((d) => new Uint32Array(size[d])) : undefined;
    this.userSeen = new Uint8Array(size.user);
    this.oneTeam = store.soleTeam ?? -1;
    this.teamCodes = this.oneTeam >= 0 ? undefined : (store.codes('team') as Uint32Array);
    const small = size.user * Math.max(size.worker, size.model, size.team) <= MAX_PAIR_BITMAP;
    const teamPairs = this.teamCodes ? size.team : 0;
    this.pairBits =
      detail && small
        ? { worker: new Uint8Array(size.worker * size.user), model: new Uint8Array(size.model * size.user), team: new Uint8Array(teamPairs * size.user) }
        : undefined;
    this.pairSets = detail && !small ? { worker: new Set(), model: new Set(), team: new Set() } : undefined;
    this.passed = new Uint32Array(this.tokenFields.length > 0 || this.knownSource || this.pairSets ? BLOCK : 0);
  }

  /** Sets the filters (codes, -1 for none); false when they match no event. */
  filter(codes: Record<Dimension, number>): boolean {
    const matches = resolveTeamFilter(this.store, codes);
    ({ worker: this.fw, user: this.fu, model: this.fm, team: this.ft } = codes);
    return matches;
  }

  /** Adds the events at positions `lo..hi` (of `only`, or of the store) that pass the filters. */
  add(lo: number, hi: number): void {
    let count = 0;
    let runSum = 0;
    let spendSum = 0;
    for (let from = lo; from < hi; from += BLOCK) {
      const n = this.addBlock(from, Math.min(hi, from + BLOCK));
      count += n;
      runSum += this.dayRunsSum;
      spendSum += this.daySpendSum;
      for (let f = 0; f < this.tokenColumns.length; f++) this.addTokens(f, n);
      if (this.knownSource !== undefined) this.addKnownRuns(n);
      if (this.pairSets !== undefined) this.addPairSets(n);
    }
    this.events += count;
    this.runs += runSum;
    this.spend += spendSum;
    this.dayEvents = count;
    this.dayRunsSum = runSum;
    this.daySpendSum = spendSum;
  }

  /** The hot loop of a detailed or plain scan: filters positions `lo..hi` once; returns how many passed (their runs and spend in dayRunsSum, daySpendSum). */
  private addBlock(lo: number, hi: number): number {
    if (this.spendOnly) return this.addSpend(lo, hi);
    const { workerCodes, userCodes, modelCodes, runs, costMicros } = this.store;
    const { only, fw, fu, fm, ft, teamCodes, userSeen, nU, passed, detail } = this;
    const { worker: ws, user: us, model: ms, team: ts } = this.spendBy;
    const { worker: wr, user: ur, model: mr, team: tr } = this.runsBy;
    const marks = this.pairBits !== undefined;
    const { worker: bw, model: bm, team: bt } = this.pairBits ?? NO_MARKS;
    const note = passed.length > 0;
    let count = 0;
    let runSum = 0;
    let spendSum = 0;
    for (let k = lo; k < hi; k++) {
      const i = only === undefined ? k : only[k];
      const w = workerCodes[i];
      if (fw >= 0 && w !== fw) continue;
      const u = userCodes[i];
      if (fu >= 0 && u !== fu) continue;
      const m = modelCodes[i];
      if (fm >= 0 && m !== fm) continue;
      const r = runs[i];
      const c = costMicros[i];
      if (teamCodes !== undefined) {
        const tm = teamCodes[i];
        if (ft >= 0 && tm !== ft) continue;
        ts[tm] += c;
        if (detail) {
          tr[tm] += r;
          if (marks) bt[tm * nU + u] = 1;
        }
      }
      if (note) passed[count] = i;
      count++;
      runSum += r;
      spendSum += c;
      ws[w] += c;
      us[u] += c;
      ms[m] += c;
      // Marks, not counts: stores without a branch; counted once afterwards.
      userSeen[u] = 1;
      if (!detail) continue;
      wr[w] += r;
      ur[u] += r;
      mr[m] += r;
      if (marks) {
        bw[w * nU + u] = 1;
        bm[m * nU + u] = 1;
      }
    }
    this.dayRunsSum = runSum;
    this.daySpendSum = spendSum;
    return count;
  }

  /** The hot loop of a spend scan: spend per entity, nothing else (store indices, no `only`). */
  private addSpend(lo: number, hi: number): number {
    const { workerCodes, userCodes, modelCodes, costMicros } = this.store;
    const { fw, fu, fm, ft, teamCodes } = this;
    const { worker: ws, user: us, model: ms, team: ts } = this.spendBy;
    let count = 0;
    let spendSum = 0;
    for (let i = lo; i < hi; i++) {
      const w = workerCodes[i];
      const u = userCodes[i];
      const m = modelCodes[i];
      if ((fw >= 0 && w !== fw) || (fu >= 0 && u !== fu) || (fm >= 0 && m !== fm)) continue;
      const c = costMicros[i];
      if (teamCodes !== undefined) {
        const tm = teamCodes[i];
        if (ft >= 0 && tm !== ft) continue;
        ts[tm] += c;
      }
      count++;
      spendSum += c;
      ws[w] += c;
      us[u] += c;
      ms[m] += c;
    }
    this.dayRunsSum = 0;
    this.daySpendSum = spendSum;
    return count;
  }

  /** Adds the (entity, user) pairs of the block's `n` events that passed to the Sets (workspaces too large for pair marks). */
  private addPairSets(n: number): void {
    const { workerCodes, userCodes, modelCodes } = this.store;
    const { passed, teamCodes, nU } = this;
    const { worker: sw, model: sm, team: st } = this.pairSets!;
    for (let k = 0; k < n; k++) {
      const i = passed[k];
      const u = userCodes[i];
      sw.add(workerCodes[i] * nU + u);
      sm.add(modelCodes[i] * nU + u);
      if (teamCodes !== undefined) st.add(teamCodes[i] * nU + u);
    }
  }

  /** Adds token kind `f` of the block's `n` events that passed: to the total, and per entity in a detailed scan. */
  private addTokens(f: number, n: number): void {
    const column = this.tokenColumns[f];
    const passed = this.passed;
    let sum = 0;
    if (!this.detail) {
      for (let k = 0; k < n; k++) {
        const v = column[passed[k]];
        if (v !== NO_TOKENS) sum += v;
      }
    } else {
      const { workerCodes, userCodes, modelCodes } = this.store;
      const teamCodes = this.teamCodes;
      const { worker: tw, user: tu, model: tmo, team: tt } = this.tokensBy[f];
      for (let k = 0; k < n; k++) {
        const i = passed[k];
        const v = column[i];
        if (v === NO_TOKENS) continue;
        sum += v;
        tw[workerCodes[i]] += v;
        tu[userCodes[i]] += v;
        tmo[modelCodes[i]] += v;
        if (teamCodes !== undefined) tt[teamCodes[i]] += v;
      }
    }
    this.tokens[f] += sum;
  }

  /** Counts the block's `n` events that passed and come from sources that count runs: in total, and per entity in a detailed scan. */
  private addKnownRuns(n: number): void {
    const { sourceIndexes, workerCodes, userCodes, modelCodes } = this.store;
    const { passed, knownSource, knownRunsBy, teamCodes } = this;
    let known = 0;
    for (let k = 0; k < n; k++) {
      const i = passed[k];
      if (knownSource![sourceIndexes[i]] === 0) continue;
      known++;
      if (knownRunsBy === undefined) continue;
      knownRunsBy.worker[workerCodes[i]]++;
      knownRunsBy.user[userCodes[i]]++;
      knownRunsBy.model[modelCodes[i]]++;
      if (teamCodes !== undefined) knownRunsBy.team[teamCodes[i]]++;
    }
    this.knownRunEvents += known;
  }

  result(): ScanResult {
    let users = 0;
    const { userSeen, nU } = this;
    for (let u = 0; u < nU; u++) users += userSeen[u];
    const { usersBy, pairBits, pairSets } = this;
    if (this.detail) {
      for (const d of ['worker', 'model', 'team'] as const) {
        if (pairBits !== undefined) countPairs(pairBits[d], nU, usersBy[d]);
        else if (pairSets !== undefined) for (const key of pairSets[d]) usersBy[d][Math.floor(key / nU)]++;
      }
    }
    // Every event in one team: its figures are the totals.
    const one = this.oneTeam;
    if (one >= 0) {
      this.spendBy.team[one] = this.spend;
      if (this.detail) {
        this.runsBy.team[one] = this.runs;
        usersBy.team[one] = users;
        this.tokensBy.forEach((by, f) => (by.team[one] = this.tokens[f]));
        if (this.knownRunsBy) this.knownRunsBy.team[one] = this.knownRunEvents;
      }
    }
    return {
      events: this.events,
      runs: this.runs,
      spendMicros: this.spend,
      users,
      tokenFields: this.tokenFields,
      tokens: this.tokens,
      knownRunEvents: this.knownSource === undefined ? undefined : this.knownRunEvents,
      spendBy: this.spendBy,
      runsBy: this.runsBy,
      tokensBy: this.tokensBy,
      usersBy,
      knownRunsBy: this.knownRunsBy,
      userSeen,
      days: this.days,
      dayRuns: this.dayRuns,
      daySpend: this.daySpend,
    };
  }
}

/** Per entity, how many of its `width` user marks are set. */
function countPairs(marks: Uint8Array, width: number, counts: Uint32Array): void {
  const entities = Math.min(counts.length, Math.floor(marks.length / Math.max(1, width)));
  for (let entity = 0; entity < entities; entity++) {
    let n = 0;
    const row = entity * width;
    for (let u = 0; u < width; u++) n += marks[row + u];
    counts[entity] = n;
  }
}
