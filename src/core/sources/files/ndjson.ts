/** NDJSON usage files: one JSON object per line. */
import { type StoreBuilder } from '../../storeBuilder';
import { isRecord } from '../../guards';
import { messageOf } from '../../errors';
import { notUtf8 } from './csv';
import { KeyedRows } from './keyedRows';
import { Sink, UsageFileError, type LoadOptions, type LoadReport } from './report';

/** NDJSON: one JSON object per line; blank lines ignored; a line that is not an object is skipped. */
export class NdjsonReader {
  private readonly sink: Sink;
  private readonly keyed: KeyedRows;
  private pending = '';
  private line = 0;
  private sawContent = false;
  /** Objects held until the keys seen give a timestamp and a cost column. */
  private held: { object: Record<string, unknown>; line: number }[] | undefined = [];

  constructor(
    private readonly file: string,
    builder: StoreBuilder,
    private readonly options: LoadOptions,
  ) {
    this.sink = new Sink(file, 'ndjson', builder, options.lineOffset);
    this.keyed = new KeyedRows(options.mapping);
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
    if (!this.sawContent) throw new UsageFileError(`${this.file} is empty.`, this.file);
    if (this.held !== undefined) {
      if (this.held.length > 0) this.keyed.match(this.file, this.options); // throws: no timestamp or cost
      this.flush();
    }
    return this.sink.report;
  }

  private handle(raw: string): void {
    const line = ++this.line;
    if (line === 1 && (raw.startsWith('\uFFFD\uFFFD') || raw.charCodeAt(1) === 0)) throw notUtf8(this.file);
    const text = this.line === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1).trim() : raw.trim();
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
