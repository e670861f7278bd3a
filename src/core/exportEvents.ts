/**
 * Export of the raw events of a range, as CSV or JSON, in the formats and with the spreadsheet
 * safety of export.ts; written piece by piece so that millions of events stream to a file.
 */
import { unparse } from 'papaparse';
import { type UsageEvent } from './model';
import { microsToDecimalString, microsToUnits } from './money';
import { filterCodes, type Filter } from './query';
import { type UsageStore } from './store';
import { type ResolvedRange } from './time';
import { CSV_NEWLINE, jsonRange, neutralizeCell, toCsv, type CsvExportOptions, type JsonExportOptions } from './export';

/** Headers of the events CSV; the file source matches each of them, so an events export loads back. */
export const EVENT_CSV_HEADERS = [
  'Timestamp',
  'Worker ID',
  'Worker',
  'User ID',
  'User',
  'Model',
  'Runs',
  'Cost',
  'Input Tokens',
  'Output Tokens',
  'Team',
] as const;

/** Indices of the store's events in the range's current span that pass the filters. */
function* eventIndices(store: UsageStore, range: ResolvedRange, filters: readonly Filter[]): Generator<number> {
  const codes = filterCodes(store, filters);
  if (!codes) return; // an unknown id matches nothing
  const { worker: fw, user: fu, model: fm, team: ft } = codes;
  const teamCodes = ft >= 0 ? store.codes('team') : undefined;
  const hi = store.lowerBound(range.current.to);
  for (let i = store.lowerBound(range.current.from); i < hi; i++) {
    if (fw >= 0 && store.workerCodes[i] !== fw) continue;
    if (fu >= 0 && store.userCodes[i] !== fu) continue;
    if (fm >= 0 && store.modelCodes[i] !== fm) continue;
    if (teamCodes !== undefined && teamCodes[i] !== ft) continue;
    yield i;
  }
}

/** Events per piece of a streamed events export (a few MiB of text). */
const EVENTS_PER_CHUNK = 20_000;

/**
 * An events export written piece by piece from events given in batches, by any backend (the
 * store's events, or rows read through a database cursor): `head()`, then `batch()` for each
 * batch in order, then `end()`; the pieces joined are the file.
 */
export class EventsExportWriter {
  private any = false;

  constructor(
    readonly format: 'csv' | 'json',
    private readonly range: ResolvedRange,
    private readonly options: JsonExportOptions & Pick<CsvExportOptions, 'bom'> = {},
  ) {}

  head(): string {
    if (this.format === 'csv') return toCsv(EVENT_CSV_HEADERS, [], this.options);
    return `{\n  "range": ${JSON.stringify(jsonRange(this.range))},\n  "currency": ${JSON.stringify(this.options.currency ?? 'USD')},\n  "events": [`;
  }

  batch(events: readonly UsageEvent[]): string {
    if (events.length === 0) return '';
    if (this.format === 'csv') return csvLines(events.map(eventCsvCells));
    const text = `${this.any ? ',\n' : '\n'}${events.map((e) => `    ${JSON.stringify(exportedEvent(e))}`).join(',\n')}`;
    this.any = true;
    return text;
  }

  end(): string {
    if (this.format === 'csv') return '';
    return this.any ? '\n  ]\n}\n' : ']\n}\n';
  }
}

/** One event as a row of the events CSV (text cells neutralised). */
function eventCsvCells(e: UsageEvent): (string | number)[] {
  return [
    new Date(e.timestamp).toISOString(),
    neutralizeCell(e.workerId),
    neutralizeCell(e.workerName),
    neutralizeCell(e.userId),
    neutralizeCell(e.userName),
    neutralizeCell(e.model),
    e.runs,
    microsToDecimalString(e.costMicros),
    e.inputTokens ?? '',
    e.outputTokens ?? '',
    neutralizeCell(e.team ?? ''),
  ];
}

/** The store's events of the range and filters, in pieces of EVENTS_PER_CHUNK, written by `writer`. */
function* storeEventsPieces(store: UsageStore, range: ResolvedRange, filters: readonly Filter[], writer: EventsExportWriter): Generator<string> {
  yield writer.head();
  let batch: UsageEvent[] = [];
  for (const i of eventIndices(store, range, filters)) {
    batch.push(store.event(i));
    if (batch.length === EVENTS_PER_CHUNK) {
      yield writer.batch(batch);
      batch = [];
    }
  }
  if (batch.length > 0) yield writer.batch(batch);
  yield writer.end();
}

/**
 * The events of the range (and filters) as CSV, one line each, oldest first:
 * `Timestamp,Worker ID,Worker,User ID,User,Model,Runs,Cost,Input Tokens,Output Tokens,Team`.
 * Token cells are empty when the source gave none, the team cell when the event has no team.
 * It loads back with the file source.
 */
export function eventsToCsv(store: UsageStore, range: ResolvedRange, filters: readonly Filter[] = [], options: Pick<CsvExportOptions, 'bom'> = {}): string {
  return [...eventsToCsvChunks(store, range, filters, options)].join('');
}

/**
 * eventsToCsv in pieces of EVENTS_PER_CHUNK lines, for writing to a stream: a whole export of
 * millions of events would not fit in one string (V8 caps strings at about 512 MiB).
 */
export function eventsToCsvChunks(
  store: UsageStore,
  range: ResolvedRange,
  filters: readonly Filter[] = [],
  options: Pick<CsvExportOptions, 'bom'> = {},
): Generator<string> {
  return storeEventsPieces(store, range, filters, new EventsExportWriter('csv', range, options));
}

/** Rows as CSV lines, each ending in CRLF. */
function csvLines(rows: (string | number)[][]): string {
  return `${unparse(rows, { newline: CSV_NEWLINE, escapeFormulae: false })}${CSV_NEWLINE}`;
}

/** A normalised event as the JSON export writes it: the event's names and runs, with an ISO time and money in units. */
export interface ExportedEvent extends Pick<UsageEvent, 'workerId' | 'workerName' | 'userId' | 'userName' | 'model' | 'runs'> {
  timestamp: string;
  /** Currency units. */
  cost: number;
  inputTokens: number | null;
  outputTokens: number | null;
  /** The event's team (from the source's column or the teams mapping), null when it has none. */
  team: string | null;
}

function exportedEvent(e: UsageEvent): ExportedEvent {
  const { workerId, workerName, userId, userName, model, runs } = e;
  return {
    timestamp: new Date(e.timestamp).toISOString(),
    ...{ workerId, workerName, userId, userName, model, runs },
    cost: microsToUnits(e.costMicros),
    inputTokens: e.inputTokens ?? null,
    outputTokens: e.outputTokens ?? null,
    team: e.team ?? null,
  };
}

/**
 * The events of the range as JSON: `{ range, currency, events: [...] }` with one event per line.
 * The `events` wrapper is a shape the file source reads, so the export loads back.
 */
export function eventsToJson(store: UsageStore, range: ResolvedRange, filters: readonly Filter[] = [], options: JsonExportOptions = {}): string {
  return [...eventsToJsonChunks(store, range, filters, options)].join('');
}

/** eventsToJson in pieces of EVENTS_PER_CHUNK events, for writing to a stream (see eventsToCsvChunks). */
export function eventsToJsonChunks(
  store: UsageStore,
  range: ResolvedRange,
  filters: readonly Filter[] = [],
  options: JsonExportOptions = {},
): Generator<string> {
  return storeEventsPieces(store, range, filters, new EventsExportWriter('json', range, options));
}
