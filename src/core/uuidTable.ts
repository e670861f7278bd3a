/**
 * Canonical UUIDs (`8-4-4-4-12` hex digits) as 128-bit keys: read from the text into four
 * uint32 words (exact: two ids share the words only when they are the same text) and kept in an
 * open-addressing table of typed arrays, with no string per id.
 */

/** Hex digit values by char code (-1: not a hex digit of the case asked for). */
const LOWER = new Int8Array(128).fill(-1);
const UPPER = new Int8Array(128).fill(-1);
for (let c = 0; c < 10; c++) LOWER[48 + c] = UPPER[48 + c] = c;
for (let c = 0; c < 6; c++) {
  LOWER[97 + c] = 10 + c;
  UPPER[65 + c] = 10 + c;
}

/** Where the 32 digits of a canonical UUID are, relative to its start. */
const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 14, 15, 16, 17, 19, 20, 21, 22, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35];

/** The words of the last id uuidCase accepted. */
export const uuidWords = new Uint32Array(4);

/**
 * 1 when the chars `start..end` are a UUID in lower-case hex (digits only count as lower case),
 * 2 when upper case, 0 when not a canonical UUID (or mixed case: kept as text). On 1 or 2 its
 * 128 bits are in `uuidWords`.
 */
export function uuidCase(s: string, start: number, end: number): number {
  if (end - start !== 36) return 0;
  if (s.charCodeAt(start + 8) !== 45 || s.charCodeAt(start + 13) !== 45 || s.charCodeAt(start + 18) !== 45 || s.charCodeAt(start + 23) !== 45) return 0;
  let table = LOWER;
  let kind = 1;
  let word = 0;
  for (let k = 0; k < 32; k++) {
    const c = s.charCodeAt(start + DIGITS[k]);
    let v = c < 128 ? table[c] : -1;
    if (v < 0) {
      // The first letter of the other case switches tables once (no letter of the first case seen yet).
      if (kind === 2 || c >= 128 || UPPER[c] < 0 || sawLetter(s, start, k)) return 0;
      table = UPPER;
      kind = 2;
      v = UPPER[c];
    }
    word = (word << 4) | v;
    if ((k & 7) === 7) {
      uuidWords[k >> 3] = word;
      word = 0;
    }
  }
  return kind;
}

function sawLetter(s: string, start: number, upTo: number): boolean {
  for (let k = 0; k < upTo; k++) if (s.charCodeAt(start + DIGITS[k]) > 57) return true;
  return false;
}

/** A set of 128-bit keys (four uint32 words each). */
export class UuidTable {
  private keys = new Uint32Array(4 * 1024);
  private used = new Uint8Array(1024);
  private mask = 1023;
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds the key; false when it was there already. */
  add(a: number, b: number, c: number, d: number): boolean {
    if (2 * (this.count + 1) > this.used.length) this.grow();
    return this.insert(a, b, c, d);
  }

  /** True when the key is there. */
  has(a: number, b: number, c: number, d: number): boolean {
    const keys = this.keys;
    const used = this.used;
    for (let slot = hash(a, b, c, d) & this.mask; ; slot = (slot + 1) & this.mask) {
      if (used[slot] === 0) return false;
      const k = slot << 2;
      if (keys[k] === a && keys[k + 1] === b && keys[k + 2] === c && keys[k + 3] === d) return true;
    }
  }

  private insert(a: number, b: number, c: number, d: number): boolean {
    const keys = this.keys;
    const used = this.used;
    const mask = this.mask;
    let slot = hash(a, b, c, d) & mask;
    while (used[slot] !== 0) {
      const k = slot << 2;
      if (keys[k] === a && keys[k + 1] === b && keys[k + 2] === c && keys[k + 3] === d) return false;
      slot = (slot + 1) & mask;
    }
    used[slot] = 1;
    const k = slot << 2;
    keys[k] = a;
    keys[k + 1] = b;
    keys[k + 2] = c;
    keys[k + 3] = d;
    this.count++;
    return true;
  }

  private grow(): void {
    const { keys, used } = this;
    const size = used.length * 2;
    this.keys = new Uint32Array(4 * size);
    this.used = new Uint8Array(size);
    this.mask = size - 1;
    this.count = 0;
    for (let slot = 0; slot < used.length; slot++)
      if (used[slot] !== 0) this.insert(keys[slot * 4], keys[slot * 4 + 1], keys[slot * 4 + 2], keys[slot * 4 + 3]);
  }
}

/** Mixes the four words (UUIDs other than v4 are not random in every word). */
function hash(a: number, b: number, c: number, d: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 15) ^ b, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 13) ^ c, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 16) ^ d, 0xc2b2ae35);
  return (h ^ (h >>> 15)) >>> 0;
}
