/**
 * Building a store: the builder that collects events into growable columns (de-duplicating ids
 * within a source), and the sort by time that turns collected columns into a UsageStore.
 */
import { Dictionary } from './dictionary';
import { type IdLog } from './engine/idLog';
import { IdSet } from './idSet';
import { type UsageEvent } from './model';
import {
  DEFAULT_SOURCE,
  MAX_MODELS,
  MAX_SOURCES,
  MAX_SPEND_MICROS,
  NO_TEAM,
  NO_TOKENS,
  SpendLimitError,
  UsageStore,
  requiredColumns,
  type StoreColumns,
  type StoreDictionaries,
  type StoreSource,
  type TokenField,
} from './store';

/**
 * Rows as columns (the CSV row kernel's batches), for addRows: codes from the builder's
 * dictionaries, NO_TOKENS for a token count not given and NO_TEAM for no team.
 */
export interface RowColumns {
  timestamps: Float64Array;
  costs: Float64Array;
  workers: Uint32Array;
  users: Uint32Array;
  models: Uint16Array;
  teams: Uint32Array;
  runs: Uint32Array;
  input: Uint32Array;
  output: Uint32Array;
  cacheRead: Uint32Array;
  cacheWrite: Uint32Array;
}

/** The optional columns addRows fills, with the batch column each comes from and its bit in `present`. */
const OPTIONAL_ROW_COLUMNS = [
  ['inputTokens', 'input', NO_TOKENS, 1],
  ['outputTokens', 'output', NO_TOKENS, 2],
  ['cacheReadTokens', 'cacheRead', NO_TOKENS, 4],
  ['cacheWriteTokens', 'cacheWrite', NO_TOKENS, 8],
  ['teamCodes', 'teams', NO_TEAM, 16],
] as const;

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
    this.addUnique(event);
    return true;
  }

  /** Adds an event known to be unique in its source (its id is not claimed): for sources that de-duplicate before they add. */
  addUnique(event: UsageEvent): void {
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

  /**
   * claimId of the id made of the chars `start..end` of `text` (cut out as a string only when it
   * has none of the compact shapes). `event`: the index the event will have (addRows adds later).
   */
  claimIdRange(text: string, start: number, end: number, event = this.length): boolean {
    return this.claimed(this.idSet().add(text, start, end, this.idLog, event));
  }

  /** The current source's prefix of numbered ids (`run-` of `run-1234`), once its first such id has set it. */
  get idPrefix(): string | undefined {
    // Read without beginning the default source (as the id set of a source not begun has none).
    return this.source < 0 ? undefined : this.idSets[this.source].numberPrefix;
  }

  /** claimId of the id `<idPrefix><n>`, read from the text elsewhere. */
  claimNumberedId(n: number, event: number): boolean {
    return this.claimed(this.idSet().addNumber(n, this.idLog, event));
  }

  /** claimId of a canonical UUID of case `kind` (1 lower, 2 upper) whose words are `words[at..at+4]`. */
  claimUuid(kind: number, words: Uint32Array, at: number, event: number): boolean {
    return this.claimed(this.idSet().addUuid(kind, words, at, this.idLog, event));
  }

  private idSet(): IdSet {
    return this.idSets[this.current()];
  }

  /** The source events are added to now, the default one begun if none was; throws once built. */
  private current(): number {
    this.check();
    if (this.source < 0) this.beginSource(DEFAULT_SOURCE);
    return this.source;
  }

  private claimed(added: boolean): boolean {
    if (!added) this.duplicates++;
    return added;
  }

  /**
   * Adds rows `0..count` of `rows` whose ids were claimed: all of them, or with `keep` those whose
   * keep[r] is 1 (the batch is compacted in place). As addCoded for each row, column by column.
   * `present`, when known, has bit 1, 2, 4, 8, 16 set when some row has a value in the input,
   * output, cache read, cache write or team column (before compaction).
   */
  addRows(rows: RowColumns, count: number, keep?: Uint8Array, present = 31): void {
    this.current();
    if (keep !== undefined) count = compact(rows, count, keep);
    if (count === 0) return;
    if (this.length + count > this.capacity) this.grow(Math.max(this.length + count, this.capacity * 2));
    const at = this.length;
    const end = at + count;
    const c = this.columns;
    c.timestamps.set(rows.timestamps.subarray(0, count), at);
    c.workerCodes.set(rows.workers.subarray(0, count), at);
    c.userCodes.set(rows.users.subarray(0, count), at);
    c.modelCodes.set(rows.models.subarray(0, count), at);
    if (this.sources[this.source].runsKnown) c.runs.set(rows.runs.subarray(0, count), at);
    else c.runs.fill(0, at, end);
    c.costMicros.set(rows.costs.subarray(0, count), at);
    c.sourceIndexes.fill(this.source, at, end);
    for (const [field, from, missing, bit] of OPTIONAL_ROW_COLUMNS) {
      let column = c[field];
      if (column === undefined && (present & bit) === 0) continue;
      const values = rows[from].subarray(0, count);
      if (column === undefined) {
        if (keep !== undefined && allAre(values, missing)) continue;
        column = this.optional(field, missing);
      }
      column.set(values, at);
    }
    this.length = end;
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
    if (modelCode >= MAX_MODELS) throw new Error('More than 65,536 distinct models.');
    this.current();
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

  /** Makes room for `events` in all (no-op when there is), so a load that can tell its size grows its columns once. */
  reserve(events: number): void {
    this.check();
    if (events > this.capacity) this.grow(events);
  }

  private grow(capacity = this.capacity * 2): void {
    this.capacity = capacity;
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

const ROW_COLUMN_KEYS = ['timestamps', 'costs', 'workers', 'users', 'models', 'teams', 'runs', 'input', 'output', 'cacheRead', 'cacheWrite'] as const;

function allAre(values: Uint32Array, value: number): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] !== value) return false;
  return true;
}

/** Moves the rows with keep[r] === 1 to the front of every column of `rows`, in order; returns how many. */
function compact(rows: RowColumns, count: number, keep: Uint8Array): number {
  let kept = 0;
  for (let r = 0; r < count; r++) if (keep[r] === 1) kept++;
  if (kept === count) return count;
  for (const key of ROW_COLUMN_KEYS) {
    const column = rows[key];
    let w = 0;
    for (let r = 0; r < count; r++) if (keep[r] === 1) column[w++] = column[r];
  }
  return kept;
}
