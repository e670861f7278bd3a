import { allocateLargestRemainder } from '../providers/allocate';
import { totalTokens, type PersonUsageRow, type ProviderDays, type ProviderNames, type ProviderUsageRow, type TokenCounts } from '../providers/types';

/**
 * Claude Code signed in with the Console runs on API keys of the organisation's "Claude Code"
 * workspace, so the usage report knows the keys, not the people. Where the Claude Code report
 * names the people of a day and model, that workspace's usage of the day and model is given to
 * them instead: each token count split in proportion to what the report says each person used
 * (largest remainder, so every count still adds up to the usage report's). Without a report,
 * the keys stay the users.
 */

export const CLAUDE_CODE_WORKSPACE = 'Claude Code';

const FIELDS = ['inputTokens', 'cacheReadTokens', 'cacheWriteTokens', 'cacheWrite1hTokens', 'outputTokens'] as const satisfies ReadonlyArray<keyof TokenCounts>;

export function attributeToPeople(days: ProviderDays, names: ProviderNames): ProviderUsageRow[] {
  const people = days.people ?? [];
  const workspaces = new Set(
    Object.entries(names.groups)
      .filter(([, name]) => name.trim().toLowerCase() === CLAUDE_CODE_WORKSPACE.toLowerCase())
      .map(([id]) => id),
  );
  if (people.length === 0 || workspaces.size === 0) return days.usage;

  const peopleOf = new Map<string, Map<string, PersonUsageRow>>();
  for (const row of people) {
    const k = `${row.day}|${row.model}`;
    const byPerson = peopleOf.get(k) ?? new Map<string, PersonUsageRow>();
    const seen = byPerson.get(row.person);
    if (seen) for (const f of FIELDS) seen[f] += row[f];
    else byPerson.set(row.person, { ...row });
    peopleOf.set(k, byPerson);
  }

  const kept: ProviderUsageRow[] = [];
  const pooled = new Map<string, ProviderUsageRow>();
  for (const row of days.usage) {
    if (row.group === null || !workspaces.has(row.group) || row.model === null || !peopleOf.has(`${row.day}|${row.model}`)) {
      kept.push(row);
      continue;
    }
    const k = `${row.day}|${row.group}|${row.model}`;
    const pool = pooled.get(k);
    if (pool) for (const f of FIELDS) pool[f] += row[f];
    else pooled.set(k, { ...row, user: null, apiKey: null });
  }

  for (const pool of pooled.values()) {
    const persons = [...peopleOf.get(`${pool.day}|${pool.model}`)!.values()];
    const rows = persons.map((p): ProviderUsageRow => ({ ...pool, user: p.person, apiKey: null }));
    for (const f of FIELDS) {
      const weights = persons.map((p) => p[f]);
      const shares = allocateLargestRemainder(pool[f], weights.some((w) => w > 0) ? weights : persons.map(totalTokens));
      shares.forEach((share, i) => (rows[i][f] = share));
    }
    kept.push(...rows);
  }
  return kept;
}
