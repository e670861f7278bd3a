/**
 * A segment: the events of one piece of input (a whole file, a chunk of one, or bytes appended
 * to one) as plain data that crosses threads without copying its columns. Its events are in input
 * order (not sorted) with their ids, so segments merge into exactly the store one thread would
 * have built from the same input in the same order.
 */
import { Dictionary, type PlainDictionary } from '../dictionary';
import { type NdjsonKeys } from '../sources/files/ndjson';
import { type LoadReport } from '../sources/files/report';
import { type StoreColumns, type StoreDictionaries, type StoreSource, UsageStore } from '../store';
import { type StoreBuilder } from '../storeBuilder';
import { type IdList, IdLog, emptyIdList, idListBuffers } from './idLog';

export interface PlainDictionaries {
  workers: PlainDictionary;
  users: PlainDictionary;
  models: PlainDictionary;
  teams: PlainDictionary;
}

export interface UsageSegment {
  /** The source its events belong to (ids de-duplicate within a source). */
  source: StoreSource;
  length: number;
  columns: StoreColumns;
  dictionaries: PlainDictionaries;
  /** Ids of the events that have one (each unique within the segment). */
  ids: IdList;
  /** Events dropped inside the segment for a repeated id. */
  duplicates: number;
  /** What reading the piece found; for a chunk, its rows only (merged per file by mergeReports). */
  report: LoadReport;
  /** Which bytes of which file it holds: `end` is where an appended read continues. */
  file: string;
  start: number;
  end: number;
  /** Line breaks in the piece's bytes. */
  lines: number;
  /** The `lineOffset` for bytes appended after `end` (lines after the header up to `end`). */
  nextLineOffset: number;
  /** For a piece cut at a guessed row end: whether its quoting was regular and it ended outside quoted fields. */
  quoting?: { regular: boolean; endsOutside: boolean };
  /** For NDJSON: the keys its reader saw (after the chunk merge: the keys a reader of the file up to `end` knows). */
  ndjson?: NdjsonKeys;
}

/** A builder set up for a segment: its events belong to `source` and their ids are logged. */
export function beginSegment(builder: StoreBuilder, source: StoreSource): void {
  builder.beginSource(source);
  builder.idLog = new IdLog();
}

/** The segment of a builder begun with beginSegment (the builder is spent). */
export function takeSegment(
  builder: StoreBuilder,
  report: LoadReport,
  place: { file: string; start: number; end: number; lines: number; nextLineOffset?: number },
): UsageSegment {
  const ids = builder.idLog?.take() ?? emptyIdList();
  const taken = builder.takeUnsorted();
  return {
    source: taken.sources[taken.sources.length - 1],
    length: taken.length,
    columns: taken.columns,
    dictionaries: plainDictionaries(taken.dictionaries),
    ids,
    duplicates: taken.duplicates,
    report,
    nextLineOffset: place.lines,
    ...place,
  };
}

export function plainDictionaries(d: StoreDictionaries): PlainDictionaries {
  return { workers: d.workers.toPlain(), users: d.users.toPlain(), models: d.models.toPlain(), teams: d.teams.toPlain() };
}

export function dictionariesFromPlain(d: PlainDictionaries): StoreDictionaries {
  return {
    workers: Dictionary.fromPlain(d.workers),
    users: Dictionary.fromPlain(d.users),
    models: Dictionary.fromPlain(d.models),
    teams: Dictionary.fromPlain(d.teams),
  };
}

/** The buffers of a segment, to transfer it to another thread without copying. */
export function segmentTransfers(segment: UsageSegment): ArrayBuffer[] {
  return [...columnBuffers(segment.columns), ...idListBuffers(segment.ids)];
}

function columnBuffers(columns: StoreColumns): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const column of Object.values(columns) as (ArrayBufferView | undefined)[]) if (column !== undefined) out.add(column.buffer as ArrayBuffer);
  return [...out];
}

/** A built store as plain data, and the buffers to transfer with it. */
export interface PlainStore {
  length: number;
  columns: StoreColumns;
  dictionaries: PlainDictionaries;
  sources: StoreSource[];
  duplicates: number;
}

export function storeToPlain(store: UsageStore): { plain: PlainStore; transfer: ArrayBuffer[] } {
  const plain: PlainStore = {
    length: store.length,
    columns: store.columns,
    dictionaries: plainDictionaries(store),
    sources: [...store.sources],
    duplicates: store.duplicates,
  };
  return { plain, transfer: columnBuffers(store.columns) };
}

export function storeFromPlain(plain: PlainStore): UsageStore {
  return new UsageStore(plain.length, plain.columns, dictionariesFromPlain(plain.dictionaries), plain.sources, plain.duplicates);
}
