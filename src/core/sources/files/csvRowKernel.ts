/**
 * The CSV reader's row kernel (wasm/csvRows.ts, compiled to WebAssembly): reads the quote-free
 * rows of the common shape of a piece from its bytes, as CsvReader.acceptPlain would, and hands
 * every other row back. One instance per reader (its dictionaries' keys are the reader's).
 */
import { CSV_ROWS_WASM } from '../../generated/csvRowsWasm';
import { type ColumnIndexes } from '../../columns';
import { type RowColumns } from '../../storeBuilder';

/** The part of the WebAssembly API used here (this project's types have no DOM or WebAssembly lib). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface KernelExports {
  memory: { buffer: ArrayBuffer };
  configure(...args: number[]): void;
  setUnknownModel(code: number): void;
  input(length: number): number;
  batch(): number;
  rows(): number;
  reason(): number;
  missed(): number;
  present(): number;
  register(dictionary: number, length: number, code: number, unnamed: number): void;
  scratch(length: number): number;
  setModels(count: number): void;
  pending(): number;
  pendingDictsPtr(): number;
  pendingKeyStartsPtr(): number;
  pendingKeyEndsPtr(): number;
  outNameStartsPtr(): number;
  outNameEndsPtr(): number;
  pendingCodesPtr(): number;
  outPendingPtr(): number;
  settle(): void;
  run(pos: number, n: number, final: number): number;
  outTimestampsPtr(): number;
  outCostsPtr(): number;
  outWorkersPtr(): number;
  outUsersPtr(): number;
  outModelsPtr(): number;
  outTeamsPtr(): number;
  outRunsPtr(): number;
  outInputPtr(): number;
  outOutputPtr(): number;
  outCacheReadPtr(): number;
  outCacheWritePtr(): number;
  outIdStartsPtr(): number;
  outIdEndsPtr(): number;
  outIdKindsPtr(): number;
  outIdNumbersPtr(): number;
  outUuidWordsPtr(): number;
  idPrefix(length: number): number;
}

/** Why run() stopped (see wasm/csvRows.ts). */
export const KernelStop = {
  /** Every byte up to the end was read. */
  End: 0,
  /** The rest is a line without its break (more text is needed, or it is the reader's at the end). */
  Incomplete: 1,
  /** The row at the returned position is the reader's to read. */
  Row: 2,
  /** The batch is full: take the rows and call again. */
  Full: 3,
} as const;

/** The dictionaries the kernel finds ids in, by number: workers, users, models, teams. */
export type KernelDictionary = 0 | 1 | 2 | 3;

/** How a row's id is kept: none, a UUID (lower or upper case), a number with the id set's prefix, other text. */
export const KernelId = { None: 0, UuidLower: 1, UuidUpper: 2, Number: 3, Text: 4 } as const;

/** The emitted rows of the last run, one typed array per column (views of the kernel's memory, valid until the next call). */
export interface KernelRows extends RowColumns {
  /** How each row's id is kept (KernelId). */
  idKinds: Int32Array;
  /** Where each row's id is in the piece, for Text ids. */
  idStarts: Int32Array;
  idEnds: Int32Array;
  /** Number ids' numbers, and UUIDs' four words a row. */
  idNumbers: Uint32Array;
  uuidWords: Uint32Array;
  /**
   * Per row, a bit for each of its worker (1), user (2), model (4) and team (8) codes that is a
   * pending key's number (see PendingKeys) rather than a code.
   */
  pending: Uint8Array;
  /** Per row, where its worker name (at 2r) and user name (at 2r + 1) cells are in the piece (-1: none). */
  nameStarts: Int32Array;
  nameEnds: Int32Array;
}

/**
 * Keys first seen in the last run, by number: their dictionary (KernelDictionary) and where the
 * key is in the piece. The reader interns each when it keeps the first row with it (with that
 * row's name), writes its code in `codes` (each -1 until then) and calls settle().
 */
export interface PendingKeys {
  count: number;
  dictionaries: Int32Array;
  keyStarts: Int32Array;
  keyEnds: Int32Array;
  codes: Int32Array;
}

let compiled: object | null | undefined;

/**
 * The compiled module, once per thread (about a millisecond); null where it cannot be compiled
 * (WebAssembly or its SIMD instructions unavailable): CSV rows are then all read in JavaScript.
 */
function module(): object | null {
  if (compiled === undefined) {
    try {
      compiled = new wasm.Module(Buffer.from(CSV_ROWS_WASM, 'base64'));
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** The bytes of an ASCII string (as many UTF-8 bytes as chars), else undefined. */
function asciiBytes(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, 'utf8');
  return bytes.length === text.length ? bytes : undefined;
}

export class CsvRowKernel {
  /** A kernel for a file of these columns, or undefined where WebAssembly cannot run it. */
  static make(width: number, columns: ColumnIndexes, delimiterCode: number, breakCode: number, crlf: boolean): CsvRowKernel | undefined {
    const compiledModule = module();
    return compiledModule === null ? undefined : new CsvRowKernel(compiledModule, width, columns, delimiterCode, breakCode, crlf);
  }

  private readonly k: KernelExports;
  private rowsView: KernelRows | undefined;
  private viewBuffer: ArrayBuffer | undefined;
  /** Bytes of the current piece. */
  private length = 0;

  private constructor(compiledModule: object, width: number, columns: ColumnIndexes, delimiterCode: number, breakCode: number, crlf: boolean) {
    this.k = new wasm.Instance(compiledModule, {}).exports as KernelExports;
    const c = columns;
    this.k.configure(
      width,
      delimiterCode,
      breakCode,
      crlf ? 1 : 0,
      c.timestamp,
      c.cost,
      c.runs,
      c.id,
      c.workerId,
      c.userId,
      c.model,
      c.team,
      c.inputTokens,
      c.outputTokens,
      c.cacheReadTokens,
      c.cacheWriteTokens,
      c.inputIncludesCached === true ? 1 : 0,
      c.workerName,
      c.userName,
    );
  }

  /** Makes `bytes` the piece that run() and register() refer to. */
  setPiece(bytes: Uint8Array): void {
    const at = this.k.input(bytes.length);
    new Uint8Array(this.k.memory.buffer, at, bytes.length).set(bytes);
    this.length = bytes.length;
  }

  /** Reads rows from `pos` (final: the piece ends the file); returns where it stopped. See rows() and stop(). */
  run(pos: number, final: boolean): number {
    return this.k.run(pos, this.length, final ? 1 : 0);
  }

  /** Why the last run stopped. */
  stop(): number {
    return this.k.reason();
  }

  /** Whether the last run stopped at a row of the common shape only for one of its ASCII ids (pending keys full, a key without a name, a model past the limit). */
  missed(): boolean {
    return this.k.missed() !== 0;
  }

  /** The rows of the last run, and which optional columns some of them have a value in (see RowColumns). */
  rows(): { count: number; columns: KernelRows; present: number } {
    return { count: this.k.rows(), columns: this.views(), present: this.k.present() };
  }

  /**
   * `id` has `code` in `dictionary`; `unnamed`: the reader has no name for it yet, so rows with it
   * are the reader's. Ids with non-ASCII chars are not told (rows with them are the reader's).
   */
  register(dictionary: KernelDictionary, id: string, code: number, unnamed: boolean): void {
    const bytes = asciiBytes(id);
    if (bytes === undefined) return;
    const at = this.k.scratch(bytes.length);
    new Uint8Array(this.k.memory.buffer, at, bytes.length).set(bytes);
    this.k.register(dictionary, bytes.length, code, unnamed ? 1 : 0);
  }

  /** The number of models the reader's dictionary holds. */
  setModels(count: number): void {
    this.k.setModels(count);
  }

  /** The keys first seen in the last run (valid until the next call). */
  pendingKeys(): PendingKeys {
    const k = this.k;
    const buffer = k.memory.buffer;
    const count = k.pending();
    const i32 = (at: number) => new Int32Array(buffer, at, count);
    return {
      count,
      dictionaries: i32(k.pendingDictsPtr()),
      keyStarts: i32(k.pendingKeyStartsPtr()),
      keyEnds: i32(k.pendingKeyEndsPtr()),
      codes: i32(k.pendingCodesPtr()),
    };
  }

  /** Gives each pending key the code written in pendingKeys().codes, or drops it (-1). */
  settle(): void {
    this.k.settle();
  }

  /**
   * The id set's prefix of numbered ids (undefined: none yet), so ids `<prefix><number>` come out
   * as numbers; an id with another prefix, or any while there is none, comes out as text.
   */
  setIdPrefix(prefix: string | undefined): void {
    // Only an ASCII prefix: the kernel leaves other ids to the reader.
    const bytes = prefix === undefined ? undefined : asciiBytes(prefix);
    const length = bytes === undefined ? -1 : bytes.length;
    const at = this.k.idPrefix(length);
    if (length > 0) new Uint8Array(this.k.memory.buffer, at, length).set(bytes!);
  }

  /** The model code of rows of a file without a model column, once interned. */
  setUnknownModel(code: number): void {
    this.k.setUnknownModel(code);
  }

  private views(): KernelRows {
    const buffer = this.k.memory.buffer;
    if (this.rowsView !== undefined && this.viewBuffer === buffer) return this.rowsView;
    const k = this.k;
    const n = k.batch();
    const u32 = (at: number): Uint32Array => new Uint32Array(buffer, at, n);
    this.viewBuffer = buffer;
    this.rowsView = {
      timestamps: new Float64Array(buffer, k.outTimestampsPtr(), n),
      costs: new Float64Array(buffer, k.outCostsPtr(), n),
      workers: u32(k.outWorkersPtr()),
      users: u32(k.outUsersPtr()),
      models: new Uint16Array(buffer, k.outModelsPtr(), n),
      teams: u32(k.outTeamsPtr()),
      runs: u32(k.outRunsPtr()),
      input: u32(k.outInputPtr()),
      output: u32(k.outOutputPtr()),
      cacheRead: u32(k.outCacheReadPtr()),
      cacheWrite: u32(k.outCacheWritePtr()),
      idKinds: new Int32Array(buffer, k.outIdKindsPtr(), n),
      idStarts: new Int32Array(buffer, k.outIdStartsPtr(), n),
      idEnds: new Int32Array(buffer, k.outIdEndsPtr(), n),
      idNumbers: u32(k.outIdNumbersPtr()),
      uuidWords: new Uint32Array(buffer, k.outUuidWordsPtr(), 4 * n),
      pending: new Uint8Array(buffer, k.outPendingPtr(), n),
      nameStarts: new Int32Array(buffer, k.outNameStartsPtr(), 2 * n),
      nameEnds: new Int32Array(buffer, k.outNameEndsPtr(), 2 * n),
    };
    return this.rowsView;
  }
}
