/**
 * Several sources' stores into one (the view over all of them), in a worker: the copy and the
 * sort by time of a million events take far longer than the host's main thread may be busy.
 */
import { Dictionary } from '../dictionary';
import { NO_TEAM, NO_TOKENS, requiredColumns, type StoreColumns, type StoreSource, TOKEN_FIELDS, UsageStore } from '../store';
import { sortedStore } from '../storeBuilder';
import { defaultPool, type EnginePool } from './pool';
import { storeFromPlain, storeToPlain, type PlainStore } from './segment';

/** One source's store and how the view names that source. */
export interface StorePart {
  store: UsageStore;
  /** `id` and `label` of the source; whether runs are known comes from the store. */
  source: { id: string; label: string };
}

/**
 * One store holding the events of several sources' stores, sorted by time, each event tagged
 * with its source (`store.sources`, `sourceOf(i)`). Names with the same id in two sources are
 * one entity. Ids were de-duplicated within each source already; events of different sources
 * are never duplicates of each other.
 */
export function combineStores(parts: readonly StorePart[]): UsageStore {
  if (parts.length === 1) return relabel(parts[0]);
  const n = parts.reduce((sum, p) => sum + p.store.length, 0);
  const has = (key: keyof StoreColumns) => parts.some((p) => p.store.columns[key] !== undefined);
  const columns = requiredColumns(n);
  for (const field of TOKEN_FIELDS) if (has(field)) columns[field] = new Uint32Array(n).fill(NO_TOKENS);
  if (has('teamCodes')) columns.teamCodes = new Uint32Array(n).fill(NO_TEAM);
  const dictionaries = { workers: new Dictionary(), users: new Dictionary(), models: new Dictionary(), teams: new Dictionary() };
  const sources: StoreSource[] = [];
  let duplicates = 0;
  let offset = 0;
  for (const { store, source } of parts) {
    duplicates += store.duplicates;
    const index = sources.push(partSource(store, source)) - 1;
    const workers = recode(store.workers, dictionaries.workers);
    const users = recode(store.users, dictionaries.users);
    const models = recode(store.models, dictionaries.models);
    const teams = recode(store.teams, dictionaries.teams);
    if (models.some((code) => code > 0xffff)) throw new Error('More than 65,536 distinct models.');
    columns.timestamps.set(store.timestamps, offset);
    columns.runs.set(store.runs, offset);
    columns.costMicros.set(store.costMicros, offset);
    columns.sourceIndexes.fill(index, offset, offset + store.length);
    for (const field of TOKEN_FIELDS) {
      const from = store.columns[field];
      if (from) columns[field]!.set(from, offset);
    }
    for (let i = 0; i < store.length; i++) {
      const at = offset + i;
      columns.workerCodes[at] = workers[store.workerCodes[i]];
      columns.userCodes[at] = users[store.userCodes[i]];
      columns.modelCodes[at] = models[store.modelCodes[i]];
    }
    const teamCodes = store.teamCodes;
    if (teamCodes) for (let i = 0; i < store.length; i++) if (teamCodes[i] !== NO_TEAM) columns.teamCodes![offset + i] = teams[teamCodes[i]];
    offset += store.length;
  }
  return sortedStore(n, columns, dictionaries, sources, duplicates);
}

/** The codes of `from`'s entities in `to`, adding them there. */
function recode(from: Dictionary, to: Dictionary): Uint32Array {
  const codes = new Uint32Array(from.size);
  for (let code = 0; code < from.size; code++) codes[code] = to.intern(from.ids[code], from.isUnnamed(code) ? '' : from.names[code]);
  return codes;
}

/** The store of a single source, named as the view names that source (the columns are shared, not copied). */
function relabel({ store, source }: StorePart): UsageStore {
  if (store.sources.length === 1 && store.sources[0].id === source.id && store.sources[0].label === source.label) return store;
  const named = partSource(store, source);
  // Every event is this one source's (a store that told files apart gets one index for all).
  const columns = store.sources.length === 1 ? store.columns : { ...store.columns, sourceIndexes: new Uint8Array(store.length) };
  return new UsageStore(
    store.length,
    columns,
    { workers: store.workers, users: store.users, models: store.models, teams: store.teams },
    [named],
    store.duplicates,
  );
}

/** The source a part's events get: its id and label, whether runs are known, and its note (e.g. allocated spend). */
function partSource(store: UsageStore, source: StorePart['source']): StoreSource {
  const note = store.sources.find((s) => s.note)?.note;
  return { id: source.id, label: source.label, runsKnown: !store.hasUnknownRuns, ...(note ? { note } : {}) };
}

/** A part as it crosses to a worker (its columns copied: the source keeps its store). */
export interface PlainStorePart {
  store: PlainStore;
  source: StorePart['source'];
}

/**
 * combineStores in a worker of the pool, so the calling thread only copies the parts' columns to
 * it and receives the result (transferred). A single store is only renamed, here (no copy).
 */
export async function combineStoresOffThread(parts: readonly StorePart[], options: { pool?: EnginePool; signal?: AbortSignal } = {}): Promise<UsageStore> {
  if (parts.length === 1) return relabel(parts[0]);
  const plain: PlainStorePart[] = [];
  for (const p of parts) {
    const store = storeToPlain(p.store).plain;
    plain.push({ store: { ...store, columns: await sharedColumns(store.columns, options.signal) }, source: p.source });
  }
  const combined = await (options.pool ?? defaultPool()).run<PlainStore>({ kind: 'combine', job: { parts: plain } }, [], options.signal);
  return storeFromPlain(combined);
}

/** The worker's side of combineStoresOffThread. */
export function combinePlainParts(parts: readonly PlainStorePart[]): UsageStore {
  return combineStores(parts.map((p) => ({ store: storeFromPlain(p.store), source: p.source })));
}

/** Elements copied between yields to the event loop (a few milliseconds of copying). */
const COPY_SLICE = 1 << 20;

/**
 * The columns copied into shared memory a slice at a time, yielding in between: posting them to a
 * worker then copies nothing, and the calling thread is never busy for long.
 */
async function sharedColumns(columns: StoreColumns, signal?: AbortSignal): Promise<StoreColumns> {
  const out = {} as Record<string, Float64Array>;
  for (const [key, column] of Object.entries(columns) as [string, Float64Array | undefined][]) {
    if (column === undefined) continue;
    const shared = new (column.constructor as Float64ArrayConstructor)(new SharedArrayBuffer(column.byteLength));
    for (let at = 0; at < column.length; at += COPY_SLICE) {
      shared.set(column.subarray(at, at + COPY_SLICE), at);
      await new Promise((resolve) => setImmediate(resolve));
      signal?.throwIfAborted();
    }
    out[key] = shared;
  }
  return out as unknown as StoreColumns;
}
