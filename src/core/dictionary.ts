/** Names dictionary-encoded to integer codes: code -> id and display name. */
export class Dictionary {
  readonly ids: string[] = [];
  readonly names: string[] = [];
  private readonly codes = new Map<string, number>();
  /** Codes first seen without a name (named by their id until a name comes). */
  private readonly unnamed = new Set<number>();

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
      this.names.push(name || id);
      if (!name) this.unnamed.add(code);
      if (this.slots !== undefined) this.slot(code);
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

  /**
   * The code of the id made of the chars `start..end` of `text`, or -1 when it is not in the
   * dictionary. Looked up by a hash of the chars in a typed table (built on first use), so no
   * string is cut out: parsers call this for every cell of a million rows.
   */
  codeOfRange(text: string, start: number, end: number): number {
    const slots = this.slots ?? this.buildSlots();
    const mask = slots.length - 1;
    const ids = this.ids;
    const n = end - start;
    for (let slot = hashRange(text, start, end) & mask; ; slot = (slot + 1) & mask) {
      const code = slots[slot] - 1;
      if (code < 0) return -1;
      const id = ids[code];
      if (id.length !== n) continue;
      let i = 0;
      while (i < n && id.charCodeAt(i) === text.charCodeAt(start + i)) i++;
      if (i === n) return code;
    }
  }

  /** Code + 1 by hash of the id (0: empty slot); at most half full. */
  private slots: Int32Array | undefined;

  private buildSlots(): Int32Array {
    let size = 64;
    while (size < 2 * (this.ids.length + 1)) size *= 2;
    this.slots = new Int32Array(size);
    for (let code = 0; code < this.ids.length; code++) this.slot(code);
    return this.slots;
  }

  private slot(code: number): void {
    const slots = this.slots!;
    if (2 * (code + 1) > slots.length) {
      this.slots = undefined;
      this.buildSlots();
      return;
    }
    const id = this.ids[code];
    const mask = slots.length - 1;
    let slot = hashRange(id, 0, id.length) & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = code + 1;
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
    }
    for (const code of plain.unnamed) dictionary.unnamed.add(code);
    return dictionary;
  }
}

/** FNV-1a of the chars `start..end`. */
function hashRange(s: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A Dictionary as plain data: ids and names by code, and the codes still unnamed. */
export interface PlainDictionary {
  ids: string[];
  names: string[];
  unnamed: number[];
}
