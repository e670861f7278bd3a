/**
 * The event ids seen so far, for first-wins de-duplication of a million events and more.
 * Canonical UUIDs are kept as 128-bit keys in a typed table (one per letter case); ids of the
 * common shape `<prefix><number>` (one prefix per set, the number without leading zeros, at most
 * 8 digits), e.g. `run-1234`, as one bit per number; both are read from the text without cutting
 * out a string. Any other id goes to a Set of strings. The shape of an id alone decides where it
 * is kept (a UUID before a numbered id), so an id is always looked up where it was stored.
 */
import { type IdList, type IdLog, idText } from './engine/idLog';
import { UuidTable, uuidCase, uuidWords } from './uuidTable';

export class IdSet {
  private strings = new Set<string>();
  private prefix: string | undefined;
  private bits = new Int32Array(0);
  private lower: UuidTable | undefined;
  private upper: UuidTable | undefined;

  /**
   * Adds the id made of the characters `start..end` of `text`; false when it was there already.
   * With a log, an id added is logged (in the form it is kept) for event `event`.
   */
  add(text: string, start = 0, end = text.length, log?: IdLog, event = 0): boolean {
    const kind = uuidCase(text, start, end);
    if (kind !== 0) {
      const w = uuidWords;
      if (!this.uuids(kind).add(w[0], w[1], w[2], w[3])) return false;
      log?.pushUuid(kind, w, event);
      return true;
    }
    const n = this.numberOf(text, start, end);
    if (n >= 0) {
      if (!this.setBit(n)) return false;
      log?.pushNumber(this.prefix!, n, event);
      return true;
    }
    const before = this.strings.size;
    this.strings.add(text.slice(start, end));
    if (this.strings.size === before) return false;
    log?.pushText(text, start, end, event);
    return true;
  }

  /** The prefix of numbered ids, once the first one has set it. */
  get numberPrefix(): string | undefined {
    return this.prefix;
  }

  /** add of the numbered id `<numberPrefix><n>` (read from the text elsewhere; numberPrefix is set). */
  addNumber(n: number, log?: IdLog, event = 0): boolean {
    if (!this.setBit(n)) return false;
    log?.pushNumber(this.prefix!, n, event);
    return true;
  }

  /** add of a canonical UUID of case `kind` (1 lower, 2 upper) whose words are `words[at..at+4]` (read from the text elsewhere). */
  addUuid(kind: number, words: Uint32Array, at: number, log?: IdLog, event = 0): boolean {
    if (!this.uuids(kind).add(words[at], words[at + 1], words[at + 2], words[at + 3])) return false;
    log?.pushUuid(kind, words, event, at);
    return true;
  }

  /**
   * Adds every id of a list (ids logged by another set, unique within it); `onSeen` gets the event
   * of each id that was here already.
   */
  addList(ids: IdList, onSeen: (event: number) => void): void {
    const { uuidWords: words, uuidCases: cases, uuidEvents } = ids;
    for (let i = 0; i < uuidEvents.length; i++) {
      const k = i << 2;
      if (!this.uuids(cases[i]).add(words[k], words[k + 1], words[k + 2], words[k + 3])) onSeen(uuidEvents[i]);
    }
    const { numbers, numberEvents, prefix } = ids;
    if (numbers.length > 0) {
      this.prefix ??= prefix;
      if (this.prefix === prefix) {
        for (let i = 0; i < numbers.length; i++) if (!this.setBit(numbers[i])) onSeen(numberEvents[i]);
      } else {
        for (let i = 0; i < numbers.length; i++) if (!this.add(`${prefix}${numbers[i]}`)) onSeen(numberEvents[i]);
      }
    }
    if (ids.ends.length > 0) {
      const text = idText(ids);
      let start = 0;
      for (let k = 0; k < ids.ends.length; k++) {
        const end = ids.ends[k];
        if (!this.add(text, start, end)) onSeen(ids.events[k]);
        start = end;
      }
    }
  }

  /** Lets go of everything kept. */
  clear(): void {
    this.strings = new Set();
    this.prefix = undefined;
    this.bits = new Int32Array(0);
    this.lower = this.upper = undefined;
  }

  private uuids(kind: number): UuidTable {
    return kind === 1 ? (this.lower ??= new UuidTable()) : (this.upper ??= new UuidTable());
  }

  /** The number of an id of the numbered shape with this set's prefix (set by the first such id), else -1. */
  private numberOf(text: string, start: number, end: number): number {
    // Trailing digits: at most 8, the first not 0 unless it is the only one.
    let d = end;
    while (d > start && end - d < 9) {
      const c = text.charCodeAt(d - 1);
      if (c < 48 || c > 57) break;
      d--;
    }
    const digits = end - d;
    if (digits === 0 || digits > 8 || (d > start && isDigit(text.charCodeAt(d - 1))) || (digits > 1 && text.charCodeAt(d) === 48)) return -1;
    let prefix = this.prefix;
    if (prefix === undefined) prefix = this.prefix = text.slice(start, d);
    if (prefix.length !== d - start || !text.startsWith(prefix, start)) return -1;
    let n = 0;
    for (let i = d; i < end; i++) n = n * 10 + text.charCodeAt(i) - 48;
    return n;
  }

  /** Sets bit `n`; false when it was set. */
  private setBit(n: number): boolean {
    const word = n >>> 5;
    if (word >= this.bits.length) {
      const next = new Int32Array(Math.max(1024, word + 1, this.bits.length * 2));
      next.set(this.bits);
      this.bits = next;
    }
    const bit = 1 << (n & 31);
    if ((this.bits[word] & bit) !== 0) return false;
    this.bits[word] |= bit;
    return true;
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
