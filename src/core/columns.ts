/**
 * Matching the columns of a usage file (CSV headers, JSON object keys) to the fields of a
 * usage event. Headers are compared after normalising: lower case, without spaces, `_` and `-`,
 * so `Created At`, `created_at` and `createdAt` are the same column.
 */

/** The fields a usage file can provide. */
export type UsageField =
  | 'timestamp'
  | 'workerId'
  | 'workerName'
  | 'userId'
  | 'userName'
  | 'model'
  | 'runs'
  | 'cost'
  | 'inputTokens'
  | 'cacheReadTokens'
  | 'cacheWriteTokens'
  | 'outputTokens'
  | 'team'
  | 'id';

export const USAGE_FIELDS: readonly UsageField[] = [
  'timestamp',
  'workerId',
  'workerName',
  'userId',
  'userName',
  'model',
  'runs',
  'cost',
  'inputTokens',
  'cacheReadTokens',
  'cacheWriteTokens',
  'outputTokens',
  'team',
  'id',
];

/** An explicit choice of columns: field -> header name as written in the file. It overrides the guess for that field. */
export type ColumnMapping = Partial<Record<UsageField, string>>;

/**
 * Column index per field; -1 when the file has no such column. `inputIncludesCached` is set when
 * the input column counts cached tokens too (OpenAI's `prompt_tokens`/`input_tokens` beside a
 * `cached_tokens` column): the uncached input is then input minus cache read.
 */
export type ColumnIndexes = Record<UsageField, number> & { inputIncludesCached?: boolean };

export interface ColumnMatch {
  columns: ColumnIndexes;
  /** Mapping entries whose header is not in the file. */
  missing: { field: UsageField; header: string }[];
}

/** Lower case, without spaces, `_` and `-`: `Created_At` -> `createdat`. */
export function normalizeHeader(header: string): string {
  let out = '';
  const h = header.toLowerCase();
  for (let i = 0; i < h.length; i++) {
    const c = h.charCodeAt(i);
    // space, tab, '_', '-', and a byte-order mark that slipped through
    if (c === 32 || c === 9 || c === 95 || c === 45 || c === 0xfeff || c === 0xa0) continue;
    out += h[i];
  }
  return out;
}

/** Normalised synonyms, in order of preference when a file has several. */
const SIMPLE_SYNONYMS = {
  timestamp: ['timestamp', 'time', 'datetime', 'date', 'createdat', 'startedat'],
  model: ['model', 'modelid', 'modelname'],
  runs: ['runs', 'runcount', 'count', 'requests'],
  cost: ['cost', 'spend', 'amount', 'costusd', 'billingcost', 'totalcost'],
  inputTokens: ['uncachedinputtokens', 'inputtokens', 'prompttokens'],
  cacheReadTokens: [
    'cachereadtokens',
    'cachereadinputtokens',
    'cachedtokens',
    'cachedinputtokens',
    'inputcachedtokens',
    'cachedprompttokens',
    'promptcachedtokens',
  ],
  cacheWriteTokens: ['cachewritetokens', 'cachecreationinputtokens', 'cachecreationtokens', 'cachewriteinputtokens'],
  outputTokens: ['outputtokens', 'completiontokens'],
  team: ['team', 'teamname', 'department', 'costcenter', 'group'],
  id: ['id', 'runid', 'eventid'],
} as const satisfies Partial<Record<UsageField, readonly string[]>>;

/** Cache-read headers in OpenAI's style, where the input count includes the cached tokens. */
const CACHED_WITHIN_INPUT = new Set(['cachedtokens', 'cachedinputtokens', 'inputcachedtokens', 'cachedprompttokens', 'promptcachedtokens']);

/**
 * Entities with an id and a display name. An explicit id column (`worker_id`) is the id and a
 * bare column (`worker`) then is the name; without an explicit id the bare column is the id
 * (the name falls back to it when there is no name column). For users an email is the id when
 * there is no user id column, and otherwise a name if nothing better is there.
 */
const ENTITY_SYNONYMS = {
  worker: {
    id: ['workerid', 'agentid', 'appid', 'workflowid'],
    name: ['workername', 'agentname', 'appname', 'workflowname'],
    email: [] as string[],
    bare: ['worker', 'agent', 'app', 'workflow'],
  },
  user: {
    id: ['userid', 'memberid'],
    name: ['username', 'membername'],
    email: ['useremail', 'email', 'memberemail'],
    bare: ['user', 'member'],
  },
};

/**
 * Finds the column of each field. `mapping` overrides the guess for the fields it names, and the
 * columns it claims are not guessed for other fields. A mapped header matches exactly first, then
 * after normalising.
 */
export function matchColumns(headers: readonly string[], mapping: ColumnMapping = {}): ColumnMatch {
  const columns = emptyColumns();
  const missing: ColumnMatch['missing'] = [];
  const claimed = new Set<number>();

  for (const field of USAGE_FIELDS) {
    const wanted = mapping[field];
    if (wanted === undefined || wanted === '') continue;
    let index = headers.indexOf(wanted);
    if (index < 0) {
      const normal = normalizeHeader(wanted);
      index = headers.findIndex((h) => normalizeHeader(h) === normal);
    }
    if (index < 0) missing.push({ field, header: wanted });
    else {
      columns[field] = index;
      claimed.add(index);
    }
  }

  // First column with each normalised name, skipping columns the mapping claimed.
  const byName = new Map<string, number>();
  headers.forEach((h, i) => {
    if (claimed.has(i)) return;
    const key = normalizeHeader(h);
    if (key !== '' && !byName.has(key)) byName.set(key, i);
  });
  const find = (names: readonly string[]): number => {
    for (const name of names) {
      const i = byName.get(name);
      if (i !== undefined) return i;
    }
    return -1;
  };
  const explicit = (field: UsageField) => mapping[field] !== undefined && mapping[field] !== '';

  for (const field of Object.keys(SIMPLE_SYNONYMS) as (keyof typeof SIMPLE_SYNONYMS)[]) {
    if (!explicit(field)) columns[field] = find(SIMPLE_SYNONYMS[field]);
  }

  for (const entity of ['worker', 'user'] as const) {
    const idField = entity === 'worker' ? 'workerId' : 'userId';
    const nameField = entity === 'worker' ? 'workerName' : 'userName';
    const s = ENTITY_SYNONYMS[entity];
    const idCol = explicit(idField) ? columns[idField] : find(s.id);
    const nameCol = explicit(nameField) ? columns[nameField] : find(s.name);
    const email = find(s.email);
    const bare = find(s.bare);
    if (!explicit(idField)) columns[idField] = idCol >= 0 ? idCol : email >= 0 ? email : bare;
    if (!explicit(nameField)) {
      const id = columns[idField];
      columns[nameField] = nameCol >= 0 ? nameCol : bare >= 0 && bare !== id ? bare : email >= 0 && email !== id ? email : -1;
    }
  }
  if (columns.inputTokens >= 0 && columns.cacheReadTokens >= 0) {
    const input = normalizeHeader(headers[columns.inputTokens]);
    if (input !== 'uncachedinputtokens' && CACHED_WITHIN_INPUT.has(normalizeHeader(headers[columns.cacheReadTokens]))) columns.inputIncludesCached = true;
  }
  return { columns, missing };
}

export function emptyColumns(): ColumnIndexes {
  return {
    timestamp: -1,
    workerId: -1,
    workerName: -1,
    userId: -1,
    userName: -1,
    model: -1,
    runs: -1,
    cost: -1,
    inputTokens: -1,
    cacheReadTokens: -1,
    cacheWriteTokens: -1,
    outputTokens: -1,
    team: -1,
    id: -1,
  };
}

/** Synonyms a file may use for a field, for error messages (`timestamp, time, date, ...`). */
export function describeSynonyms(field: 'timestamp' | 'cost'): string {
  const names: Record<'timestamp' | 'cost', string[]> = {
    timestamp: ['timestamp', 'time', 'date', 'datetime', 'created_at', 'started_at'],
    cost: ['cost', 'spend', 'amount', 'cost_usd', 'billing_cost', 'total_cost'],
  };
  return names[field].join(', ');
}
