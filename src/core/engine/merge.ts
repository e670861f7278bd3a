/**
 * Segments -> one store, exactly as one builder fed the same input in the same order would
 * build it: ids de-duplicate within a source across segments (first wins), dictionary codes are
 * given in order of first appearance among the events kept, and the result is sorted by time
 * (stable). Runs in a worker: the host's main thread only receives the result.
 */
import { Dictionary } from '../dictionary';
import { IdSet } from '../idSet';
import { MAX_MODELS, MAX_SOURCES, NO_TEAM, NO_TOKENS, TOKEN_FIELDS, requiredColumns, type StoreColumns, type StoreSource, type UsageStore } from '../store';
import { sortedStore } from '../storeBuilder';
import { type PlainDictionary } from '../dictionary';
import { type UsageSegment } from './segment';
import { MAX_SAMPLES, MODEL_LIMIT_REASON, type LoadReport } from '../sources/files/report';

type Column = Float64Array | Uint32Array | Uint16Array | Uint8Array;

export interface MergeResult {
  store: UsageStore;
  /** Per segment, its events dropped for an id an earlier segment of its source had. */
  crossDuplicates: number[];
  /** Per segment, its events skipped because their model would exceed MAX_MODELS across segments. */
  overModelLimit: number[];
  /**
   * Segments where a worker or user first appears in an event dropped that way: its name here is
   * the dropped event's, where one thread would have taken the next kept event's (which a segment
   * does not record). Re-reading such a file whole gives the exact name.
   */
  ambiguous: number[];
}

export function mergeSegments(segments: readonly UsageSegment[]): MergeResult {
  // Sources in order of first appearance; one id set per source.
  const sources: StoreSource[] = [];
  const sourceOf = segments.map((segment) => {
    let index = sources.findIndex((s) => s.id === segment.source.id);
    if (index < 0) {
      if (sources.length === MAX_SOURCES) throw new Error(`More than ${MAX_SOURCES} sources in one view.`);
      index = sources.push(segment.source) - 1;
    }
    return index;
  });
  const idSets = sources.map(() => new IdSet());
  let duplicates = 0;
  let total = 0;
  const crossDuplicates: number[] = [];
  const dropped = segments.map((segment, s) => {
    duplicates += segment.duplicates;
    const drop = new Uint8Array(segment.length);
    let gone = 0;
    idSets[sourceOf[s]].addList(segment.ids, (event) => {
      drop[event] = 1;
      gone++;
    });
    duplicates += gone;
    crossDuplicates.push(gone);
    total += segment.length - gone;
    return gone > 0 ? drop : undefined;
  });
  for (const set of idSets) set.clear();

  // Models first: an event whose model would be one past MAX_MODELS is skipped (as one builder skips it).
  const dictionaries = { workers: new Dictionary(), users: new Dictionary(), models: new Dictionary(), teams: new Dictionary() };
  const overModelLimit: number[] = [];
  const modelMaps = segments.map((segment, s) => {
    const codes = segment.columns.modelCodes;
    const map = remap(codes, segment.dictionaries.models, dictionaries.models, dropped[s], -1, undefined, MAX_MODELS);
    let over = 0;
    for (let i = 0; i < segment.length; i++) {
      if (map[codes[i]] >= 0 || dropped[s]?.[i] === 1) continue;
      (dropped[s] ??= new Uint8Array(segment.length))[i] = 1;
      over++;
    }
    overModelLimit.push(over);
    total -= over;
    return map;
  });

  // An optional column exists when some kept event has the field (as a builder allocates it).
  const has = (key: keyof StoreColumns, missing: number) =>
    segments.some((segment, s) => {
      const column = segment.columns[key];
      if (column === undefined) return false;
      const drop = dropped[s];
      for (let i = 0; i < segment.length; i++) if (column[i] !== missing && (drop === undefined || drop[i] === 0)) return true;
      return false;
    });
  const columns: StoreColumns = requiredColumns(total);
  for (const field of TOKEN_FIELDS) if (has(field, NO_TOKENS)) columns[field] = new Uint32Array(total);
  if (has('teamCodes', NO_TEAM)) columns.teamCodes = new Uint32Array(total);

  const ambiguous = new Set<number>();
  let at = 0;
  segments.forEach((segment, s) => {
    const drop = dropped[s];
    const c = segment.columns;
    const w = remap(c.workerCodes, segment.dictionaries.workers, dictionaries.workers, drop, -1, () => ambiguous.add(s));
    const u = remap(c.userCodes, segment.dictionaries.users, dictionaries.users, drop, -1, () => ambiguous.add(s));
    const m = modelMaps[s];
    const team = c.teamCodes ? remap(c.teamCodes, segment.dictionaries.teams, dictionaries.teams, drop, NO_TEAM) : undefined;
    const kept = segment.length - crossDuplicates[s] - overModelLimit[s];
    const copy = (from: Column | undefined, to: Column | undefined, missing: number, map?: Int32Array) => {
      if (to === undefined) return;
      if (from === undefined) to.fill(missing, at, at + kept);
      else if ((map === undefined || isIdentity(map)) && drop === undefined) to.set(from, at);
      else if (map === undefined) copyKept(from, to, at, drop);
      else copyMapped(from, to, at, map, missing, drop);
    };
    copy(c.timestamps, columns.timestamps, 0);
    copy(c.workerCodes, columns.workerCodes, -1, w);
    copy(c.userCodes, columns.userCodes, -1, u);
    copy(c.modelCodes, columns.modelCodes, -1, m);
    copy(c.runs, columns.runs, 0);
    copy(c.costMicros, columns.costMicros, 0);
    for (const field of TOKEN_FIELDS) copy(c[field], columns[field], NO_TOKENS);
    copy(c.teamCodes, columns.teamCodes, NO_TEAM, team);
    const sourceIndexes = columns.sourceIndexes;
    sourceIndexes.fill(sourceOf[s], at, at + kept);
    at += kept;
  });
  return { store: sortedStore(total, columns, dictionaries, sources, duplicates), crossDuplicates, overModelLimit, ambiguous: [...ambiguous] };
}

/**
 * Local code -> merged code for one segment's column, interning entities in order of their first
 * kept event (as a single builder would have). Past `limit` entities, new ones stay unmapped (-1).
 */
function remap(
  codes: Column,
  local: PlainDictionary,
  merged: Dictionary,
  drop: Uint8Array | undefined,
  missing = -1,
  onAmbiguous?: () => void,
  limit = Infinity,
): Int32Array {
  const map = new Int32Array(local.ids.length).fill(-1);
  const unnamed = local.unnamed.length > 0 ? new Set(local.unnamed) : undefined;
  if (drop === undefined) {
    // Every local entity has a kept event, and local codes were given in order of first event.
    for (let code = 0; code < map.length; code++) {
      if (merged.size >= limit && merged.codeOf(local.ids[code]) === undefined) continue;
      map[code] = merged.intern(local.ids[code], unnamed?.has(code) ? '' : local.names[code]);
    }
    return map;
  }
  const seenDropped = drop !== undefined && onAmbiguous !== undefined ? new Uint8Array(local.ids.length) : undefined;
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    if (drop !== undefined && drop[i] === 1) {
      if (seenDropped !== undefined && code !== missing) seenDropped[code] = 1;
      continue;
    }
    if (code === missing || map[code] >= 0) continue;
    if (seenDropped?.[code] === 1 && merged.codeOf(local.ids[code]) === undefined) onAmbiguous!();
    if (merged.size >= limit && merged.codeOf(local.ids[code]) === undefined) continue;
    map[code] = merged.intern(local.ids[code], unnamed?.has(code) ? '' : local.names[code]);
  }
  return map;
}

/** Counts into a file's report what the merge took from one of its segments: rows lost to earlier ids, rows over the model limit. */
export function settleReport(report: LoadReport, crossDuplicates: number, overModelLimit: number): void {
  report.added -= crossDuplicates + overModelLimit;
  report.duplicates += crossDuplicates;
  if (overModelLimit === 0) return;
  report.skipped += overModelLimit;
  if (report.samples.length < MAX_SAMPLES) report.samples.push(`${report.file}: ${overModelLimit} rows: ${MODEL_LIMIT_REASON}`);
}

/** The kept events' values of a column (same element type), from `at`. */
function copyKept(from: Column, to: Column, at: number, drop: Uint8Array | undefined): void {
  let j = at;
  for (let i = 0; i < from.length; i++) if (drop === undefined || drop[i] === 0) to[j++] = from[i];
}

/** The kept events' codes of a column through a code map (`missing` stays missing), from `at`. */
function copyMapped(from: Column, to: Column, at: number, map: Int32Array, missing: number, drop: Uint8Array | undefined): void {
  let j = at;
  for (let i = 0; i < from.length; i++) {
    if (drop !== undefined && drop[i] === 1) continue;
    const code = from[i];
    to[j++] = code === missing ? missing : map[code];
  }
}

/** True when a code map changes no code (a segment whose entities came first, in the same order). */
function isIdentity(map: Int32Array): boolean {
  for (let code = 0; code < map.length; code++) if (map[code] !== code) return false;
  return true;
}
