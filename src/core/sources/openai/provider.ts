import { UNKNOWN } from '../../model';
import { type ProviderClient } from '../providers/client';
import { type ProviderSpec } from '../providers/spec';
import { type ProviderDays } from '../providers/types';
import { COSTS_PATH, OPENAI_DEFAULT_BASE_URL, USAGE_ENDPOINTS, costParams, openAiIdentity, usageParams } from './endpoints';
import { nextPageToken } from '../providers/check';
import { fetchOpenAiNames } from './names';
import { parseCostPage, parseUsagePage } from './parse';

/** Usage with no project (organisation-level charges) is shown under this worker. */
export const OPENAI_NO_PROJECT = '(no project)';

async function fetchDays(client: ProviderClient, from: number, to: number): Promise<ProviderDays> {
  const days: ProviderDays = { usage: [], costs: [] };
  for (const endpoint of USAGE_ENDPOINTS) {
    for await (const body of client.pages(endpoint.path, usageParams(from, to), nextPageToken, !endpoint.required)) {
      days.usage.push(...parseUsagePage(body));
    }
  }
  for await (const body of client.pages(COSTS_PATH, costParams(from, to), nextPageToken)) {
    days.costs.push(...parseCostPage(body));
  }
  return days;
}

/** OpenAI: worker = project, user = user (else the API key or service account), model = model, runs = requests. */
export const openAiProvider: ProviderSpec = {
  kind: 'openai',
  identity: openAiIdentity,
  defaultBaseUrl: OPENAI_DEFAULT_BASE_URL,
  runsKnown: true,
  workerOf: (group, names) => (group === null ? { id: 'openai:no-project', name: OPENAI_NO_PROJECT } : { id: group, name: names.groups[group] ?? group }),
  userOf: (row, names) => {
    if (row.user !== null) return { id: row.user, name: names.users[row.user] ?? row.user };
    if (row.apiKey !== null) return { id: row.apiKey, name: names.apiKeys[row.apiKey] ?? row.apiKey };
    return { id: UNKNOWN, name: UNKNOWN };
  },
  fetchDays,
  fetchNames: fetchOpenAiNames,
};
