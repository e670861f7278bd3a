/** JSON objects as rows: shared by the JSON and NDJSON readers. */
import { matchColumns, type ColumnIndexes, type ColumnMapping } from '../../columns';
import { requireColumns, type LoadOptions } from './report';

/** Names of keys that match no field kept for error messages; the rest are only counted. */
const MAX_OTHER_KEYS = 1000;

/**
 * Rows from JSON objects. Each distinct key is resolved once, when first seen: a key that can
 * name a field (a synonym or a mapped header) becomes a column, any other key is only counted.
 * Columns are rematched only when a key that can name a field arrives, so the work is linear in
 * the number of distinct keys however many each event brings, and a row holds only the columns
 * that matter.
 */
export class KeyedRows {
  /** Keys that can name a field, in the order first seen. */
  readonly headers: string[] = [];
  private readonly seen = new Map<string, number>();
  private readonly otherKeys: string[] = [];
  private otherCount = 0;
  columns: ColumnIndexes | undefined;
  private dirty = true;
  /** Distinct keys resolved, and column rematches: for tests that the work stays linear. */
  keysResolved = 0;
  rematches = 0;

  constructor(private readonly mapping: ColumnMapping = {}) {}

  /** Registers an object's keys; true when it brought a new key that can name a field. */
  addKeys(object: Record<string, unknown>): boolean {
    let added = false;
    for (const key in object) if (!this.seen.has(key) && this.resolve(key)) added = true;
    if (added) this.dirty = true;
    return added;
  }

  /** Registers keys known to name a field (`headers` of another reader of the same file), in order. */
  addKeyNames(keys: readonly string[]): void {
    for (const key of keys) if (!this.seen.has(key) && this.resolve(key)) this.dirty = true;
  }

  /** Resolves a key not seen before; true when it can name a field. */
  private resolve(key: string): boolean {
    this.keysResolved++;
    if (namesAField(key, this.mapping)) {
      this.seen.set(key, this.headers.length);
      this.headers.push(key);
      return true;
    }
    // Remembered as resolved (never matched again); past the limit its name is not kept for messages.
    this.seen.set(key, -1);
    this.otherCount++;
    if (this.otherKeys.length < MAX_OTHER_KEYS) this.otherKeys.push(key);
    return false;
  }

  /** Columns for the keys seen so far (rematched when new keys came). */
  match(file: string, options: LoadOptions): ColumnIndexes {
    if (this.dirty || this.columns === undefined) {
      this.rematches++;
      this.columns = requireColumns(file, this.headers, options, false, { others: this.otherKeys, otherCount: this.otherCount });
      this.dirty = false;
    }
    return this.columns;
  }

  /** Tries to match; undefined while the keys seen do not yet give a timestamp and a cost. */
  tryMatch(file: string, options: LoadOptions): ColumnIndexes | undefined {
    try {
      return this.match(file, options);
    } catch {
      return undefined;
    }
  }

  row(object: Record<string, unknown>): unknown[] {
    const headers = this.headers;
    const row = new Array<unknown>(headers.length);
    for (let i = 0; i < headers.length; i++) if (Object.hasOwn(object, headers[i])) row[i] = object[headers[i]];
    return row;
  }
}

/** Whether a key can name some field: a synonym, or a header the mapping names. */
function namesAField(key: string, mapping: ColumnMapping): boolean {
  const { columns } = matchColumns([key], mapping);
  for (const field in columns) if (columns[field as keyof ColumnIndexes] === 0) return true;
  return false;
}
