/** Options of the HTTP source, checked once before the first request. */
import { messageOf } from '../../errors';
import { HttpSourceError, makeRedactor, describe, SET_API_KEY_COMMAND } from './errors';
import { type FetchUsageOptions } from './client';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 3;
export const DEFAULT_MAX_PAGES = 1000;
export const DEFAULT_RETRY_AFTER_CAP_MS = 60_000;
export const DEFAULT_BACKOFF_BASE_MS = 500;
/** Largest response body accepted for one page (64 MiB). */
export const DEFAULT_MAX_PAGE_BYTES = 64 * 1024 * 1024;

/** Request rules shared by every client of an HTTP API: this contract's and the providers' (src/core/sources/providers). */
export interface Transport {
  timeoutMs: number;
  maxRetries: number;
  retryAfterCapMs: number;
  backoffBaseMs: number;
  maxPageBytes: number;
}

export type TransportOptions = Partial<Transport>;

export interface Config extends Transport {
  baseUrl: URL;
  maxPages: number;
}

/** The transport rules with defaults filled in; throws RangeError on a bad value. */
export function resolveTransport(options: TransportOptions): Transport {
  return {
    timeoutMs: positive('timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS),
    maxRetries: wholeNumber('maxRetries', options.maxRetries, DEFAULT_MAX_RETRIES, 0),
    retryAfterCapMs: nonNegative('retryAfterCapMs', options.retryAfterCapMs, DEFAULT_RETRY_AFTER_CAP_MS),
    backoffBaseMs: nonNegative('backoffBaseMs', options.backoffBaseMs, DEFAULT_BACKOFF_BASE_MS),
    maxPageBytes: positive('maxPageBytes', options.maxPageBytes, DEFAULT_MAX_PAGE_BYTES),
  };
}

export function resolveConfig(options: FetchUsageOptions, token: string): Config {
  // Only printable ASCII can go into a header; fetch's own error for a bad header quotes the value.
  if (token !== '' && !/^[\x21-\x7e]+$/.test(token)) {
    throw new HttpSourceError(
      'config',
      'The API key contains characters that cannot be sent in an HTTP header (spaces, line breaks or non-ASCII). Set it again with "' +
        SET_API_KEY_COMMAND +
        '".',
    );
  }
  const baseUrl = parseBaseUrl(options.baseUrl, makeRedactor(token));
  for (const [name, value] of [
    ['from', options.from],
    ['to', options.to],
  ] as const) {
    if (typeof value !== 'number' || !Number.isFinite(value) || Number.isNaN(new Date(value).getTime())) {
      throw new HttpSourceError('config', `Invalid time range: ${name} must be a valid instant in epoch milliseconds.`);
    }
  }
  if (options.from > options.to) throw new HttpSourceError('config', 'Invalid time range: from is after to.');
  return {
    ...resolveTransport(options),
    baseUrl,
    maxPages: wholeNumber('maxPages', options.maxPages, DEFAULT_MAX_PAGES, 1),
  };
}

function parseBaseUrl(text: string, redact: (text: string) => string): URL {
  const trimmed = typeof text === 'string' ? text.trim() : '';
  if (trimmed === '') throw new HttpSourceError('config', 'No base URL is set for the HTTP source.');
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new HttpSourceError(
      'config',
      `The HTTP source's base URL is not a valid URL: ${describe(trimmed, redact)}. Expected e.g. https://usage.example.com/api.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HttpSourceError('config', `The HTTP source's base URL must start with http:// or https://, not ${url.protocol}//.`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new HttpSourceError(
      'config',
      `The HTTP source's base URL must not contain a user name or password; store the API key with "${SET_API_KEY_COMMAND}".`,
    );
  }
  if (url.search !== '' || url.hash !== '') {
    throw new HttpSourceError('config', "The HTTP source's base URL must not contain a query (?…) or fragment (#…).");
  }
  return url;
}

/** What is wrong with a base URL for this source (the message the source would fail with), or undefined when it is fine. */
export function baseUrlProblem(text: string): string | undefined {
  try {
    parseBaseUrl(text, (t) => t);
    return undefined;
  } catch (error) {
    return messageOf(error);
  }
}

/** `{baseUrl}/usage/events`, whether or not the base URL ends with a slash. */
export function eventsEndpoint(baseUrl: URL): URL {
  const base = new URL(baseUrl);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  return new URL('usage/events', base);
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number.`);
  return value;
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a non-negative number.`);
  return value;
}

function wholeNumber(name: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`${name} must be an integer ≥ ${min}.`);
  return value;
}
