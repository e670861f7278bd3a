/** JSON objects as rows: shared by the JSON and NDJSON readers. */
import { type ColumnIndexes } from '../../columns';
import { requireColumns, type LoadOptions } from './report';

/** Rows from JSON objects: keys become columns as they are first seen, matched like CSV headers. */
export class KeyedRows {
  readonly headers: string[] = [];
  private readonly index = new Map<string, number>();
  columns: ColumnIndexes | undefined;
  private dirty = true;

  /** Registers an object's keys; true when it brought new ones. */
  addKeys(object: Record<string, unknown>): boolean {
    let added = false;
    for (const key in object) {
      if (!this.index.has(key)) {
        this.index.set(key, this.headers.length);
        this.headers.push(key);
        added = true;
      }
    }
    if (added) this.dirty = true;
    return added;
  }

  /** Columns for the keys seen so far (rematched when new keys came). */
  match(file: string, options: LoadOptions): ColumnIndexes {
    if (this.dirty || this.columns === undefined) {
      this.columns = requireColumns(file, this.headers, options, false);
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
    const row = new Array<unknown>(this.headers.length);
    for (const key in object) row[this.index.get(key)!] = object[key];
    return row;
  }
}

