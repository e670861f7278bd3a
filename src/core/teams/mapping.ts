import { Dictionary } from '../dictionary';
import { NO_TEAM, UsageStore } from '../store';
import { globToRegExp } from './glob';

/** `usageExplorer.teams`: team name -> patterns of the users and workers (ids or names) in it. */
export type TeamMapping = Readonly<Record<string, { users?: readonly string[]; workers?: readonly string[] }>>;

/** Reads a settings or file value into a mapping; entries that are not valid are reported and left out. */
export function parseTeamMapping(value: unknown): { mapping: TeamMapping; errors: string[] } {
  const mapping: Record<string, { users: string[]; workers: string[] }> = {};
  const errors: string[] = [];
  if (value === undefined || value === null) return { mapping, errors };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { mapping, errors: ['Teams must be an object: { "Team name": { "users": ["pattern"], "workers": ["pattern"] } }.'] };
  }
  for (const [team, entry] of Object.entries(value as Record<string, unknown>)) {
    const name = team.trim();
    if (name === '') {
      errors.push('A team needs a name.');
      continue;
    }
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      errors.push(`Team "${name}": give { "users": [...], "workers": [...] }.`);
      continue;
    }
    const e = entry as Record<string, unknown>;
    const lists: { users: string[]; workers: string[] } = { users: [], workers: [] };
    let ok = true;
    for (const key of ['users', 'workers'] as const) {
      const list = e[key];
      if (list === undefined) continue;
      if (!Array.isArray(list) || !list.every((p) => typeof p === 'string' && p.trim() !== '')) {
        errors.push(`Team "${name}": ${key} must be a list of patterns such as "*@example.com".`);
        ok = false;
        continue;
      }
      lists[key] = list.map((p: string) => p.trim());
    }
    if (ok) mapping[name] = lists;
  }
  return { mapping, errors };
}

/** For each code of a dictionary, the position of the first team with a matching pattern (id or name), or Infinity. */
function teamOf(dictionary: Dictionary, patterns: { team: number; re: RegExp }[]): Float64Array {
  const out = new Float64Array(dictionary.size).fill(Infinity);
  if (patterns.length === 0) return out;
  for (let code = 0; code < dictionary.size; code++) {
    for (const p of patterns) {
      if (p.re.test(dictionary.ids[code]) || p.re.test(dictionary.names[code])) {
        out[code] = p.team;
        break;
      }
    }
  }
  return out;
}

/**
 * The store with each event's team from the mapping where a pattern matches its user or its
 * worker (the first team listed wins), else from the source's team column; events with neither
 * are left without a team ("(no team)" in views). Columns other than the team are shared.
 */
export function applyTeamMapping(store: UsageStore, mapping: TeamMapping): UsageStore {
  const names = Object.keys(mapping);
  if (names.length === 0) return store;
  const teams = new Dictionary();
  for (const name of names) teams.intern(name, name);
  const userPatterns: { team: number; re: RegExp }[] = [];
  const workerPatterns: { team: number; re: RegExp }[] = [];
  names.forEach((name, team) => {
    for (const p of mapping[name].users ?? []) userPatterns.push({ team, re: globToRegExp(p) });
    for (const p of mapping[name].workers ?? []) workerPatterns.push({ team, re: globToRegExp(p) });
  });
  const byUser = teamOf(store.users, userPatterns);
  const byWorker = teamOf(store.workers, workerPatterns);
  // Column teams keep their names, after the mapped ones.
  const fromColumn = new Uint32Array(store.teams.size);
  for (let code = 0; code < store.teams.size; code++) fromColumn[code] = teams.intern(store.teams.ids[code], store.teams.names[code]);
  const column = store.teamCodes;
  const codes = new Uint32Array(store.length);
  const { userCodes, workerCodes } = store;
  for (let i = 0; i < store.length; i++) {
    const mapped = Math.min(byUser[userCodes[i]], byWorker[workerCodes[i]]);
    if (mapped !== Infinity) codes[i] = mapped;
    else {
      const team = column === undefined ? NO_TEAM : column[i];
      codes[i] = team === NO_TEAM ? NO_TEAM : fromColumn[team];
    }
  }
  return new UsageStore(
    store.length,
    { ...store.columns, teamCodes: codes },
    { workers: store.workers, users: store.users, models: store.models, teams },
    store.sources,
    store.duplicates,
  );
}
