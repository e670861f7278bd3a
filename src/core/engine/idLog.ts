/**
 * The ids of the events a builder added, as plain typed arrays: what a segment carries so ids can
 * be de-duplicated across segments (chunks of a file, appended bytes) off the thread that parsed
 * them, without making a string per id again. Each id is logged in the form its IdSet keeps it:
 * numbered ids as their number (with the set's prefix), UUIDs as four words, others as UTF-16 text.
 */
export interface IdList {
  /** Ids kept as text: their UTF-16 code units one after the other, the end of each, and its event. */
  text: Uint16Array;
  ends: Uint32Array;
  events: Uint32Array;
  /** Numbered ids (`<prefix><number>`): the prefix, and each id's number and event. */
  prefix: string;
  numbers: Uint32Array;
  numberEvents: Uint32Array;
  /** Canonical UUIDs: four words each, the case (1 lower, 2 upper) and event of each. */
  uuidWords: Uint32Array;
  uuidCases: Uint8Array;
  uuidEvents: Uint32Array;
}

/** A growable column of uint32s. */
class Column32 {
  data = new Uint32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) this.data = grown(this.data, this.length + 1);
    this.data[this.length++] = v;
  }
  take(): Uint32Array {
    return this.data.slice(0, this.length);
  }
}

export class IdLog {
  private text = new Uint16Array(1 << 12);
  private chars = 0;
  private readonly ends = new Column32();
  private readonly events = new Column32();
  prefix = '';
  private readonly numbers = new Column32();
  private readonly numberEvents = new Column32();
  private readonly uuidWords = new Column32();
  private uuidCases = new Uint8Array(1024);
  private readonly uuidEvents = new Column32();

  pushText(source: string, start: number, end: number, event: number): void {
    const n = end - start;
    if (this.chars + n > this.text.length) this.text = grown(this.text, this.chars + n);
    const text = this.text;
    let at = this.chars;
    for (let i = start; i < end; i++) text[at++] = source.charCodeAt(i);
    this.chars = at;
    this.ends.push(at);
    this.events.push(event);
  }

  pushNumber(prefix: string, n: number, event: number): void {
    this.prefix = prefix;
    this.numbers.push(n);
    this.numberEvents.push(event);
  }

  /** A UUID of case `kind` whose four words are `words[at..at+4]`. */
  pushUuid(kind: number, words: Uint32Array, event: number, at = 0): void {
    const i = this.uuidEvents.length;
    if (i === this.uuidCases.length) this.uuidCases = grown(this.uuidCases, i + 1);
    this.uuidCases[i] = kind;
    for (let k = 0; k < 4; k++) this.uuidWords.push(words[at + k]);
    this.uuidEvents.push(event);
  }

  /** The ids so far, cut to length (the log is spent). */
  take(): IdList {
    return {
      text: this.text.slice(0, this.chars),
      ends: this.ends.take(),
      events: this.events.take(),
      prefix: this.prefix,
      numbers: this.numbers.take(),
      numberEvents: this.numberEvents.take(),
      uuidWords: this.uuidWords.take(),
      uuidCases: this.uuidCases.slice(0, this.uuidEvents.length),
      uuidEvents: this.uuidEvents.take(),
    };
  }
}

/** An empty list (a segment whose events have no ids). */
export function emptyIdList(): IdList {
  return new IdLog().take();
}

/** The buffers of a list, to transfer it. */
export function idListBuffers(ids: IdList): ArrayBuffer[] {
  return [ids.text, ids.ends, ids.events, ids.numbers, ids.numberEvents, ids.uuidWords, ids.uuidCases, ids.uuidEvents].map((a) => a.buffer as ArrayBuffer);
}

function grown<T extends Uint8Array | Uint16Array | Uint32Array>(array: T, need: number): T {
  let size = array.length * 2;
  while (size < need) size *= 2;
  const next = new (array.constructor as new (n: number) => T)(size);
  next.set(array);
  return next;
}

const utf16 = new TextDecoder('utf-16le');

/** The text ids of a list as one flat string (ranges by `ends`). */
export function idText(ids: IdList): string {
  return utf16.decode(ids.text);
}
