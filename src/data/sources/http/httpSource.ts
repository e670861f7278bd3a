import * as l10n from '@vscode/l10n';
import { formatInteger } from '../../../l10n/display';
import { fetchUsageEvents } from '../../../core/sources/http/client';
import { StoreBuilder } from '../../../core/storeBuilder';
import { type LoadContext, type LoadResult } from '../types';

/** Key of the API token in SecretStorage. The token is kept nowhere else. */
export const API_KEY_SECRET = 'usageExplorer.http.apiKey';

export interface HttpSourceOptions {
  baseUrl: string;
  token: string | undefined;
  /** Instants [from, to) to fetch: the selected range and its previous period. */
  window: { from: number; to: number };
  /** Name shown for the source; the base URL's host when absent. */
  name?: string;
}

/** The host of a base URL, for labels and log lines (never the token, which is not in it). */
export function describeBaseUrl(baseUrl: string): string {
  try {
    return new URL(baseUrl).host || baseUrl;
  } catch {
    return baseUrl;
  }
}

/** Fetches usage events from the REST API (docs/http-api.md) into a new store. */
export async function loadHttpSource(options: HttpSourceOptions, context: LoadContext): Promise<LoadResult> {
  const host = describeBaseUrl(options.baseUrl);
  const label = options.name ?? host;
  const from = new Date(options.window.from).toISOString();
  const to = new Date(options.window.to).toISOString();
  context.log.info(`HTTP source: fetching ${from} .. ${to} from ${host} (${options.token ? 'with' : 'without'} an API key).`);
  context.report(l10n.t('Fetching usage from {0}…', label));
  // A fresh builder per load: a failure half-way leaves the last good store untouched.
  const builder = new StoreBuilder(64 * 1024);
  let events = 0;
  const result = await fetchUsageEvents(
    {
      baseUrl: options.baseUrl,
      token: options.token,
      from: options.window.from,
      to: options.window.to,
      signal: context.signal,
      onPage: ({ page, events: n }) => {
        events += n;
        context.report(l10n.t('Fetching usage from {0}: page {1}, {2} events…', label, page, formatInteger(events)));
      },
      onRetry: ({ attempt, delayMs, reason }) => {
        context.log.warn(`HTTP source: ${reason}; retry ${attempt} in ${delayMs} ms.`);
      },
    },
    builder,
  );
  context.log.info(`HTTP source: ${result.pages} pages, ${result.added} events added, ${result.duplicates} duplicates, ${result.requests} requests.`);
  const warnings = result.duplicates > 0 ? [`${result.duplicates} events with a repeated id were counted once.`] : [];
  return { store: builder.build(), source: { kind: 'http', label }, skipped: 0, warnings, window: options.window };
}
