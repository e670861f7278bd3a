/**
 * The CSV reader's row kernel, in AssemblyScript (compiled to WebAssembly by scripts/build-wasm.mjs).
 *
 * It reads the quote-free rows of one piece of a CSV file from its bytes and emits the rows of the
 * common shape as columns: the same cells, checks and results as the reader's quote-free fast
 * path (CsvReader.acceptPlain in src/core/sources/files/csv.ts). It stops at the first row it
 * cannot take whole: a cell of another shape, an id it has not been told the code of, a line that
 * is not complete. The reader then reads that one row itself and calls it again after it. So this
 * never decides anything the reader would decide differently: each row is either read exactly as
 * acceptPlain reads it, or left to the reader.
 *
 * Memory: the reader copies each piece to `input()`; rows come out in the column arrays at the
 * `out*()` pointers (BATCH rows at most per call); ids are found by `register`ed byte keys.
 */

/** Rows emitted per call at most. */
const BATCH: i32 = 8192;
/** Why run() stopped: every byte read, a line not complete, a row for the reader, the batch full. */
const STOP_END: i32 = 0;
const STOP_INCOMPLETE: i32 = 1;
const STOP_ROW: i32 = 2;
const STOP_FULL: i32 = 3;
const NO_TOKENS: u32 = 0xffffffff;
/** A row without a team (NO_TEAM of the store). */
const NO_TEAM: u32 = 0xffffffff;
const MAX_TOKENS: f64 = 4294967294;
const MAX_RUNS: f64 = 4294967295;
/** Largest whole part of a cost whose micro-units stay exact (Math.floor(2^53 / 1e6) - 1). */
const MAX_WHOLE: f64 = 9007199253;
/** Dictionaries: workers, users, models, teams. */
const DICTS: i32 = 4;

// The file's shape (configure).
let width: i32 = 0;
let delimiter: i32 = 44;
let breakByte: i32 = 10;
let crlf: bool = false;
let tsCol: i32 = -1;
let costCol: i32 = -1;
let runsCol: i32 = -1;
let idCol: i32 = -1;
let workerCol: i32 = -1;
let userCol: i32 = -1;
let modelCol: i32 = -1;
let teamCol: i32 = -1;
let inputCol: i32 = -1;
let outputCol: i32 = -1;
let cacheReadCol: i32 = -1;
let cacheWriteCol: i32 = -1;
let inputIncludesCached: bool = false;
/** The model code of rows of a file without a model column (-1: not known yet, such rows are the reader's). */
let unknownModel: i64 = -1;

/** Where each cell of the current row starts and ends (i32 each, `width` of them; start -1: no such cell). */
let starts: usize = 0;
let ends: usize = 0;

let inputPtr: usize = 0;
let inputCap: i32 = 0;

// The emitted rows, one array per column.
let outTimestamps: usize = 0;
let outCosts: usize = 0;
let outWorkers: usize = 0;
let outUsers: usize = 0;
let outModels: usize = 0;
let outTeams: usize = 0;
let outRuns: usize = 0;
let outInput: usize = 0;
let outOutput: usize = 0;
let outCacheRead: usize = 0;
let outCacheWrite: usize = 0;
let outIdStarts: usize = 0;
let outIdEnds: usize = 0;
/** How each row's id is kept (see ID_*), and its number or UUID words. */
let outIdKinds: usize = 0;
let outIdNumbers: usize = 0;
let outUuidWords: usize = 0;

/** Ids: none, a canonical UUID in lower or upper case, `<prefix><number>` with the id set's prefix, other text. */
const ID_NONE: i32 = 0;
const ID_UUID_LOWER: i32 = 1;
const ID_UUID_UPPER: i32 = 2;
const ID_NUMBER: i32 = 3;
const ID_TEXT: i32 = 4;
/** The id set's prefix of numbered ids (length -1: not known yet, such ids are kept as text by the reader). */
let prefixPtr: usize = 0;
let prefixLength: i32 = -1;

/** Rows emitted by the last run(), and why it stopped. */
let emitted: i32 = 0;
let stopped: i32 = 0;
/** The row it stopped at has the common shape but an id not registered (the reader's row then teaches it). */
let unknownId: bool = false;
/** Which optional columns some emitted row has a value in: bit 0 input, 1 output, 2 cache read, 3 cache write, 4 team. */
let presentBits: i32 = 0;

/** Last date read (y * 10000 + m * 100 + d) and its day number: rows of a file mostly share a day. */
let lastDateKey: i32 = -1;
let lastDay: i32 = 0;

// Dictionaries: per dictionary an open-addressing table of entry numbers (-1: empty), and per entry
// (ENTRY bytes) its hash, key offset and length in the key arena, code, and flags.
const ENTRY_SHIFT: usize = 5;
/** A key the reader has without a name yet: a row with it is the reader's (which names it). */
const FLAG_UNNAMED: u32 = 1;
/** A key first seen in this batch: its code is its pending number until the reader settles it. */
const FLAG_PENDING: u32 = 2;
/** A pending key the reader did not keep (only in duplicate rows): never matches. */
const FLAG_DEAD: u32 = 4;
const slotsPtr = new StaticArray<usize>(DICTS);
const slotsMask = new StaticArray<i32>(DICTS);
const entriesPtr = new StaticArray<usize>(DICTS);
const entryCount = new StaticArray<i32>(DICTS);
const entryCap = new StaticArray<i32>(DICTS);
let arenaPtr: usize = 0;
let arenaLength: i32 = 0;
let arenaCap: i32 = 0;

/**
 * Keys first seen in this batch (at most PENDING_MAX): their dictionary, entry, and where the key
 * is in the piece. Rows with them carry a bit per column in outPending; the reader interns each
 * when it keeps the first such row (with that row's name: see outNameStarts), and settles.
 */
const PENDING_MAX: i32 = 4096;
let pendingCount: i32 = 0;
let pendingModels: i32 = 0;
let pendDicts: usize = 0;
let pendEntries: usize = 0;
let pendKeyStarts: usize = 0;
let pendKeyEnds: usize = 0;
/** The reader's codes for the pending keys (-1: not kept), written before settle(). */
let pendCodes: usize = 0;
let outPending: usize = 0;
/** Per row, where its worker name and user name cells are (-1: none), two i32 a row. */
let outNameStarts: usize = 0;
let outNameEnds: usize = 0;
/** Name columns of the worker and user ids (-1: none). */
let workerNameCol: i32 = -1;
let userNameCol: i32 = -1;
/** Models the reader's dictionary holds (MAX_MODELS at most, with the pending ones). */
let modelsSize: i32 = 0;
const MAX_MODELS: i32 = 0x10000;
/** Where the reader writes a key to register (see scratch). */
let scratchPtr: usize = 0;
let scratchCap: i32 = 0;

export function configure(
  columns: i32,
  delimiterByte: i32,
  lineBreak: i32,
  windowsLines: bool,
  timestamp: i32,
  cost: i32,
  runs: i32,
  id: i32,
  worker: i32,
  user: i32,
  model: i32,
  team: i32,
  input: i32,
  output: i32,
  cacheRead: i32,
  cacheWrite: i32,
  includesCached: bool,
  workerName: i32,
  userName: i32,
): void {
  width = columns;
  delimiter = delimiterByte;
  breakByte = lineBreak;
  crlf = windowsLines;
  tsCol = timestamp;
  costCol = cost;
  runsCol = runs;
  idCol = id;
  workerCol = worker;
  userCol = user;
  modelCol = model;
  teamCol = team;
  inputCol = input;
  outputCol = output;
  cacheReadCol = cacheRead;
  cacheWriteCol = cacheWrite;
  inputIncludesCached = includesCached;
  workerNameCol = workerName;
  userNameCol = userName;
  unknownModel = -1;
  pendDicts = heap.alloc(PENDING_MAX << 2);
  pendEntries = heap.alloc(PENDING_MAX << 2);
  pendKeyStarts = heap.alloc(PENDING_MAX << 2);
  pendKeyEnds = heap.alloc(PENDING_MAX << 2);
  pendCodes = heap.alloc(PENDING_MAX << 2);
  outPending = heap.alloc(BATCH);
  outNameStarts = heap.alloc(BATCH << 3);
  outNameEnds = heap.alloc(BATCH << 3);
  starts = heap.alloc(<usize>(columns << 2));
  ends = heap.alloc(<usize>(columns << 2));
  outTimestamps = heap.alloc(BATCH << 3);
  outCosts = heap.alloc(BATCH << 3);
  outWorkers = heap.alloc(BATCH << 2);
  outUsers = heap.alloc(BATCH << 2);
  outModels = heap.alloc(BATCH << 1);
  outTeams = heap.alloc(BATCH << 2);
  outRuns = heap.alloc(BATCH << 2);
  outInput = heap.alloc(BATCH << 2);
  outOutput = heap.alloc(BATCH << 2);
  outCacheRead = heap.alloc(BATCH << 2);
  outCacheWrite = heap.alloc(BATCH << 2);
  outIdStarts = heap.alloc(BATCH << 2);
  outIdEnds = heap.alloc(BATCH << 2);
  outIdKinds = heap.alloc(BATCH << 2);
  outIdNumbers = heap.alloc(BATCH << 2);
  outUuidWords = heap.alloc(BATCH << 4);
  prefixLength = -1;
  for (let d = 0; d < DICTS; d++) {
    unchecked((slotsPtr[d] = heap.alloc(64 << 2)));
    memory.fill(unchecked(slotsPtr[d]), 0xff, 64 << 2);
    unchecked((slotsMask[d] = 63));
    unchecked((entriesPtr[d] = heap.alloc(32 << ENTRY_SHIFT)));
    unchecked((entryCount[d] = 0));
    unchecked((entryCap[d] = 32));
  }
  arenaCap = 4096;
  arenaPtr = heap.alloc(<usize>arenaCap);
  arenaLength = 0;
}

/** The model code of rows without a model column, once the reader has interned it. */
export function setUnknownModel(code: u32): void {
  unknownModel = <i64>code;
}

/** Where the reader puts a piece of `length` bytes (the old piece is let go). */
export function input(length: i32): usize {
  if (length > inputCap) {
    if (inputPtr !== 0) heap.free(inputPtr);
    inputCap = max(length, 1 << 20);
    // 16 bytes more: the scan reads 16 at a time.
    inputPtr = heap.alloc(<usize>inputCap + 16);
  }
  return inputPtr;
}

export function batch(): i32 {
  return BATCH;
}
export function rows(): i32 {
  return emitted;
}
export function reason(): i32 {
  return stopped;
}
export function missed(): bool {
  return unknownId;
}
export function present(): i32 {
  return presentBits;
}
export function outTimestampsPtr(): usize {
  return outTimestamps;
}
export function outCostsPtr(): usize {
  return outCosts;
}
export function outWorkersPtr(): usize {
  return outWorkers;
}
export function outUsersPtr(): usize {
  return outUsers;
}
export function outModelsPtr(): usize {
  return outModels;
}
export function outTeamsPtr(): usize {
  return outTeams;
}
export function outRunsPtr(): usize {
  return outRuns;
}
export function outInputPtr(): usize {
  return outInput;
}
export function outOutputPtr(): usize {
  return outOutput;
}
export function outCacheReadPtr(): usize {
  return outCacheRead;
}
export function outCacheWritePtr(): usize {
  return outCacheWrite;
}
export function outIdStartsPtr(): usize {
  return outIdStarts;
}
export function outIdEndsPtr(): usize {
  return outIdEnds;
}
export function outIdKindsPtr(): usize {
  return outIdKinds;
}
export function outIdNumbersPtr(): usize {
  return outIdNumbers;
}
export function outUuidWordsPtr(): usize {
  return outUuidWords;
}

/** Where the reader writes the id set's prefix of numbered ids, `length` bytes (-1: none known). */
export function idPrefix(length: i32): usize {
  prefixLength = length;
  if (length <= 0) return 0;
  prefixPtr = heap.alloc(<usize>length);
  return prefixPtr;
}

/**
 * A 32-bit hash of the bytes `p..p+n`, eight bytes a step (a multiply and xor-shift each, then
 * SplitMix64's finish). Reads up to 7 bytes past the end, masked: callers give pointers with room.
 */
function hashBytes(p: usize, n: i32): u32 {
  let h: u64 = 0x9e3779b97f4a7c15 ^ (<u64>n);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    h = (h ^ load<u64>(p + <usize>i)) * 0xbf58476d1ce4e5b9;
    h ^= h >> 31;
  }
  if (i < n) {
    const tail: u64 = (n - i) << 3;
    const mask: u64 = ((1 as u64) << tail) - 1;
    h = (h ^ (load<u64>(p + <usize>i) & mask)) * 0xbf58476d1ce4e5b9;
    h ^= h >> 31;
  }
  h ^= h >> 29;
  h *= 0x94d049bb133111eb;
  h ^= h >> 32;
  return <u32>h;
}

/** Whether the `n` bytes at `a` and `b` are the same, eight at a time. */
function sameBytes(a: usize, b: usize, n: i32): bool {
  let i = 0;
  for (; i + 8 <= n; i += 8) if (load<u64>(a + <usize>i) !== load<u64>(b + <usize>i)) return false;
  for (; i < n; i++) if (load<u8>(a + <usize>i) !== load<u8>(b + <usize>i)) return false;
  return true;
}

/** The entry of the key at bytes `p..p+n` in dictionary `d` (dead ones skipped), or -1. */
function findEntry(d: i32, p: usize, n: i32, h: u32): i32 {
  const slots = unchecked(slotsPtr[d]);
  const mask = unchecked(slotsMask[d]);
  const entries = unchecked(entriesPtr[d]);
  let i = <i32>(h & (<u32>mask));
  while (true) {
    const e = load<i32>(slots + ((<usize>i) << 2));
    if (e < 0) return -1;
    const at = entries + ((<usize>e) << ENTRY_SHIFT);
    if (load<u32>(at) === h && load<i32>(at, 8) === n && (load<u32>(at, 16) & FLAG_DEAD) === 0 && sameBytes(arenaPtr + <usize>load<u32>(at, 4), p, n)) return e;
    i = (i + 1) & mask;
  }
}

function entryAt(d: i32, e: i32): usize {
  return unchecked(entriesPtr[d]) + ((<usize>e) << ENTRY_SHIFT);
}

/** Adds the key at bytes `p..p+n` to dictionary `d` with `code` and `flags`; returns its entry. */
function addEntry(d: i32, p: usize, n: i32, h: u32, code: u32, flags: u32): i32 {
  if (arenaLength + n > arenaCap) {
    const cap = max(arenaCap * 2, arenaLength + n);
    arenaPtr = heap.realloc(arenaPtr, <usize>cap);
    arenaCap = cap;
  }
  memory.copy(arenaPtr + <usize>arenaLength, p, <usize>n);
  let count = unchecked(entryCount[d]);
  if (count === unchecked(entryCap[d])) {
    const cap = count * 2;
    unchecked((entriesPtr[d] = heap.realloc(unchecked(entriesPtr[d]), (<usize>cap) << ENTRY_SHIFT)));
    unchecked((entryCap[d] = cap));
  }
  const at = entryAt(d, count);
  store<u32>(at, h);
  store<u32>(at, arenaLength, 4);
  store<i32>(at, n, 8);
  store<u32>(at, code, 12);
  store<u32>(at, flags, 16);
  arenaLength += n;
  count++;
  unchecked((entryCount[d] = count));
  if (2 * count > unchecked(slotsMask[d]) + 1) {
    const size = (unchecked(slotsMask[d]) + 1) * 2;
    heap.free(unchecked(slotsPtr[d]));
    unchecked((slotsPtr[d] = heap.alloc((<usize>size) << 2)));
    memory.fill(unchecked(slotsPtr[d]), 0xff, (<usize>size) << 2);
    unchecked((slotsMask[d] = size - 1));
    for (let e = 0; e < count; e++) place(d, e);
  } else place(d, count - 1);
  return count - 1;
}

/** Where the reader writes a key of `length` bytes for register(). */
export function scratch(length: i32): usize {
  if (length > scratchCap) {
    scratchCap = max(length, 256);
    // 8 bytes more: hashBytes reads a word at a time.
    scratchPtr = heap.alloc(<usize>scratchCap + 8);
  }
  return scratchPtr;
}

/**
 * Tells dictionary `d` that the key of `length` bytes at scratch() has `code`, `unnamed` when the
 * reader has no name for it yet (rows with it are then the reader's). A key already there (one
 * settled from pending) takes the code and flag given.
 */
export function register(d: i32, length: i32, code: u32, unnamed: bool): void {
  const h = hashBytes(scratchPtr, length);
  const e = findEntry(d, scratchPtr, length, h);
  const flags = unnamed ? FLAG_UNNAMED : 0;
  if (e < 0) addEntry(d, scratchPtr, length, h, code, flags);
  else {
    store<u32>(entryAt(d, e), code, 12);
    store<u32>(entryAt(d, e), flags, 16);
  }
}

/** The number of models in the reader's dictionary (a row whose new model would pass MAX_MODELS is the reader's). */
export function setModels(count: i32): void {
  modelsSize = count;
}

export function pending(): i32 {
  return pendingCount;
}
export function pendingDictsPtr(): usize {
  return pendDicts;
}
export function pendingKeyStartsPtr(): usize {
  return pendKeyStarts;
}
export function pendingKeyEndsPtr(): usize {
  return pendKeyEnds;
}
export function outNameStartsPtr(): usize {
  return outNameStarts;
}
export function outNameEndsPtr(): usize {
  return outNameEnds;
}
export function pendingCodesPtr(): usize {
  return pendCodes;
}
export function outPendingPtr(): usize {
  return outPending;
}

/** After a batch: each pending key takes the reader's code from pendingCodes, or is dropped (-1). */
export function settle(): void {
  for (let k = 0; k < pendingCount; k++) {
    const at = entryAt(load<i32>(pendDicts + ((<usize>k) << 2)), load<i32>(pendEntries + ((<usize>k) << 2)));
    const code = load<i32>(pendCodes + ((<usize>k) << 2));
    if (code >= 0) {
      store<u32>(at, <u32>code, 12);
      store<u32>(at, 0, 16);
    } else store<u32>(at, FLAG_DEAD, 16);
  }
  pendingCount = 0;
  pendingModels = 0;
}

/** Bit of a dictionary's column in outPending. */
let rowPending: i32 = 0;

/**
 * The code of the id at bytes `start..end` in dictionary `d`, or for a key first seen in this
 * batch its pending number (and its bit in rowPending); -1 when the row is the reader's: a key
 * the reader has without a name, a new key with non-ASCII bytes, no room for another pending key.
 */
function idCode(d: i32, start: i32, end: i32): i64 {
  const n = end - start;
  const p = inputPtr + <usize>start;
  const h = hashBytes(p, n);
  const e = findEntry(d, p, n, h);
  if (e >= 0) {
    const at = entryAt(d, e);
    const flags = load<u32>(at, 16);
    if ((flags & FLAG_UNNAMED) !== 0) return -1;
    if ((flags & FLAG_PENDING) !== 0) rowPending |= 1 << d;
    return <i64>load<u32>(at, 12);
  }
  if (hasHigh(start, end)) {
    // An id with non-ASCII bytes is the reader's, as a row of another shape (so the kernel rests).
    unknownId = false;
    return -1;
  }
  if (pendingCount === PENDING_MAX) return -1;
  if (d === 2) {
    if (modelsSize + pendingModels + 1 > MAX_MODELS) return -1;
    pendingModels++;
  }
  const k = pendingCount++;
  const slot = (<usize>k) << 2;
  store<i32>(pendDicts + slot, d);
  store<i32>(pendEntries + slot, addEntry(d, p, n, h, <u32>k, FLAG_PENDING));
  store<i32>(pendKeyStarts + slot, start);
  store<i32>(pendKeyEnds + slot, end);
  store<i32>(pendCodes + slot, -1);
  rowPending |= 1 << d;
  return <i64>k;
}

function place(d: i32, e: i32): void {
  const slots = unchecked(slotsPtr[d]);
  const mask = unchecked(slotsMask[d]);
  let i = <i32>(load<u32>(entryAt(d, e)) & (<u32>mask));
  while (load<i32>(slots + ((<usize>i) << 2)) >= 0) i = (i + 1) & mask;
  store<i32>(slots + ((<usize>i) << 2), e);
}

function startOf(col: i32): i32 {
  return load<i32>(starts + ((<usize>col) << 2));
}

function endOf(col: i32): i32 {
  return load<i32>(ends + ((<usize>col) << 2));
}

function byteAt(i: i32): i32 {
  return <i32>load<u8>(inputPtr + <usize>i);
}

/** Two decimal digits at i, or -1. */
function d2(i: i32): i32 {
  const a = byteAt(i) - 48;
  const b = byteAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function isLeap(y: i32): bool {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: i32, m: i32): i32 {
  if (m === 2) return isLeap(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a date in years 1..9999 (H. Hinnant's days_from_civil). */
function daysFromCivil(year: i32, m: i32, d: i32): i32 {
  const y = m <= 2 ? year - 1 : year;
  const era = y / 400;
  const yoe = y - era * 400;
  const doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/**
 * isoFastRange: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SSZ` or `YYYY-MM-DDTHH:MM:SS.sssZ` as UTC ms in
 * years 1..9999 (inInstantRange), else NaN.
 */
function timestampAt(o: i32, end: i32): f64 {
  const n = end - o;
  if (n !== 10 && n !== 20 && n !== 24) return NaN;
  if (byteAt(o + 4) !== 45 || byteAt(o + 7) !== 45) return NaN;
  const c1 = d2(o);
  const c2 = d2(o + 2);
  const mo = d2(o + 5);
  const d = d2(o + 8);
  if (c1 < 0 || c2 < 0 || mo < 1 || mo > 12 || d < 1) return NaN;
  const y = c1 * 100 + c2;
  if (y === 0) return NaN; // before year 1: left to the reader, which rejects it
  const key = y * 10000 + mo * 100 + d;
  let day: i32;
  if (key === lastDateKey) day = lastDay;
  else {
    if (d > daysInMonth(y, mo)) return NaN;
    day = daysFromCivil(y, mo, d);
    lastDateKey = key;
    lastDay = day;
  }
  if (n === 10) return <f64>day * 86400000;
  if (byteAt(o + 10) !== 84 || byteAt(o + 13) !== 58 || byteAt(o + 16) !== 58 || byteAt(end - 1) !== 90) return NaN;
  const h = d2(o + 11);
  const mi = d2(o + 14);
  const se = d2(o + 17);
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59) return NaN;
  let ms = 0;
  if (n === 24) {
    if (byteAt(o + 19) !== 46) return NaN;
    const a = d2(o + 20);
    const b = byteAt(o + 22) - 48;
    if (a < 0 || b < 0 || b > 9) return NaN;
    ms = a * 10 + b;
  }
  return <f64>day * 86400000 + <f64>(h * 3600000 + mi * 60000 + se * 1000 + ms);
}

/** plainDecimalMicrosRange: `[-]digits[.digits]` with up to six decimals as micro-units, else NaN (the same f64 steps). */
function costAt(start: i32, n: i32): f64 {
  let i = start;
  let negative = false;
  if (n > i && byteAt(i) === 45) {
    negative = true;
    i++;
  }
  let whole: f64 = 0;
  let digits = 0;
  for (; i < n; i++) {
    const c = byteAt(i) - 48;
    if (c < 0 || c > 9) break;
    whole = whole * 10 + <f64>c;
    digits++;
  }
  if (whole > MAX_WHOLE) return NaN;
  let fraction: f64 = 0;
  let places = 0;
  if (i < n && byteAt(i) === 46) {
    for (i++; i < n; i++) {
      const c = byteAt(i) - 48;
      if (c < 0 || c > 9) return NaN;
      if (++places > 6) return NaN;
      fraction = fraction * 10 + <f64>c;
    }
  }
  if (i !== n || digits + places === 0) return NaN;
  let scale: f64 = 1;
  for (let k = places; k < 6; k++) scale *= 10;
  const micros = whole * 1000000 + fraction * scale;
  return negative && micros !== 0 ? -micros : micros;
}

/** digitsRange: 1 to 15 digits as a number, else -1. */
function digitsAt(start: i32, end: i32): f64 {
  const n = end - start;
  if (n <= 0 || n >= 16) return -1;
  let v: f64 = 0;
  for (let i = start; i < end; i++) {
    const c = byteAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + <f64>c;
  }
  return v;
}

/** tokensRange: the count of column `col`, -1 when not given or over the limit, -2 when only the reader can tell. */
function tokensAt(col: i32): f64 {
  if (col < 0) return -1;
  const start = startOf(col);
  if (start < 0 || endOf(col) === start) return -1;
  const v = digitsAt(start, endOf(col));
  if (v < 0) return -2;
  return v <= MAX_TOKENS ? v : -1;
}

/** isCleanRange: a non-empty cell without white space or non-ASCII at its ends. */
function isClean(start: i32, end: i32): bool {
  if (end <= start) return false;
  const a = byteAt(start);
  const b = byteAt(end - 1);
  return a > 32 && a < 127 && b > 32 && b < 127;
}

/** A hex digit's value in the case asked for (upper: A-F, else a-f; digits in both), else -1. */
function hexValue(c: i32, upper: bool): i32 {
  if (c >= 48 && c <= 57) return c - 48;
  const base = upper ? 65 : 97;
  return c >= base && c < base + 6 ? c - base + 10 : -1;
}

/**
 * uuidCase: ID_UUID_LOWER or ID_UUID_UPPER for a canonical UUID (`8-4-4-4-12` hex digits, letters
 * all of one case; digits only count as lower case), its words in the row's slot; else ID_NONE.
 */
function uuidAt(start: i32, end: i32, r: usize): i32 {
  if (end - start !== 36) return ID_NONE;
  if (byteAt(start + 8) !== 45 || byteAt(start + 13) !== 45 || byteAt(start + 18) !== 45 || byteAt(start + 23) !== 45) return ID_NONE;
  // The case: the first letter's.
  let upper = false;
  for (let i = start; i < end; i++) {
    const c = byteAt(i);
    if (c >= 65 && c <= 70) {
      upper = true;
      break;
    }
    if (c >= 97 && c <= 102) break;
  }
  let word: u32 = 0;
  let k = 0;
  for (let i = start; i < end; i++) {
    const at = i - start;
    if (at === 8 || at === 13 || at === 18 || at === 23) continue;
    const v = hexValue(byteAt(i), upper);
    if (v < 0) return ID_NONE;
    word = (word << 4) | (<u32>v);
    if ((k & 7) === 7) {
      store<u32>(outUuidWords + (r << 4) + ((<usize>(k >> 3)) << 2), word);
      word = 0;
    }
    k++;
  }
  return upper ? ID_UUID_UPPER : ID_UUID_LOWER;
}

/**
 * The number of an id `<prefix><number>` with the id set's prefix (the number 1 to 8 digits, without
 * a leading zero unless it is 0, and no digit before it), else -1 (IdSet.numberOf).
 */
function numberAt(start: i32, end: i32): i64 {
  if (prefixLength < 0) return -1;
  let d = end;
  while (d > start && end - d < 9) {
    const c = byteAt(d - 1);
    if (c < 48 || c > 57) break;
    d--;
  }
  const digits = end - d;
  if (digits === 0 || digits > 8) return -1;
  if (d > start && byteAt(d - 1) >= 48 && byteAt(d - 1) <= 57) return -1;
  if (digits > 1 && byteAt(d) === 48) return -1;
  if (d - start !== prefixLength || !sameBytes(prefixPtr, inputPtr + <usize>start, prefixLength)) return -1;
  let n: i64 = 0;
  for (let i = d; i < end; i++) n = n * 10 + <i64>(byteAt(i) - 48);
  return n;
}

function hasHigh(start: i32, end: i32): bool {
  for (let i = start; i < end; i++) if (byteAt(i) > 127) return true;
  return false;
}

function tokenOut(v: f64): u32 {
  return v < 0 ? NO_TOKENS : <u32>v;
}

const QUOTE: i32 = 34;

/**
 * Where the quote that closes a cell opened by the quote at `open` is, or -1 when the cell is not
 * one the kernel reads: a line break or an escaped quote ("") inside, no closing quote before
 * `n`, or anything but a delimiter or the line's end after it.
 */
function closingQuote(open: i32, n: i32): i32 {
  let q = open + 1;
  while (q < n) {
    const c = byteAt(q);
    if (c === QUOTE) break;
    if (c === 10 || c === 13) return -1;
    q++;
  }
  if (q >= n) return -1;
  if (q + 1 === n) return q;
  const after = byteAt(q + 1);
  if (after === delimiter || after === breakByte) return q;
  if (crlf && after === 13 && q + 2 < n && byteAt(q + 2) === 10) return q;
  return -1;
}

/**
 * Reads rows from byte `pos` up to `n` of the current piece; returns where it stopped (the start
 * of the first row not emitted). `final`: the piece ends the file (a last line without a break is
 * complete). See rows() and reason().
 */
export function run(pos: i32, n: i32, final: bool): i32 {
  emitted = 0;
  unknownId = false;
  presentBits = 0;
  const brk = breakByte;
  const delim = delimiter;
  while (true) {
    if (pos >= n) {
      stopped = STOP_END;
      return pos;
    }
    if (emitted === BATCH) {
      stopped = STOP_FULL;
      return pos;
    }
    for (let c = 0; c < width; c++) store<i32>(starts + ((<usize>c) << 2), -1);
    // Locate the cells up to the line's end, 16 bytes a step. A cell may be quoted whole
    // ("...", without quotes or line breaks inside): its content is between the quotes. Any other
    // quote leaves the row to the reader.
    let col = 0;
    let s = pos;
    let contentStart = pos;
    let contentEnd = -1;
    let nl = -1;
    let bad = false;
    const delims = i8x16.splat(<i8>delim);
    const breaks = i8x16.splat(<i8>brk);
    const quotes = i8x16.splat(<i8>QUOTE);
    let i = pos;
    while (i < n && nl < 0 && !bad) {
      const v = v128.load(inputPtr + <usize>i);
      let mask = i8x16.bitmask(v128.or(v128.or(i8x16.eq(v, delims), i8x16.eq(v, breaks)), i8x16.eq(v, quotes)));
      if (n - i < 16) mask &= (1 << (n - i)) - 1;
      let next = i + 16;
      while (mask !== 0) {
        const at = i + ctz(mask);
        mask &= mask - 1;
        const b = byteAt(at);
        if (b === QUOTE) {
          const close = closingQuote(at, n);
          if (at !== s || contentEnd >= 0 || close < 0) {
            bad = true;
            break;
          }
          contentStart = at + 1;
          contentEnd = close;
          next = close + 1;
          break;
        }
        if (b === brk) {
          nl = at;
          break;
        }
        if (col < width) {
          store<i32>(starts + ((<usize>col) << 2), contentEnd >= 0 ? contentStart : s);
          store<i32>(ends + ((<usize>col) << 2), contentEnd >= 0 ? contentEnd : at);
        }
        col++;
        s = at + 1;
        contentEnd = -1;
      }
      i = next;
    }
    if (bad) {
      stopped = STOP_ROW;
      return pos;
    }
    if (nl < 0) {
      if (!final) {
        stopped = STOP_INCOMPLETE;
        return pos;
      }
      nl = n;
    }
    let lineEnd = nl;
    if (crlf && nl < n) {
      // A lone \n in a \r\n file stays in its cell: such a row is the reader's.
      if (nl === pos || byteAt(nl - 1) !== 13) {
        stopped = STOP_ROW;
        return pos;
      }
      lineEnd = nl - 1;
      // A delimiter right before the \r ends the last cell there, as in the reader.
      if (s > lineEnd) {
        stopped = STOP_ROW;
        return pos;
      }
    }
    if (col < width) {
      store<i32>(starts + ((<usize>col) << 2), contentEnd >= 0 ? contentStart : s);
      store<i32>(ends + ((<usize>col) << 2), contentEnd >= 0 ? contentEnd : lineEnd);
    }
    if (!accept()) {
      stopped = STOP_ROW;
      return pos;
    }
    pos = nl < n ? nl + 1 : n;
  }
  return pos;
}

/** acceptPlain for the located row: emits it and returns true, or returns false having emitted nothing. */
function accept(): bool {
  const tsStart = startOf(tsCol);
  if (tsStart < 0) return false;
  const timestamp = timestampAt(tsStart, endOf(tsCol));
  if (isNaN(timestamp)) return false;

  const costStart = startOf(costCol);
  if (costStart < 0) return false;
  const cost = costAt(costStart, endOf(costCol));
  if (isNaN(cost)) return false;

  let runs: f64 = 1;
  if (runsCol >= 0 && startOf(runsCol) >= 0 && endOf(runsCol) > startOf(runsCol)) {
    runs = digitsAt(startOf(runsCol), endOf(runsCol));
    if (runs < 0 || runs > MAX_RUNS) return false;
  }
  let inputTokens = tokensAt(inputCol);
  if (inputTokens === -2) return false;
  const cacheReadTokens = tokensAt(cacheReadCol);
  if (cacheReadTokens === -2) return false;
  if (inputTokens >= 0 && inputIncludesCached && cacheReadTokens > 0) inputTokens = max(0, inputTokens - cacheReadTokens);
  const cacheWriteTokens = tokensAt(cacheWriteCol);
  if (cacheWriteTokens === -2) return false;
  const outputTokens = tokensAt(outputCol);
  if (outputTokens === -2) return false;

  let teamStart = -1;
  let teamEnd = -1;
  if (teamCol >= 0) {
    teamStart = startOf(teamCol);
    teamEnd = endOf(teamCol);
    if (teamStart >= 0 && teamEnd > teamStart) {
      if (!isClean(teamStart, teamEnd)) return false;
    } else teamStart = -1;
  }
  let idStart = -1;
  let idEnd = -1;
  if (idCol >= 0) {
    const a = startOf(idCol);
    const b = endOf(idCol);
    if (a >= 0 && b > a) {
      // An id with non-ASCII bytes is read by the reader from the decoded text.
      if (!isClean(a, b) || hasHigh(a, b)) return false;
      idStart = a;
      idEnd = b;
    }
  }
  const wStart = startOf(workerCol);
  const wEnd = endOf(workerCol);
  const uStart = startOf(userCol);
  const uEnd = endOf(userCol);
  if (wStart < 0 || !isClean(wStart, wEnd) || uStart < 0 || !isClean(uStart, uEnd)) return false;
  let mStart = -1;
  let mEnd = -1;
  if (modelCol >= 0) {
    mStart = startOf(modelCol);
    mEnd = endOf(modelCol);
    if (mStart < 0 || !isClean(mStart, mEnd)) return false;
  }
  // The row has the common shape: from here on, only its ids can leave it to the reader (which
  // has what a new key needs, or names a key it has without a name).
  unknownId = true;
  if (modelsSize + pendingModels >= MAX_MODELS) return false;
  rowPending = 0;
  let team: i64 = -1;
  if (teamStart >= 0) {
    team = idCode(3, teamStart, teamEnd);
    if (team < 0) return false;
  }
  const worker = idCode(0, wStart, wEnd);
  if (worker < 0) return false;
  const user = idCode(1, uStart, uEnd);
  if (user < 0) return false;
  let model = unknownModel;
  if (modelCol < 0) {
    if (model < 0) return false;
  } else {
    model = idCode(2, mStart, mEnd);
    if (model < 0) return false;
  }
  unknownId = false;

  const r = <usize>emitted;
  store<f64>(outTimestamps + (r << 3), timestamp);
  store<f64>(outCosts + (r << 3), cost);
  store<u32>(outWorkers + (r << 2), <u32>worker);
  store<u32>(outUsers + (r << 2), <u32>user);
  store<u16>(outModels + (r << 1), <u16>model);
  store<u32>(outTeams + (r << 2), team < 0 ? NO_TEAM : <u32>team);
  store<u32>(outRuns + (r << 2), <u32>runs);
  store<u8>(outPending + r, <u8>rowPending);
  store<i32>(outNameStarts + (r << 3), workerNameCol >= 0 ? startOf(workerNameCol) : -1);
  store<i32>(outNameEnds + (r << 3), workerNameCol >= 0 ? endOf(workerNameCol) : -1);
  store<i32>(outNameStarts + (r << 3) + 4, userNameCol >= 0 ? startOf(userNameCol) : -1);
  store<i32>(outNameEnds + (r << 3) + 4, userNameCol >= 0 ? endOf(userNameCol) : -1);
  if (inputTokens >= 0) presentBits |= 1;
  if (outputTokens >= 0) presentBits |= 2;
  if (cacheReadTokens >= 0) presentBits |= 4;
  if (cacheWriteTokens >= 0) presentBits |= 8;
  if (team >= 0) presentBits |= 16;
  store<u32>(outInput + (r << 2), tokenOut(inputTokens));
  store<u32>(outOutput + (r << 2), tokenOut(outputTokens));
  store<u32>(outCacheRead + (r << 2), tokenOut(cacheReadTokens));
  store<u32>(outCacheWrite + (r << 2), tokenOut(cacheWriteTokens));
  store<i32>(outIdStarts + (r << 2), idStart);
  store<i32>(outIdEnds + (r << 2), idEnd);
  let kind = ID_NONE;
  if (idStart >= 0) {
    kind = uuidAt(idStart, idEnd, r);
    if (kind === ID_NONE) {
      const number = numberAt(idStart, idEnd);
      if (number >= 0) {
        kind = ID_NUMBER;
        store<u32>(outIdNumbers + (r << 2), <u32>number);
      } else kind = ID_TEXT;
    }
  }
  store<i32>(outIdKinds + (r << 2), kind);
  emitted++;
  return true;
}
