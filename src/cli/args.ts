/** The CLI's arguments checked and read: filters, instants, time zones, and the JSON files options name. */
import { readFile } from 'node:fs/promises';
import { messageOf } from '../core/errors';
import { isDimension } from '../core/model';
import { type Filter } from '../core/query';
import { normalizeTimeZone } from '../core/time';
import { type ExportBy } from '../core/exportUsage';
import { parseBudgets, type Budget } from '../core/insights/budgets';
import { parseTeamMapping, type TeamMapping } from '../core/teams/mapping';
import { parseTimestamp } from '../core/parseTimestamps';
import { DataError, UsageError } from './errors';

export function parseFilters(values: string[]): Filter[] {
  const filters = values.map((value): Filter => {
    const m = /^([a-z]+)=(.+)$/.exec(value);
    if (!m || !isDimension(m[1])) throw new UsageError(`--filter "${value}" must look like worker=ID, user=ID, model=ID or team=NAME.`);
    return { dimension: m[1], id: m[2] };
  });
  for (const [i, f] of filters.entries()) {
    if (filters.findIndex((g) => g.dimension === f.dimension) !== i) {
      throw new UsageError(`--filter ${f.dimension}= is given more than once; a view narrows each of worker, user and model to one id.`);
    }
  }
  return filters;
}

export function parseNow(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  // An ISO 8601 date or date-time (no offset: UTC) in years 0001..9999; not a bare number.
  const t = /^\s*\d{4}-\d{2}-\d{2}/.test(value) ? parseTimestamp(value) : undefined;
  if (t === undefined) throw new UsageError(`--now "${value}" is not an ISO 8601 date or instant such as 2026-11-26T12:00:00Z.`);
  return t;
}

async function readJsonFile(path: string, option: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new DataError(`${option} ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new DataError(`${option} ${path}: not valid JSON (${(error as Error).message}).`);
  }
}

export async function readTeams(path: string): Promise<TeamMapping> {
  const { mapping, errors } = parseTeamMapping(await readJsonFile(path, '--teams'));
  if (errors.length > 0) throw new DataError(`--teams ${path}: ${errors.join(' ')}`);
  return mapping;
}

export async function readBudgets(path: string): Promise<Budget[]> {
  const { budgets, errors } = parseBudgets(await readJsonFile(path, '--budgets'));
  if (errors.length > 0) throw new DataError(`--budgets ${path}: ${errors.join(' ')}`);
  return budgets;
}

export function zoneArg(value: string): string {
  try {
    return normalizeTimeZone(value);
  } catch (error) {
    throw new UsageError(messageOf(error));
  }
}

export const EXPORT_BY: readonly ExportBy[] = ['worker', 'user', 'model', 'team', 'day', 'event'];
