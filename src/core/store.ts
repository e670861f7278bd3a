import { Dictionary } from './dictionary';
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
    const none = { workers: new Dictionary(), users: new Dictionary(), models: new Dictionary(), teams: new Dictionary() };
    return new UsageStore(0, requiredColumns(0), none, [{ ...DEFAULT_SOURCE }], 0);
  }

  dictionary(dimension: Dimension): Dictionary {
    if (dimension === 'team') return this.teamCodes === undefined ? this.noTeams() : this.teamDimension().dictionary;
    return dimension === 'worker' ? this.workers : dimension === 'user' ? this.users : this.models;
  }

  codes(dimension: Dimension): Uint32Array | Uint16Array {
    if (dimension === 'team') return this.teamDimension().codes;
    return dimension === 'worker' ? this.workerCodes : dimension === 'user' ? this.userCodes : this.modelCodes;
  }

  private teamView: { dictionary: Dictionary; codes: Uint32Array } | undefined;
  private noTeamView: Dictionary | undefined;

  /**
   * The code every event has in the team dimension when no event has a team (the store has no
   * team column): that of "(no team)", after the named teams. Else undefined. Cheaper than codes('team').
   */
  get soleTeam(): number | undefined {
    return this.teamCodes === undefined && this.length > 0 ? this.teams.size : undefined;
  }

  /** A new dictionary of the named teams, with their codes, for the team dimension to add "(no team)" to. */
  private namedTeams(): Dictionary {
    const dictionary = new Dictionary();
    for (let code = 0; code < this.teams.size; code++) dictionary.intern(this.teams.ids[code], this.teams.names[code]);
    return dictionary;
  }

  /** The team dimension's dictionary of a store without a team column: the named teams, then "(no team)" when there are events. */
  private noTeams(): Dictionary {
    if (this.noTeamView === undefined) {
      const dictionary = (this.noTeamView = this.namedTeams());
      if (this.length > 0) dictionary.intern(NO_TEAM_NAME, NO_TEAM_NAME);
    }
    return this.noTeamView;
  }

  /**
   * The team dimension: every event has a team code, the events without a team going to a
   * "(no team)" entry after the named teams. Built on first use (4 bytes an event).
   */
  private teamDimension(): { dictionary: Dictionary; codes: Uint32Array } {
    if (this.teamView) return this.teamView;
    const column = this.teamCodes;
    if (column === undefined) {
      this.teamView = { dictionary: this.noTeams(), codes: new Uint32Array(this.length).fill(this.teams.size) };
      return this.teamView;
    }
    const dictionary = this.namedTeams();
    const codes = new Uint32Array(this.length);
    let none = -1;
    for (let i = 0; i < this.length; i++) {
      const team = column[i];
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
