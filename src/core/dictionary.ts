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
    return this.codes.get(text.slice(start, end)) ?? -1;
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

/** A Dictionary as plain data: ids and names by code, and the codes still unnamed. */
export interface PlainDictionary {
  ids: string[];
  names: string[];
  unnamed: number[];
}
