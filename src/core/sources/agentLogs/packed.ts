import { type AgentUsageRecord } from './records';

/**
 * Requests packed for the trip between threads: a structured clone of 200,000 record objects
 * costs about a second (serialised and rebuilt field by field, twice: worker to host, host to the
 * merging worker); packed, the numbers travel as transferred buffers and the strings as one text
 * each, so the trip costs a few milliseconds.
 */
export interface PackedRecords {
  count: number;
  /** Every record's id, then its part (empty when none), concatenated; cut by `lengths`. */
  text: string;
  /** Two per record: the id's length and the part's length (−1: no part). */
  lengths: Int32Array;
  /** Distinct models, working directories and sessions, referred to by index. */
  strings: string[];
  /** Three per record: model, cwd and session, as indexes into `strings`. */
  refs: Uint32Array;
  /** Six per record: timestamp, input, cache read, cache write, 1-hour cache write, output. */
  numbers: Float64Array;
}

const NUMBERS = 6;

export function packRecords(records: readonly AgentUsageRecord[]): PackedRecords {
  const n = records.length;
  const lengths = new Int32Array(n * 2);
  const refs = new Uint32Array(n * 3);
  const numbers = new Float64Array(n * NUMBERS);
  const strings: string[] = [];
  const index = new Map<string, number>();
  const ref = (value: string) => {
    let at = index.get(value);
    if (at === undefined) index.set(value, (at = strings.push(value) - 1));
    return at;
  };
  const pieces: string[] = new Array<string>(n * 2);
  for (let i = 0; i < n; i++) {
    const r = records[i];
    pieces[2 * i] = r.id;
    pieces[2 * i + 1] = r.part ?? '';
    lengths[2 * i] = r.id.length;
    lengths[2 * i + 1] = r.part === undefined ? -1 : r.part.length;
    refs[3 * i] = ref(r.model);
    refs[3 * i + 1] = ref(r.cwd);
    refs[3 * i + 2] = ref(r.sessionId);
    const o = NUMBERS * i;
    numbers[o] = r.timestamp;
    numbers[o + 1] = r.inputTokens;
    numbers[o + 2] = r.cacheReadTokens;
    numbers[o + 3] = r.cacheWriteTokens;
    numbers[o + 4] = r.cacheWrite1hTokens;
    numbers[o + 5] = r.outputTokens;
  }
  return { count: n, text: pieces.join(''), lengths, strings, refs, numbers };
}

/** Calls `visit` with each packed record, in order. */
export function forEachPacked(packed: PackedRecords, visit: (record: AgentUsageRecord) => void): void {
  const { text, lengths, strings, refs, numbers } = packed;
  let at = 0;
  for (let i = 0; i < packed.count; i++) {
    const idLength = lengths[2 * i];
    const partLength = lengths[2 * i + 1];
    const id = text.slice(at, (at += idLength));
    const part = partLength < 0 ? undefined : text.slice(at, (at += partLength));
    const o = NUMBERS * i;
    visit({
      id,
      part,
      timestamp: numbers[o],
      model: strings[refs[3 * i]],
      cwd: strings[refs[3 * i + 1]],
      sessionId: strings[refs[3 * i + 2]],
      inputTokens: numbers[o + 1],
      cacheReadTokens: numbers[o + 2],
      cacheWriteTokens: numbers[o + 3],
      cacheWrite1hTokens: numbers[o + 4],
      outputTokens: numbers[o + 5],
    });
  }
}

/** The buffers of a packed set, moved (not copied) to another thread. */
export function packedTransfers(packed: PackedRecords): ArrayBuffer[] {
  return [packed.lengths.buffer, packed.refs.buffer, packed.numbers.buffer] as ArrayBuffer[];
}
