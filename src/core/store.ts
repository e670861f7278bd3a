import { Dictionary } from './dictionary';
import { type IdLog } from './engine/idLog';
import { IdSet } from './idSet';
import { NO_TEAM_NAME, type Dimension, type UsageEvent } from './model';

/** Token counts an event does not have are stored as this value. */
export const NO_TOKENS = 0xffffffff;

// The store's limits, the one place the sources and parsers read them from.
/** Most runs one event can carry (a Uint32). */
export const MAX_RUNS = 0xffffffff;
/** Most tokens of one kind one event can carry (a Uint32 below the "not given" value). */
export const MAX_TOKENS = NO_TOKENS - 1;
/** Most distinct models a store holds (model codes are Uint16). */
export const MAX_MODELS = 0x10000;
/** Team code of an event without a team. */
export const NO_TEAM = 0xffffffff;
/** Sources a store can tell apart (the per-event source index is a byte). */
export const MAX_SOURCES = 256;
/**
 * Most spend a store's events may add up to, in absolute micro-units (2^53 - 1, about 9 billion
 * in the currency): below it every total, per entity, day or view, is an exact integer.
 */
export const MAX_SPEND_MICROS = Number.MAX_SAFE_INTEGER;

/** Events whose spend adds up past MAX_SPEND_MICROS: their totals could not be exact, so they are refused. */
export class SpendLimitError extends Error {
  override readonly name = 'SpendLimitError';
}

/** The four token counts, in the order they are shown: uncached input, cache read, cache write, output. */
export type TokenField = 'inputTokens' | 'cacheReadTokens' | 'cacheWriteTokens' | 'outputTokens';
export const TOKEN_FIELDS: readonly TokenField[] = ['inputTokens', 'cacheReadTokens', 'cacheWriteTokens', 'outputTokens'];

/** One source that fed a store: a usage file, an HTTP API, the demo, and the kinds to come. */
export interface StoreSource {
  /** Stable key, unique in a store (e.g. `files:/abs/path.csv`, `http`, `demo`). */
  id: string;
  /** What views and exports call it. */
  label: string;
  /** False for a source that reports no run counts: its events' runs are unknown (shown "—"), not 0. */
  runsKnown: boolean;
  /** How its figures were made, when a view or export must say it (e.g. that spend per user is allocated). */
  note?: string;
}

/** The source events belong to when no source was declared. */
export const DEFAULT_SOURCE: StoreSource = { id: 'usage', label: 'Usage', runsKnown: true };

/** The per-event columns of a store; optional ones exist only when some event has the field. */
export interface StoreColumns {
  /** UTC ms, ascending in a built store. */
  timestamps: Float64Array;
  workerCodes: Uint32Array;
  userCodes: Uint32Array;
  modelCodes: Uint16Array;
  /** Runs (0 for events of a source whose runs are unknown). */
  runs: Uint32Array;
  /** Integer micro-units (exact in a double up to 2^53). */
  costMicros: Float64Array;
  /** Index into the store's sources. */
  sourceIndexes: Uint8Array;
  inputTokens?: Uint32Array;
  cacheReadTokens?: Uint32Array;
  cacheWriteTokens?: Uint32Array;
  outputTokens?: Uint32Array;
  /** Code in the teams dictionary, NO_TEAM when the event has none. */
  teamCodes?: Uint32Array;
}

export interface StoreDictionaries {
  workers: Dictionary;
  users: Dictionary;
  models: Dictionary;
  teams: Dictionary;
}

/**
 * Columnar, compact store of usage events, sorted by time: one typed array per field,
 * names dictionary-encoded, cost as integer micro-units, the source of each event as a byte.
 * Token and team columns are there only when some event has them.
 */
export class UsageStore {
  readonly timestamps: Float64Array;
  readonly workerCodes: Uint32Array;
  readonly userCodes: Uint32Array;
  readonly modelCodes: Uint16Array;
  readonly runs: Uint32Array;
  readonly costMicros: Float64Array;
  readonly sourceIndexes: Uint8Array;
  readonly inputTokens: Uint32Array | undefined;
  readonly cacheReadTokens: Uint32Array | undefined;
  readonly cacheWriteTokens: Uint32Array | undefined;
  readonly outputTokens: Uint32Array | undefined;
  readonly teamCodes: Uint32Array | undefined;
  readonly workers: Dictionary;
  readonly users: Dictionary;
  readonly models: Dictionary;
  readonly teams: Dictionary;
  /** True when some source reports no run counts. */
  readonly hasUnknownRuns: boolean;

  constructor(
    readonly length: number,
    readonly columns: StoreColumns,
    dictionaries: StoreDictionaries,
    /** The sources, by the index events carry. */
    readonly sources: readonly StoreSource[],
    /** Events dropped because their id had been seen before in their source. */
    readonly duplicates: number,
  ) {
    ({
      timestamps: this.timestamps,
      workerCodes: this.workerCodes,
      userCodes: this.userCodes,
      modelCodes: this.modelCodes,
      runs: this.runs,
      costMicros: this.costMicros,
      sourceIndexes: this.sourceIndexes,
      inputTokens: this.inputTokens,
      cacheReadTokens: this.cacheReadTokens,
      cacheWriteTokens: this.cacheWriteTokens,
      outputTokens: this.outputTokens,
      teamCodes: this.teamCodes,
    } = columns);
    ({ workers: this.workers, users: this.users, models: this.models, teams: this.teams } = dictionaries);
    this.hasUnknownRuns = sources.some((s) => !s.runsKnown);
  }

  static empty(): UsageStore {
    return new StoreBuilder().build();
  }

  dictionary(dimension: Dimension): Dictionary {
    if (dimension === 'team') return this.teamDimension().dictionary;
    return dimension === 'worker' ? this.workers : dimension === 'user' ? this.users : this.models;
  }

  codes(dimension: Dimension): Uint32Array | Uint16Array {
    if (dimension === 'team') return this.teamDimension().codes;
    return dimension === 'worker' ? this.workerCodes : dimension === 'user' ? this.userCodes : this.modelCodes;
  }

  private teamView: { dictionary: Dictionary; codes: Uint32Array } | undefined;

  /**
   * The team dimension: every event has a team code, the events without a team going to a
   * "(no team)" entry after the named teams. Built on first use (4 bytes an event).
   */
  private teamDimension(): { dictionary: Dictionary; codes: Uint32Array } {
    if (this.teamView) return this.teamView;
    const dictionary = new Dictionary();
    for (let code = 0; code < this.teams.size; code++) dictionary.intern(this.teams.ids[code], this.teams.names[code]);
    const column = this.teamCodes;
    const codes = new Uint32Array(this.length);
    let none = -1;
    for (let i = 0; i < this.length; i++) {
      const team = column === undefined ? NO_TEAM : column[i];
      if (team !== NO_TEAM) codes[i] = team;
      else {
        if (none < 0) none = dictionary.intern(NO_TEAM_NAME, NO_TEAM_NAME);
        codes[i] = none;
      }
    }
    this.teamView = { dictionary, codes };
    return this.teamView;
  }

  /** True when some event has token counts of this kind. */
  hasTokens(field: TokenField): boolean {
    return this.columns[field] !== undefined;
  }

  /** Index of the first event at or after `instant`. */
  lowerBound(instant: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timestamps[mid] < instant) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Earliest and latest instant, or undefined when empty. */
  extent(): { first: number; last: number } | undefined {
    return this.length === 0 ? undefined : { first: this.timestamps[0], last: this.timestamps[this.length - 1] };
  }

  /** Per dimension, event indices grouped by entity (built on first use): drill-downs read only their entity's events. */
  private readonly entityIndexes = new Map<Dimension, { starts: Uint32Array; events: Uint32Array }>();

  /**
   * Indices of the events of one entity, in time order. Built for a whole dimension on first
   * use (a counting sort, 4 bytes per event), so a drill-down does not scan every event.
   */
  eventsOf(dimension: Dimension, code: number): Uint32Array {
    let index = this.entityIndexes.get(dimension);
    if (!index) {
      const codes = this.codes(dimension);
      const starts = new Uint32Array(this.dictionary(dimension).size + 1);
      for (let i = 0; i < this.length; i++) starts[codes[i] + 1]++;
      for (let c = 1; c < starts.length; c++) starts[c] += starts[c - 1];
      const next = starts.slice(0, -1);
      const events = new Uint32Array(this.length);
      for (let i = 0; i < this.length; i++) events[next[codes[i]]++] = i;
      index = { starts, events };
      this.entityIndexes.set(dimension, index);
    }
    return index.events.subarray(index.starts[code], index.starts[code + 1]);
  }

  /** Bytes held by the per-event columns. */
  byteSize(): number {
    let sum = 0;
    for (const column of Object.values(this.columns) as (ArrayBufferView | undefined)[]) sum += column?.byteLength ?? 0;
    return sum;
  }

  /** The event at index `i`, rebuilt as an object (source ids serve de-duplication only and are not kept). */
  event(i: number): UsageEvent {
    const event: UsageEvent = {
      timestamp: this.timestamps[i],
      workerId: this.workers.ids[this.workerCodes[i]],
      workerName: this.workers.names[this.workerCodes[i]],
      userId: this.users.ids[this.userCodes[i]],
      userName: this.users.names[this.userCodes[i]],
      model: this.models.ids[this.modelCodes[i]],
      runs: this.runs[i],
      costMicros: this.costMicros[i],
    };
    for (const field of TOKEN_FIELDS) {
      const column = this.columns[field];
      if (column !== undefined && column[i] !== NO_TOKENS) event[field] = column[i];
    }
    const team = this.teamCodes?.[i] ?? NO_TEAM;
    if (team !== NO_TEAM) event.team = this.teams.ids[team];
    return event;
  }

  /** The source of event `i`. */
  sourceOf(i: number): StoreSource {
    return this.sources[this.sourceIndexes[i]];
  }
}

/** Collects events into growable columns, drops ids repeated within a source, then builds a time-sorted store. */
export class StoreBuilder {
  private length = 0;
  private capacity: number;
  private columns: StoreColumns;
  private readonly dicts: StoreDictionaries = { workers: new Dictionary(), users: new Dictionary(), models: new Dictionary(), teams: new Dictionary() };
  private readonly sources: StoreSource[] = [];
  private source = -1;
  /** Event ids seen so far per source (first wins); released by build(). */
  private readonly idSets: IdSet[] = [];
  private duplicates = 0;
  private built = false;
  /** When set, the ids of added events are logged (for segments de-duplicated later across threads). */
  idLog: IdLog | undefined;

  constructor(initialCapacity = 1024) {
    this.capacity = Math.max(16, initialCapacity);
    this.columns = requiredColumns(this.capacity);
  }

  get count(): number {
    return this.length;
  }

  get duplicateCount(): number {
    return this.duplicates;
  }

  /**
   * Makes `source` the one the next events belong to (ids de-duplicate within a source) and
   * returns its index. A source already begun (same id) is resumed. Without any, events go to DEFAULT_SOURCE.
   */
  beginSource(source: StoreSource): number {
    this.check();
    let index = this.sources.findIndex((s) => s.id === source.id);
    if (index < 0) {
      if (this.sources.length === MAX_SOURCES) throw new Error(`More than ${MAX_SOURCES} sources in one view.`);
      index = this.sources.push({ ...source }) - 1;
      this.idSets.push(new IdSet());
    }
    this.source = index;
    return index;
  }

  /** Adds an event; returns false (and counts it) when its id was seen before in its source. */
  add(event: UsageEvent): boolean {
    if (event.id !== undefined && event.id !== '' && !this.claimIdRange(event.id, 0, event.id.length)) return false;
    const d = this.dicts;
    this.addCoded(
      event.timestamp,
      d.workers.intern(event.workerId, event.workerName),
      d.users.intern(event.userId, event.userName),
      d.models.intern(event.model, event.model),
      event.runs,
      event.costMicros,
      event.inputTokens ?? -1,
      event.outputTokens ?? -1,
      event.cacheReadTokens ?? -1,
      event.cacheWriteTokens ?? -1,
      event.team !== undefined && event.team !== '' ? d.teams.intern(event.team, event.team) : -1,
    );
    return true;
  }

  /** False when `model` is new and the store already holds MAX_MODELS models (its event must be skipped). */
  admitsModel(model: string): boolean {
    const models = this.dicts.models;
    return models.size < MAX_MODELS || models.codeOf(model) !== undefined;
  }

  /** The dictionaries codes for addCoded come from. */
  get dictionaries(): Readonly<StoreDictionaries> {
    return this.dicts;
  }

  /**
   * Records an event id; false (and the event counted as a duplicate) when it was seen before in
   * the current source. With addCoded, the lower-level path of add for sources that parse rows in
   * place: call it first and add the event only when it returns true, as add does.
   */
  claimId(id: string): boolean {
    return this.claimIdRange(id, 0, id.length);
  }

  /** claimId of the id made of the chars `start..end` of `text` (cut out as a string only when it has none of the compact shapes). */
  claimIdRange(text: string, start: number, end: number): boolean {
    this.check();
    if (this.source < 0) this.beginSource(DEFAULT_SOURCE);
    if (this.idSets[this.source].add(text, start, end)) {
      this.idLog?.push(text, start, end, this.length);
      return true;
    }
    this.duplicates++;
    return false;
  }

  /**
   * Adds an event whose names are already interned in `dictionaries` (and whose id, if any, was
   * claimed). Token counts not given are passed as -1, as is a missing team code.
   */
  addCoded(
    timestamp: number,
    workerCode: number,
    userCode: number,
    modelCode: number,
    runs: number,
    costMicros: number,
    inputTokens: number,
    outputTokens: number,
    cacheReadTokens = -1,
    cacheWriteTokens = -1,
    teamCode = -1,
  ): void {
    this.check();
    if (modelCode >= MAX_MODELS) throw new Error('More than 65,536 distinct models.');
    if (this.source < 0) this.beginSource(DEFAULT_SOURCE);
    if (this.length === this.capacity) this.grow();
    const i = this.length++;
    const c = this.columns;
    c.timestamps[i] = timestamp;
    c.workerCodes[i] = workerCode;
    c.userCodes[i] = userCode;
    c.modelCodes[i] = modelCode;
    c.runs[i] = this.sources[this.source].runsKnown ? runs : 0;
    c.costMicros[i] = costMicros;
    c.sourceIndexes[i] = this.source;
    if (inputTokens >= 0) (c.inputTokens ?? this.optional('inputTokens', NO_TOKENS))[i] = inputTokens;
    else if (c.inputTokens) c.inputTokens[i] = NO_TOKENS;
    if (outputTokens >= 0) (c.outputTokens ?? this.optional('outputTokens', NO_TOKENS))[i] = outputTokens;
    else if (c.outputTokens) c.outputTokens[i] = NO_TOKENS;
    if (cacheReadTokens >= 0) (c.cacheReadTokens ?? this.optional('cacheReadTokens', NO_TOKENS))[i] = cacheReadTokens;
    else if (c.cacheReadTokens) c.cacheReadTokens[i] = NO_TOKENS;
    if (cacheWriteTokens >= 0) (c.cacheWriteTokens ?? this.optional('cacheWriteTokens', NO_TOKENS))[i] = cacheWriteTokens;
    else if (c.cacheWriteTokens) c.cacheWriteTokens[i] = NO_TOKENS;
    if (teamCode >= 0) (c.teamCodes ?? this.optional('teamCodes', NO_TEAM))[i] = teamCode;
    else if (c.teamCodes) c.teamCodes[i] = NO_TEAM;
  }

  addAll(events: Iterable<UsageEvent>): void {
    for (const event of events) this.add(event);
  }

  /** Builds the store. The builder is spent afterwards: the ids kept for de-duplication are let go. */
  build(): UsageStore {
    this.check();
    if (this.sources.length === 0) this.beginSource(DEFAULT_SOURCE);
    this.built = true;
    for (const ids of this.idSets) ids.clear();
    return sortedStore(this.length, this.columns, this.dicts, this.sources, this.duplicates);
  }

  /**
   * The events so far in insertion order (not sorted), for a segment: columns cut to length,
   * the dictionaries, sources and duplicate count. The builder is spent afterwards.
   */
  takeUnsorted(): { length: number; columns: StoreColumns; dictionaries: StoreDictionaries; sources: StoreSource[]; duplicates: number } {
    this.check();
    if (this.sources.length === 0) this.beginSource(DEFAULT_SOURCE);
    this.built = true;
    for (const ids of this.idSets) ids.clear();
    const columns = {} as Record<string, ArrayBufferView>;
    for (const [key, column] of Object.entries(this.columns) as [string, Float64Array | undefined][]) {
      if (column !== undefined) columns[key] = column.slice(0, this.length);
    }
    return { length: this.length, columns: columns as unknown as StoreColumns, dictionaries: this.dicts, sources: this.sources, duplicates: this.duplicates };
  }

  private check(): void {
    if (this.built) throw new Error('StoreBuilder.add after build(): use a new builder for each load.');
  }

  /** Allocates an optional column at the current capacity, with `missing` for the events before. */
  private optional(field: TokenField | 'teamCodes', missing: number): Uint32Array {
    const column = new Uint32Array(this.capacity);
    column.fill(missing, 0, this.length);
    this.columns[field] = column;
    return column;
  }

  private grow(): void {
    this.capacity *= 2;
    const columns = this.columns as unknown as Record<string, Float64Array | Uint32Array | Uint16Array | Uint8Array | undefined>;
    for (const key of Object.keys(columns)) {
      const column = columns[key];
      if (column === undefined) continue;
      const next = new (column.constructor as new (n: number) => Float64Array)(this.capacity);
      next.set(column);
      columns[key] = next;
    }
  }
}

/** The columns every store has, for `n` events (the optional ones are added when an event has the field). */
export function requiredColumns(n: number): StoreColumns {
  return {
    timestamps: new Float64Array(n),
    workerCodes: new Uint32Array(n),
    userCodes: new Uint32Array(n),
    modelCodes: new Uint16Array(n),
    runs: new Uint32Array(n),
    costMicros: new Float64Array(n),
    sourceIndexes: new Uint8Array(n),
  };
}

/**
 * A store from the first `length` events of `columns` in insertion order: sorted by time
 * (stable for equal instants), each column cut to length.
 */
export function sortedStore(
  length: number,
  columns: StoreColumns,
  dictionaries: StoreDictionaries,
  sources: readonly StoreSource[],
  duplicates: number,
): UsageStore {
  const n = length;
  const timestamps = columns.timestamps;
  let order: Uint32Array | undefined;
  for (let i = 1; i < n; i++) {
    if (timestamps[i] < timestamps[i - 1]) {
      order = sortedOrder(timestamps, n);
      break;
    }
  }
  const out = {} as Record<string, ArrayBufferView>;
  for (const [key, column] of Object.entries(columns) as [string, Float64Array | Uint32Array | Uint16Array | Uint8Array | undefined][]) {
    if (column === undefined) continue;
    const cut = column.length === n && !order ? column : column.slice(0, n);
    if (order) for (let i = 0; i < n; i++) cut[i] = column[order[i]];
    out[key] = cut;
  }
  checkSpendLimit(out.costMicros as Float64Array, n);
  return new UsageStore(n, out as unknown as StoreColumns, dictionaries, sources, duplicates);
}

/** Throws SpendLimitError when the events' absolute costs add up past MAX_SPEND_MICROS (once per store, not per event). */
function checkSpendLimit(costMicros: Float64Array, n: number): void {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.abs(costMicros[i]);
  if (sum <= MAX_SPEND_MICROS) return;
  throw new SpendLimitError(
    'The usage in this view adds up to more than 9,007,199,254.74 (2^53 micro-units), past which totals cannot be kept exact; load fewer files or sources at a time.',
  );
}

/** Indices of the first `n` timestamps in ascending time order; stable for equal instants. */
function sortedOrder(timestamps: Float64Array, n: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order.sort((a, b) => timestamps[a] - timestamps[b] || a - b);
}
