/**
 * The event ids seen so far, for first-wins de-duplication of a million events and more.
 * Ids of the common shape `<prefix><number>` (one prefix per set, the number without leading
 * zeros, at most 8 digits), e.g. `run-1234`, are kept as one bit per number, read from the text
 * without cutting out a string; any other id goes to a Set of strings. The shape of an id alone
 * decides where it is kept, so an id is always looked up where it was stored.
 * (A 128-bit table for UUIDs was tried and measured slower than V8's Set of strings.)
 */
export class IdSet {
  private readonly strings = new Set<string>();
  private prefix: string | undefined;
  private bits = new Int32Array(0);

  /** Adds the id made of the characters `start..end` of `text`; false when it was there already. */
  add(text: string, start = 0, end = text.length): boolean {
    const numbered = this.addNumbered(text, start, end);
    if (numbered !== undefined) return numbered;
    const id = text.slice(start, end);
    const before = this.strings.size;
    this.strings.add(id);
    return this.strings.size !== before;
  }

  /** Lets go of everything kept. */
  clear(): void {
    this.strings.clear();
    this.prefix = undefined;
    this.bits = new Int32Array(0);
  }

  /** true/false when the id has the numbered shape (added / seen before); undefined when it has not. */
  private addNumbered(text: string, start: number, end: number): boolean | undefined {
    // Trailing digits: at most 8, the first not 0 unless it is the only one.
    let d = end;
    while (d > start && end - d < 9) {
      const c = text.charCodeAt(d - 1);
      if (c < 48 || c > 57) break;
      d--;
    }
    const digits = end - d;
    if (digits === 0 || digits > 8 || (d > start && isDigit(text.charCodeAt(d - 1))) || (digits > 1 && text.charCodeAt(d) === 48)) return undefined;
    let prefix = this.prefix;
    if (prefix === undefined) prefix = this.prefix = text.slice(start, d);
    if (prefix.length !== d - start || !text.startsWith(prefix, start)) return undefined;
    let n = 0;
    for (let i = d; i < end; i++) n = n * 10 + text.charCodeAt(i) - 48;
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
