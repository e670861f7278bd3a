/**
 * The ids of the events a builder added, in order, as plain typed arrays: what a segment carries
 * so ids can be de-duplicated across segments (chunks of a file, appended bytes) off the thread
 * that parsed them. Text is UTF-16 code units, so it goes back to one string without decoding.
 */
export interface IdList {
  /** The ids' UTF-16 code units, one after the other. */
  text: Uint16Array;
  /** End of each id in `text` (its start is the previous end). */
  ends: Uint32Array;
  /** Index of the event each id belongs to, within its segment. */
  events: Uint32Array;
}

export class IdLog {
  private text = new Uint16Array(1 << 16);
  private ends = new Uint32Array(1 << 12);
  private events = new Uint32Array(1 << 12);
  private chars = 0;
  private count = 0;

  push(source: string, start: number, end: number, event: number): void {
    const n = end - start;
    if (this.chars + n > this.text.length) this.text = grown(this.text, this.chars + n);
    if (this.count === this.ends.length) {
      this.ends = grown(this.ends, this.count + 1);
      this.events = grown(this.events, this.count + 1);
    }
    const text = this.text;
    let at = this.chars;
    for (let i = start; i < end; i++) text[at++] = source.charCodeAt(i);
    this.chars = at;
    this.ends[this.count] = at;
    this.events[this.count++] = event;
  }

  /** The ids so far, cut to length (the log is spent). */
  take(): IdList {
    return { text: this.text.slice(0, this.chars), ends: this.ends.slice(0, this.count), events: this.events.slice(0, this.count) };
  }
}

function grown<T extends Uint16Array | Uint32Array>(array: T, need: number): T {
  let size = array.length * 2;
  while (size < need) size *= 2;
  const next = new (array.constructor as new (n: number) => T)(size);
  next.set(array);
  return next;
}

const utf16 = new TextDecoder('utf-16le');

/** The ids of a list as one flat string (ranges by `ends`). */
export function idText(ids: IdList): string {
  return utf16.decode(ids.text);
}
