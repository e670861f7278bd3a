/** One request of the HTTP source, with retries, timeouts, body limits and status errors. */
import { STATUS_CODES } from 'node:http';
import { isRecord } from '../../guards';
import { type RetryInfo } from './client';
import { HttpSourceError, SET_API_KEY_COMMAND, makeRedactor, throwIfCancelled, CancelledError } from './errors';
import { type Transport } from './options';

// One request, with retries

/** Outcome of one attempt that may be retried. */
interface Retryable {
  status?: number;
  reason: string;
  kind: 'http' | 'network' | 'timeout';
  retryAfterMs?: number;
}

/** `Accept` plus `Authorization: Bearer <token>` when there is a token: the usage contract's headers. */
export function bearerHeaders(token: string): Record<string, string> {
  return token === '' ? { Accept: 'application/json' } : { Accept: 'application/json', Authorization: `Bearer ${token}` };
}

/**
 * GET `url` with `headers` and return its JSON body, retrying 408/429/5xx (Retry-After honoured up
 * to the cap, else jittered backoff), network errors and timeouts; redirects are not followed.
 * `secret` is the key the headers carry ('' for none): no message this throws or reports contains
 * it or a piece of it. `counters.requests` counts attempts.
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
  const where = `${url.origin}${url.pathname}`;
  for (let attempt = 0; ; attempt++) {
    throwIfCancelled(signal);
    counters.requests++;
    const outcome = await attemptRequest(url, headers, secret !== '', config, signal, redact, where);
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
    } catch {
      // JSON.parse's message quotes the start of the body, which may echo the key: say where, never what.
      const contentType = response.headers.get('content-type');
      throw new HttpSourceError(
        'contract',
        redact(
          `The usage API at ${where} returned a response that is not valid JSON${contentType ? ` (Content-Type: ${oneLine(contentType, 100)})` : ''}: ${text.length} characters that do not parse as JSON.`,
        ),
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
      redact(
        `The usage API at ${where} answered with a redirect (${statusLine})${target}. Redirects are not followed so that the API key only goes to the configured server; set the base URL to the final address.`,
      ),
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
    // Redacted before it is cut: a cut could leave a piece of the key too short to recognise.
    return oneLine(redact(message), 200);
  } catch {
    return '';
  }
}

/** Reads the body as UTF-8 text, failing (without retry) past `limit` bytes. */
async function readBody(response: Response, limit: number, redact: (text: string) => string): Promise<string> {
  const tooLarge = (): HttpSourceError =>
    new HttpSourceError(
      'contract',
      redact(`The usage API returned a page larger than ${limit} bytes; ask for a shorter time range or smaller pages.`),
      response.status,
    );
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await discard(response);
    throw tooLarge();
  }
  if (!response.body) return '';
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
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
  return error instanceof Error ? error.message : String(error);
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

/** Waits `ms`, or rejects with CancelledError as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new CancelledError());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new CancelledError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Text as one line of at most `max` characters. */
function oneLine(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}
