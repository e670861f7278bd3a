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

/** Daily buckets of [from, to) (Unix seconds, end exclusive), `limit` a page (the endpoint's maximum), grouped by `groups`. */
function dailyParams(from: number, to: number, limit: number, groups: readonly string[]): Array<[string, string]> {
  return [
    ['start_time', seconds(from)],
    ['end_time', seconds(to)],
    ['bucket_width', '1d'],
    ['limit', String(limit)],
    ...groups.map((g): [string, string] => ['group_by', g]),
  ];
}

/** Usage of [from, to) by project, user, API key and model. */
export const usageParams = (from: number, to: number) => dailyParams(from, to, 31, ['project_id', 'user_id', 'api_key_id', 'model']);

/** Billed costs of [from, to) by project and line item. */
export const costParams = (from: number, to: number) => dailyParams(from, to, 180, ['project_id', 'line_item']);

export const LIST_PARAMS: ReadonlyArray<[string, string]> = [['limit', '100']];
