/** Names dictionary-encoded to integer codes: code -> id and display name. */
export class Dictionary {
  readonly ids: string[] = [];
  readonly names: string[] = [];
  private readonly codes = new Map<string, number>();
  /** Codes first seen without a name (named by their id until a name comes). */
  private readonly unnamed = new Set<number>();
  /**
   * For codeOfRange: an open-addressing table of codes by the hash of their id's characters, so
   * an id is found in a text without cutting a string out of it (the parsers' hottest lookup).
   * Whole strings still go through `codes`: V8 keeps a string's hash with it, so a Map lookup of
   * a string seen before costs less than hashing its characters again (the agent-log loader
   * interns each request's ids that way). Both are filled only by intern and fromPlain.
   */
  private slots = new Int32Array(64).fill(-1);
  private hashes: number[] = [];

  get size(): number {
    return this.ids.length;
  }

  /** The code of `id`, adding it (with `name`) if new. A later non-empty name fills an empty one. */
  intern(id: string, name: string): number {
    let code = this.codes.get(id);
    if (code === undefined) {
      code = this.ids.length;
      this.codes.set(id, code);
      this.ids.push(id);
      this.place(code, hashRange(id, 0, id.length));
      this.names.push(name || id);
      if (!name) this.unnamed.add(code);
    } else if (name && this.unnamed.size > 0 && this.unnamed.delete(code)) {
      this.names[code] = name;
    }
    return code;
  }

  codeOf(id: string): number | undefined {
    return this.codes.get(id);
  }

  /** True when the code still has no name of its own (a non-empty name given to intern would fill it). */
  isUnnamed(code: number): boolean {
    return this.unnamed.size > 0 && this.unnamed.has(code);
  }

  /** The code of the id made of the chars `start..end` of `text`, or -1 when it is not in the dictionary. */
  codeOfRange(text: string, start: number, end: number): number {
    const hash = hashRange(text, start, end);
    const { slots, hashes, ids } = this;
    const mask = slots.length - 1;
    const length = end - start;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const code = slots[i];
      if (code < 0) return -1;
      if (hashes[code] === hash) {
        const id = ids[code];
        // A slice shares the text's characters; comparing it is faster than startsWith.
        if (id.length === length && text.slice(start, end) === id) return code;
      }
    }
  }

  /** Puts a new code in the hash table, doubling it when half full. */
  private place(code: number, hash: number): void {
    this.hashes.push(hash);
    if (2 * this.hashes.length > this.slots.length) {
      this.slots = new Int32Array(this.slots.length * 2).fill(-1);
      for (let c = 0; c < this.hashes.length; c++) this.insert(c, this.hashes[c]);
    } else this.insert(code, hash);
  }

  private insert(code: number, hash: number): void {
    const mask = this.slots.length - 1;
    let i = hash & mask;
    while (this.slots[i] >= 0) i = (i + 1) & mask;
    this.slots[i] = code;
  }

  /** The dictionary as plain data (structured-clonable, for passing between threads). */
  toPlain(): PlainDictionary {
    return { ids: this.ids, names: this.names, unnamed: [...this.unnamed] };
  }

  static fromPlain(plain: PlainDictionary): Dictionary {
    const dictionary = new Dictionary();
    const { ids, names } = plain;
    for (let code = 0; code < ids.length; code++) {
      dictionary.codes.set(ids[code], code);
      dictionary.ids.push(ids[code]);
      dictionary.names.push(names[code]);
      dictionary.place(code, hashRange(ids[code], 0, ids[code].length));
    }
    for (const code of plain.unnamed) dictionary.unnamed.add(code);
    return dictionary;
  }
}

/** A Dictionary as plain data: ids and names by code, and the codes still unnamed. */
export interface PlainDictionary {
  ids: string[];
  names: string[];
  unnamed: number[];
}

/** A 32-bit hash of the characters `start..end` of `text` (FNV-1a over UTF-16 code units, mixed at the end). */
function hashRange(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}
