/**
 * Bytes of a usage file to text: the encoding from its byte-order mark (UTF-8 without one), and
 * a count of the lines where decoding had to put U+FFFD for bytes that are not valid text.
 */
import { isAscii, isUtf8 } from 'node:buffer';

export type FileEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** Where a file's bytes could not be decoded: how many lines hold replacement characters, and the first. */
export interface Undecodable {
  encoding: FileEncoding;
  lines: number;
  firstLine: number;
}

/** The encoding a file's first bytes announce: a UTF-16 byte-order mark, else UTF-8. */
export function encodingOf(head: Uint8Array): FileEncoding {
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

/** The whole of `bytes` as text in the encoding of its byte-order mark (which is dropped). */
export function decodeWhole(bytes: Uint8Array): string {
  return new TextDecoder(encodingOf(bytes)).decode(bytes);
}

const REPLACEMENT = '\uFFFD';

/**
 * A streaming decoder that also finds the lines with replacement characters made by decoding
 * (a U+FFFD written in a UTF-8 file as such is not counted when a piece holds no other).
 */
export class FileDecoder {
  private readonly decoder: InstanceType<typeof TextDecoder>;
  /** Physical line of the next char decoded. */
  private line: number;
  private lastBadLine = 0;
  private found: Undecodable | undefined;

  /**
   * With latin1Views, a piece that is all ASCII or valid UTF-8 is not decoded: decode returns ''
   * and its bytes are here, their Latin-1 view being its text (one char per byte: a line feed, a
   * quote or a delimiter is where the byte is). A CSV reader reads rows from the bytes and makes
   * the view only if it needs it, taking cells as text from the bytes.
   */
  bytes: Buffer | undefined;
  /** Whether those bytes are UTF-8 with some non-ASCII bytes (not all ASCII). */
  nonAscii = false;

  constructor(
    readonly encoding: FileEncoding,
    /** Line number of the first line decoded (a piece of a file starts further down). */
    firstLine = 1,
    /** Leave ASCII and valid UTF-8 pieces undecoded, in `bytes` (for the CSV reader's fast path). */
    private readonly latin1Views = false,
  ) {
    // UTF-8 parts are decoded one by one, so the byte-order mark is dropped by hand (at the file's start only).
    this.decoder = new TextDecoder(encoding, { ignoreBOM: encoding === 'utf-8' });
    this.line = firstLine;
    this.atStart = firstLine === 1;
  }

  /**
   * Decodes the next piece (none: the end of the input). `lineFeeds`, when the caller counted the
   * piece's line-feed bytes already (UTF-8 only), saves counting them again in the text.
   */
  decode(bytes?: Uint8Array, lineFeeds?: number): string {
    if (this.encoding === 'utf-8') return this.decodeUtf8(bytes, lineFeeds);
    const text = bytes === undefined ? this.decoder.decode() : this.decoder.decode(bytes, { stream: true });
    const bad = text.indexOf(REPLACEMENT);
    if (bad >= 0 && this.madeByDecoding(text, bad, bytes)) this.countBadLines(text, bad);
    else this.line += lineFeeds ?? countLineFeeds(text, 0, text.length);
    return text;
  }

  /**
   * decode, giving the text to `each`: a UTF-8 line carried over from the last piece is completed
   * and given on its own first, so the rest of the piece is decoded where it lies (not copied
   * after the carried bytes). `bytes` and `nonAscii` are those of the text given.
   */
  decodeEach(bytes: Uint8Array | undefined, lineFeeds: number | undefined, each: (text: string) => void): void {
    if (this.encoding === 'utf-8' && bytes !== undefined && this.carry !== undefined) {
      const lf = bytes.indexOf(10);
      if (lf >= 0 && lf + 1 < bytes.length) {
        each(this.decode(bytes.subarray(0, lf + 1), lineFeeds === undefined ? undefined : 1));
        each(this.decode(bytes.subarray(lf + 1), lineFeeds === undefined ? undefined : lineFeeds - 1));
        return;
      }
    }
    each(this.decode(bytes, lineFeeds));
  }

  /**
   * UTF-8 is decoded up to the last line feed of what has come (the rest waits for the next
   * piece): a line feed never lies inside a character, so each part decodes on its own, and the
   * text a reader gets ends with a whole line (no joining of strings). A part that is all ASCII
   * becomes a one-byte string directly (no UTF-8 decoding).
   */
  private decodeUtf8(bytes: Uint8Array | undefined, lineFeeds: number | undefined): string {
    let part: Uint8Array;
    this.bytes = undefined;
    this.nonAscii = false;
    const carry = this.carry;
    if (bytes === undefined) {
      part = carry ?? new Uint8Array(0);
      this.carry = undefined;
    } else {
      const joined = carry === undefined ? bytes : Buffer.concat([carry, bytes]);
      const lf = joined.lastIndexOf(10);
      // The carried bytes are copied: the caller may reuse the buffer of `bytes` for its next piece.
      if (lf < 0) {
        this.carry = new Uint8Array(joined);
        return '';
      }
      part = joined.subarray(0, lf + 1);
      this.carry = lf + 1 < joined.length ? new Uint8Array(joined.subarray(lf + 1)) : undefined;
    }
    if (this.atStart) {
      this.atStart = false;
      if (part.length >= 3 && part[0] === 0xef && part[1] === 0xbb && part[2] === 0xbf) part = part.subarray(3);
    }
    if (part.length === 0) return '';
    const ascii = isAscii(part);
    if (this.latin1Views && (ascii || isUtf8(part))) {
      this.bytes = Buffer.from(part.buffer, part.byteOffset, part.length);
      this.nonAscii = !ascii;
      this.line += lineFeeds ?? lineFeedsIn(this.bytes);
      return '';
    }
    const text = ascii ? Buffer.from(part.buffer, part.byteOffset, part.length).toString('latin1') : this.decoder.decode(part);
    const bad = text.indexOf(REPLACEMENT);
    if (bad >= 0 && this.madeByDecoding(text, bad, part)) this.countBadLines(text, bad);
    else this.line += lineFeeds ?? countLineFeeds(text, 0, text.length);
    return text;
  }

  /** Bytes after the last line feed so far (UTF-8). */
  private carry: Uint8Array | undefined;
  /** A byte-order mark is dropped only at the start of a file. */
  private atStart: boolean;

  /** The lines with replacement characters, if there were any. */
  get undecodable(): Undecodable | undefined {
    return this.found;
  }

  /** True unless every U+FFFD in the piece is one the UTF-8 bytes spell out (EF BF BD). */
  private madeByDecoding(text: string, first: number, bytes: Uint8Array | undefined): boolean {
    if (this.encoding !== 'utf-8' || bytes === undefined) return true;
    let replaced = 0;
    for (let i = first; i >= 0; i = text.indexOf(REPLACEMENT, i + 1)) replaced++;
    let literal = 0;
    for (let i = bytes.indexOf(0xef); i >= 0 && i + 2 < bytes.length; i = bytes.indexOf(0xef, i + 1)) {
      if (bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd) literal++;
    }
    return replaced > literal;
  }

  private countBadLines(text: string, first: number): void {
    let at = 0;
    for (let bad = first; bad >= 0; bad = text.indexOf(REPLACEMENT, bad + 1)) {
      this.line += countLineFeeds(text, at, bad);
      at = bad;
      if (this.line === this.lastBadLine) continue;
      this.lastBadLine = this.line;
      if (this.found === undefined) this.found = { encoding: this.encoding, lines: 1, firstLine: this.line };
      else this.found.lines++;
    }
    this.line += countLineFeeds(text, at, text.length);
  }
}

/** The line-feed bytes in `bytes`. */
export function lineFeedsIn(bytes: Uint8Array): number {
  let n = 0;
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) n++;
  return n;
}

function countLineFeeds(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', start); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Two pieces' findings together (pieces in file order). */
export function addUndecodable(a: Undecodable | undefined, b: Undecodable | undefined): Undecodable | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  return { encoding: a.encoding, lines: a.lines + b.lines, firstLine: Math.min(a.firstLine, b.firstLine) };
}

/** The warning for a file with undecodable bytes, one line. */
export function undecodableWarning(file: string, found: Undecodable): string {
  const lines = found.lines === 1 ? '1 line contains' : `${found.lines.toLocaleString('en-US')} lines contain`;
  const encoding = found.encoding === 'utf-8' ? 'UTF-8' : 'UTF-16';
  return `${file}: ${lines} bytes that are not ${encoding} (first at line ${found.firstLine}); names there show as U+FFFD — save the file as UTF-8.`;
}
