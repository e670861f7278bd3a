import { type ProviderIdentity } from '../providers/client';

/** Anthropic's organisation Admin API: where things are and how to ask (URL building only). */

export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';
export const ANTHROPIC_SET_KEY_COMMAND = 'Usage Explorer: Set Anthropic Admin Key…';
export const ANTHROPIC_VERSION = '2023-06-01';

export const anthropicIdentity: ProviderIdentity = {
  label: 'Anthropic',
  setKeyCommand: ANTHROPIC_SET_KEY_COMMAND,
  headers: (key) => ({ Accept: 'application/json', 'x-api-key': key, 'anthropic-version': ANTHROPIC_VERSION }),
};

export const MESSAGES_USAGE_PATH = 'v1/organizations/usage_report/messages';
export const COST_REPORT_PATH = 'v1/organizations/cost_report';
export const WORKSPACES_PATH = 'v1/organizations/workspaces';
export const API_KEYS_PATH = 'v1/organizations/api_keys';

const rfc3339 = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

/** Daily buckets of [from, to) (RFC 3339), at most 31 a page, grouped by `groups`. */
function dailyParams(from: number, to: number, groups: readonly string[]): Array<[string, string]> {
  return [
    ['starting_at', rfc3339(from)],
    ['ending_at', rfc3339(to)],
    ['bucket_width', '1d'],
    ['limit', '31'],
    ...groups.map((g): [string, string] => ['group_by[]', g]),
  ];
}

/** Usage of [from, to) by workspace, API key and model. */
export const messagesUsageParams = (from: number, to: number) => dailyParams(from, to, ['workspace_id', 'api_key_id', 'model']);

/** Billed costs of [from, to) by workspace and description (which names the model). */
export const costReportParams = (from: number, to: number) => dailyParams(from, to, ['workspace_id', 'description']);

export const LIST_PARAMS: ReadonlyArray<[string, string]> = [['limit', '100']];
