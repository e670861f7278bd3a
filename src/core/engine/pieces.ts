/**
 * What a worker does with one piece of input: plan a file's chunks, or parse a byte range of a
 * file (from disk with node:fs streams, or from shared bytes) into a segment.
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { type ColumnMapping } from '../columns';
import { CsvReader } from '../sources/files/csv';
import { FileDecoder, decodeWhole, encodingOf, lineFeedsIn, type FileEncoding } from '../sources/files/decode';
import { formatFromName, sniffFormat, type UsageFileFormat } from '../sources/files/format';
import { pusher, withUndecodable } from '../sources/files/load';
import { loadJsonText } from '../sources/files/json';
import { NdjsonReader, type NdjsonResume } from '../sources/files/ndjson';
import { UsageFileError, unreadable, type LoadReport } from '../sources/files/report';
import { type StoreSource } from '../store';
import { StoreBuilder } from '../storeBuilder';
import { QuoteWalker, csvHead, nextRowEnd, planCsvChunks, type CsvHead, type CsvPlan } from './chunks';
import { beginSegment, takeSegment, type UsageSegment } from './segment';

/** Where a piece's bytes are: a file on disk, or bytes shared between threads (virtual workspaces). */
export type PieceInput = { path: string } | { bytes: Uint8Array };

export interface PlanJob {
  input: PieceInput;
  name: string;
  pieces: number;
  minBytes?: number;
  /** Find the exact cuts (reads the whole file); without it only the header is read, for cuts guessed by the parsers. */
  exact?: boolean;
}

export interface FilePlan {
  format: UsageFileFormat;
  size: number;
  csv?: CsvPlan;
  /** A CSV file big enough to cut, when the cuts are left to the parsers (not `exact`). */
  head?: CsvHead;
  /** A UTF-8 NDJSON file big enough to cut (at any line feed: a JSON text holds no raw line break). */
  lines?: boolean;
}

export interface ParseJob {
  input: PieceInput;
  /** The file name used in reports and errors. */
  name: string;
  source: StoreSource;
  mapping?: ColumnMapping;
  /** Format, when already known (else from the name or the first bytes). */
  format?: UsageFileFormat;
  /** Byte range; `end` undefined = to the end of the file. */
  start: number;
  end?: number;
  /** For a range after the start of a CSV file: the header's end (the header is read first). */
  headerEnd?: number;
  /** Lines before `start` not counted in the header (for sample line numbers). */
  lineOffset?: number;
  /**
   * A guessed cut: the piece starts after the first row end at or after `guessStart` and ends
   * after the first at or after `guessEnd` (undefined: the end of the file); its quoting is walked
   * (segment.quoting) so the caller can tell whether the guess was right.
   */
  guess?: { start?: number; end?: number; head: CsvHead };
  /** NDJSON: the piece starts after the first line feed at or after `start` (undefined: the file's start) and ends after the first at or after `end`. */
  lineCut?: { start?: number; end?: number };
  /** NDJSON read from inside a file: the keys before it, and how to treat its end. */
  ndjson?: NdjsonResume;
}

const READ_BYTES = 1 << 20;
const HEAD_BYTES = 65_536;

/** Reads bytes `start..end` of the input whole. */
async function readRange(input: PieceInput, start: number, end: number | undefined): Promise<Uint8Array> {
  if ('bytes' in input) return input.bytes.subarray(start, end);
  const parts: Buffer[] = [];
  for await (const chunk of createReadStream(input.path, { start, end: end === undefined ? undefined : end - 1, highWaterMark: READ_BYTES }))
    parts.push(chunk as Buffer);
  return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}

async function sizeOf(input: PieceInput): Promise<number> {
  if ('bytes' in input) return input.bytes.length;
  const handle = await open(input.path, 'r');
  try {
    return (await handle.stat()).size;
  } finally {
    await handle.close();
  }
}

/** A file's encoding (from its byte-order mark) and format (from its name, else its first bytes). */
async function kindOf(input: PieceInput, name: string, format?: UsageFileFormat): Promise<{ encoding: FileEncoding; format: UsageFileFormat }> {
  const head = await readRange(input, 0, format === undefined ? HEAD_BYTES : 2);
  return { encoding: encodingOf(head), format: format ?? formatFromName(name) ?? sniffFormat(decodeWhole(head)) };
}

/**
 * The format and size of a file and, for a UTF-8 CSV file big enough, where to cut it (UTF-16
 * files are rare and read whole: cuts are found on line-feed bytes).
 */
export async function planFile(job: PlanJob): Promise<FilePlan> {
  try {
    const size = await sizeOf(job.input);
    const { encoding, format } = await kindOf(job.input, job.name);
    if (format === 'json' || encoding !== 'utf-8' || job.pieces < 2 || size < 2 * (job.minBytes ?? READ_BYTES)) return { format, size };
    if (format === 'ndjson') return { format, size, lines: true };
    if (job.exact !== true) {
      const head = csvHead(await readRange(job.input, 0, Math.min(size, HEAD_BYTES)));
      return head === undefined ? { format, size } : { format, size, head };
    }
    const bytes = await readRange(job.input, 0, size);
    return { format, size: bytes.length, csv: planCsvChunks(bytes, job.pieces, job.minBytes) };
  } catch (error) {
    throw 'path' in job.input && !(error instanceof UsageFileError) ? unreadable(job.name, error) : error;
  }
}

/** Parses one piece into a segment. */
export async function parsePiece(job: ParseJob): Promise<UsageSegment> {
  const { input, name } = job;
  const builder = new StoreBuilder(64 * 1024);
  beginSegment(builder, job.source);
  const options = { mapping: job.mapping, lineOffset: job.lineOffset };
  let report: LoadReport;
  let end = job.end;
  let start = job.start;
  let lines = 0;
  let headerLines = 0;
  const guess = job.guess;
  const walker = guess ? new QuoteWalker(guess.head.delimiter) : undefined;
  let ndjson: NdjsonReader | undefined;
  try {
    if (guess?.start !== undefined) start = await rowStartAfter(input, guess.start, guess.head.crlf);
    if (guess) end = guess.end === undefined ? undefined : await rowStartAfter(input, guess.end, guess.head.crlf);
    const cut = job.lineCut;
    if (cut?.start !== undefined) start = await rowStartAfter(input, cut.start, false);
    if (cut) end = cut.end === undefined ? undefined : await rowStartAfter(input, cut.end, false);
    const { encoding, format } = await kindOf(input, name, job.format);
    if (format === 'json') {
      const bytes = await readRange(input, 0, undefined);
      end = bytes.length;
      const decoder = new FileDecoder(encoding);
      report = withUndecodable(loadJsonText(decoder.decode(bytes) + decoder.decode(), name, builder, options), decoder);
    } else {
      const reader =
        format === 'csv' ? new CsvReader(name, builder, options) : (ndjson = new NdjsonReader(name, builder, options, job.ndjson ?? { midFile: start > 0 }));
      let firstLine = 1;
      if (format === 'csv') {
        const headerEnd = job.headerEnd ?? guess?.head.headerEnd ?? (await headerEndOf(input));
        // A UTF-16 header ends after both bytes of its line feed.
        const header = await readRange(input, 0, encoding === 'utf-8' ? headerEnd : headerEnd + (headerEnd % 2));
        headerLines = lineFeedsIn(header);
        if (start > 0) {
          reader.push(new TextDecoder(encoding).decode(header));
          firstLine = headerLines + (job.lineOffset ?? 0) + 1;
          headerLines = 0;
        }
      }
      const decoder = new FileDecoder(encoding, firstLine, format === 'csv');
      const push = pusher(reader, decoder);
      let read = start;
      const pieces: Iterable<Uint8Array> = start === end ? [] : 'bytes' in input ? slices(input.bytes, start, end) : readPieces(input.path, start, end);
      const walkFrom = start === 0 ? (guess?.head.headerEnd ?? 0) : start;
      let sized = false;
      for (const piece of pieces) {
        if (walker && read + piece.length > walkFrom) walker.feed(read >= walkFrom ? piece : piece.subarray(walkFrom - read));
        read += piece.length;
        const feeds = lineFeedsIn(piece);
        lines += feeds;
        push(piece, encoding === 'utf-8' ? feeds : undefined);
        if (!sized && end !== undefined && builder.count >= 4096) {
          // Room for the whole range at the rate of the rows so far (and a tenth more): the columns grow once.
          sized = true;
          builder.reserve(Math.ceil(((builder.count * (end - start)) / (read - start)) * 1.1));
        }
      }
      push(undefined);
      end = read;
      report = withUndecodable(reader.end(), decoder);
    }
  } catch (error) {
    throw 'path' in input && !(error instanceof UsageFileError) ? unreadable(name, error) : error;
  }
  const nextLineOffset = (job.lineOffset ?? 0) + lines - headerLines;
  const segment = takeSegment(builder, report, { file: name, start, end: end ?? start, lines, nextLineOffset });
  if (walker) segment.quoting = { regular: walker.regular, endsOutside: walker.endsOutside };
  if (ndjson) segment.ndjson = ndjson.keys;
  return segment;
}

/** Just after the first row end at or after `from` (the size of the input when there is none). */
async function rowStartAfter(input: PieceInput, from: number, crlf: boolean): Promise<number> {
  const size = await sizeOf(input);
  for (let at = Math.max(0, from - 1); at < size; at += HEAD_BYTES) {
    // From one byte early, so a CR just before `from` is seen.
    const bytes = await readRange(input, at, Math.min(size, at + HEAD_BYTES + 1));
    const lf = nextRowEnd(bytes, Math.max(1, from - at), crlf);
    if (lf >= 0) return at + lf + 1;
  }
  return size;
}

/**
 * Bytes `start..end` of a file in pieces of READ_BYTES, read in this thread (a worker's: nothing
 * else waits on it) into one buffer used again for each piece: no allocation, no hop through the
 * thread pool. Each piece is valid until the next is asked for.
 */
function* readPieces(path: string, start: number, end: number | undefined): Generator<Uint8Array> {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(READ_BYTES);
    for (let at = start; end === undefined || at < end;) {
      const read = readSync(fd, buffer, 0, end === undefined ? READ_BYTES : Math.min(READ_BYTES, end - at), at);
      if (read === 0) break;
      at += read;
      yield buffer.subarray(0, read);
    }
  } finally {
    closeSync(fd);
  }
}

function* slices(bytes: Uint8Array, start: number, end: number | undefined): Generator<Uint8Array> {
  const stop = end ?? bytes.length;
  for (let i = start; i < stop; i += READ_BYTES) yield bytes.subarray(i, Math.min(stop, i + READ_BYTES));
}

/** Where the header row of a CSV file ends (after its line break outside quotes). */
async function headerEndOf(input: PieceInput): Promise<number> {
  const head = await readRange(input, 0, HEAD_BYTES);
  let quoted = false;
  let p = head[0] === 0xef ? 3 : 0;
  while (p < head.length && (head[p] === 10 || head[p] === 13)) p++;
  for (; p < head.length; p++) {
    if (head[p] === 34) quoted = !quoted;
    else if (head[p] === 10 && !quoted) return p + 1;
  }
  return head.length;
}
