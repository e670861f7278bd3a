/** NDJSON usage files: one JSON object per line. */
import { type StoreBuilder } from '../../storeBuilder';
import { isRecord } from '../../guards';
import { messageOf } from '../../errors';
import { notUtf8 } from './csv';
import { KeyedRows } from './keyedRows';
import { Sink, UsageFileError, type LoadOptions, type LoadReport } from './report';

/**
 * Where an NDJSON reader starts inside a file (a chunk, or bytes appended since an earlier read).
 * How keys are matched to columns depends on every key seen before a line, so a reader that
 * starts mid-file either is given those keys or reports what it saw for the caller to check.
 */
export interface NdjsonResume {
  /** The keys that can name a field seen before these bytes, in order of first appearance (`NdjsonKeys.keys` of the bytes before). */
  keys?: readonly string[];
  /** The text starts after the file's first line: no byte-order mark or UTF-16 check, and no "empty" error. */
  midFile?: boolean;
  /**
   * One of several chunks read in parallel: at the end, rows still held for lack of a timestamp or
   * cost column are dropped and reported (`NdjsonKeys.pending`) instead of failing the file, and
   * an all-blank chunk is no error; the caller reads the file again the exact way.
   */
  chunk?: boolean;
}

/** What an NDJSON reader saw of the keys: for the chunk merge to tell whether a chunk read on its own read as one thread would. */
export interface NdjsonKeys {
  /** Keys that can name a field, in order of first appearance (after the resumed ones). */
  keys: string[];
  /** The number of keys known at each object line where it changed (the first: after the first object); undefined past MAX_KEY_STEPS. */
  steps: number[] | undefined;
  /** Rows still held at the end (chunks only): no timestamp or cost column among the keys. */
  pending: boolean;
  /** A line that is not blank was read. */
  content: boolean;
}

/** Key-set changes recorded for the chunk check; a chunk with more is read again with the keys before it. */
const MAX_KEY_STEPS = 32;

/** NDJSON: one JSON object per line; blank lines ignored; a line that is not an object is skipped. */
export class NdjsonReader {
  private readonly sink: Sink;
  private readonly keyed: KeyedRows;
  private pending = '';
  private line = 0;
  private sawContent = false;
  /** Objects held until the keys seen give a timestamp and a cost column. */
  private held: { object: Record<string, unknown>; line: number }[] | undefined = [];
  private steps: number[] | undefined = [];
  private droppedHeld = false;

  constructor(
    private readonly file: string,
    builder: StoreBuilder,
    private readonly options: LoadOptions,
    private readonly resume: NdjsonResume = {},
  ) {
    this.sink = new Sink(file, 'ndjson', builder, options.lineOffset);
    this.keyed = new KeyedRows(options.mapping);
    if (resume.keys !== undefined && resume.keys.length > 0) {
      this.keyed.addKeyNames(resume.keys);
      if (this.keyed.tryMatch(file, options) !== undefined) this.held = undefined;
    }
  }

  /** The keys this reader saw (call after `end`). */
  get keys(): NdjsonKeys {
    return { keys: [...this.keyed.headers], steps: this.steps, pending: this.droppedHeld, content: this.sawContent };
  }

  push(text: string): void {
    if (text.length === 0) return;
    let from = this.pending.length;
    const buffer = this.pending.length === 0 ? text : this.pending + text;
    let start = 0;
    for (let nl = buffer.indexOf('\n', from); nl >= 0; nl = buffer.indexOf('\n', from)) {
      this.handle(buffer.slice(start, nl));
      start = from = nl + 1;
    }
    this.pending = buffer.slice(start);
  }

  end(): LoadReport {
    if (this.pending.length > 0) this.handle(this.pending);
    this.pending = '';
    const piece = this.resume.midFile === true || this.resume.chunk === true;
    if (!this.sawContent && !piece) throw new UsageFileError(`${this.file} is empty.`, this.file);
    if (this.held !== undefined && this.held.length > 0) {
      if (this.resume.chunk === true && this.keyed.tryMatch(this.file, this.options) === undefined) {
        this.droppedHeld = true;
        return this.sink.report;
      }
      this.keyed.match(this.file, this.options); // throws: no timestamp or cost
      this.flush();
    }
    return this.sink.report;
  }

  private handle(raw: string): void {
    const line = ++this.line;
    const first = line === 1 && this.resume.midFile !== true;
    if (first && (raw.startsWith('\uFFFD\uFFFD') || raw.charCodeAt(1) === 0)) throw notUtf8(this.file);
    const text = first && raw.charCodeAt(0) === 0xfeff ? raw.slice(1).trim() : raw.trim();
    if (text === '') return;
    this.sawContent = true;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      this.sink.report.rows++;
      this.sink.skip(line, `invalid JSON (${messageOf(error)})`);
      return;
    }
    if (!isRecord(value)) {
      this.sink.report.rows++;
      this.sink.skip(line, 'not an object');
      return;
    }
    const added = this.keyed.addKeys(value);
    const steps = this.steps;
    if (steps !== undefined && (steps.length === 0 || added)) {
      if (steps.length === MAX_KEY_STEPS) this.steps = undefined;
      else steps.push(this.keyed.headers.length);
    }
    if (this.held !== undefined) {
      this.held.push({ object: value, line });
      if (added && this.keyed.tryMatch(this.file, this.options) !== undefined) this.flush();
      return;
    }
    const columns = added ? this.keyed.match(this.file, this.options) : this.keyed.columns!;
    this.sink.accept(this.keyed.row(value), columns, line);
  }

  private flush(): void {
    const held = this.held ?? [];
    this.held = undefined;
    if (held.length === 0) return;
    const columns = this.keyed.match(this.file, this.options);
    for (const { object, line } of held) this.sink.accept(this.keyed.row(object), columns, line);
  }
}
