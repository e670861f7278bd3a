import { type StoreBuilder } from '../../storeBuilder';
import { parsePage } from './contract';
import { HttpSourceError, describe, makeRedactor, throwIfCancelled } from './errors';
import { eventsEndpoint, resolveConfig } from './options';
import { bearerHeaders, requestJson } from './request';

/**
 * Client for the Usage Explorer REST contract (docs/http-api.md):
 * `GET {baseUrl}/usage/events?from=ISO&to=ISO[&cursor=C]` -> `{ "events": [...], "nextCursor": string|null }`.
 *
 * Pure TypeScript on Node's global fetch; no VS Code API, so the CLI and unit tests use it as is.
 * The API key is only ever placed in the Authorization header: every message this module
 * produces (errors, onRetry/onPage payloads) is passed through a redaction step first.
 */

export interface PageInfo {
  /** 1-based number of the page just added. */
  page: number;
  /** Events the page held (before de-duplication). */
  events: number;
}

export interface RetryInfo {
  /** 1-based number of the retry about to be made (1 .. maxRetries). */
  attempt: number;
  /** HTTP status that caused the retry; absent for network errors and timeouts. */
  status?: number;
  /** How long the client waits before the retry. */
  delayMs: number;
  /** Why, e.g. `HTTP 429 Too Many Requests` or `timed out after 30000 ms`. */
  reason: string;
}

export interface FetchUsageOptions {
  /** http(s) URL the contract's paths are relative to, e.g. `https://host/api/v1` (trailing slash optional). */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <token>` when non-empty. */
  token?: string;
  /** Range start, UTC ms (inclusive). */
  from: number;
  /** Range end, UTC ms (exclusive). */
  to: number;
  /** Cancels everything, including a request in flight and a backoff wait. */
  signal?: AbortSignal;
  /** Per request, from sending to the end of the body. Default 30 000. */
  timeoutMs?: number;
  /** Retries per request on 408/429/5xx, network errors and timeouts. Default 3. */
  maxRetries?: number;
  /** Pages followed before giving up with an error. Default 1000. */
  maxPages?: number;
  /** Upper bound on a `Retry-After` wait (and on any backoff). Default 60 000. */
  retryAfterCapMs?: number;
  /** Backoff before retry n is uniformly random in [0, base * 2^(n-1)]. Default 500. */
  backoffBaseMs?: number;
  /** Largest accepted response body per page. Default 64 MiB. */
  maxPageBytes?: number;
  onPage?: (info: PageInfo) => void;
  onRetry?: (info: RetryInfo) => void;
}

export interface FetchUsageResult {
  /** Pages received and added. */
  pages: number;
  /** Events added to the builder. */
  added: number;
  /** Events the builder dropped because their id had been seen before. */
  duplicates: number;
  /** HTTP requests made, retries included. */
  requests: number;
}

/**
 * Fetches every page of usage events in [from, to) and adds them to `builder`.
 *
 * Each page is validated completely before any of its events is added. On failure the builder
 * may hold the pages received so far: callers that keep "last good data" should build into a
 * fresh builder and discard it on error.
 *
 * Throws HttpSourceError on failures and CancelledError (name 'AbortError') on cancellation.
 */
export async function fetchUsageEvents(options: FetchUsageOptions, builder: StoreBuilder): Promise<FetchUsageResult> {
  const token = (options.token ?? '').trim();
  const redact = makeRedactor(token);
  const config = resolveConfig(options, token);
  const signal = options.signal;
  const endpoint = eventsEndpoint(config.baseUrl);

  const result: FetchUsageResult = { pages: 0, added: 0, duplicates: 0, requests: 0 };
  const seenCursors = new Set<string>();
  let cursor: string | null = null;

  throwIfCancelled(signal);
  for (;;) {
    if (result.pages >= config.maxPages) {
      throw new HttpSourceError(
        'pagination',
        redact(`The usage API returned more than ${config.maxPages} pages; stopped following nextCursor. Narrow the time range or raise the page limit.`),
      );
    }
    const url = new URL(endpoint);
    url.searchParams.set('from', new Date(options.from).toISOString());
    url.searchParams.set('to', new Date(options.to).toISOString());
    if (cursor !== null) url.searchParams.set('cursor', cursor);

    const pageNumber = result.pages + 1;
    const body = await requestJson(url, bearerHeaders(token), token, config, signal, result, options.onRetry);
    const page = parsePage(body, pageNumber, redact);

    for (const event of page.events) {
      if (builder.add(event)) result.added++;
      else result.duplicates++;
    }
    result.pages = pageNumber;
    options.onPage?.({ page: pageNumber, events: page.events.length });

    if (page.nextCursor === null) return result;
    if (seenCursors.has(page.nextCursor)) {
      throw new HttpSourceError(
        'pagination',
        redact(`The usage API returned the cursor ${describe(page.nextCursor, redact)} again on page ${pageNumber}; stopped to avoid a loop.`),
      );
    }
    seenCursors.add(page.nextCursor);
    cursor = page.nextCursor;
  }
}
