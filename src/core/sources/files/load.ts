/**
 * The file source: CSV, JSON (an array of events or `{ "events": [...] }`) and NDJSON usage files
 * into a StoreBuilder. CSV is parsed in chunks with papaparse's Parser and never held whole in one
 * string when read from disk; each row is an array (no per-row objects) and the columns are
 * resolved once per file. Bad rows are skipped and counted, with the first few reported as
 * `file:line: reason`; problems with the file itself throw a UsageFileError naming the file.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { type StoreBuilder } from '../../storeBuilder';
import { CsvReader } from './csv';
import { FileDecoder, decodeWhole, encodingOf } from './decode';
import { formatFromName, sniffFormat } from './format';
import { loadJsonText } from './json';
import { NdjsonReader } from './ndjson';
import { UsageFileError, unreadable, type LoadOptions, type LoadReport } from './report';

/** Characters handed to the CSV parser at a time. */
const CHUNK_CHARS = 1 << 20;
/** Bytes read from disk at a time. */
const READ_BYTES = 1 << 20;

/** Loads usage from text already in memory (a BOM is ignored). The format comes from the name, else from the text. */
export function loadUsageText(text: string, fileName: string, builder: StoreBuilder, options: LoadOptions = {}): LoadReport {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const format = formatFromName(fileName) ?? sniffFormat(text.slice(0, 65_536));
  if (format === 'json') return loadJsonText(text, fileName, builder, options);
  const reader = format === 'csv' ? new CsvReader(fileName, builder, options) : new NdjsonReader(fileName, builder, options);
  const size = Math.max(1, options.chunkSize ?? CHUNK_CHARS);
  for (let i = 0; i < text.length; i += size) {
    options.signal?.throwIfAborted();
    reader.push(text.slice(i, i + size));
  }
  return reader.end();
}

/**
 * Loads usage from the bytes of a file (UTF-8, or UTF-16 with its byte-order mark; BOM stripped),
 * as the VS Code host reads them through workspace.fs. Undecodable bytes are counted in the report.
 */
export function loadUsageBytes(bytes: Uint8Array, fileName: string, builder: StoreBuilder, options: LoadOptions = {}): LoadReport {
  const head = bytes.subarray(0, 65_536);
  const format = formatFromName(fileName) ?? sniffFormat(decodeWhole(head));
  const decoder = new FileDecoder(encodingOf(head), 1, format === 'csv');
  if (format === 'json') return withUndecodable(loadJsonText(decoder.decode(bytes) + decoder.decode(), fileName, builder, options), decoder);
  const reader = format === 'csv' ? new CsvReader(fileName, builder, options) : new NdjsonReader(fileName, builder, options);
  const push = pusher(reader, decoder);
  const size = Math.max(1, options.chunkSize ?? READ_BYTES);
  for (let i = 0; i < bytes.length; i += size) {
    options.signal?.throwIfAborted();
    push(bytes.subarray(i, i + size));
  }
  push(undefined);
  return withUndecodable(reader.end(), decoder);
}

/** The report with the decoder's undecodable lines, if any. */
export function withUndecodable(report: LoadReport, decoder: FileDecoder): LoadReport {
  if (decoder.undecodable !== undefined) report.undecodable = decoder.undecodable;
  return report;
}

/**
 * Loads a usage file from disk. CSV and NDJSON stream in 1 MiB pieces (never one string for the
 * whole file); JSON is read whole, as it has to be parsed whole.
 */
export async function loadUsageFile(path: string, builder: StoreBuilder, options: LoadOptions = {}): Promise<LoadReport> {
  const head = await readHead(path);
  const format = formatFromName(path) ?? sniffFormat(decodeWhole(head));
  const decoder = new FileDecoder(encodingOf(head), 1, format === 'csv');
  if (format === 'json') {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path, { signal: options.signal });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw unreadable(path, error);
    }
    return withUndecodable(loadJsonText(decoder.decode(bytes) + decoder.decode(), path, builder, options), decoder);
  }
  const reader = format === 'csv' ? new CsvReader(path, builder, options) : new NdjsonReader(path, builder, options);
  const push = pusher(reader, decoder);
  const stream = createReadStream(path, { highWaterMark: Math.max(1, options.chunkSize ?? READ_BYTES) });
  try {
    for await (const chunk of stream) {
      options.signal?.throwIfAborted();
      push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof UsageFileError || options.signal?.aborted) throw error;
    throw unreadable(path, error);
  } finally {
    stream.destroy();
  }
  push(undefined);
  return withUndecodable(reader.end(), decoder);
}

/**
 * Decodes each piece of bytes (undefined: the end; `lineFeeds` when the caller counted them) into
 * the reader; a CSV reader gets a piece left undecoded as its bytes (see CsvReader.pushView).
 */
export function pusher(reader: CsvReader | NdjsonReader, decoder: FileDecoder): (bytes: Uint8Array | undefined, lineFeeds?: number) => void {
  const each =
    reader instanceof CsvReader
      ? (text: string) => (decoder.bytes !== undefined ? reader.pushView(decoder.bytes, decoder.nonAscii) : reader.push(text))
      : (text: string) => reader.push(text);
  return (bytes, lineFeeds) => decoder.decodeEach(bytes, lineFeeds, each);
}

async function readHead(path: string): Promise<Uint8Array> {
  try {
    const stream = createReadStream(path, { start: 0, end: 65_535 });
    const parts: Buffer[] = [];
    for await (const chunk of stream) parts.push(chunk as Buffer);
    return Buffer.concat(parts);
  } catch (error) {
    throw unreadable(path, error);
  }
}
