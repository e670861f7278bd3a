import { type ProviderIdentity } from '../providers/client';

/** OpenAI's organisation Admin API: where things are and how to ask (URL building only). */

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';
export const OPENAI_SET_KEY_COMMAND = 'Usage Explorer: Set OpenAI Admin Key…';

export const openAiIdentity: ProviderIdentity = {
  label: 'OpenAI',
  setKeyCommand: OPENAI_SET_KEY_COMMAND,
  headers: (key) => ({ Accept: 'application/json', Authorization: `Bearer ${key}` }),
};

export interface UsageEndpoint {
  path: string;
  /** The completions report is required; the others are read when the organisation has them. */
  required: boolean;
}

/** Every usage report that counts model requests (and tokens where there are any), by project, user, key and model. */
export const USAGE_ENDPOINTS: readonly UsageEndpoint[] = [
  { path: 'organization/usage/completions', required: true },
  { path: 'organization/usage/embeddings', required: false },
  { path: 'organization/usage/moderations', required: false },
  { path: 'organization/usage/images', required: false },
  { path: 'organization/usage/audio_speeches', required: false },
  { path: 'organization/usage/audio_transcriptions', required: false },
];

export const COSTS_PATH = 'organization/costs';
export const PROJECTS_PATH = 'organization/projects';
export const USERS_PATH = 'organization/users';

export function projectApiKeysPath(projectId: string): string {
  return `organization/projects/${encodeURIComponent(projectId)}/api_keys`;
}

const seconds = (ms: number): string => String(Math.floor(ms / 1000));

/** Daily buckets of [from, to) (Unix seconds, end exclusive), grouped by project, user, API key and model. */
export function usageParams(from: number, to: number): Array<[string, string]> {
  return [
    ['start_time', seconds(from)],
    ['end_time', seconds(to)],
    ['bucket_width', '1d'],
    ['limit', '31'],
    ['group_by', 'project_id'],
    ['group_by', 'user_id'],
    ['group_by', 'api_key_id'],
    ['group_by', 'model'],
  ];
}

/** Daily billed costs of [from, to), by project and line item. */
export function costParams(from: number, to: number): Array<[string, string]> {
  return [
    ['start_time', seconds(from)],
    ['end_time', seconds(to)],
    ['bucket_width', '1d'],
    ['limit', '180'],
    ['group_by', 'project_id'],
    ['group_by', 'line_item'],
  ];
}

export const LIST_PARAMS: ReadonlyArray<[string, string]> = [['limit', '100']];
