/**
 * Whether the chunks of an NDJSON file, each read on its own, read as one thread reading the
 * whole file would. A line's keys are matched to columns using every key seen before it, so a
 * chunk read from its middle saw fewer keys than one thread would have. A chunk is exact when
 * its column choice at every line where its keys changed equals the choice with the earlier
 * chunks' keys in front (in the common case, an export whose lines all have the same keys, it
 * is). A chunk that is not is read again with those keys; a file whose first rows wait for a
 * timestamp or cost column across a chunk's end is read whole.
 */
import { USAGE_FIELDS, matchColumns, type ColumnIndexes, type ColumnMapping } from '../columns';
import { type NdjsonKeys } from '../sources/files/ndjson';

/** Past this many keys that can name a field, the check's work is not worth it: the file is read whole. */
const MAX_CHECKED_KEYS = 128;

export type NdjsonChunkCheck =
  | { whole: true }
  | {
      whole: false;
      /** Chunks to read again, each with the keys before it. */
      reread: { index: number; keys: string[] }[];
      /** Per chunk, the keys one thread has seen at its end. */
      keysAfter: string[][];
    };

export function checkNdjsonChunks(chunks: readonly NdjsonKeys[], mapping: ColumnMapping = {}): NdjsonChunkCheck {
  if (!chunks.some((c) => c.content)) return { whole: true }; // an empty file: its error comes from a whole read
  const reread: { index: number; keys: string[] }[] = [];
  const keysAfter: string[][] = [];
  let before: string[] = [];
  for (let k = 0; k < chunks.length; k++) {
    const chunk = chunks[k];
    const objects = chunk.steps === undefined || chunk.steps.length > 0;
    // No keys before (nothing held either, see below): the chunk's reader started as one thread's was.
    if (objects && before.length > 0 && !agrees(before, chunk, mapping)) reread.push({ index: k, keys: before });
    const after = union(before, chunk.keys);
    if (after.length > MAX_CHECKED_KEYS) return { whole: true };
    // Rows one thread holds until a timestamp and a cost column are known, past this chunk: read whole.
    if (objects && resolve(after, mapping) === undefined) return { whole: true };
    keysAfter.push(after);
    before = after;
  }
  return { whole: false, reread, keysAfter };
}

/** Keys `a`, then those of `b` not in `a`, in order: what one thread knows after reading `a`'s bytes, then `b`'s. */
function union(a: readonly string[], b: readonly string[]): string[] {
  const known = new Set(a);
  return [...a, ...b.filter((key) => !known.has(key))];
}

/** Whether a chunk's reader chose the columns one thread (knowing `before` first) would have, at every change of its keys. */
function agrees(before: readonly string[], chunk: NdjsonKeys, mapping: ColumnMapping): boolean {
  const steps = chunk.steps;
  if (steps === undefined || chunk.pending) return false;
  for (let i = 0; i < steps.length; i++) {
    const own = chunk.keys.slice(0, steps[i]);
    const mine = resolve(own, mapping);
    // One thread has its columns already; the chunk's reader must have them from its first object on.
    if (mine === undefined || mine !== resolve(union(before, own), mapping)) return false;
  }
  return true;
}

/** The columns chosen for these keys as `field=key` text (what parsing a row depends on), or undefined without a timestamp and cost. */
function resolve(keys: readonly string[], mapping: ColumnMapping): string | undefined {
  const { columns, missing } = matchColumns(keys, mapping);
  if (columns.timestamp < 0 || columns.cost < 0 || missing.some((m) => m.field === 'timestamp' || m.field === 'cost')) return undefined;
  return describe(columns, keys);
}

function describe(columns: ColumnIndexes, keys: readonly string[]): string {
  const named = USAGE_FIELDS.map((field) => (columns[field] < 0 ? '' : keys[columns[field]]));
  return JSON.stringify([named, columns.inputIncludesCached === true]);
}
