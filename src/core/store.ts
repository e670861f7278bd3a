import { IdSet } from './idSet';
import { type Dimension, type UsageEvent } from './model';

/** Token counts the source did not give are stored as this value (the top of a Uint32). */
const NO_TOKENS = 0xffffffff;

// The store's limits, the one place the sources and parsers read them from.
/** Most runs one event can carry (a Uint32). */
export const MAX_RUNS = 0xffffffff;
/** Most tokens of one kind one event can carry (a Uint32 below the "not given" value). */
export const MAX_TOKENS = NO_TOKENS - 1;
/** Most distinct models a store holds (model codes are Uint16). */
export const MAX_MODELS = 0x10000;

/** Names dictionary-encoded to integer codes: code -> id and display name. */
export class Dictionary {
  readonly ids: string[] = [];
  readonly names: string[] = [];
  private readonly codes = new Map<string, number>();
  /** Codes first seen without a name (named by their id until a name comes). */
  private readonly unnamed = new Set<number>();

  get size(): number {
    return this.ids.length;
  }

  /** The code of `id`, adding it (with `name`) if new. A later non-empty name fills an empty one. */
  intern(id: string, name: string): number {
    let code = this.codes.get(id);
    if (code === undefined) {
      code = this.ids.length;
      this.codes.set(id, code);
      this.ids.push(id);
      this.names.push(name || id);
      if (!name) this.unnamed.add(code);
    } else if (name && this.unnamed.size > 0 && this.unnamed.delete(code)) {
      this.names[code] = name;
    }
    return code;
  }

  codeOf(id: string): number | undefined {
    return this.codes.get(id);
  }

  /** True when the code still has no name of its own (a non-empty name given to intern would fill it). */
  isUnnamed(code: number): boolean {
    return this.unnamed.size > 0 && this.unnamed.has(code);
  }

  /** The code of the id made of the chars `start..end` of `text`, or -1 when it is not in the dictionary. */
  codeOfRange(text: string, start: number, end: number): number {
    return this.codes.get(text.slice(start, end)) ?? -1;
  }
}

/**
 * Columnar, compact store of usage events, sorted by time: one typed array per field,
 * names dictionary-encoded, cost as integer micro-units. About 38 bytes per event.
 */
export class UsageStore {
  constructor(
    readonly length: number,
    /** UTC ms, ascending. */
    readonly timestamps: Float64Array,
    readonly workerCodes: Uint32Array,
    readonly userCodes: Uint32Array,
    readonly modelCodes: Uint16Array,
    readonly runs: Uint32Array,
    /** Integer micro-units (exact in a double up to 2^53). */
    readonly costMicros: Float64Array,
    readonly inputTokens: Uint32Array,
    readonly outputTokens: Uint32Array,
    readonly workers: Dictionary,
    readonly users: Dictionary,
    readonly models: Dictionary,
    /** Events dropped because their id had been seen before. */
    readonly duplicates: number,
  ) {}

  static empty(): UsageStore {
    return new StoreBuilder().build();
  }

  dictionary(dimension: Dimension): Dictionary {
    return dimension === 'worker' ? this.workers : dimension === 'user' ? this.users : this.models;
  }

  codes(dimension: Dimension): Uint32Array | Uint16Array {
    return dimension === 'worker' ? this.workerCodes : dimension === 'user' ? this.userCodes : this.modelCodes;
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
    return [this.timestamps, this.workerCodes, this.userCodes, this.modelCodes, this.runs, this.costMicros, this.inputTokens, this.outputTokens]
      .reduce((sum, column) => sum + column.byteLength, 0);
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
    if (this.inputTokens[i] !== NO_TOKENS) event.inputTokens = this.inputTokens[i];
    if (this.outputTokens[i] !== NO_TOKENS) event.outputTokens = this.outputTokens[i];
    return event;
  }
}

/** Collects events into growable columns, drops repeated ids, then builds a time-sorted store. */
export class StoreBuilder {
  private length = 0;
  private capacity: number;
  private timestamps: Float64Array;
  private workerCodes: Uint32Array;
  private userCodes: Uint32Array;
  private modelCodes: Uint16Array;
  private runs: Uint32Array;
  private costMicros: Float64Array;
  private inputTokens: Uint32Array;
  private outputTokens: Uint32Array;
  private readonly workers = new Dictionary();
  private readonly users = new Dictionary();
  private readonly models = new Dictionary();
  /** Event ids seen so far (first wins); released by build(). */
  private readonly ids = new IdSet();
  private duplicates = 0;
  private built = false;

  constructor(initialCapacity = 1024) {
    this.capacity = Math.max(16, initialCapacity);
    this.timestamps = new Float64Array(this.capacity);
    this.workerCodes = new Uint32Array(this.capacity);
    this.userCodes = new Uint32Array(this.capacity);
    this.modelCodes = new Uint16Array(this.capacity);
    this.runs = new Uint32Array(this.capacity);
    this.costMicros = new Float64Array(this.capacity);
    this.inputTokens = new Uint32Array(this.capacity);
    this.outputTokens = new Uint32Array(this.capacity);
  }

  get count(): number {
    return this.length;
  }

  get duplicateCount(): number {
    return this.duplicates;
  }

  /** Adds an event; returns false (and counts it) when its id was seen before. */
  add(event: UsageEvent): boolean {
    if (this.built) throw new Error('StoreBuilder.add after build(): use a new builder for each load.');
    if (event.id !== undefined && event.id !== '' && !this.claimIdRange(event.id, 0, event.id.length)) return false;
    if (this.length === this.capacity) this.grow();
    const i = this.length++;
    this.timestamps[i] = event.timestamp;
    this.workerCodes[i] = this.workers.intern(event.workerId, event.workerName);
    this.userCodes[i] = this.users.intern(event.userId, event.userName);
    const model = this.models.intern(event.model, event.model);
    if (model >= MAX_MODELS) throw new Error('More than 65,536 distinct models.');
    this.modelCodes[i] = model;
    this.runs[i] = event.runs;
    this.costMicros[i] = event.costMicros;
    this.inputTokens[i] = event.inputTokens ?? NO_TOKENS;
    this.outputTokens[i] = event.outputTokens ?? NO_TOKENS;
    return true;
  }

  /** The dictionaries codes for addCoded come from (worker, user, model). */
  get dictionaries(): { readonly workers: Dictionary; readonly users: Dictionary; readonly models: Dictionary } {
    return { workers: this.workers, users: this.users, models: this.models };
  }

  /**
   * Records an event id; false (and the event counted as a duplicate) when it was seen before.
   * With addCoded, the lower-level path of add for sources that parse rows in place: call it first
   * and add the event only when it returns true, as add does.
   */
  claimId(id: string): boolean {
    if (this.built) throw new Error('StoreBuilder.add after build(): use a new builder for each load.');
    return this.claimIdRange(id, 0, id.length);
  }

  /** claimId of the id made of the chars `start..end` of `text` (cut out as a string only when it has none of the compact shapes). */
  claimIdRange(text: string, start: number, end: number): boolean {
    if (this.built) throw new Error('StoreBuilder.add after build(): use a new builder for each load.');
    if (this.ids.add(text, start, end)) return true;
    this.duplicates++;
    return false;
  }

  /**
   * Adds an event whose names are already interned in `dictionaries` (and whose id, if any, was
   * claimed). Token counts not given are passed as -1.
   */
  addCoded(timestamp: number, workerCode: number, userCode: number, modelCode: number, runs: number, costMicros: number, inputTokens: number, outputTokens: number): void {
    if (this.built) throw new Error('StoreBuilder.add after build(): use a new builder for each load.');
    if (modelCode >= MAX_MODELS) throw new Error('More than 65,536 distinct models.');
    if (this.length === this.capacity) this.grow();
    const i = this.length++;
    this.timestamps[i] = timestamp;
    this.workerCodes[i] = workerCode;
    this.userCodes[i] = userCode;
    this.modelCodes[i] = modelCode;
    this.runs[i] = runs;
    this.costMicros[i] = costMicros;
    this.inputTokens[i] = inputTokens < 0 ? NO_TOKENS : inputTokens;
    this.outputTokens[i] = outputTokens < 0 ? NO_TOKENS : outputTokens;
  }

  addAll(events: Iterable<UsageEvent>): void {
    for (const event of events) this.add(event);
  }

  /** Builds the store. The builder is spent afterwards: the ids kept for de-duplication are let go. */
  build(): UsageStore {
    this.built = true;
    this.ids.clear();
    const n = this.length;
    let order: Uint32Array | undefined;
    for (let i = 1; i < n; i++) {
      if (this.timestamps[i] < this.timestamps[i - 1]) {
        order = sortedOrder(this.timestamps, n);
        break;
      }
    }
    const take = <T extends Float64Array | Uint32Array | Uint16Array>(column: T): T => {
      const out = column.slice(0, n) as T;
      if (order) for (let i = 0; i < n; i++) out[i] = column[order[i]];
      return out;
    };
    return new UsageStore(
      n,
      take(this.timestamps),
      take(this.workerCodes),
      take(this.userCodes),
      take(this.modelCodes),
      take(this.runs),
      take(this.costMicros),
      take(this.inputTokens),
      take(this.outputTokens),
      this.workers,
      this.users,
      this.models,
      this.duplicates,
    );
  }

  private grow(): void {
    this.capacity *= 2;
    const grow = <T extends Float64Array | Uint32Array | Uint16Array>(column: T): T => {
      const next = new (column.constructor as new (n: number) => T)(this.capacity);
      next.set(column);
      return next;
    };
    this.timestamps = grow(this.timestamps);
    this.workerCodes = grow(this.workerCodes);
    this.userCodes = grow(this.userCodes);
    this.modelCodes = grow(this.modelCodes);
    this.runs = grow(this.runs);
    this.costMicros = grow(this.costMicros);
    this.inputTokens = grow(this.inputTokens);
    this.outputTokens = grow(this.outputTokens);
  }
}

/** Indices of the first `n` timestamps in ascending time order; stable for equal instants. */
function sortedOrder(timestamps: Float64Array, n: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order.sort((a, b) => timestamps[a] - timestamps[b] || a - b);
}
