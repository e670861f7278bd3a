/**
 * The HTTP source's errors and the redaction every message goes through: the API key never
 * appears in a message, a log line or a retry report.
 */
import { CancelledError, throwIfCancelled as throwIfCancelledBy } from '../../errors';

/** Name of the command that stores the API key; quoted in authentication errors. */
export const SET_API_KEY_COMMAND = 'Usage Explorer: Set API Key…';

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

/** The one cancellation error (core/errors), thrown when the caller's signal is aborted. */
export { CancelledError };

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  throwIfCancelledBy(signal, 'The usage request was cancelled.');
}

/** Pieces of the key this long or longer are redacted wherever they appear (shorter keys: the whole key). */
export const REDACT_MIN_CHARS = 6;

/**
 * A redaction of the API key from text: the whole key, and also every run of REDACT_MIN_CHARS or
 * more characters that is a piece of the key. A server that echoes the key, whose echo a message
 * then cuts short (`"sk-test-S3…`), leaks no part of it long enough to matter.
 */
export function makeRedactor(token: string): (text: string) => string {
  if (token === '') return (text) => text;
  const k = Math.min(REDACT_MIN_CHARS, token.length);
  const pieces = new Set<string>();
  for (let i = 0; i + k <= token.length; i++) pieces.add(token.slice(i, i + k));
  return (text) => {
    if (text.length < k) return text;
    // Mark every char covered by a k-long piece of the key, then replace each marked run.
    const marked = new Uint8Array(text.length);
    let any = false;
    for (let i = 0; i + k <= text.length; i++) {
      if (pieces.has(text.slice(i, i + k))) {
        marked.fill(1, i, i + k);
        any = true;
      }
    }
    if (!any) return text;
    let out = '';
    for (let i = 0; i < text.length;) {
      if (marked[i] === 0) out += text[i++];
      else {
        while (i < text.length && marked[i] === 1) i++;
        out += '[redacted]';
      }
    }
    return out;
  };
}

/** A value as shown in messages: strings redacted, then quoted and shortened; containers by kind. */
export function describe(value: unknown, redact: (text: string) => string): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') {
    const clean = redact(value);
    const shown = clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
    return JSON.stringify(shown);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return typeof value;
}
