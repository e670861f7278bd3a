import { type ProviderClient } from '../providers/client';
import { arrayField, isRecord, nextAfterId } from '../providers/check';
import { emptyNames, type ProviderNames } from '../providers/types';
import { LIST_PARAMS, PROJECTS_PATH, USERS_PATH, projectApiKeysPath } from './endpoints';

const LABEL = 'OpenAI';

/** Each object of each page of an optional list (403/404: none). */
async function listObjects(client: ProviderClient, path: string, params: ReadonlyArray<readonly [string, string]>): Promise<Record<string, unknown>[]> {
  const objects: Record<string, unknown>[] = [];
  for await (const body of client.pages(path, params, nextAfterId('after'), true)) {
    for (const item of arrayField(LABEL, body, 'data')) if (isRecord(item)) objects.push(item);
  }
  return objects;
}

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/**
 * Project names (archived ones too, their usage is still billed), user names (else email), and
 * each project's API keys, named by their service account when they belong to one.
 */
export async function fetchOpenAiNames(client: ProviderClient): Promise<ProviderNames> {
  const names = emptyNames();
  const projects = await listObjects(client, PROJECTS_PATH, [...LIST_PARAMS, ['include_archived', 'true']]);
  for (const project of projects) {
    const id = text(project.id);
    if (id) names.groups[id] = text(project.name) || id;
  }
  for (const user of await listObjects(client, USERS_PATH, LIST_PARAMS)) {
    const id = text(user.id);
    if (id) names.users[id] = text(user.name) || text(user.email) || id;
  }
  for (const projectId of Object.keys(names.groups)) {
    for (const key of await listObjects(client, projectApiKeysPath(projectId), LIST_PARAMS)) {
      const id = text(key.id);
      if (!id) continue;
      const owner = isRecord(key.owner) ? key.owner : {};
      const account = isRecord(owner.service_account) ? text(owner.service_account.name) : '';
      names.apiKeys[id] = account ? `${account} (service account)` : `${text(key.name) || text(key.redacted_value) || id} (API key)`;
    }
  }
  return names;
}
