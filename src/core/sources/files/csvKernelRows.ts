/**
 * One CSV reader's use of the row kernel (csvRowKernel.ts): runs it over the piece being read,
 * puts the rows it reads into the builder exactly as the reader's own fast path would (counted,
 * de-duplicated, interned in the order of the kept rows), keeps it told of the codes interned
 * elsewhere, and rests it after rows of another shape.
 */
import { type ColumnIndexes } from '../../columns';
import { type Dictionary } from '../../dictionary';
import { UNKNOWN } from '../../model';
import { MAX_MODELS } from '../../store';
import { type StoreBuilder } from '../../storeBuilder';
import { cellText } from './csvCells';
import { CsvRowKernel, KernelId, KernelStop, type KernelDictionary, type KernelRows, type PendingKeys } from './csvRowKernel';
import { type LoadReport } from './report';

/** The piece the reader is reading: its bytes, whether they have non-ASCII UTF-8, and their Latin-1 view (made on first use). */
export interface KernelPiece {
  bytes(): Buffer;
  nonAscii(): boolean;
  view(): string;
}

export class KernelRowReader {
  /** Rows the reader reads before the kernel is tried again (it left the last rows to the reader). */
  private pause = 0;
  private backoff = 1;
  private unknownModelKnown = false;
  /** Per kernel dictionary: how many of its codes the kernel was told, and those told without a name. */
  private readonly known = [0, 0, 0, 0];
  private unnamed: number[][] = [[], [], [], []];
  /** The id prefix the kernel was last told (see CsvRowKernel.setIdPrefix). */
  private prefix: string | undefined;
  private keep: Uint8Array | undefined;

  private constructor(
    private readonly kernel: CsvRowKernel,
    private readonly builder: StoreBuilder,
    private readonly report: LoadReport,
    private readonly columns: ColumnIndexes,
    private readonly piece: KernelPiece,
  ) {}

  /** A reader for a file of these columns; undefined when its rows never have the common shape, or WebAssembly cannot run the kernel. */
  static make(
    builder: StoreBuilder,
    report: LoadReport,
    columns: ColumnIndexes,
    width: number,
    delimiterCode: number,
    breakCode: number,
    crlf: boolean,
    piece: KernelPiece,
  ): KernelRowReader | undefined {
    const c = columns;
    if (c.timestamp < 0 || c.cost < 0 || c.workerId < 0 || c.userId < 0) return undefined;
    const kernel = CsvRowKernel.make(width, c, delimiterCode, breakCode, crlf);
    return kernel === undefined ? undefined : new KernelRowReader(kernel, builder, report, columns, piece);
  }

  /** Gives the kernel the piece's bytes (before reading it). */
  setPiece(): void {
    this.kernel.setPiece(this.piece.bytes());
  }

  /** False once the view holds MAX_MODELS models (Sink.accept then decides each row). */
  fits(): boolean {
    return this.builder.dictionaries.models.size < MAX_MODELS;
  }

  /** Whether to try the kernel at the reader's next row (it rests a few rows after rows of another shape). */
  ready(): boolean {
    return this.pause-- <= 0 && this.fits();
  }

  /**
   * Reads rows from `pos` until the kernel stops at a row it leaves to the reader (or at the end);
   * returns where it stopped and how many rows (lines) it read. After a stop with no row read at a
   * row of another shape (not just an id), the kernel rests for a few rows (doubling up to 1,024),
   * so a file of rows of another shape is not scanned twice.
   */
  read(pos: number, final: boolean): { stop: number; rows: number } {
    const kernel = this.kernel;
    let rows = 0;
    for (;;) {
      this.sync();
      const from = pos;
      pos = kernel.run(pos, final);
      const { count, columns, present } = kernel.rows();
      rows += count;
      // A stop with no row read may leave keys of the row it stopped at pending: dropped.
      if (count > 0) this.add(count, columns, present);
      else kernel.settle();
      const stop = kernel.stop();
      if (stop === KernelStop.Full) continue;
      if (stop === KernelStop.Row && pos === from && !kernel.missed()) {
        this.pause = this.backoff;
        this.backoff = Math.min(1024, this.backoff * 2);
      } else this.backoff = 1;
      return { stop: pos, rows };
    }
  }

  /**
   * The kernel's rows into the builder, counted, de-duplicated and interned exactly as acceptPlain
   * does each: a key first seen in the batch is interned (with the row's name) when the first row
   * with it is kept, so codes follow the kept rows' order; the kernel then learns every code.
   */
  private add(count: number, rows: KernelRows, present: number): void {
    const { report, builder, kernel } = this;
    report.rows += count;
    const { idKinds, idStarts, idEnds, idNumbers, uuidWords, pending } = rows;
    const keys = kernel.pendingKeys();
    const keep = (this.keep ??= new Uint8Array(rows.idKinds.length));
    const first = builder.count;
    let kept = 0;
    for (let r = 0; r < count; r++) {
      const kind = idKinds[r];
      const event = first + kept;
      const claimed =
        kind === KernelId.None ||
        (kind === KernelId.Number
          ? builder.claimNumberedId(idNumbers[r], event)
          : kind === KernelId.Text
            ? builder.claimIdRange(this.piece.view(), idStarts[r], idEnds[r], event)
            : builder.claimUuid(kind, uuidWords, r << 2, event));
      keep[r] = claimed ? 1 : 0;
      if (!claimed) continue;
      kept++;
      const bits = pending[r];
      if (bits === 0) continue;
      const d = builder.dictionaries;
      if ((bits & 1) !== 0) rows.workers[r] = this.intern(keys, rows.workers[r], d.workers, rows.nameStarts[2 * r], rows.nameEnds[2 * r]);
      if ((bits & 2) !== 0) rows.users[r] = this.intern(keys, rows.users[r], d.users, rows.nameStarts[2 * r + 1], rows.nameEnds[2 * r + 1]);
      if ((bits & 4) !== 0) rows.models[r] = this.intern(keys, rows.models[r], d.models, -1, -1);
      if ((bits & 8) !== 0) rows.teams[r] = this.intern(keys, rows.teams[r], d.teams, -1, -1);
    }
    kernel.settle();
    // Every code interned here is one the kernel just settled.
    this.dictionaries().forEach((dictionary, k) => (this.known[k] = dictionary.size));
    builder.addRows(rows, count, kept === count ? undefined : keep, present);
    report.added += kept;
    report.duplicates += count - kept;
  }

  /**
   * The code of pending key `k`, interned at its first kept row as the reader's code() would, with
   * the name in that row's cell `nameStart..nameEnd` (-1: none).
   */
  private intern(keys: PendingKeys, k: number, dictionary: Dictionary, nameStart: number, nameEnd: number): number {
    let code = keys.codes[k];
    if (code < 0) {
      const bytes = this.piece.bytes();
      const id = bytes.toString('latin1', keys.keyStarts[k], keys.keyEnds[k]);
      const name = nameStart >= 0 ? cellText(bytes.toString(this.piece.nonAscii() ? 'utf8' : 'latin1', nameStart, nameEnd)) : undefined;
      code = keys.codes[k] = dictionary.intern(id, name ?? id);
    }
    return code;
  }

  /** The builder's dictionaries in the kernel's order (KernelDictionary). */
  private dictionaries(): Dictionary[] {
    const d = this.builder.dictionaries;
    return [d.workers, d.users, d.models, d.teams];
  }

  /**
   * Before a run: tells the kernel the codes interned since it last ran (by rows the reader read,
   * or by another file of the same view), names given to keys it knew without one, the number of
   * models, the code of a file's rows without a model column, and the id set's prefix.
   */
  private sync(): void {
    const kernel = this.kernel;
    this.dictionaries().forEach((dictionary, k) => {
      const which = k as KernelDictionary;
      const unnamed = this.unnamed[k];
      if (unnamed.length > 0)
        this.unnamed[k] = unnamed.filter((code) => {
          if (dictionary.isUnnamed(code)) return true;
          kernel.register(which, dictionary.ids[code], code, false);
          return false;
        });
      for (let code = this.known[k]; code < dictionary.size; code++) {
        const withoutName = dictionary.isUnnamed(code);
        kernel.register(which, dictionary.ids[code], code, withoutName);
        if (withoutName) this.unnamed[k].push(code);
      }
      this.known[k] = dictionary.size;
    });
    const models = this.builder.dictionaries.models;
    kernel.setModels(models.size);
    if (this.columns.model < 0 && !this.unknownModelKnown) {
      const code = models.codeOf(UNKNOWN);
      if (code !== undefined) {
        kernel.setUnknownModel(code);
        this.unknownModelKnown = true;
      }
    }
    const prefix = this.builder.idPrefix;
    if (prefix !== this.prefix) {
      kernel.setIdPrefix(prefix);
      this.prefix = prefix;
    }
  }
}
