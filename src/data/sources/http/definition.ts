import * as l10n from '@vscode/l10n';
import { type SourceDefinition, SourceConfigError, stringOption, type UsageSource } from '../types';
import { API_KEY_SECRET, describeBaseUrl, loadHttpSource } from './httpSource';

/**
 * `{ "kind": "http", "baseUrl": "https://usage.example.com/api", "name"? }`: the usage REST API
 * (docs/http-api.md). The API key comes from SecretStorage (Set API Key…), never from settings.
 */
export const HTTP_SOURCE: SourceDefinition = {
  kind: 'http',
  title: 'HTTP API',
  remote: true,
  reports: { runs: true, users: true, tokens: true, cost: 'billed' },
  create: (spec, env): UsageSource => {
    const baseUrl = stringOption(spec, 'baseUrl');
    if (!baseUrl)
      throw new SourceConfigError(l10n.t('An http source needs a "baseUrl". Run "{0}" to set one.', l10n.t('Usage Explorer: Configure Data Source…')));
    const name = stringOption(spec, 'name');
    return {
      id: `http:${baseUrl}`,
      kind: 'http',
      label: name ?? describeBaseUrl(baseUrl),
      load: async (context) => {
        const token = await env.secrets.get(API_KEY_SECRET);
        return loadHttpSource({ baseUrl, token, window: context.window, name }, context);
      },
      dispose: () => undefined,
    };
  },
};
