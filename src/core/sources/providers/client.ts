import { type RetryInfo } from '../http/client';
import { HttpSourceError } from '../http/errors';
import { resolveTransport, type Transport, type TransportOptions } from '../http/options';
import { requestJson } from '../http/request';

/**
 * A GET client for one provider's Admin API: the key only in that provider's documented headers,
 * only to the configured base URL (redirects are not followed), never in a message. Retries,
 * Retry-After, backoff, timeouts and size limits are the HTTP source's (`requestJson`).
 */

export const DEFAULT_MAX_PROVIDER_PAGES = 500;

export interface ProviderClientOptions extends TransportOptions {
  /** e.g. `https://api.openai.com/v1`; its path is kept, a trailing slash is optional. */
  baseUrl: string;
  key: string;
  signal?: AbortSignal;
  onRetry?: (info: RetryInfo) => void;
  /** Pages followed per list before giving up. Default 500. */
  maxPages?: number;
}

/** How a provider authenticates and names itself in messages. */
export interface ProviderIdentity {
  /** `OpenAI` or `Anthropic`. */
  label: string;
  /** The command palette title that stores this provider's key, quoted in 401/403 messages. */
  setKeyCommand: string;
  /** The headers carrying the key (and any version header). */
  headers(key: string): Record<string, string>;
}

export class ProviderClient {
  /** HTTP requests made, retries included. */
  requests = 0;
  /** Paths requested, in order (without query), for progress and tests. */
  readonly paths: string[] = [];
  private readonly base: URL;
  private readonly transport: Transport;
  private readonly key: string;
  private readonly maxPages: number;

  constructor(
    private readonly identity: ProviderIdentity,
    private readonly options: ProviderClientOptions,
  ) {
    this.key = (options.key ?? '').trim();
    if (this.key === '') {
      throw new HttpSourceError('auth', `No ${identity.label} Admin key is set. Run "${identity.setKeyCommand}" to set it.`);
    }
    if (!/^[\x21-\x7e]+$/.test(this.key)) {
      throw new HttpSourceError(
        'config',
        `The ${identity.label} Admin key contains characters that cannot be sent in an HTTP header. Set it again with "${identity.setKeyCommand}".`,
      );
    }
    this.base = parseProviderBaseUrl(options.baseUrl, identity.label);
    this.transport = resolveTransport(options);
    this.maxPages = options.maxPages ?? DEFAULT_MAX_PROVIDER_PAGES;
  }

  /** `{base}/{path}` with the query parameters (repeated names allowed). */
  url(path: string, params: ReadonlyArray<readonly [string, string]> = []): URL {
    const base = new URL(this.base);
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    const url = new URL(path.replace(/^\/+/, ''), base);
    for (const [name, value] of params) url.searchParams.append(name, value);
    return url;
  }

  /** GET one URL; 401/403 and 404 become messages that say what to do. */
  async get(path: string, params: ReadonlyArray<readonly [string, string]> = []): Promise<unknown> {
    const url = this.url(path, params);
    this.paths.push(url.pathname);
    try {
      return await requestJson(url, this.identity.headers(this.key), this.key, this.transport, this.options.signal, this, this.options.onRetry);
    } catch (error) {
      throw this.explain(error, url);
    }
  }

  /** GET an endpoint some organisations or keys cannot use: 403 and 404 give undefined (no data), not a failure. */
  async getOptional(path: string, params: ReadonlyArray<readonly [string, string]> = []): Promise<unknown> {
    try {
      return await this.get(path, params);
    } catch (error) {
      if (error instanceof HttpSourceError && (error.status === 403 || error.status === 404)) return undefined;
      throw error;
    }
  }

  /**
   * Follows a paginated list: `next(body)` gives the parameter to add for the next page, or null
   * at the end. A repeated cursor or more than `maxPages` pages stops with an error.
   */
  async *pages(
    path: string,
    params: ReadonlyArray<readonly [string, string]>,
    next: (body: unknown) => readonly [string, string] | null,
    optional = false,
  ): AsyncGenerator<unknown> {
    const seen = new Set<string>();
    let cursor: readonly [string, string] | null = null;
    for (let page = 1; ; page++) {
      if (page > this.maxPages) {
        throw new HttpSourceError(
          'pagination',
          `The ${this.identity.label} API returned more than ${this.maxPages} pages for ${path}; stopped. Narrow the time range.`,
        );
      }
      const query = cursor ? [...params, cursor] : params;
      const body = optional ? await this.getOptional(path, query) : await this.get(path, query);
      if (body === undefined) return;
      yield body;
      cursor = next(body);
      if (cursor === null) return;
      if (seen.has(cursor[1])) {
        throw new HttpSourceError('pagination', `The ${this.identity.label} API returned the same page token twice for ${path}; stopped to avoid a loop.`);
      }
      seen.add(cursor[1]);
    }
  }

  private explain(error: unknown, url: URL): unknown {
    if (!(error instanceof HttpSourceError)) return error;
    const where = `${url.origin}${url.pathname}`;
    const { label, setKeyCommand } = this.identity;
    if (error.kind === 'auth') {
      const what = error.status === 403 ? 'the Admin key has no access to this report' : 'the Admin key was rejected';
      return new HttpSourceError(
        'auth',
        `${label} refused ${where} (HTTP ${error.status}): ${what}. Check that it is an Admin key of the organisation and run "${setKeyCommand}" to set it.`,
        error.status,
      );
    }
    if (error.status === 404) {
      return new HttpSourceError('http', `${label} has no ${where} (HTTP 404). Check the ${label} base URL setting.`, 404);
    }
    return error;
  }
}

function parseProviderBaseUrl(text: string, label: string): URL {
  const trimmed = typeof text === 'string' ? text.trim() : '';
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new HttpSourceError('config', `The ${label} base URL is not a valid URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new HttpSourceError('config', `The ${label} base URL must start with https:// (or http://).`);
  if (url.username !== '' || url.password !== '') throw new HttpSourceError('config', `The ${label} base URL must not contain a user name or password.`);
  if (url.search !== '' || url.hash !== '') throw new HttpSourceError('config', `The ${label} base URL must not contain a query or fragment.`);
  return url;
}
