import { arrayField, isRecord, nextAfterId, nextPageToken } from '../providers/check';
import { type ProviderClient } from '../providers/client';
import { type ProviderSpec } from '../providers/spec';
import { emptyNames, type ProviderDays, type ProviderNames } from '../providers/types';
import {
  ANTHROPIC_DEFAULT_BASE_URL,
  API_KEYS_PATH,
  COST_REPORT_PATH,
  LIST_PARAMS,
  MESSAGES_USAGE_PATH,
  WORKSPACES_PATH,
  anthropicIdentity,
  costReportParams,
  messagesUsageParams,
} from './endpoints';
import { fetchClaudeCodeDays } from './claudeCode';
import { parseCostReportPage, parseMessagesUsagePage } from './parse';
import { attributeToPeople } from './people';

/** Usage with `workspace_id: null` is the organisation's Default workspace. */
export const DEFAULT_WORKSPACE = 'Default workspace';
/** Usage without an API key (e.g. the Console's Workbench). */
export const NO_API_KEY = '(no API key)';

async function fetchDays(client: ProviderClient, from: number, to: number): Promise<ProviderDays> {
  const days: ProviderDays = { usage: [], costs: [] };
  for await (const body of client.pages(MESSAGES_USAGE_PATH, messagesUsageParams(from, to), nextPageToken)) {
    days.usage.push(...parseMessagesUsagePage(body));
  }
  for await (const body of client.pages(COST_REPORT_PATH, costReportParams(from, to), nextPageToken)) {
    days.costs.push(...parseCostReportPage(body));
  }
  days.people = await fetchClaudeCodeDays(client, from, to);
  return days;
}

async function namesOf(client: ProviderClient, path: string, params: ReadonlyArray<readonly [string, string]>, into: Record<string, string>): Promise<void> {
  for await (const body of client.pages(path, params, nextAfterId('after_id'), true)) {
    for (const item of arrayField('Anthropic', body, 'data')) {
      if (isRecord(item) && typeof item.id === 'string') into[item.id] = typeof item.name === 'string' && item.name.trim() ? item.name.trim() : item.id;
    }
  }
}

async function fetchNames(client: ProviderClient): Promise<ProviderNames> {
  const names = emptyNames();
  await namesOf(client, WORKSPACES_PATH, [...LIST_PARAMS, ['include_archived', 'true']], names.groups);
  await namesOf(client, API_KEYS_PATH, LIST_PARAMS, names.apiKeys);
  return names;
}

/**
 * Anthropic: worker = workspace, user = API key (in the Claude Code workspace: the person the
 * Claude Code report names), model = model; runs unknown (no request counts).
 */
export const anthropicProvider: ProviderSpec = {
  kind: 'anthropic',
  identity: anthropicIdentity,
  defaultBaseUrl: ANTHROPIC_DEFAULT_BASE_URL,
  runsKnown: false,
  workerOf: (group, names) =>
    group === null ? { id: 'anthropic:default-workspace', name: DEFAULT_WORKSPACE } : { id: group, name: names.groups[group] ?? group },
  userOf: (row, names) => {
    if (row.user !== null) return { id: `claude-code:${row.user}`, name: row.user };
    return row.apiKey === null ? { id: 'anthropic:no-api-key', name: NO_API_KEY } : { id: row.apiKey, name: names.apiKeys[row.apiKey] ?? row.apiKey };
  },
  prepareUsage: attributeToPeople,
  fetchDays,
  fetchNames,
};
