import { STATUS_CODES } from 'node:http';
import { CancelledError, messageOf } from '../errors';
import { isRecord } from '../guards';
import { UNKNOWN, type UsageEvent } from '../model';
import { unitsToMicros } from '../money';
import { MAX_RUNS, MAX_TOKENS, type StoreBuilder } from '../store';

/**
 * Client for the Usage Explorer REST contract (docs/http-api.md):
 * `GET {baseUrl}/usage/events?from=ISO&to=ISO[&cursor=C]` -> `{ "events": [...], "nextCursor": string|null }`.
 *
 * Pure TypeScript on Node's global fetch; no VS Code API, so the CLI and unit tests use it as is.
 * The API key is only ever placed in the Authorization header: every message this module
 * produces (errors, onRetry/onPage payloads) is passed through a redaction step first.
 */

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 3;
export const DEFAULT_MAX_PAGES = 1000;
export const DEFAULT_RETRY_AFTER_CAP_MS = 60_000;
export const DEFAULT_BACKOFF_BASE_MS = 500;
/** Largest response body accepted for one page (64 MiB). */
export const DEFAULT_MAX_PAGE_BYTES = 64 * 1024 * 1024;

/** Name of the command that stores the API key; quoted in authentication errors. */
const SET_API_KEY_COMMAND = 'Usage Explorer: Set API Key…';

/** What went wrong, so callers can react (e.g. offer "Set API Key…" on `auth`). */
export type HttpSourceErrorKind =
  /** Bad options: base URL, time range, API key characters. */
  | 'config'
  /** 401 / 403. */
  | 'auth'
  /** Any other unexpected HTTP status (including redirects and exhausted retries on 408/429/5xx). */
  | 'http'
  /** The server could not be reached or the connection broke, on every attempt. */
  | 'network'
  /** No answer within the timeout, on every attempt. */
  | 'timeout'
  /** The response is not the contract: not JSON, wrong shape, wrong field type, too large. */
  | 'contract'
  /** A repeated cursor, or more pages than allowed. */
  | 'pagination';

/** A failure of the HTTP source. The message is meant for users and never contains the API key. */
export class HttpSourceError extends Error {
  override readonly name = 'HttpSourceError';
  readonly kind: HttpSourceErrorKind;
  /** HTTP status of the response that caused the failure, if there was one. */
  readonly status?: number;

  constructor(kind: HttpSourceErrorKind, message: string, status?: number) {
    super(message);
    this.kind = kind;
    if (status !== undefined) this.status = status;
  }
}

/** The caller's signal was aborted: the engine's one cancellation error (name `'AbortError'`). */
export { CancelledError };

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
    const body = await requestJson(url, bearer(token), token, config, signal, result, options.onRetry);
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

// ---------------------------------------------------------------------------------------------
// Options

/** Request rules shared by every client of an HTTP API: this contract's and the providers' (src/core/sources/providers). */
export interface Transport {
  timeoutMs: number;
  maxRetries: number;
  retryAfterCapMs: number;
  backoffBaseMs: number;
  maxPageBytes: number;
}

export type TransportOptions = Partial<Transport>;

interface Config extends Transport {
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

function resolveConfig(options: FetchUsageOptions, token: string): Config {
  // Only printable ASCII can go into a header; fetch's own error for a bad header quotes the value.
  if (token !== '' && !/^[\x21-\x7e]+$/.test(token)) {
    throw new HttpSourceError('config', 'The API key contains characters that cannot be sent in an HTTP header (spaces, line breaks or non-ASCII). Set it again with "' + SET_API_KEY_COMMAND + '".');
  }
  const baseUrl = parseBaseUrl(options.baseUrl, makeRedactor(token));
  for (const [name, value] of [['from', options.from], ['to', options.to]] as const) {
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
    throw new HttpSourceError('config', `The HTTP source's base URL is not a valid URL: ${describe(trimmed, redact)}. Expected e.g. https://usage.example.com/api.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HttpSourceError('config', `The HTTP source's base URL must start with http:// or https://, not ${url.protocol}//.`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new HttpSourceError('config', `The HTTP source's base URL must not contain a user name or password; store the API key with "${SET_API_KEY_COMMAND}".`);
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
function eventsEndpoint(baseUrl: URL): URL {
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

// ---------------------------------------------------------------------------------------------
// One request, with retries

/** Outcome of one attempt that may be retried. */
interface Retryable {
  status?: number;
  reason: string;
  kind: 'http' | 'network' | 'timeout';
  retryAfterMs?: number;
}

/** `Accept` plus `Authorization: Bearer <token>` when there is a token. */
function bearer(token: string): Record<string, string> {
  return token === '' ? { Accept: 'application/json' } : { Accept: 'application/json', Authorization: `Bearer ${token}` };
}

/**
 * GET `url` with `headers` and return its JSON body, retrying 408/429/5xx (Retry-After honoured up
 * to the cap, else jittered backoff), network errors and timeouts; redirects are not followed.
 * `secret` is the key the headers carry ('' for none): no message this throws or reports contains it.
 * `counters.requests` counts attempts.
 */
export async function requestJson(
  url: URL,
  headers: Record<string, string>,
  secret: string,
  config: Transport,
  signal: AbortSignal | undefined,
  counters: { requests: number },
  onRetry: ((info: RetryInfo) => void) | undefined,
): Promise<unknown> {
  const redact = makeRedactor(secret);
  const hasKey = secret !== '';
  const where = `${url.origin}${url.pathname}`;
  for (let attempt = 0; ; attempt++) {
    throwIfCancelled(signal);
    counters.requests++;
    const outcome = await attemptRequest(url, headers, hasKey, config, signal, redact, where);
    if (!('retry' in outcome)) return outcome.body;

    const failure = outcome.retry;
    if (attempt >= config.maxRetries) {
      const attempts = `${attempt + 1} attempt${attempt === 0 ? '' : 's'}`;
      const message =
        failure.kind === 'timeout'
          ? `The usage API at ${where} did not answer in time: ${failure.reason} (${attempts}).`
          : failure.kind === 'network'
            ? `Could not reach the usage API at ${where}: ${failure.reason} (${attempts}).`
            : `The usage API at ${where} failed: ${failure.reason} (${attempts}).`;
      throw new HttpSourceError(failure.kind, redact(message), failure.status);
    }
    const delayMs =
      failure.retryAfterMs !== undefined
        ? Math.min(failure.retryAfterMs, config.retryAfterCapMs)
        : Math.round(Math.random() * Math.min(config.retryAfterCapMs, config.backoffBaseMs * 2 ** attempt));
    const info: RetryInfo = { attempt: attempt + 1, delayMs, reason: redact(failure.reason) };
    if (failure.status !== undefined) info.status = failure.status;
    onRetry?.(info);
    await sleep(delayMs, signal);
  }
}

type Attempt = { body: unknown } | { retry: Retryable };

async function attemptRequest(
  url: URL,
  headers: Record<string, string>,
  hasKey: boolean,
  config: Transport,
  signal: AbortSignal | undefined,
  redact: (text: string) => string,
  where: string,
): Promise<Attempt> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), config.timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal;
  const timedOut = (): Attempt => ({ retry: { kind: 'timeout', reason: `timed out after ${config.timeoutMs} ms` } });

  try {
    let response: Response;
    try {
      // Redirects are not followed: the key goes only to the configured server.
      response = await fetch(url, { method: 'GET', headers, signal: combined, redirect: 'manual' });
    } catch (error) {
      throwIfCancelled(signal);
      if (timeout.signal.aborted) return timedOut();
      return { retry: { kind: 'network', reason: networkReason(error) } };
    }

    const status = response.status;
    const statusLine = `HTTP ${status}${statusText(response)}`;
    if (status === 408 || status === 429 || (status >= 500 && status <= 599)) {
      await discard(response);
      const retry: Retryable = { kind: 'http', status, reason: statusLine };
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      if (retryAfterMs !== undefined) retry.retryAfterMs = retryAfterMs;
      return { retry };
    }
    if (status < 200 || status > 299) {
      const detail = await errorDetail(response, redact);
      throwIfCancelled(signal);
      throw statusError(status, statusLine, hasKey, where, response, detail, redact);
    }

    let text: string;
    try {
      text = await readBody(response, config.maxPageBytes, redact);
    } catch (error) {
      if (error instanceof HttpSourceError) throw error;
      throwIfCancelled(signal);
      if (timeout.signal.aborted) return timedOut();
      return { retry: { kind: 'network', reason: networkReason(error) } };
    }
    try {
      return { body: JSON.parse(text) as unknown };
    } catch (error) {
      const contentType = response.headers.get('content-type');
      const reason = messageOf(error);
      throw new HttpSourceError(
        'contract',
        redact(`The usage API at ${where} returned a response that is not valid JSON${contentType ? ` (Content-Type: ${contentType})` : ''}: ${reason}.`),
        status,
      );
    }
  } finally {
    clearTimeout(timer);
  }
}

function statusError(
  status: number,
  statusLine: string,
  hasToken: boolean,
  where: string,
  response: Response,
  detail: string,
  redact: (text: string) => string,
): HttpSourceError {
  const said = detail ? ` The server said: ${detail}` : '';
  if (status === 401 || status === 403) {
    const what = hasToken
      ? status === 401
        ? 'the API key was rejected'
        : 'the API key was rejected or has no access to usage data'
      : 'the API key is missing';
    return new HttpSourceError(
      'auth',
      redact(`The usage API refused the request (${statusLine}): ${what}. Run "${SET_API_KEY_COMMAND}" to set it.${said}`),
      status,
    );
  }
  if (status >= 300 && status <= 399) {
    const location = response.headers.get('location');
    let target = '';
    if (location) {
      try {
        const resolved = new URL(location, where);
        target = ` to ${resolved.origin}${resolved.pathname}`;
      } catch {
        target = '';
      }
    }
    return new HttpSourceError(
      'http',
      redact(`The usage API at ${where} answered with a redirect (${statusLine})${target}. Redirects are not followed so that the API key only goes to the configured server; set the base URL to the final address.`),
      status,
    );
  }
  const hint = status === 404 ? ' Check the base URL: the client requests {baseUrl}/usage/events.' : '';
  return new HttpSourceError('http', redact(`The usage API at ${where} answered ${statusLine}.${hint}${said}`), status);
}

function statusText(response: Response): string {
  const text = response.statusText || STATUS_CODES[response.status] || '';
  return text ? ` ${text}` : '';
}

/** A short, single-line excerpt of an error response's body, or '' if none could be read. */
async function errorDetail(response: Response, redact: (text: string) => string): Promise<string> {
  try {
    const text = await readBody(response, 64 * 1024, (s) => s);
    let message = text;
    try {
      const parsed = JSON.parse(text) as unknown;
      if (isRecord(parsed)) {
        const candidate = parsed.message ?? parsed.error ?? parsed.detail;
        if (typeof candidate === 'string') message = candidate;
        else if (isRecord(candidate) && typeof candidate.message === 'string') message = candidate.message;
      }
    } catch {
      // Not JSON: use the text.
    }
    const oneLine = redact(message).replace(/\s+/g, ' ').trim();
    return oneLine.length > 200 ? `${oneLine.slice(0, 200)}…` : oneLine;
  } catch {
    return '';
  }
}

/** Reads the body as UTF-8 text, failing (without retry) past `limit` bytes. */
async function readBody(response: Response, limit: number, redact: (text: string) => string): Promise<string> {
  const tooLarge = (): HttpSourceError =>
    new HttpSourceError('contract', redact(`The usage API returned a page larger than ${limit} bytes; ask for a shorter time range or smaller pages.`), response.status);
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await discard(response);
    throw tooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}

async function discard(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // Nothing to free.
  }
}

function networkReason(error: unknown): string {
  // fetch reports "fetch failed" and puts the useful part (ECONNREFUSED, ECONNRESET, …) in `cause`.
  const cause = error instanceof Error ? (error as Error & { cause?: unknown }).cause : undefined;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    return typeof code === 'string' && !cause.message.includes(code) ? `${code}: ${cause.message}` : cause.message;
  }
  return messageOf(error);
}

/** `Retry-After` as a wait in ms: delay-seconds or an HTTP date. Undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const REQUEST_CANCELLED = 'The usage request was cancelled.';

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError(REQUEST_CANCELLED);
}

/** Waits `ms`, or rejects with CancelledError as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new CancelledError(REQUEST_CANCELLED));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new CancelledError(REQUEST_CANCELLED));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function makeRedactor(token: string): (text: string) => string {
  if (token === '') return (text) => text;
  return (text) => text.split(token).join('[redacted]');
}

// ---------------------------------------------------------------------------------------------
// Contract validation

interface Page {
  events: UsageEvent[];
  nextCursor: string | null;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

class ContractViolation extends Error {}

function parsePage(body: unknown, pageNumber: number, redact: (text: string) => string): Page {
  try {
    if (!isRecord(body)) throw new ContractViolation(`response: expected a JSON object, got ${describe(body, redact)}`);
    const raw = body.events;
    if (!Array.isArray(raw)) throw new ContractViolation(`events: expected an array, got ${describe(raw, redact)}`);
    const next = body.nextCursor;
    if (next !== undefined && next !== null && (typeof next !== 'string' || next === '')) {
      throw new ContractViolation(`nextCursor: expected a non-empty string or null, got ${describe(next, redact)}`);
    }
    const events = raw.map((item, index) => toEvent(item, `events[${index}]`, redact));
    return { events, nextCursor: typeof next === 'string' ? next : null };
  } catch (error) {
    if (error instanceof ContractViolation) {
      throw new HttpSourceError('contract', redact(`The usage API's response (page ${pageNumber}) does not match the contract: ${error.message}.`));
    }
    throw error;
  }
}

function toEvent(item: unknown, at: string, redact: (text: string) => string): UsageEvent {
  if (!isRecord(item)) throw new ContractViolation(`${at}: expected an object, got ${describe(item, redact)}`);
  const fail = (field: string, expected: string): never => {
    throw new ContractViolation(`${at}.${field}: expected ${expected}, got ${describe(item[field], redact)}`);
  };
  const optionalString = (field: string): string | undefined => {
    const value = item[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') fail(field, 'a string');
    return value as string;
  };

  const timestamp = toInstant(item.timestamp);
  if (timestamp === undefined) fail('timestamp', 'an ISO 8601 date-time with a time zone or epoch milliseconds');

  const workerId = item.workerId;
  if (typeof workerId !== 'string' || workerId === '') fail('workerId', 'a non-empty string');

  const cost = item.cost;
  if (typeof cost !== 'number') fail('cost', 'a number');
  const costMicros = unitsToMicros(cost as number);
  if (costMicros === undefined) fail('cost', 'a finite amount');

  const runsValue = item.runs;
  let runs = 1;
  if (runsValue !== undefined && runsValue !== null) {
    if (!isCount(runsValue, MAX_RUNS)) fail('runs', 'a non-negative integer');
    runs = runsValue as number;
  }

  const workerName = optionalString('workerName');
  const userId = optionalString('userId');
  const userName = optionalString('userName');
  const model = optionalString('model');
  const id = optionalString('id');

  const event: UsageEvent = {
    timestamp: timestamp as number,
    workerId: workerId as string,
    workerName: workerName || (workerId as string),
    userId: userId || userName || UNKNOWN,
    userName: userName || userId || UNKNOWN,
    model: model || UNKNOWN,
    runs,
    costMicros: costMicros as number,
  };
  for (const field of ['inputTokens', 'outputTokens'] as const) {
    const value = item[field];
    if (value === undefined || value === null) continue;
    if (!isCount(value, MAX_TOKENS)) fail(field, 'a non-negative integer');
    event[field] = value as number;
  }
  if (id !== undefined && id !== '') event.id = id;
  return event;
}

function toInstant(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) && !Number.isNaN(new Date(value).getTime()) ? value : undefined;
  }
  if (typeof value === 'string' && ISO_INSTANT.test(value)) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

function isCount(value: unknown, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;
}


/** A value as shown in messages: strings redacted, then quoted and shortened; containers by kind. */
function describe(value: unknown, redact: (text: string) => string): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') {
    const clean = redact(value);
    const shown = clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
    return JSON.stringify(shown);
  }
  return String(value);
}
