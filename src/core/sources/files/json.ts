/** JSON usage files: an array of events, or `{ "events": [...] }`, parsed whole. */
import { type StoreBuilder } from '../../storeBuilder';
import { sniffFormat } from './format';
import { messageOf } from '../../errors';
import { isRecord } from '../../guards';
import { notUtf8 } from './csv';
import { KeyedRows } from './keyedRows';
import { NdjsonReader } from './ndjson';
import { Sink, UsageFileError, type LoadOptions, type LoadReport } from './report';

export function loadJsonText(text: string, file: string, builder: StoreBuilder, options: LoadOptions): LoadReport {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new UsageFileError(`${file} is empty.`, file);
  if (text.startsWith('\uFFFD\uFFFD') || text.charCodeAt(1) === 0) throw notUtf8(file);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // A `.json` file that is really NDJSON (one object per line) is read as such.
    // The whole first line decides, however long (a sniffed 64 KiB head may cut it).
    const firstBreak = text.indexOf('\n');
    if (sniffFormat(firstBreak < 0 ? text : text.slice(0, firstBreak)) === 'ndjson') {
      const reader = new NdjsonReader(file, builder, options);
      reader.push(text);
      return reader.end();
    }
    throw new UsageFileError(`${file}: invalid JSON ${jsonErrorPlace(text, messageOf(error))}.`, file);
  }
  const events: unknown[] | undefined = Array.isArray(value) ? value : isRecord(value) && Array.isArray(value.events) ? (value.events as unknown[]) : undefined;
  if (events === undefined) throw new UsageFileError(`${file}: expected a JSON array of events or an object with an "events" array.`, file);
  const sink = new Sink(file, 'json', builder);
  const keyed = new KeyedRows(options.mapping);
  for (const item of events) if (isRecord(item)) keyed.addKeys(item);
  if (events.length === 0) return sink.report;
  const columns = keyed.match(file, options);
  for (let i = 0; i < events.length; i++) {
    if ((i & 0xffff) === 0) options.signal?.throwIfAborted();
    const item = events[i];
    if (isRecord(item)) sink.accept(keyed.row(item), columns, `#${i}`);
    else {
      sink.report.rows++;
      sink.skip(`#${i}`, 'not an object');
    }
  }
  return sink.report;
}

/** `at line L, column C (message)` from a JSON.parse error. */
function jsonErrorPlace(text: string, errorMessage: string): string {
  const m = /position (\d+)/.exec(errorMessage);
  const message = errorMessage.replace(/^JSON\.parse: /, '');
  if (!m) return /end of JSON/i.test(message) ? `(it ends too early: ${message})` : `(${message})`;
  const position = Number(m[1]);
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < position; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `at line ${line}, column ${position - lineStart + 1} (${message})`;
}
